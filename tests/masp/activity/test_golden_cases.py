"""The golden cases of activity reports (docs/golden-cases.md, "Rapports d'activité"): figures
computed by hand, each run through the rule engine with the verdict the hand computation gives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from masp.activity.fields import (
    AGE_NAMES,
    CONDITION_NAMES,
    DISCHARGE_NAMES,
    FIELDS_BY_NAME,
    ORIGIN_NAMES,
    REFUSAL_NAMES,
)
from masp.activity.measures import occupancy_rate
from masp.activity.rules import Period, evaluate

JANUARY = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))  # 31 days
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))  # 31 days
APRIL = Period(dt.date(2026, 4, 1), dt.date(2026, 4, 30))  # 30 days


@dataclass(frozen=True)
class Case:
    number: int
    period: Period
    places: int
    days_open: int
    start: int
    admissions: int
    deaths: int
    end: int
    bed_days: int
    codes: tuple[str, ...]  # the verdict: every rule broken, in the engine's order
    says: str = ""  # the expected value the first message must state
    extra: tuple[tuple[str, Any], ...] = ()  # other figures (capacity change, version 2)
    rate: Decimal | None = None  # the occupancy rate, computed by hand
    version: int = 1


def figures(case: Case) -> dict[str, Any]:
    """A complete report around the case's flows: breakdowns on one line each, no request
    refused, 10 days per completed stay (so no long-stay warning)."""
    values: dict[str, Any] = {
        "places_installed": case.places,
        "days_open": case.days_open,
        "occupied_bed_days": case.bed_days,
        "residents_start": case.start,
        "admissions": case.admissions,
        "deaths": case.deaths,
        "residents_end": case.end,
        "requests_received": case.admissions,
        "waiting_list_end": 0,
        "completed_stays_days": 10 * case.deaths,
        "relatives_supported": 0,
        "bereavement_follow_ups": 0,
        "volunteer_hours": 0,
        "user_participation_events": 0,
        "serious_adverse_events": 0,
        "highlights": "",
        **dict.fromkeys((*DISCHARGE_NAMES, *REFUSAL_NAMES), 0),
    }
    for names in (ORIGIN_NAMES, AGE_NAMES, CONDITION_NAMES):
        values.update({name: case.admissions if name == names[0] else 0 for name in names})
    values.update(case.extra)
    return values


NONE, ABOVE = "bed_days_without_residents", "bed_days_above_stays"
MISSING = "missing_figures"
CHANGE_12_TO_8 = (("places_start", 12), ("place_days", 12 * 20 + 8 * 11))
CHANGE_8_TO_12 = (("places_start", 8), ("place_days", 8 * 20 + 12 * 11))
# 6 admissions: 5 end of life + 1 respite; 14 people in [max(10, 10), 10 + 6]; 16 stays.
NATIONAL_9 = (
    ("stays_end_of_life", 5),
    ("stays_respite", 1),
    ("distinct_residents", 14),
    ("residents_other_department", 3),
    ("median_days_to_admission", Decimal("6.5")),
    ("stays_with_emsp", 9),
    ("stays_with_had", 2),
    ("residents_advance_directives", 8),
    ("residents_trusted_person", 12),
    ("relatives_overnight_nights", 40),
)
BELOW, LOW = "bed_days_below_stays", "low_occupancy"

# The hand computation of each case is in docs/golden-cases.md, with the same number.
CASES = [
    # 1. 0 + 0 residents, yet 300 bed-days: nobody could occupy a place.
    Case(1, MARCH, 12, 31, 0, 0, 0, 0, 300, (NONE,), "devraient être 0"),
    # 2. Empty month: 0 bed-days, nothing to say (a 0 % rate is no rate, no warning).
    Case(2, MARCH, 12, 31, 0, 0, 0, 0, 0, ()),
    # 3. Full house all month: 12 x 31 = 372 = floor = ceiling = capacity.
    Case(3, MARCH, 12, 31, 12, 0, 0, 12, 372, ()),
    # 4. Same with 371: floor (12 - 0) x 31 = 372.
    Case(4, MARCH, 12, 31, 12, 0, 0, 12, 371, (BELOW,), "au moins 372"),
    # 5. 2 + 1 stays, 93 = (2 + 1) x 31 (ceiling reached); floor (3 - 1) x 31 = 62.
    #    Occupancy 93 / 372 = 25 %: warning.
    Case(5, MARCH, 12, 31, 2, 1, 0, 3, 93, (LOW,)),
    # 6. Same with 94 > 93.
    Case(6, MARCH, 12, 31, 2, 1, 0, 3, 94, (ABOVE, LOW), "au plus 93"),
    # 7. Opened on 12 March (20 days open), 5 admissions, 8 places: ceiling 5 x 20 = 100,
    #    floor (5 - 5) x 20 = 0; occupancy 100 / 160 = 62.5 %.
    Case(7, MARCH, 8, 20, 0, 5, 0, 5, 100, ()),
    # 8. Same with 101 > 100.
    Case(8, MARCH, 8, 20, 0, 5, 0, 5, 101, (ABOVE,), "au plus 100"),
    # 9. Turnover: 10 + 6 - 6 = 10; floor (10 - 6) x 31 = 124; 124 / 372 = 33 %: warning.
    Case(9, MARCH, 12, 31, 10, 6, 6, 10, 124, (LOW,)),
    # 10. Same with 123 < 124.
    Case(10, MARCH, 12, 31, 10, 6, 6, 10, 123, (BELOW, LOW), "au moins 124"),
    # 11. More admissions than residents at the end: 8 + 10 - 10 = 8, 8 - 10 < 0, no floor;
    #     200 <= min(capacity 372, ceiling 18 x 31 = 558); 200 / 372 = 54 %.
    Case(11, MARCH, 12, 31, 8, 10, 10, 8, 200, ()),
    # 12. Full April: 12 x 30 = 360 = floor = capacity (the period's 30 days, not 31).
    Case(12, APRIL, 12, 30, 12, 0, 0, 12, 360, ()),
    # 13. Over capacity only: 380 > 12 x 31 = 372, ceiling (12 + 4) x 31 = 496 holds,
    #     floor (12 - 4) x 31 = 248 holds.
    Case(13, MARCH, 12, 31, 12, 4, 4, 12, 380, ("bed_days_capacity",), "= 372"),
    # 14. Three stays begun and ended the same day: no midnight, 0 bed-days is right.
    Case(14, MARCH, 12, 31, 0, 3, 3, 0, 0, ()),
    # 15. Full house, 12 places until 20 January, 8 from the 21st: 12 x 20 + 8 x 11 = 328
    #     place-days, 328 bed-days: 100 %. 4 stays end on the 20th: 12 - 4 = 8.
    Case(15, JANUARY, 8, 31, 12, 0, 4, 8, 328, (), extra=CHANGE_12_TO_8, rate=Decimal(1)),
    # 16. The same month declared as before the issue, 8 places only: 8 x 31 = 248 < 328 and
    #     12 residents on the first day > 8 places. Two errors, right for what is declared.
    Case(16, JANUARY, 8, 31, 12, 0, 4, 8, 328,
         ("bed_days_capacity", "residents_start_capacity"), "au plus 248"),
    # 17. Full house, 8 places until 20 January, 12 from the 21st (4 admissions that day):
    #     8 x 20 + 12 x 11 = 292 place-days, 8 x 31 + 4 x 11 = 292 bed-days: 100 %, not
    #     292 / (12 x 31) = 78.5 %.
    Case(17, JANUARY, 12, 31, 8, 4, 0, 12, 292, (), extra=CHANGE_8_TO_12, rate=Decimal(1)),
    # 18. Places changed (8 on the first day, 12 on the last) but place-days left empty.
    Case(18, JANUARY, 12, 31, 8, 4, 0, 12, 292, ("place_days_missing",), "8 au premier jour",
         extra=(("places_start", 8),)),
    # 19. Form version 2, the national evaluation within its bounds (case 9's month).
    Case(19, MARCH, 12, 31, 10, 6, 6, 10, 124, (LOW,), extra=NATIONAL_9, version=2),
    # 20. Same with 17 people > 10 at the start + 6 admissions = 16.
    Case(20, MARCH, 12, 31, 10, 6, 6, 10, 124, (LOW, "distinct_residents_range"), "entre 10 et 16",
         extra=(*NATIONAL_9, ("distinct_residents", 17)), version=2),
    # 21. Version 2 left without its national figures: the submission needs them.
    Case(21, MARCH, 12, 31, 10, 6, 6, 10, 124, (MISSING, LOW), version=2),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[f"case_{case.number}" for case in CASES])
def test_golden_case(case: Case) -> None:
    values = figures(case)
    violations = evaluate(values, case.period, complete=True, version=case.version)
    assert tuple(v.code for v in violations) == case.codes
    if case.says:
        first_error = next(v for v in violations if v.severity == "error")
        message = first_error.message
        assert case.says in message
        # The message names the field by its French label.
        field = FIELDS_BY_NAME[first_error.fields[0]]
        assert str(field.label).split(" ")[0].lower() in message.lower()
    if case.rate is not None:
        assert occupancy_rate(values) == case.rate


def test_the_documentation_holds_every_case_and_is_linked() -> None:
    docs = Path(__file__).resolve().parents[3] / "docs"
    golden = (docs / "golden-cases.md").read_text()
    section = golden.split("## Rapports d'activité", 1)[1].split("\n## ", 1)[0]
    for case in CASES:
        assert f"\n| {case.number} | " in section, case.number
    assert "golden-cases.md#rapports-dactivité" in (docs / "activity-reports.md").read_text()
