"""The public directory of open houses (no login): public contact details only."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from common.text import of_place, plural_number
from masp.coverage.indicators import coverage
from masp.coverage.maps import coverage_map
from masp.models import Site, SiteQuerySet
from masp.sites.forms import DirectorySearchForm
from territories.accessibility import distances_km
from territories.forms import catalogue
from territories.models import Commune

# The only fields the directory reads: anything else (FINESS, SIRET, dates, people) stays out.
PUBLIC_FIELDS = (
    "name",
    "manager_name",
    "address",
    "postcode",
    "commune",
    "capacity",
    "public_phone",
    "public_email",
    "website",
    "latitude",
    "longitude",
    "department__code",
    "department__name",
)
PAGE_SIZE = 20
# How many houses a search that found none in its département offers instead.
NEAREST = 5


@dataclass(frozen=True)
class Entry:
    site: Site
    distance_km: float | None = None


@dataclass(frozen=True)
class Result:
    entries: list[Entry]
    # The commune the distances are measured from: the one searched or, for a département
    # without a house, its most populous commune.
    origin: Commune | None = None
    # The département searched when it has no open house: `entries` are then the nearest ones.
    empty_department: str | None = None


def public_sites() -> SiteQuerySet:
    return Site.objects.public().select_related("department").only(*PUBLIC_FIELDS)


def by_distance(sites: list[Site], origin: Commune) -> list[Entry]:
    distances = distances_km(
        origin.latitude,
        origin.longitude,
        [(float(site.latitude), float(site.longitude)) for site in sites],
    )
    entries = [Entry(site, distance) for site, distance in zip(sites, distances, strict=True)]
    return sorted(entries, key=lambda entry: entry.distance_km or 0.0)


def nearest(department: str, origin: Commune | None) -> Result:
    """The NEAREST open houses of the whole country, for a département that has none, from
    the commune searched or else from the département's most populous commune (its
    representative point: usually the préfecture, always a place people know)."""
    if origin is None:
        origin = (
            Commune.objects.filter(department_id=department)
            .select_related("department")
            .order_by("-population", "code")
            .first()
        )
    if origin is None:  # a département without communes: only in incomplete reference data
        return Result([], None, department)
    return Result(by_distance(list(public_sites()), origin)[:NEAREST], origin, department)


def search(form: DirectorySearchForm) -> Result:
    """Open houses matching the search; nearest first when the search names a commune; the
    nearest ones elsewhere when the département searched has none."""
    sites = public_sites()
    if not form.is_valid():
        return Result([Entry(site) for site in sites])
    department = form.cleaned_data["department"]
    if department:
        sites = sites.filter(department_id=department)
    term = form.cleaned_data["q"].strip()
    origin = Commune.objects.matching(term).select_related("department").first() if term else None
    if term and origin is None:
        sites = sites.filter(Q(commune__icontains=term) | Q(postcode__startswith=term))
    found = list(sites)
    if not found and department and (origin is not None or not term):
        return nearest(department, origin)
    if origin is None:
        return Result([Entry(site) for site in found])
    return Result(by_distance(found, origin), origin)


def map_region(form: DirectorySearchForm, origin: Commune | None) -> str | None:
    """The region to zoom on: the chosen département's, else the searched commune's."""
    department = form.cleaned_data.get("department") if form.is_valid() else None
    if department:
        return catalogue().region_of.get(department)
    return origin.department.region_id if origin else None


@login_not_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    result = search(form)
    page = Paginator(result.entries, PAGE_SIZE).get_page(request.GET.get("page"))
    total = len(result.entries)
    # The nearest houses of a département without any may lie in another region: the whole
    # country is drawn then, so that every house of the list is on the map.
    zoom = None if result.empty_department else map_region(form, result.origin)
    context = {
        "form": form,
        "origin": result.origin,
        "of_origin": of_place(result.origin.name) if result.origin else "",
        "empty_department": (
            dict(catalogue().departments).get(result.empty_department)
            if result.empty_department
            else None
        ),
        "page_obj": page,
        "entries": page.object_list,
        "total": total,
        "plural_total": plural_number(total),
        # Built by territories.maps, which escapes every text it writes.
        "map_svg": mark_safe(  # noqa: S308
            coverage_map(coverage(), "houses_open", zoom)
        ),
    }
    return render(request, "masp/coverage/directory/list.html", context)
