"""Territorial coverage of the houses: indicators per département, region and nation, cached
until a house (or a target, a commune, a reference figure) changes."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.cache import cache

from common.cache import CommitToken, on_change
from masp.models import Site
from masp.sites.enums import SiteStatus
from territories.demand import demand_points
from territories.models import Arrondissement, Commune, Department, OfferReference, Region

if TYPE_CHECKING:  # numpy loads where distances are computed, not in every process
    from territories.accessibility import Places

RADII_KM = (30.0, 60.0)
PLANNED = (SiteStatus.PROJECT, SiteStatus.AUTHORISED)
VERSION_KEY = "coverage:version"
COMMUNES_KEY = "coverage:communes"
# Signals bump the version in the cache the writing process sees. With a shared cache (Redis,
# CACHE_URL) every process sees the change at once; with the default per-process cache another
# process recomputes at the latest after this delay.
TIMEOUT = 300
# Reference data (communes, boundaries) changes with a deployment, not while serving.
REFERENCE_TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Coverage:
    """Indicators of a territory (a département, a region or the nation)."""

    code: str
    name: str
    region_code: str
    region_name: str
    population: int
    houses_open: int
    houses_planned: int
    places: int
    within_30km: int
    within_60km: int
    target: int
    target_gap: int
    departments: int
    departments_without_house: int
    population_without_house: int

    @property
    def places_per_100k(self) -> float:
        return self.places * 100_000 / self.population if self.population else 0.0

    @property
    def within_30km_share(self) -> float:
        return self.within_30km / self.population if self.population else 0.0

    @property
    def within_60km_share(self) -> float:
        return self.within_60km / self.population if self.population else 0.0


@dataclass(frozen=True)
class HousePoint:
    """An open house as a map marker (public facts only)."""

    pk: int
    name: str
    commune: str
    department_code: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class OfferFigure:
    key: str
    label: str
    value: Decimal
    unit: str
    year: int
    source: str


@dataclass(frozen=True)
class Snapshot:
    version: str
    departments: tuple[Coverage, ...]
    regions: tuple[Coverage, ...]
    nation: Coverage
    houses: tuple[HousePoint, ...]
    offer: tuple[OfferFigure, ...]
    accessibility_seconds: float

    def department(self, code: str) -> Coverage | None:
        return next((item for item in self.departments if item.code == code), None)

    def region(self, code: str) -> Coverage | None:
        return next((item for item in self.regions if item.code == code), None)

    def offer_figure(self, key: str) -> OfferFigure | None:
        return next((item for item in self.offer if item.key == key), None)

    @property
    def usp_beds_per_100k(self) -> float | None:
        beds = self.offer_figure("usp_beds")
        if beds is None or not self.nation.population:
            return None
        return float(beds.value) * 100_000 / self.nation.population


# A region renamed changes the titles and tables of the coverage too.
TOKEN = CommitToken(
    VERSION_KEY, (Site, Department, Region, Commune, Arrondissement, OfferReference)
)


def current_version() -> str:
    return TOKEN.current()


def forget_communes(sender: type | None = None, **kwargs: Any) -> None:
    cache.delete(COMMUNES_KEY)


on_change(forget_communes, (Commune, Arrondissement, Department), uid=COMMUNES_KEY)


# The snapshot this process last read, kept as an object: unpickling it from the cache costs
# more than a whole small page. It is only ever returned while the cache still names it (see
# `coverage`), so it is exactly as fresh as the cache.
_last: Snapshot | None = None


def current_key(version: str) -> str:
    """Where the cache names the current snapshot of a version of the data."""
    return f"coverage:current:{version}"


def snapshot_key(name: str) -> str:
    """Where the cache keeps a snapshot, under its name (`Snapshot.version`)."""
    return f"coverage:snapshot:{name}"


def coverage() -> Snapshot:
    """The current indicators (computed at most once per change of the data).

    The cache holds, under the data's version, the name (`Snapshot.version`, unique to each
    computation) of the current snapshot, and the snapshot itself under that name. The name is
    a short string: when it is the one this process read last, that object is returned without
    unpickling the snapshot again. A change of the data (new version), an expiry or a deletion
    of the entry, or another process's newer computation (another name) all read or compute
    the snapshot anew, as before. (The keys are new ones: a process of the former release,
    sharing the cache during a deployment, finds none of its entries taken by these.)"""
    global _last
    version = current_version()
    name = cache.get(current_key(version))
    last = _last
    if isinstance(name, str) and last is not None and last.version == name:
        return last
    snapshot = cache.get(snapshot_key(name)) if isinstance(name, str) else None
    if not isinstance(snapshot, Snapshot):
        # Each computation gets its own token: maps cached for it expire with it.
        snapshot = compute(f"{version}-{uuid.uuid4().hex[:12]}")
        cache.set(snapshot_key(snapshot.version), snapshot, TIMEOUT)
        cache.set(current_key(version), snapshot.version, TIMEOUT)
    _last = snapshot
    return snapshot


def compute(version: str = "") -> Snapshot:
    sites = list(
        Site.objects.filter(status__in=[SiteStatus.OPEN, *PLANNED])
        .order_by("name", "pk")
        .values_list(
            "pk", "name", "commune", "department_id", "status", "capacity", "latitude", "longitude"
        )
    )
    houses = tuple(
        HousePoint(pk, name, commune, code, float(lat), float(lon))
        for pk, name, commune, code, status, _capacity, lat, lon in sites
        if status == SiteStatus.OPEN
    )
    started = time.perf_counter()
    within = accessibility([(house.latitude, house.longitude) for house in houses])
    elapsed = time.perf_counter() - started
    departments = tuple(department_rows(sites, within))
    regions = tuple(aggregate_regions(departments))
    return Snapshot(
        version=version,
        departments=departments,
        regions=regions,
        nation=combine("FR", "France", "", "", departments),
        houses=houses,
        offer=tuple(
            OfferFigure(r.key, r.label, r.value, r.unit, r.year, r.source)
            for r in OfferReference.objects.all()
        ),
        accessibility_seconds=elapsed,
    )


def accessibility(points: list[tuple[float, float]]) -> dict[float, dict[str, int]]:
    """Population within each radius of the nearest of `points`, per département. Cached by
    content (the commune arrays' key and the exact points), so it can never be stale: a PDF
    or a page computed after another for the same houses reads the result instead of
    comparing every commune with every house again."""
    from territories.accessibility import population_within

    places = communes()
    digest = hashlib.sha256(repr((RADII_KM, points)).encode()).hexdigest()
    key = f"coverage:within:{places.key}:{digest}"
    within = cache.get(key)
    if within is None:
        within = population_within(places, points, RADII_KM)
        cache.set(key, within, TIMEOUT)
    return within


def communes() -> Places:
    """Demand points (communes, and the arrondissements of Paris, Lyon and Marseille in place
    of those three communes) as arrays; they change only with the reference data, so a change
    of houses does not reload them."""
    from territories.accessibility import Places

    places = cache.get(COMMUNES_KEY)
    if places is None:
        places = Places.from_rows(
            (point.department, point.population, point.latitude, point.longitude)
            for point in demand_points()
        )
        cache.set(COMMUNES_KEY, places, REFERENCE_TIMEOUT)
    return places


def department_rows(
    sites: list[tuple[Any, ...]], within: dict[float, dict[str, int]]
) -> Iterable[Coverage]:
    opened: dict[str, int] = defaultdict(int)
    planned: dict[str, int] = defaultdict(int)
    places: dict[str, int] = defaultdict(int)
    for _pk, _name, _commune, code, status, capacity, _lat, _lon in sites:
        if status == SiteStatus.OPEN:
            opened[code] += 1
            places[code] += capacity
        else:
            planned[code] += 1
    for department in Department.objects.select_related("region"):
        code = department.code
        without = opened[code] == 0
        yield Coverage(
            code=code,
            name=department.name,
            region_code=department.region_id,
            region_name=department.region.name,
            population=department.population,
            houses_open=opened[code],
            houses_planned=planned[code],
            places=places[code],
            # Demand points' populations add up to the département's (same source; the
            # arrondissements replace their commune).
            within_30km=min(within[RADII_KM[0]].get(code, 0), department.population),
            within_60km=min(within[RADII_KM[1]].get(code, 0), department.population),
            target=department.house_target,
            target_gap=max(department.house_target - opened[code], 0),
            departments=1,
            departments_without_house=int(without),
            population_without_house=department.population if without else 0,
        )


def combine(
    code: str, name: str, region_code: str, region_name: str, items: Iterable[Coverage]
) -> Coverage:
    items = list(items)
    summed = {
        field: sum(getattr(item, field) for item in items)
        for field in (
            "population",
            "houses_open",
            "houses_planned",
            "places",
            "within_30km",
            "within_60km",
            "target",
            "target_gap",
            "departments",
            "departments_without_house",
            "population_without_house",
        )
    }
    return Coverage(
        code=code, name=name, region_code=region_code, region_name=region_name, **summed
    )


def aggregate_regions(departments: Iterable[Coverage]) -> Iterable[Coverage]:
    by_region: dict[str, list[Coverage]] = defaultdict(list)
    for item in departments:
        by_region[item.region_code].append(item)
    for code, items in sorted(by_region.items(), key=lambda pair: pair[1][0].region_name):
        region_name = items[0].region_name
        yield combine(code, region_name, code, region_name, items)
