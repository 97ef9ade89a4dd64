"""Coverage pages: the national map and table, and a region zoomed in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from common.cache import ProcessMemo
from masp.coverage.indicators import PLANNED, TIMEOUT, Coverage, Snapshot, coverage
from masp.coverage.maps import DEFAULT_INDICATOR, INDICATORS, caption_note, coverage_map
from masp.models import Site
from masp.sites.enums import SiteStatus
from masp.templatetags.coverage_tags import decimal1, percent, thousands
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


# One row of the départements table, exactly as the template loop wrote it (its indentation
# included); `region` is the region cell, or nothing on a region's page.
TABLE_ROW = (
    "\n        <tr>\n          <td>{code}</td>\n          <td>{name}</td>\n          {region}\n"
    "          <td>{population}</td>\n          <td>{houses_open}</td>\n"
    "          <td>{houses_planned}</td>\n          <td>{places}</td>\n"
    "          <td>{places_per_100k}</td>\n          <td>{within_30km}</td>\n"
    "          <td>{within_60km}</td>\n          <td>{gap}</td>\n        </tr>\n      "
)
REACHED = '<span class="fr-badge fr-badge--success fr-badge--sm fr-badge--no-icon">{label}</span>'


class Integers:
    """Integers written as the template wrote them (`localize`, then escaped), each distinct
    value formatted once."""

    def __init__(self) -> None:
        self.written: dict[int, str] = {}

    def __call__(self, value: int) -> str:
        if value not in self.written:
            self.written[value] = conditional_escape(localize(value))
        return self.written[value]


def table_rows(rows: Sequence[Coverage], show_region: bool) -> SafeString:
    """The rows of the départements table (masp/coverage/includes/table.html). Written here
    rather than by a template loop: a hundred rows of eleven cells cost the template engine
    more than the rest of the page. The cells are formatted as the template did: the same
    filters, `localize` for the integers, every value escaped."""
    integer = Integers()
    reached = REACHED.format(label=conditional_escape(gettext("atteinte")))
    links: dict[str, str] = {}
    html = []
    for row in rows:
        region = ""
        if show_region:
            if row.region_code not in links:
                url = reverse("masp:coverage_region", args=[row.region_code])
                links[row.region_code] = conditional_escape(url)
            region = (
                f'<td><a href="{links[row.region_code]}">'
                f"{conditional_escape(row.region_name)}</a></td>"
            )
        html.append(
            TABLE_ROW.format(
                code=conditional_escape(row.code),
                name=conditional_escape(row.name),
                region=region,
                population=conditional_escape(thousands(row.population)),
                houses_open=integer(row.houses_open),
                houses_planned=integer(row.houses_planned),
                places=integer(row.places),
                places_per_100k=conditional_escape(decimal1(row.places_per_100k)),
                within_30km=conditional_escape(percent(row.within_30km_share)),
                within_60km=conditional_escape(percent(row.within_60km_share)),
                gap=integer(row.target_gap) if row.target_gap else reached,
            )
        )
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


# The HTML of one département's row, by all it is written from: its figures (a `Coverage`,
# compared by value), the language, the kind of table and the prefix of the region's link. A
# new snapshot whose row for a département has the same figures as an earlier one (most
# rows, after most changes) takes the row this process already wrote. Keyed by content, an
# entry cannot go stale: the delay only bounds the memory of rows no longer shown.
ROW_SECONDS = 3600
_written: ProcessMemo[str] = ProcessMemo(ROW_SECONDS, size=2048)


def written_row(row: Coverage, show_region: bool, language: str | None) -> str:
    key = (row, show_region, language, get_script_prefix())
    return _written.get(key, lambda: str(table_rows([row], show_region)))


def snapshot_table_rows(
    snapshot: Snapshot, rows: Sequence[Coverage], show_region: bool
) -> SafeString:
    """`table_rows` for rows of `snapshot`: every département's row is written once per
    snapshot, language and kind of table, and kept in the cache with the snapshot's maps (under
    its version, unique to each computation: a new snapshot takes its rows from those this
    process wrote for the same figures, see `written_row`, and writes the others)."""
    language = get_language()
    key = f"coverage:rows:{snapshot.version}:{language}:{'regions' if show_region else 'plain'}"
    written = cache.get(key)
    if written is None:
        written = {
            row.code: written_row(row, show_region, language) for row in snapshot.departments
        }
        cache.set(key, written, TIMEOUT)
    # Each row was escaped by `table_rows`.
    return mark_safe("".join(written[row.code] for row in rows))  # noqa: S308


# One row of a region's houses, exactly as the template loop wrote it.
SITE_ROW = (
    '\n    <tr>\n      <td><a href="{url}">{name}</a></td><td>{commune}</td>\n'
    "      <td>{department_name} ({department_code})</td><td>{capacity}</td>\n"
    "      <td>{badge}</td>\n    </tr>\n  "
)
STATUS_BADGE = "masp/sites/includes/status_badge.html"
# What the rows read of a house (the badge reads its status).
SITE_FIELDS = ("name", "commune", "capacity", "status", "department__code", "department__name")


def site_rows(sites: Sequence[Site]) -> SafeString:
    """The rows of a region's houses (masp/coverage/region.html), written here for the same
    reason as `table_rows`. The status badge is the shared template's, rendered once per
    status: it reads nothing else of the house."""
    integer = Integers()
    badges: dict[str, str] = {}
    html = []
    for site in sites:
        if site.status not in badges:
            badges[site.status] = render_to_string(STATUS_BADGE, {"site": site})
        html.append(
            SITE_ROW.format(
                url=conditional_escape(site.get_absolute_url()),
                name=conditional_escape(site.name),
                commune=conditional_escape(site.commune),
                department_name=conditional_escape(site.department.name),
                department_code=conditional_escape(site.department.code),
                capacity=integer(site.capacity),
                badge=badges[site.status],
            )
        )
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


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
        table_rows=snapshot_table_rows(snapshot, rows, show_region=True),
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
    sites = list(
        Site.objects.visible_to(request.user)
        .in_region(region)
        .filter(status__in=[SiteStatus.OPEN, *PLANNED])
        .select_related("department")
        .only(*SITE_FIELDS)
    )
    context.update(
        region=region,
        total=snapshot.region(region.code),
        rows=rows,
        table_rows=snapshot_table_rows(snapshot, rows, show_region=False),
        headers=headers,
        sites=sites,
        site_rows=site_rows(sites),
    )
    return render(request, "masp/coverage/region.html", context)
