"""The rule engine, table-tested: one case per rule, plus the generator's property."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from masp.activity.demo import plausible_figures
from masp.activity.fields import FIGURE_NAMES, NATIONAL_NAMES, REPORT_FIELDS, dictionary_markdown
from masp.activity.rules import RULES, Period, errors, evaluate, rules_markdown

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))

# A coherent month of a 12-place house: no rule fires.
BASE: dict[str, Any] = {
    "places_installed": 12,
    "days_open": 31,
    "occupied_bed_days": 300,
    "residents_start": 10,
    "admissions": 4,
    "discharges_home": 1,
    "discharges_hospital": 0,
    "discharges_other_facility": 0,
    "discharges_other": 0,
    "deaths": 3,
    "residents_end": 10,
    "requests_received": 8,
    "requests_refused_no_place": 2,
    "requests_refused_too_complex": 1,
    "requests_refused_out_of_criteria": 0,
    "requests_refused_other": 0,
    "waiting_list_end": 2,
    "admissions_from_home": 2,
    "admissions_from_hospital": 2,
    "admissions_from_facility": 0,
    "admissions_from_other": 0,
    "admissions_age_18_59": 1,
    "admissions_age_60_74": 1,
    "admissions_age_75_84": 1,
    "admissions_age_85_plus": 1,
    "admissions_cancer": 3,
    "admissions_neurological": 1,
    "admissions_organ_failure": 0,
    "admissions_other_condition": 0,
    "completed_stays_days": 120,
    "relatives_supported": 12,
    "bereavement_follow_ups": 3,
    "volunteer_hours": 40,
    "user_participation_events": 1,
    "serious_adverse_events": 0,
    "highlights": "",
    # Form version 2, the national evaluation: 13 people between max(10, 10) and 10 + 4.
    "stays_end_of_life": 3,
    "stays_respite": 1,
    "distinct_residents": 13,
    "residents_other_department": 2,
    "median_days_to_admission": 4.5,
    "stays_with_emsp": 5,
    "stays_with_had": 1,
    "residents_advance_directives": 6,
    "residents_trusted_person": 9,
    "relatives_overnight_nights": 20,
}
NO_ADMISSION = {
    **{name: 0 for name in BASE if name.startswith("admissions")},
    "discharges_home": 0,
    "deaths": 0,
    "stays_end_of_life": 0,
    "stays_respite": 0,
    "distinct_residents": 10,
    # 10 residents all month: at least 10 x 31 = 310 bed-days.
    "occupied_bed_days": 310,
}

CASES = [
    ("residents_balance", "error", {"residents_end": 9}),
    ("bed_days_capacity", "error", {"occupied_bed_days": 12 * 31 + 1}),
    # 0 + 0 residents, 0 bed-days expected (the balance gives residents_end = 0).
    (
        "bed_days_without_residents",
        "error",
        {
            "residents_start": 0,
            "admissions": 0,
            "discharges_home": 0,
            "deaths": 0,
            "residents_end": 0,
            "occupied_bed_days": 300,
            "admissions_from_home": 0,
            "admissions_from_hospital": 0,
            "admissions_age_18_59": 0,
            "admissions_age_60_74": 0,
            "admissions_age_75_84": 0,
            "admissions_age_85_plus": 0,
            "admissions_cancer": 0,
            "admissions_neurological": 0,
            **dict.fromkeys(NATIONAL_NAMES, 0),
            "median_days_to_admission": None,
            "relatives_overnight_nights": 20,
        },
    ),
    # (10 + 4) x 20 open days = 280 < 300; capacity 12 x 20 = 240 would fire too, so 25 places.
    (
        "bed_days_above_stays",
        "error",
        {"days_open": 20, "places_installed": 25},
    ),
    # (10 - 4) residents all period x 31 days = 186 > 185; 10 places keep the occupancy at
    # 185 / 310 = 60 % (no low-occupancy warning).
    ("bed_days_below_stays", "error", {"occupied_bed_days": 185, "places_installed": 10}),
    (
        "residents_start_capacity",
        "error",
        {"places_installed": 9, "occupied_bed_days": 270, "deaths": 4, "residents_end": 9},
    ),
    (
        "residents_end_capacity",
        "error",
        {
            "residents_start": 8,
            "residents_end": 13,
            "deaths": 0,
            "discharges_home": 0,
            "admissions": 5,
            "admissions_from_home": 3,
            "admissions_age_18_59": 2,
            "admissions_cancer": 4,
            "stays_end_of_life": 4,
        },
    ),
    ("admissions_by_origin", "error", {"admissions_from_other": 1}),
    ("admissions_by_age", "error", {"admissions_age_85_plus": 0}),
    ("admissions_by_condition", "error", {"admissions_cancer": 2}),
    ("refusals_within_requests", "error", {"requests_refused_other": 6}),
    ("days_open_within_period", "error", {"days_open": 32, "occupied_bed_days": 300}),
    # 150 / (12 x 31) = 40 %. With 10 residents at start and end, (10 - 4) x 31 = 186 > 150 would
    # be implausible, so 6 at start and end: (6 - 4) x 31 = 62 <= 150 <= (6 + 4) x 31 = 310.
    (
        "low_occupancy",
        "warning",
        {
            "occupied_bed_days": 150,
            "residents_start": 6,
            "residents_end": 6,
            "distinct_residents": 10,
        },
    ),
    ("long_stays", "warning", {"completed_stays_days": 400}),
    # Places changed (10 on the first day, 12 on the last) without the place-days declared.
    ("place_days_missing", "error", {"places_start": 10}),
    # 382 declared, 12 x 31 = 372 expected with 12 places on the first and the last day.
    ("place_days_range", "warning", {"place_days": 382}),
    ("admissions_by_stay_type", "error", {"stays_respite": 2}),
    # 15 people > 10 at the start + 4 admissions.
    ("distinct_residents_range", "error", {"distinct_residents": 15}),
    ("residents_other_department_within_people", "error", {"residents_other_department": 14}),
    ("residents_advance_directives_within_people", "error", {"residents_advance_directives": 14}),
    ("residents_trusted_person_within_people", "error", {"residents_trusted_person": 14}),
    # 15 stays > 10 residents at the start + 4 admissions.
    ("stays_with_emsp_within_stays", "error", {"stays_with_emsp": 15}),
    ("stays_with_had_within_stays", "error", {"stays_with_had": 15}),
    ("median_days_without_admissions", "error", NO_ADMISSION),
    # A house closed all month (0 day open, 0 bed-day) yet 5 nights of relatives.
    (
        "relatives_nights_without_bed_days",
        "error",
        {"days_open": 0, "occupied_bed_days": 0, "relatives_overnight_nights": 5},
    ),
    ("relatives_nights_above_bed_days", "warning", {"relatives_overnight_nights": 301}),
]


def test_the_base_case_breaks_no_rule() -> None:
    assert evaluate(BASE, MARCH, complete=True, version=2) == []


def test_a_version_1_report_needs_only_its_own_figures() -> None:
    older = {name: value for name, value in BASE.items() if name not in NATIONAL_NAMES}
    assert evaluate(older, MARCH, complete=True, version=1) == []
    [missing] = evaluate(older, MARCH, complete=True, version=2)
    assert set(missing.fields) == set(NATIONAL_NAMES)


def test_the_median_delay_is_needed_only_with_admissions() -> None:
    without = {**BASE, **NO_ADMISSION, "median_days_to_admission": None}
    assert evaluate(without, MARCH, complete=True, version=2) == []
    [missing] = evaluate(
        {**BASE, "median_days_to_admission": None}, MARCH, complete=True, version=2
    )
    assert missing.fields == ("median_days_to_admission",)


def test_every_rule_has_a_case() -> None:
    assert {code for code, _severity, _change in CASES} == {rule.code for rule in RULES}


@pytest.mark.parametrize(("code", "severity", "change"), CASES, ids=[case[0] for case in CASES])
def test_each_rule(code: str, severity: str, change: dict[str, Any]) -> None:
    violations = evaluate({**BASE, **change}, MARCH)
    assert [(v.code, v.severity) for v in violations] == [(code, severity)]
    assert violations[0].message  # a French sentence, placeholders filled
    assert "%(" not in violations[0].message


def test_messages_carry_the_figures() -> None:
    [violation] = evaluate({**BASE, "residents_end": 9}, MARCH)
    assert "10" in violation.message
    assert "residents_end" in violation.fields


def test_rules_skip_empty_figures_but_submission_needs_them_all() -> None:
    partial = {**BASE, "residents_end": None, "admissions_cancer": None}
    assert evaluate(partial, MARCH) == []
    [missing] = evaluate(partial, MARCH, complete=True)
    assert missing.code == "missing_figures"
    assert set(missing.fields) == {"residents_end", "admissions_cancer"}


def test_days_open_depend_on_the_period() -> None:
    february = Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    codes = [v.code for v in evaluate({**BASE, "days_open": 29}, february)]
    assert codes == ["days_open_within_period"]


def test_the_dictionary_covers_every_figure_once() -> None:
    names = [field.name for field in REPORT_FIELDS]
    # 36 of version 1, the 2 capacity-change figures, 10 of the national evaluation.
    assert len(names) == len(set(names)) == 48
    assert all(field.definition and field.label for field in REPORT_FIELDS)
    assert "highlights" not in FIGURE_NAMES


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    capacity=st.integers(min_value=1, max_value=50),
    month=st.integers(min_value=1, max_value=12),
    residents=st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
)
def test_demo_generator_never_breaks_an_error_rule(
    seed: int, capacity: int, month: int, residents: int | None
) -> None:
    start = dt.date(2026, month, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    figures = plausible_figures(
        random.Random(seed), capacity=capacity, period=Period(start, end), residents_start=residents
    )
    assert errors(evaluate(figures, Period(start, end), complete=True, version=2)) == []


def test_the_documentation_holds_the_dictionary_and_the_rules() -> None:
    doc = (Path(__file__).resolve().parents[3] / "docs" / "activity-reports.md").read_text()
    assert dictionary_markdown() in doc
    assert rules_markdown() in doc
