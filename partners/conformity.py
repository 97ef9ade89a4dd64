"""Which houses lack a required convention, and which conventions expire soon (reads)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from masp.models import Site
from masp.sites.enums import SiteStatus
from partners.enums import OrganisationKind
from partners.models import Convention, ConventionQuerySet, ConventionRequirement
from territories.models import Department


def missing_kinds(required: Iterable[str], present: Iterable[str]) -> tuple[str, ...]:
    """The required partner kinds without a convention in force (the rule, kept pure)."""
    present = set(present)
    return tuple(kind for kind in required if kind not in present)


@dataclass(frozen=True)
class Conformity:
    # Only open houses are held to the requirements; others are shown for information.
    applies: bool
    missing: tuple[str, ...]

    @property
    def is_conform(self) -> bool:
        return not self.missing

    @property
    def missing_labels(self) -> list[str]:
        return [str(OrganisationKind(kind).label) for kind in self.missing]


def required_kinds() -> list[str]:
    return list(ConventionRequirement.objects.active().values_list("kind", flat=True))


class HouseLike(Protocol):
    """A house as the conformity reads it (a `Site`, an `OpenHouse`)."""

    @property
    def pk(self) -> Any: ...

    @property
    def status(self) -> str: ...


def conformity_of_sites(
    sites: Iterable[HouseLike],
    *,
    today: dt.date | None = None,
    required: list[str] | None = None,
) -> dict[int, Conformity]:
    """The conformity of each house, in two queries whatever the number of houses (one when
    the caller passes the `required_kinds()` it has read)."""
    sites = list(sites)
    if required is None:
        required = required_kinds()
    present: dict[int, set[str]] = defaultdict(set)
    rows = (
        Convention.objects.in_force(today)
        .filter(site__in=[site.pk for site in sites], partner__kind__in=required)
        .values_list("site_id", "partner__kind")
        .order_by()  # a set per house: no need for the model's order (and its join)
    )
    for site_id, kind in rows:
        present[site_id].add(kind)
    return {
        site.pk: Conformity(
            applies=site.status == SiteStatus.OPEN,
            missing=missing_kinds(required, present[site.pk]),
        )
        for site in sites
    }


def conformity_of(site: Site, *, today: dt.date | None = None) -> Conformity:
    return conformity_of_sites([site], today=today)[site.pk]


def non_conforming(
    sites: QuerySet[Site], *, today: dt.date | None = None, required: list[str] | None = None
) -> list[tuple]:
    """(house, conformity) for the open houses among `sites` that miss a required convention
    (`required`: the `required_kinds()` when the caller has read them)."""
    open_sites = list(sites.filter(status=SiteStatus.OPEN).select_related("department__region"))
    conformity = conformity_of_sites(open_sites, today=today, required=required)
    return [
        (site, conformity[site.pk]) for site in open_sites if not conformity[site.pk].is_conform
    ]


@dataclass(frozen=True)
class OpenHouse:
    """What the follow-up shows of an open house, read as values rather than three models
    per house."""

    pk: int
    name: str
    department: str  # as the department prints itself: "Nord (59)"
    region_name: str
    status: str = SiteStatus.OPEN


def non_conforming_houses(
    sites: QuerySet[Site], *, today: dt.date | None = None, required: list[str] | None = None
) -> list[tuple[OpenHouse, Conformity]]:
    """`non_conforming` as `OpenHouse` values (same houses, same order)."""
    rows = sites.filter(status=SiteStatus.OPEN).values_list(
        "pk", "name", "department__code", "department__name", "department__region__name"
    )
    departments: dict[str, str] = {}
    houses = []
    for pk, name, code, department_name, region_name in rows:
        label = departments.get(code)
        if label is None:
            label = departments[code] = str(Department(code=code, name=department_name))
        houses.append(OpenHouse(pk, name, label, region_name))
    conformity = conformity_of_sites(houses, today=today, required=required)
    return [
        (house, conformity[house.pk]) for house in houses if not conformity[house.pk].is_conform
    ]


def expiring(
    conventions: ConventionQuerySet, *, today: dt.date | None = None
) -> ConventionQuerySet:
    """Conventions in force that end within the warning window (90 days by default)."""
    today = today or timezone.localdate()
    return (
        conventions.expiring_within(settings.PARTNERS_EXPIRY_WARNING_DAYS, today)
        .select_related("site__department", "partner")
        .order_by("valid_until", "pk")
    )
