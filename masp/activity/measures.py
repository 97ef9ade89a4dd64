"""The measures of an activity report computed from its figures, shared by the rules, the
model, the dashboards and the review: place-days available, occupancy rate, mean length of stay."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from masp.activity.fields import DISCHARGE_NAMES, REFUSAL_NAMES

Values = Mapping[str, Any]


def total(values: Values, names: tuple[str, ...]) -> int:
    return sum(values[name] for name in names)


def available_place_days(values: Values) -> int | None:
    """The place-days the house offered in the period: declared when the installed places
    changed during the period (`place_days`), else places installed × days open. Occupancy
    is measured against it everywhere (see `place_days_sql` for the SQL form)."""
    if values.get("place_days") is not None:
        return int(values["place_days"])
    if values.get("places_installed") is None or values.get("days_open") is None:
        return None
    return int(values["places_installed"]) * int(values["days_open"])


def places_at_start(values: Values) -> int | None:
    """Places installed on the first day: declared when they changed, else those of the end."""
    start = values.get("places_start")
    return start if start is not None else values.get("places_installed")


def occupancy_rate(values: Values) -> Decimal | None:
    """Occupied bed-days over the place-days actually available in the period."""
    capacity = available_place_days(values)
    if not capacity or values.get("occupied_bed_days") is None:
        return None
    return Decimal(values["occupied_bed_days"]) / Decimal(capacity)


def mean_length_of_stay(values: Values) -> Decimal | None:
    ended = sum(values.get(name) or 0 for name in (*DISCHARGE_NAMES, "deaths"))
    if not ended or values.get("completed_stays_days") is None:
        return None
    return Decimal(values["completed_stays_days"]) / Decimal(ended)


def death_rate(values: Values) -> Decimal | None:
    """Share of the stays ended in the period that ended with a death."""
    ended = sum(values.get(name) or 0 for name in (*DISCHARGE_NAMES, "deaths"))
    return Decimal(values.get("deaths") or 0) / ended if ended else None


def refusal_rate(values: Values) -> Decimal | None:
    refused = sum(values.get(name) or 0 for name in REFUSAL_NAMES)
    received = values.get("requests_received")
    return Decimal(refused) / received if received else None


# What the four measures read of a report (a query of comparisons selects only these).
MEASURED_NAMES = (
    "place_days",
    "places_installed",
    "days_open",
    "occupied_bed_days",
    "completed_stays_days",
    "requests_received",
    "deaths",
    *DISCHARGE_NAMES,
    *REFUSAL_NAMES,
)


def rounded(value: Decimal | None, step: str = "0.001") -> Decimal | None:
    return None if value is None else value.quantize(Decimal(step))


def indicators(values: Values) -> dict[str, Decimal | None]:
    """The four indicators of a report from its figures, rounded as the report's properties
    (`ActivityReport.occupancy_rate` and the others) give them."""
    return {
        "occupancy_rate": rounded(occupancy_rate(values)),
        "mean_length_of_stay": rounded(mean_length_of_stay(values), "0.1"),
        "death_rate": rounded(death_rate(values)),
        "refusal_rate": rounded(refusal_rate(values)),
    }
