"""Bad input: the activity report rules under any figures (hypothesis). `evaluate` never raises,
always answers in French, a report that satisfies the identities has no error, and breaking
one identity gives an error naming the broken field."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from masp.activity import fields
from masp.activity.rules import ERROR, MISSING_FIGURES, RULES, WARNING, Period, errors, evaluate
from masp.models import ActivityReport
from tests.masp.factories import CampaignFactory

# The first words of every rule message (checked against RULES below, so a new rule with an
# English message fails here).
FRENCH = re.compile(
    r"^(Les |Taux d'occupation |Durée moyenne |Renseignez |Le délai médian |Nuitées de proches )"
)
CODES = {rule.code for rule in (*RULES, MISSING_FIGURES)}
PERIODS = [
    Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    Period(dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
]
figure = st.one_of(st.none(), st.integers(), st.integers(min_value=0, max_value=40))
any_figures = st.fixed_dictionaries(dict.fromkeys(fields.FIGURE_NAMES, figure))


def check_violations(values: dict[str, Any], violations: list) -> None:
    for violation in violations:
        assert violation.code in CODES
        assert violation.severity in (ERROR, WARNING)
        assert FRENCH.match(violation.message), violation.message
        assert "%(" not in violation.message
        assert set(violation.fields) <= set(fields.FIGURE_NAMES)
        if violation.code != MISSING_FIGURES.code:
            # A rule is only checked once all its figures are there.
            assert all(values[name] is not None for name in violation.fields)


def test_every_rule_message_is_matched_by_the_french_pattern() -> None:
    for rule in (*RULES, MISSING_FIGURES):
        assert FRENCH.match(str(rule.message)), rule.code


@settings(max_examples=200, deadline=None)
@given(values=any_figures, period=st.sampled_from(PERIODS), complete=st.booleans())
def test_any_figures_give_french_violations_never_an_exception(
    values: dict[str, Any], period: Period, complete: bool
) -> None:
    violations = evaluate(values, period, complete=complete)
    check_violations(values, violations)
    # Version 1 (the default): its figures, except the capacity-change ones (optional).
    missing = tuple(
        field.name
        for field in fields.fields_for(1)
        if field.is_number and not field.optional and values[field.name] is None
    )
    partial = evaluate(values, period)
    if complete and missing:
        # Completeness adds exactly one violation, first, listing the empty figures.
        assert violations[0].code == MISSING_FIGURES.code
        assert violations[0].fields == missing
        assert violations[1:] == partial
    else:
        assert violations == partial


@settings(max_examples=100, deadline=None)
@given(values=any_figures, month=st.integers(1, 12))
def test_the_model_evaluates_any_figures_for_its_campaign(
    values: dict[str, Any], month: int
) -> None:
    campaign = CampaignFactory.build(month=month)
    report = ActivityReport(campaign=campaign, **values)
    violations = report.violations(complete=True)
    check_violations(values, violations)
    assert campaign.form_version == fields.CURRENT_FORM_VERSION == 2
    assert violations == evaluate(values, campaign.period, complete=True, version=2)


def split(draw: st.DrawFn, total: int, names: tuple[str, ...]) -> dict[str, int]:
    """`total` shared between `names` at random (every part >= 0)."""
    cuts = sorted(draw(st.integers(0, total)) for _ in names[1:])
    bounds = [0, *cuts, total]
    return {name: bounds[i + 1] - bounds[i] for i, name in enumerate(names)}


@st.composite
def consistent(draw: st.DrawFn) -> tuple[dict[str, Any], Period]:
    """Complete figures that satisfy every identity and bound of the rules."""
    period = draw(st.sampled_from(PERIODS))
    places = draw(st.integers(0, 60))
    days_open = draw(st.integers(0, period.days))
    start, end = draw(st.integers(0, places)), draw(st.integers(0, places))
    ended = draw(st.integers(max(0, start - end), max(0, start - end) + 50))
    admissions = end - start + ended
    requests = draw(st.integers(0, 200))
    values = {name: draw(st.integers(0, 500)) for name in fields.FIGURE_NAMES}
    values.update(
        places_installed=places,
        days_open=days_open,
        # Within capacity and within what the stays allow: at most (start + admissions) x
        # open days, at least the residents present all period (end - admissions) x open days.
        occupied_bed_days=draw(
            st.integers(
                max(0, end - admissions) * days_open,
                min(places, start + admissions) * days_open,
            )
        ),
        residents_start=start,
        residents_end=end,
        admissions=admissions,
        requests_received=requests,
        **split(draw, ended, (*fields.DISCHARGE_NAMES, "deaths")),
        **split(draw, admissions, fields.ORIGIN_NAMES),
        **split(draw, admissions, fields.AGE_NAMES),
        **split(draw, admissions, fields.CONDITION_NAMES),
        **split(draw, draw(st.integers(0, requests)), fields.REFUSAL_NAMES),
        places_start=None,  # no capacity change: place-days = places x days open
        place_days=None,
    )
    values.update(national(draw, values))
    return values, period


def national(draw: st.DrawFn, values: dict[str, Any]) -> dict[str, Any]:
    """The national evaluation's figures (form version 2) within their bounds."""
    start, end, admissions = (
        values["residents_start"],
        values["residents_end"],
        values["admissions"],
    )
    people = draw(st.integers(max(start, end), start + admissions))
    stays = start + admissions
    return {
        **split(draw, admissions, fields.STAY_TYPE_NAMES),
        "distinct_residents": people,
        "residents_other_department": draw(st.integers(0, people)),
        "residents_advance_directives": draw(st.integers(0, people)),
        "residents_trusted_person": draw(st.integers(0, people)),
        "stays_with_emsp": draw(st.integers(0, stays)),
        "stays_with_had": draw(st.integers(0, stays)),
        "median_days_to_admission": draw(st.integers(0, 90)) if admissions else None,
        "relatives_overnight_nights": draw(st.integers(0, values["occupied_bed_days"])),
    }


