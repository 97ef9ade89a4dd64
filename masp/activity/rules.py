"""Validation rules of activity reports, as data, evaluated in one place (`evaluate`) for the
form, the API and the import.

A rule is skipped while one of its figures is still empty: a draft may be partial, and the
completeness of a submitted report is its own rule (`missing_figures`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from masp.activity.fields import (
    AGE_NAMES,
    CONDITION_NAMES,
    DISCHARGE_NAMES,
    ORIGIN_NAMES,
    REFUSAL_NAMES,
    STAY_TYPE_NAMES,
    fields_for,
)
from masp.activity.measures import (
    Values,
    available_place_days,
    mean_length_of_stay,
    occupancy_rate,
    places_at_start,
)
from masp.activity.measures import total as _sum

ERROR, WARNING = "error", "warning"
OCCUPANCY_WARNING_BELOW = Decimal("0.5")
LENGTH_OF_STAY_WARNING_ABOVE = 90


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    message: Any  # lazy French string, may use %(name)s placeholders of `details`
    fields: tuple[str, ...]
    # True when the rule holds; called only when every field of the rule has a value.
    check: Callable[[Values, Period], bool]
    details: Callable[[Values, Period], dict[str, Any]] = lambda values, period: {}


@dataclass(frozen=True)
class Violation:
    code: str
    severity: str
    message: str
    fields: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "fields": list(self.fields),
        }


def _balance(values: Values, period: Period) -> dict[str, Any]:
    expected = (
        values["residents_start"]
        + values["admissions"]
        - _sum(values, DISCHARGE_NAMES)
        - values["deaths"]
    )
    return {"expected": expected}


def _stays_ceiling(values: Values, period: Period) -> dict[str, Any]:
    # Each stay (a resident present at the start, or an admission) occupies its place at most
    # once per day the house is open.
    residents = values["residents_start"] + values["admissions"]
    days = values["days_open"]
    return {"residents": residents, "days": days, "maximum": residents * days}


def _stays_floor(values: Values, period: Period) -> dict[str, Any]:
    # Leaving ends a stay and coming back is a new admission, so a resident at the end who was
    # not admitted during the period was present from its first to its last midnight: at least
    # `residents_end - admissions` residents stayed all period. Days: the period's days, or the
    # open days if fewer (a bound true whichever days the journées are counted on).
    residents = max(0, values["residents_end"] - values["admissions"])
    days = max(0, min(values["days_open"], period.days))
    return {"residents": residents, "days": days, "minimum": residents * days}


def _place_days_how(values: Values) -> str:
    if values.get("place_days") is not None:
        return str(_("journées-places déclarées"))
    return str(_("%(places)s places × %(days)s jours d'ouverture")) % {
        "places": values["places_installed"],
        "days": values["days_open"],
    }


def _place_days_range(values: Values) -> dict[str, Any]:
    places = (places_at_start(values) or 0, values["places_installed"])
    days = values["days_open"]
    return {"low": min(places) * days, "high": max(places) * days, "days": days}


def _people(values: Values) -> dict[str, Any]:
    # Everyone present at the start or at the end is a distinct person of the period; a person
    # admitted twice counts once, so the admissions give only a ceiling.
    low = max(values["residents_start"], values["residents_end"])
    return {"low": low, "high": values["residents_start"] + values["admissions"]}


def _within_people(name: str, label: Any) -> Rule:
    return Rule(
        code=f"{name}_within_people",
        severity=ERROR,
        message=format_lazy(
            "{label} {rest}",
            label=label,
            rest=_("devraient être au plus %(people)s : les personnes accueillies."),
        ),
        fields=(name, "distinct_residents"),
        check=lambda v, p: v[name] <= v["distinct_residents"],
        details=lambda v, p: {"people": v["distinct_residents"]},
    )


def _within_stays(name: str, label: Any) -> Rule:
    return Rule(
        code=f"{name}_within_stays",
        severity=ERROR,
        message=format_lazy(
            "{label} {rest}",
            label=label,
            rest=_(
                "devraient être au plus %(stays)s : les séjours de la période (résidents au "
                "début + admissions)."
            ),
        ),
        fields=(name, "residents_start", "admissions"),
        check=lambda v, p: v[name] <= v["residents_start"] + v["admissions"],
        details=lambda v, p: {"stays": v["residents_start"] + v["admissions"]},
    )


def _breakdown(code: str, names: tuple[str, ...], label: Any) -> Rule:
    return Rule(
        code=code,
        severity=ERROR,
        message=label,
        fields=("admissions", *names),
        check=lambda values, period: _sum(values, names) == values["admissions"],
        details=lambda values, period: {
            "total": _sum(values, names),
            "admissions": values["admissions"],
        },
    )


RULES: tuple[Rule, ...] = (
    Rule(
        code="residents_balance",
        severity=ERROR,
        message=_(
            "Les résidents en fin de période devraient être %(expected)s : résidents au début "
            "+ admissions − sorties − décès."
        ),
        fields=("residents_end", "residents_start", "admissions", *DISCHARGE_NAMES, "deaths"),
        check=lambda v, p: v["residents_end"] == _balance(v, p)["expected"],
        details=_balance,
    ),
    Rule(
        code="bed_days_capacity",
        severity=ERROR,
        message=_(
            "Les journées réalisées devraient être au plus %(capacity)s : les journées-places "
            "disponibles de la période (%(how)s = %(capacity)s)."
        ),
        fields=("occupied_bed_days", "places_installed", "days_open"),
        check=lambda v, p: v["occupied_bed_days"] <= (available_place_days(v) or 0),
        details=lambda v, p: {"capacity": available_place_days(v), "how": _place_days_how(v)},
    ),
    Rule(
        code="place_days_missing",
        severity=ERROR,
        message=_(
            "Les journées-places disponibles sont à renseigner : les places installées ont "
            "changé pendant la période (%(start)s au premier jour, %(end)s au dernier)."
        ),
        fields=("places_start", "places_installed"),
        check=lambda v, p: (
            v["places_start"] == v["places_installed"] or v.get("place_days") is not None
        ),
        details=lambda v, p: {"start": v["places_start"], "end": v["places_installed"]},
    ),
    Rule(
        code="place_days_range",
        severity=WARNING,
        message=_(
            "Les journées-places disponibles devraient être entre %(low)s et %(high)s : "
            "places installées au premier et au dernier jour × %(days)s jours d'ouverture. "
            "Précisez pourquoi (places fermées temporairement, plusieurs changements)."
        ),
        fields=("place_days", "places_installed", "days_open"),
        check=lambda v, p: (
            _place_days_range(v)["low"] <= v["place_days"] <= _place_days_range(v)["high"]
        ),
        details=lambda v, p: _place_days_range(v),
    ),
    Rule(
        code="bed_days_without_residents",
        severity=ERROR,
        message=_(
            "Les journées réalisées devraient être 0 : aucun résident au début et aucune "
            "admission pendant la période."
        ),
        fields=("occupied_bed_days", "residents_start", "admissions"),
        check=lambda v, p: (
            v["occupied_bed_days"] <= 0 or v["residents_start"] + v["admissions"] > 0
        ),
    ),
    Rule(
        code="bed_days_above_stays",
        severity=ERROR,
        message=_(
            "Les journées réalisées devraient être au plus %(maximum)s : (résidents au début "
            "+ admissions) × jours d'ouverture = %(residents)s × %(days)s."
        ),
        fields=("occupied_bed_days", "residents_start", "admissions", "days_open"),
        # Without any resident, `bed_days_without_residents` says it (one message, not two).
        check=lambda v, p: (
            v["residents_start"] + v["admissions"] <= 0
            or v["occupied_bed_days"] <= _stays_ceiling(v, p)["maximum"]
        ),
        details=_stays_ceiling,
    ),
    Rule(
        code="bed_days_below_stays",
        severity=ERROR,
        message=_(
            "Les journées réalisées devraient être au moins %(minimum)s : %(residents)s "
            "résidents présents toute la période (résidents à la fin − admissions) × "
            "%(days)s jours."
        ),
        fields=("occupied_bed_days", "residents_end", "admissions", "days_open"),
        check=lambda v, p: v["occupied_bed_days"] >= _stays_floor(v, p)["minimum"],
        details=_stays_floor,
    ),
    Rule(
        code="residents_start_capacity",
        severity=ERROR,
        message=_(
            "Les résidents au début devraient être au plus %(places)s : les places installées "
            "au premier jour."
        ),
        fields=("residents_start", "places_installed"),
        check=lambda v, p: v["residents_start"] <= (places_at_start(v) or 0),
        details=lambda v, p: {"places": places_at_start(v)},
    ),
    Rule(
        code="residents_end_capacity",
        severity=ERROR,
        message=_(
            "Les résidents à la fin devraient être au plus %(places)s : les places installées "
            "au dernier jour."
        ),
        fields=("residents_end", "places_installed"),
        check=lambda v, p: v["residents_end"] <= v["places_installed"],
        details=lambda v, p: {"places": v["places_installed"]},
    ),
    _breakdown(
        "admissions_by_origin",
        ORIGIN_NAMES,
        _(
            "Les admissions par provenance totalisent %(total)s : elles devraient totaliser "
            "%(admissions)s, le nombre d'admissions."
        ),
    ),
    _breakdown(
        "admissions_by_age",
        AGE_NAMES,
        _(
            "Les admissions par âge totalisent %(total)s : elles devraient totaliser "
            "%(admissions)s, le nombre d'admissions."
        ),
    ),
    _breakdown(
        "admissions_by_condition",
        CONDITION_NAMES,
        _(
            "Les admissions par pathologie totalisent %(total)s : elles devraient totaliser "
            "%(admissions)s, le nombre d'admissions."
        ),
    ),
    Rule(
        code="refusals_within_requests",
        severity=ERROR,
        message=_(
            "Les demandes refusées (%(total)s) dépassent les demandes reçues : elles devraient "
            "être au plus %(received)s."
        ),
        fields=("requests_received", *REFUSAL_NAMES),
        check=lambda v, p: _sum(v, REFUSAL_NAMES) <= v["requests_received"],
        details=lambda v, p: {"total": _sum(v, REFUSAL_NAMES), "received": v["requests_received"]},
    ),
    Rule(
        code="days_open_within_period",
        severity=ERROR,
        message=_(
            "Les jours d'ouverture devraient être au plus %(days)s : les jours de la période."
        ),
        fields=("days_open",),
        check=lambda v, p: v["days_open"] <= p.days,
        details=lambda v, p: {"days": p.days},
    ),
    Rule(
        code="low_occupancy",
        severity=WARNING,
        message=_(
            "Taux d'occupation de %(rate)s %% (journées réalisées / journées-places "
            "disponibles) : inférieur à 50 %%. Précisez pourquoi."
        ),
        fields=("occupied_bed_days", "places_installed", "days_open"),
        check=lambda v, p: (occupancy_rate(v) or 1) >= OCCUPANCY_WARNING_BELOW,
        details=lambda v, p: {"rate": round((occupancy_rate(v) or 0) * 100)},
    ),
    Rule(
        code="long_stays",
        severity=WARNING,
        message=_(
            "Durée moyenne des séjours de %(days)s jours : supérieure à 90 jours. Précisez "
            "pourquoi."
        ),
        fields=("completed_stays_days", *DISCHARGE_NAMES, "deaths"),
        check=lambda v, p: (mean_length_of_stay(v) or 0) <= LENGTH_OF_STAY_WARNING_ABOVE,
        details=lambda v, p: {"days": round(mean_length_of_stay(v) or 0)},
    ),
    # The national evaluation (form version 2): skipped on older reports, whose fields are empty.
    _breakdown(
        "admissions_by_stay_type",
        STAY_TYPE_NAMES,
        _(
            "Les admissions en séjour de fin de vie et de répit totalisent %(total)s : elles "
            "devraient totaliser %(admissions)s, le nombre d'admissions."
        ),
    ),
    Rule(
        code="distinct_residents_range",
        severity=ERROR,
        message=_(
            "Les personnes accueillies devraient être entre %(low)s et %(high)s : au moins les "
            "résidents au début et à la fin (%(low)s), au plus résidents au début + admissions "
            "(%(high)s)."
        ),
        fields=("distinct_residents", "residents_start", "residents_end", "admissions"),
        check=lambda v, p: _people(v)["low"] <= v["distinct_residents"] <= _people(v)["high"],
        details=lambda v, p: _people(v),
    ),
    *(
        _within_people(name, label)
        for name, label in (
            ("residents_other_department", _("Les personnes domiciliées hors du département")),
            ("residents_advance_directives", _("Les personnes avec directives anticipées")),
            ("residents_trusted_person", _("Les personnes avec personne de confiance")),
        )
    ),
    *(
        _within_stays(name, label)
        for name, label in (
            ("stays_with_emsp", _("Les séjours avec intervention de l'EMSP")),
            ("stays_with_had", _("Les séjours avec intervention de l'HAD")),
        )
    ),
    Rule(
        code="median_days_without_admissions",
        severity=ERROR,
        message=_(
            "Le délai médian demande-admission devrait rester vide : aucune admission pendant "
            "la période."
        ),
        fields=("median_days_to_admission", "admissions"),
        check=lambda v, p: v["admissions"] > 0,
    ),
    Rule(
        code="relatives_nights_without_bed_days",
        severity=ERROR,
        message=_(
            "Les nuitées de proches devraient être 0 : aucune journée réalisée pendant la période."
        ),
        fields=("relatives_overnight_nights", "occupied_bed_days"),
        check=lambda v, p: v["relatives_overnight_nights"] <= 0 or v["occupied_bed_days"] > 0,
    ),
    Rule(
        code="relatives_nights_above_bed_days",
        severity=WARNING,
        message=_(
            "Nuitées de proches (%(nights)s) au-dessus des journées réalisées (%(bed_days)s) : "
            "plus d'un proche par résident et par nuit en moyenne. Précisez pourquoi."
        ),
        fields=("relatives_overnight_nights", "occupied_bed_days"),
        check=lambda v, p: (
            v["occupied_bed_days"] <= 0 or v["relatives_overnight_nights"] <= v["occupied_bed_days"]
        ),
        details=lambda v, p: {
            "nights": v["relatives_overnight_nights"],
            "bed_days": v["occupied_bed_days"],
        },
    ),
)

# Submitting needs every figure: a report cannot be validated with holes in it.
MISSING_FIGURES = Rule(
    code="missing_figures",
    severity=ERROR,
    message=_("Renseignez tous les chiffres avant de transmettre le rapport (0 si aucun)."),
    fields=(),
    check=lambda v, p: True,
)


def missing_figures(values: Values, version: int) -> tuple[str, ...]:
    """The figures of form `version` still empty, except those that do not apply (the
    capacity-change figures; the median delay without any admission)."""
    return tuple(
        field.name
        for field in fields_for(version)
        if field.is_number
        and values.get(field.name) is None
        and (
            not field.optional
            or bool(field.required_if_positive and values.get(field.required_if_positive))
        )
    )


def evaluate(
    values: Values, period: Period, *, complete: bool = False, version: int = 1
) -> list[Violation]:
    """Every rule broken by `values` for `period`. With `complete`, empty figures of form
    `version` are a violation too (that is the check made before submitting)."""
    violations = []
    for rule in RULES:
        if any(values.get(name) is None for name in rule.fields):
            continue
        if not rule.check(values, period):
            message = str(rule.message) % rule.details(values, period)
            violations.append(Violation(rule.code, rule.severity, message, rule.fields))
    missing = missing_figures(values, version) if complete else ()
    if missing:
        violations.insert(
            0, Violation(MISSING_FIGURES.code, ERROR, str(MISSING_FIGURES.message), missing)
        )
    return violations


def errors(violations: list[Violation]) -> list[Violation]:
    return [violation for violation in violations if violation.severity == ERROR]


def warnings(violations: list[Violation]) -> list[Violation]:
    return [violation for violation in violations if violation.severity == WARNING]


def rules_markdown() -> str:
    """The rules as a Markdown table (pasted into docs/activity-reports.md)."""
    lines = ["| Code | Sévérité | Champs | Message |", "|---|---|---|---|"]
    for rule in (*RULES, MISSING_FIGURES):
        fields = ", ".join(f"`{name}`" for name in rule.fields) or "tous les chiffres"
        message = str(rule.message).replace("%%", "%")
        lines.append(f"| `{rule.code}` | {rule.severity} | {fields} | {message} |")
    return "\n".join(lines)
