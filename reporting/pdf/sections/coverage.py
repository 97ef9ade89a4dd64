"""Territorial coverage: the map (the region zoomed, or France with its overseas insets) and
the indicators: places per 100,000, population within 30 and 60 km of an open house,
départements without an open house."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext_lazy

from masp.coverage.indicators import Coverage, compute
from masp.coverage.maps import INDICATORS, print_map
from reporting.enums import ReportKind
from reporting.pdf.sections.base import ReportContext

KEY = "coverage"
TITLE = gettext_lazy("Couverture territoriale")
TEMPLATE = "reporting/pdf/sections/coverage.html"
ORDER = 25  # after the territory
KINDS = frozenset(ReportKind.values)
MAP_INDICATOR = "within_30km_share"


def figures(item: Coverage) -> dict[str, Any]:
    return {
        **asdict(item),
        "places_per_100k": round(item.places_per_100k, 2),
        "within_30km_share": round(100 * item.within_30km_share, 1),
        "within_60km_share": round(100 * item.within_60km_share, 1),
    }


def gather(context: ReportContext) -> dict[str, Any]:
    # Computed afresh (a few queries, a tenth of a second) rather than read from the pages'
    # cache: a report must show, and be fingerprinted on, the data as it is now.
    snapshot = compute()
    region = context.region or (context.site.department.region if context.site else None)
    code = region.code if region is not None else None
    covered = snapshot.region(code) if code else snapshot.nation
    data: dict[str, Any] = {
        "national": code is None,
        "area": figures(covered) if covered else None,
        "nation": figures(snapshot.nation),
        # Its note says how distances are measured and which census is counted.
        "map": print_map(snapshot, INDICATORS[MAP_INDICATOR], code),
    }
    if code:
        data["departments"] = [
            figures(item) for item in snapshot.departments if item.region_code == code
        ]
    else:
        data["regions"] = [figures(item) for item in snapshot.regions]
    return data
