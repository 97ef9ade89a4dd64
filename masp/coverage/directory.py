"""The public directory of open houses (no login): public contact details only."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from common.text import of_place, plural_number
from masp.coverage.indicators import coverage
from masp.coverage.maps import coverage_map
from masp.models import Site, SiteQuerySet
from masp.sites.forms import DirectorySearchForm
from territories.accessibility import distances_km
from territories.forms import catalogue
from territories.models import Commune, Department

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


# What the search reads of every matching house: the public fields as plain values. Only the
# houses of the page shown become `Site` objects (as `public_sites()` would have loaded them).
ROW_FIELDS = ("pk", *PUBLIC_FIELDS)
LATITUDE, LONGITUDE = ROW_FIELDS.index("latitude"), ROW_FIELDS.index("longitude")
Row = tuple[Any, ...]


def loader(model: type[Model], names: dict[str, str]) -> Callable[[Row], Any]:
    """Builds a `model` instance as a queryset with `only()` would, from the values of a row:
    `names` maps each loaded field's attname to its name in ROW_FIELDS."""
    fields = [f.attname for f in model._meta.concrete_fields if f.attname in names]
    indexes = [ROW_FIELDS.index(names[attname]) for attname in fields]

    def load(row: Row) -> Any:
        return model.from_db(DEFAULT_DB_ALIAS, fields, [row[index] for index in indexes])

    return load


load_site = loader(
    Site,
    {
        Site._meta.pk.attname: "pk",
        "department_id": "department__code",
        **{name: name for name in PUBLIC_FIELDS if not name.startswith("department__")},
    },
)
load_department = loader(Department, {"code": "department__code", "name": "department__name"})


@dataclass(frozen=True)
class Entry:
    site: Site
    distance_km: float | None = None


def as_site(row: Row) -> Site:
    """The house of a row, with the same fields loaded as `public_sites()` (the others deferred)
    and its département's code and name."""
    site: Site = load_site(row)
    site.department = load_department(row)
    return site


class Entries(Sequence[Entry]):
    """The houses found, in order, with their distances: an entry (and its `Site`) is built
    only when read, so a page builds its PAGE_SIZE houses, not every open house."""

    def __init__(self, rows: list[Row], distances: list[float | None] | None = None) -> None:
        self.rows = rows
        self.distances = distances if distances is not None else [None] * len(rows)

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Entry: ...

    @overload
    def __getitem__(self, index: slice) -> list[Entry]: ...

    def __getitem__(self, index: int | slice) -> Entry | list[Entry]:
        if isinstance(index, slice):
            return [
                Entry(as_site(row), distance)
                for row, distance in zip(self.rows[index], self.distances[index], strict=True)
            ]
        return Entry(as_site(self.rows[index]), self.distances[index])


@dataclass(frozen=True)
class Result:
    entries: Entries
    # The commune the distances are measured from: the one searched or, for a département
    # without a house, its most populous commune.
    origin: Commune | None = None
    # The département searched when it has no open house: `entries` are then the nearest ones.
    empty_department: str | None = None


def public_sites() -> SiteQuerySet:
    return Site.objects.public().select_related("department").only(*PUBLIC_FIELDS)


def public_rows(sites: SiteQuerySet | None = None) -> list[Row]:
    """The rows of `sites` (by default every house of the directory), in the same order."""
    return list((public_sites() if sites is None else sites).values_list(*ROW_FIELDS))


def by_distance(rows: list[Row], origin: Commune) -> Entries:
    distances = distances_km(
        origin.latitude,
        origin.longitude,
        [(float(row[LATITUDE]), float(row[LONGITUDE])) for row in rows],
    )
    pairs = sorted(zip(rows, distances, strict=True), key=lambda pair: pair[1] or 0.0)
    return Entries([row for row, _ in pairs], [distance for _, distance in pairs])


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
        return Result(Entries([]), None, department)
    closest = by_distance(public_rows(), origin)
    return Result(Entries(closest.rows[:NEAREST], closest.distances[:NEAREST]), origin, department)