@settings(max_examples=200, deadline=None)
@given(case=consistent())
def test_figures_that_satisfy_the_identities_have_no_error(
    case: tuple[dict[str, Any], Period],
) -> None:
    values, period = case
    violations = evaluate(values, period, complete=True, version=2)
    assert errors(violations) == []
    check_violations(values, violations)  # warnings (occupancy, stays) are allowed


def broken(values: dict[str, Any], period: Period, name: str, delta: int) -> dict[str, Any]:
    """The same figures with `name` moved out of its identity or bound by `delta` (>= 1)."""
    changed = dict(values)
    if name == "days_open":
        changed[name] = period.days + delta
    elif name == "occupied_bed_days":
        changed[name] = values["places_installed"] * values["days_open"] + delta
    elif name in fields.REFUSAL_NAMES:
        changed[name] = values["requests_received"] + delta
    elif name == "residents_end":
        changed[name] = values[name] + delta if values[name] == 0 else values[name] - 1
    else:
        changed[name] = values[name] + delta
    return changed


EXPECTED = {
    "residents_end": "residents_balance",
    "deaths": "residents_balance",
    "days_open": "days_open_within_period",
    "occupied_bed_days": "bed_days_capacity",
    **dict.fromkeys(fields.DISCHARGE_NAMES, "residents_balance"),
    **dict.fromkeys(fields.ORIGIN_NAMES, "admissions_by_origin"),
    **dict.fromkeys(fields.AGE_NAMES, "admissions_by_age"),
    **dict.fromkeys(fields.CONDITION_NAMES, "admissions_by_condition"),
    **dict.fromkeys(fields.REFUSAL_NAMES, "refusals_within_requests"),
}


@settings(max_examples=200, deadline=None)
@given(case=consistent(), name=st.sampled_from(sorted(EXPECTED)), delta=st.integers(1, 10**6))
def test_breaking_one_identity_is_an_error_naming_the_field(
    case: tuple[dict[str, Any], Period], name: str, delta: int
) -> None:
    values, period = case
    changed = broken(values, period, name, delta)
    violations = errors(evaluate(changed, period, complete=True))
    assert any(v.code == EXPECTED[name] and name in v.fields for v in violations), violations
    check_violations(changed, violations)
