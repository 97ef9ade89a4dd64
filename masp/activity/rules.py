"""Validation rules of activity reports, as data, evaluated in one place (`evaluate`) for the
form, the API and the import.

A rule is skipped while one of its figures is still empty: a draft may be partial, and the
completeness of a submitted report is its own rule (`missing_figures`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from masp.activity.fields import (
    AGE_NAMES,
    CONDITION_NAMES,
    DISCHARGE_NAMES,
    FIGURE_NAMES,
    ORIGIN_NAMES,
    REFUSAL_NAMES,
)

ERROR, WARNING = "error", "warning"
OCCUPANCY_WARNING_BELOW = Decimal("0.5")
LENGTH_OF_STAY_WARNING_ABOVE = 90

Values = Mapping[str, Any]


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


def _sum(values: Values, names: tuple[str, ...]) -> int:
    return sum(values[name] for name in names)


def occupancy_rate(values: Values) -> Decimal | None:
    capacity = (values.get("places_installed") or 0) * (values.get("days_open") or 0)
    if not capacity or values.get("occupied_bed_days") is None:
        return None
    return Decimal(values["occupied_bed_days"]) / Decimal(capacity)


def mean_length_of_stay(values: Values) -> Decimal | None:
    ended = sum(values.get(name) or 0 for name in (*DISCHARGE_NAMES, "deaths"))
    if not ended or values.get("completed_stays_days") is None:
        return None
    return Decimal(values["completed_stays_days"]) / Decimal(ended)


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


def _breakdown(code: str, names: tuple[str, ...], label: Any) -> Rule:
    return Rule(
        code=code,
        severity=ERROR,
        message=label,
        fields=("admissions", *names),
        check=lambda values, period: _sum(values, names) == values["admissions"],
        details=lambda values, period: {"total": _sum(values, names)},
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
            "Les journées réalisées dépassent la capacité de la période "
            "(places installées × jours d'ouverture = %(capacity)s)."
        ),
        fields=("occupied_bed_days", "places_installed", "days_open"),
        check=lambda v, p: v["occupied_bed_days"] <= v["places_installed"] * v["days_open"],
        details=lambda v, p: {"capacity": v["places_installed"] * v["days_open"]},
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
        message=_("Les résidents au début dépassent le nombre de places installées."),
        fields=("residents_start", "places_installed"),
        check=lambda v, p: v["residents_start"] <= v["places_installed"],
    ),
    Rule(
        code="residents_end_capacity",
        severity=ERROR,
        message=_("Les résidents à la fin dépassent le nombre de places installées."),
        fields=("residents_end", "places_installed"),
        check=lambda v, p: v["residents_end"] <= v["places_installed"],
    ),
    _breakdown(
        "admissions_by_origin",
        ORIGIN_NAMES,
        _("Les admissions par provenance totalisent %(total)s au lieu du nombre d'admissions."),
    ),
    _breakdown(
        "admissions_by_age",
        AGE_NAMES,
        _("Les admissions par âge totalisent %(total)s au lieu du nombre d'admissions."),
    ),
    _breakdown(
        "admissions_by_condition",
        CONDITION_NAMES,
        _("Les admissions par pathologie totalisent %(total)s au lieu du nombre d'admissions."),
    ),
    Rule(
        code="refusals_within_requests",
        severity=ERROR,
        message=_("Les demandes refusées (%(total)s) dépassent les demandes reçues."),
        fields=("requests_received", *REFUSAL_NAMES),
        check=lambda v, p: _sum(v, REFUSAL_NAMES) <= v["requests_received"],
        details=lambda v, p: {"total": _sum(v, REFUSAL_NAMES)},
    ),
    Rule(
        code="days_open_within_period",
        severity=ERROR,
        message=_("Les jours d'ouverture dépassent les %(days)s jours de la période."),
        fields=("days_open",),
        check=lambda v, p: v["days_open"] <= p.days,
        details=lambda v, p: {"days": p.days},
    ),
    Rule(
        code="low_occupancy",
        severity=WARNING,
        message=_("Taux d'occupation de %(rate)s %% : inférieur à 50 %%. Précisez pourquoi."),
        fields=("occupied_bed_days", "places_installed", "days_open"),
        check=lambda v, p: (occupancy_rate(v) or 1) >= OCCUPANCY_WARNING_BELOW,
        details=lambda v, p: {"rate": round((occupancy_rate(v) or 0) * 100)},
    ),
    Rule(
        code="long_stays",
        severity=WARNING,
        message=_("Durée moyenne des séjours de %(days)s jours : supérieure à 90 jours."),
        fields=("completed_stays_days", *DISCHARGE_NAMES, "deaths"),
        check=lambda v, p: (mean_length_of_stay(v) or 0) <= LENGTH_OF_STAY_WARNING_ABOVE,
        details=lambda v, p: {"days": round(mean_length_of_stay(v) or 0)},
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


def evaluate(values: Values, period: Period, *, complete: bool = False) -> list[Violation]:
    """Every rule broken by `values` for `period`. With `complete`, empty figures are a
    violation too (that is the check made before submitting)."""
    violations = []
    for rule in RULES:
        if any(values.get(name) is None for name in rule.fields):
            continue
        if not rule.check(values, period):
            message = str(rule.message) % rule.details(values, period)
            violations.append(Violation(rule.code, rule.severity, message, rule.fields))
    missing = tuple(name for name in FIGURE_NAMES if values.get(name) is None)
    if complete and missing:
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