def search(form: DirectorySearchForm) -> Result:
    """Open houses matching the search; nearest first when the search names a commune; the
    nearest ones elsewhere when the département searched has none."""
    sites = public_sites()
    if not form.is_valid():
        return Result(Entries(public_rows(sites)))
    department = form.cleaned_data["department"]
    if department:
        sites = sites.filter(department_id=department)
    term = form.cleaned_data["q"].strip()
    origin = Commune.objects.matching(term).select_related("department").first() if term else None
    if term and origin is None:
        sites = sites.filter(Q(commune__icontains=term) | Q(postcode__startswith=term))
    found = public_rows(sites)
    if not found and department and (origin is not None or not term):
        return nearest(department, origin)
    if origin is None:
        return Result(Entries(found))
    return Result(by_distance(found, origin), origin)


# One house of the list, exactly as the template loop wrote it (its indentation included).
CARD = (
    '\n      \n      <div class="fr-mb-2w"><div class="fr-card fr-card--no-arrow">\n'
    '        <div class="fr-card__body"><div class="fr-card__content">\n'
    '          <h3 class="fr-card__title">{name}</h3>\n'
    '          <p class="fr-card__desc">\n'
    "            {address}<br>{postcode} {commune} — {department_name} ({department_code})<br>\n"
    "            {places}\n"
    "          </p>\n"
    '          <ul class="fr-card__desc">\n'
    "            {phone}\n"
    "            {email}\n"
    "            {website}\n"
    "          </ul>\n"
    "          {distance}\n"
    "        </div></div>\n"
    "      </div></div>\n"
    "      \n    "
)
PHONE = '<li>{label} <a href="tel:{phone}">{phone}</a></li>'
EMAIL = '<li>{label} <a href="mailto:{email}">{email}</a></li>'
WEBSITE = '<li><a href="{url}" rel="noopener" target="_blank" title="{title}">{label}</a></li>'
DISTANCE = (
    '<p class="fr-card__detail"><span class="fr-badge fr-badge--info fr-badge--no-icon '
    'fr-badge--sm">{distance}</span></p>'
)


def cards(entries: Iterable[Entry]) -> SafeString:
    """The houses of the page shown, as cards. Written here rather than by a template loop
    (twenty cards of a dozen tags cost the template engine as much as the search itself), with
    the template's messages and formatting: its `translate` texts escaped, its `blocktranslate`
    texts (whose values are escaped) as they are, `localize` for the number of places."""
    escape = conditional_escape
    phone_label = escape(gettext("Téléphone :"))
    email_label = escape(gettext("Courriel :"))
    website_label = escape(gettext("Site internet"))
    html = []
    for entry in entries:
        site = entry.site
        places = ngettext(
            "%(places)s place, gérée par %(manager)s",
            "%(places)s places, gérée par %(manager)s",
            site.capacity,
        ) % {"places": escape(localize(site.capacity)), "manager": escape(site.manager_name)}
        phone = escape(site.public_phone)
        email = escape(site.public_email)
        website = ""
        if site.website:
            title = gettext("Site internet de %(name)s (nouvelle fenêtre)") % {
                "name": escape(site.name)
            }
            website = WEBSITE.format(url=escape(site.website), title=title, label=website_label)
        distance = ""
        if entry.distance_km is not None:
            km = gettext("à %(km)s km à vol d'oiseau") % {
                "km": escape(floatformat(entry.distance_km, "0"))
            }
            distance = DISTANCE.format(distance=km)
        html.append(
            CARD.format(
                name=escape(site.name),
                address=escape(site.address),
                postcode=escape(site.postcode),
                commune=escape(site.commune),
                department_name=escape(site.department.name),
                department_code=escape(site.department.code),
                places=places,
                phone=PHONE.format(label=phone_label, phone=phone) if site.public_phone else "",
                email=EMAIL.format(label=email_label, email=email) if site.public_email else "",
                website=website,
                distance=distance,
            )
        )
    # Every value is escaped above; the messages are the template's, written as it did.
    return mark_safe("".join(html))  # noqa: S308


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
        "cards": cards(page.object_list),
        "total": total,
        "plural_total": plural_number(total),
        # Built by territories.maps, which escapes every text it writes.
        "map_svg": mark_safe(  # noqa: S308
            coverage_map(coverage(), "houses_open", zoom)
        ),
    }
    return render(request, "masp/coverage/directory/list.html", context)
