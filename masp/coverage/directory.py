"""The public directory of open houses (no login): public contact details only."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

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


@dataclass(frozen=True)
class Entry:
    site: Site
    distance_km: float | None = None


def public_sites() -> SiteQuerySet:
    return Site.objects.public().select_related("department").only(*PUBLIC_FIELDS)


def search(form: DirectorySearchForm) -> tuple[list[Entry], Commune | None]:
    """Open houses matching the search; nearest first when the search names a commune."""
    sites = public_sites()
    if not form.is_valid():
        return [Entry(site) for site in sites], None
    if form.cleaned_data["department"]:
        sites = sites.filter(department_id=form.cleaned_data["department"])
    term = form.cleaned_data["q"].strip()
    origin = Commune.objects.matching(term).select_related("department").first() if term else None
    if term and origin is None:
        sites = sites.filter(Q(commune__icontains=term) | Q(postcode__startswith=term))
    found = list(sites)
    if origin is None:
        return [Entry(site) for site in found], None
    distances = distances_km(
        origin.latitude,
        origin.longitude,
        [(float(site.latitude), float(site.longitude)) for site in found],
    )
    entries = [Entry(site, distance) for site, distance in zip(found, distances, strict=True)]
    return sorted(entries, key=lambda entry: entry.distance_km or 0.0), origin


def map_region(form: DirectorySearchForm, origin: Commune | None) -> str | None:
    """The region to zoom on: the chosen département's, else the searched commune's."""
    department = form.cleaned_data.get("department") if form.is_valid() else None
    if department:
        return catalogue().region_of.get(department)
    return origin.department.region_id if origin else None


@login_not_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    entries, origin = search(form)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "origin": origin,
        "page_obj": page,
        "entries": page.object_list,
        "total": len(entries),
        # Built by territories.maps, which escapes every text it writes.
        "map_svg": mark_safe(  # noqa: S308
            coverage_map(coverage(), "houses_open", map_region(form, origin))
        ),
    }
    return render(request, "masp/coverage/directory/list.html", context)
