"""The map of a siting run: the scope's départements, the houses counted as existing (red)
and the places proposed (blue), with the server SVG maps of the coverage pages."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from masp.coverage.indicators import TIMEOUT
from masp.coverage.maps import map_note, outlines
from masp.coverage.siting.services import FRANCE, Result
from territories.maps import Area, Marker, Scale, render_map
from territories.models import Department

PROPOSAL_FILL = "#000091"  # DSFR blue France: the red markers stay the houses
SCOPE_FILL = "#ECECFE"


def siting_map(result: Result, key: str, *, interactive: bool = True) -> str:
    """Cached under `key` (a run's parameters and data version, or a saved scenario)."""
    cache_key = f"siting:map:{key}:{'web' if interactive else 'print'}"
    svg = cache.get(cache_key)
    if svg is None:
        svg = build_map(result, interactive=interactive)
        cache.set(cache_key, svg, TIMEOUT)
    return svg


def build_map(result: Result, *, interactive: bool) -> str:
    scope = result.parameters["scope"]
    departments = {
        code: (name, region)
        for code, name, region in Department.objects.values_list("code", "name", "region_id")
    }
    version, geometries = outlines()
    everywhere = [
        Area(code, departments[code][0], geometry, 0.0)
        for code, geometry in sorted(geometries.items())
        if code in departments
    ]
    inside = [area for area in everywhere if scope == FRANCE or departments[area.code][1] == scope]
    codes = {area.code for area in inside}
    title = _("Propositions d'implantation à %(radius)s km") % {
        "radius": number_format(result.parameters["radius_km"], 0)
    }
    markers = [
        Marker(house["latitude"], house["longitude"], f"{house['name']} ({house['commune']})")
        for house in result.houses
    ]
    markers += [
        Marker(
            proposal.latitude,
            proposal.longitude,
            f"{position}. {proposal.commune} ({proposal.department}) : "
            f"+{number_format(proposal.new_population, 0, force_grouping=True)} hab.",
            fill=PROPOSAL_FILL,
        )
        for position, proposal in enumerate(result.proposals, start=1)
    ]
    zoom = scope != FRANCE
    return render_map(
        areas=inside,
        context=[area for area in everywhere if area.code not in codes] if zoom else [],
        zoom=zoom,
        scale=Scale(title, (), (str(_("Départements du périmètre")),), (SCOPE_FILL,)),
        title=title,
        note=map_note(),
        markers=markers,
        marker_label=str(_("Maison existante")),
        id_prefix=f"siting-{scope.lower()}",
        interactive=interactive,
        outlines=version,  # the projected outlines drawn once per process and version
    )
