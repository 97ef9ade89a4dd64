"""Coverage pages: the national map and table, and a region zoomed in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from masp.coverage.indicators import PLANNED, Coverage, coverage
from masp.coverage.maps import DEFAULT_INDICATOR, INDICATORS, caption_note, coverage_map
from masp.models import Site
from masp.sites.enums import SiteStatus
from territories.models import Region
from territories.vintage import vintage


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    numeric: bool = True


COLUMNS = (
    Column("code", _("Code"), numeric=False),
    Column("name", _("Département"), numeric=False),
    Column("region_name", _("Région"), numeric=False),
    Column("population", _("Population")),
    Column("houses_open", _("Maisons ouvertes")),
    Column("houses_planned", _("Maisons en projet")),
    Column("places", _("Places")),
    Column("places_per_100k", _("Places pour 100 000 hab.")),
    Column("within_30km_share", _("Population à moins de 30 km")),
    Column("within_60km_share", _("Population à moins de 60 km")),
    Column("target_gap", _("Écart à la cible")),
)
SORT_KEYS = {column.key for column in COLUMNS}


def indicator_key(request: HttpRequest) -> str:
    key = request.GET.get("indicateur", DEFAULT_INDICATOR)
    return key if key in INDICATORS else DEFAULT_INDICATOR


def sorted_rows(
    request: HttpRequest, rows: Sequence[Coverage], columns: Sequence[Column]
) -> tuple[list[Coverage], list[dict[str, Any]]]:
    """Rows sorted by `?tri=key` (or `-key`), and the column headers with their links."""
    wanted = request.GET.get("tri", "")
    key = wanted.removeprefix("-")
    if key not in SORT_KEYS:
        wanted = key = ""
    descending = wanted.startswith("-")
    ordered = sorted(rows, key=lambda row: getattr(row, key), reverse=descending) if key else rows
    query = request.GET.copy()
    headers = []
    for column in columns:
        current = column.key == key
        query["tri"] = f"-{column.key}" if current and not descending else column.key
        headers.append(
            {
                "column": column,
                "url": f"?{query.urlencode()}",
                "sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return list(ordered), headers


def map_context(request: HttpRequest, region: str | None = None) -> dict[str, Any]:
    snapshot = coverage()
    key = indicator_key(request)
    return {
        "snapshot": snapshot,
        "indicator": INDICATORS[key],
        "indicators": INDICATORS.values(),
        # The SVG is built by territories.maps, which escapes every text it writes.
        "map_svg": mark_safe(coverage_map(snapshot, key, region)),  # noqa: S308
        # Every coverage page says how distances are measured and which census it counts.
        "caption_note": caption_note(),
        "population_year": vintage().population_year,
    }


def coverage_national(request: HttpRequest) -> HttpResponse:
    context = map_context(request)
    snapshot = context["snapshot"]
    rows, headers = sorted_rows(request, snapshot.departments, COLUMNS)
    context.update(
        rows=rows,
        headers=headers,
        total=snapshot.nation,
        regions=snapshot.regions,
        usp_beds=snapshot.offer_figure("usp_beds"),
        usp_minimum=snapshot.offer_figure("usp_beds_per_100k_minimum"),
        departments_without_usp=snapshot.offer_figure("departments_without_usp"),
    )
    return render(request, "masp/coverage/national.html", context)


def coverage_region(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code)
    context = map_context(request, region.code)
    snapshot = context["snapshot"]
    departments = [row for row in snapshot.departments if row.region_code == region.code]
    rows, headers = sorted_rows(
        request, departments, [c for c in COLUMNS if c.key != "region_name"]
    )
    # The aggregates are public; the list of houses follows the user's scope.
    sites = (
        Site.objects.visible_to(request.user)
        .in_region(region)
        .filter(status__in=[SiteStatus.OPEN, *PLANNED])
        .with_territory()
    )
    context.update(
        region=region,
        total=snapshot.region(region.code),
        rows=rows,
        headers=headers,
        sites=sites,
    )
    return render(request, "masp/coverage/region.html", context)
