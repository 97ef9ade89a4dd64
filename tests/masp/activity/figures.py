"""Report figure overrides shared by the activity tests."""

from __future__ import annotations

from typing import Any

from masp.activity.fields import AGE_NAMES, CONDITION_NAMES, DISCHARGE_NAMES, ORIGIN_NAMES

# A month with one admission and nobody else, 10 bed-days: plausible (0 resident all period,
# at most (0 + 1) x 31 = 31 bed-days) yet under 50 % occupancy, so only `low_occupancy` fires.
QUIET_MONTH: dict[str, Any] = {
    "residents_start": 0,
    "admissions": 1,
    "residents_end": 1,
    "deaths": 0,
    "occupied_bed_days": 10,
    **dict.fromkeys(DISCHARGE_NAMES, 0),
    **{name: int(name == ORIGIN_NAMES[0]) for name in ORIGIN_NAMES},
    **{name: int(name == AGE_NAMES[-1]) for name in AGE_NAMES},
    **{name: int(name == CONDITION_NAMES[0]) for name in CONDITION_NAMES},
    # The national evaluation (form version 2) of that one admission.
    "stays_end_of_life": 1,
    "stays_respite": 0,
    "distinct_residents": 1,
    "residents_other_department": 0,
    "median_days_to_admission": 3,
    "stays_with_emsp": 0,
    "stays_with_had": 0,
    "residents_advance_directives": 0,
    "residents_trusted_person": 0,
    "relatives_overnight_nights": 0,
}
