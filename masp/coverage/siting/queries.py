"""Reads of the siting advisor: the communes as arrays (demand points and candidate places),
the houses that count as already there, the saved scenarios."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.cache import cache

from common.cache import on_change
from masp.coverage.indicators import REFERENCE_TIMEOUT
from masp.models import Site
from masp.sites.enums import SiteStatus
from territories.demand import demand_points
from territories.models import Arrondissement, Commune, Department

COMMUNES_KEY = "siting:communes"


@dataclass(frozen=True)
class Communes:
    """Every commune (the candidate places) and every demand point of the coverage indicators
    (the communes, with the arrondissements of Paris, Lyon and Marseille in place of those
    three communes) as parallel arrays: `candidate` and `demand` say which is which."""

    code: np.ndarray
    name: np.ndarray
    department: np.ndarray
    region: np.ndarray
    population: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    candidate: np.ndarray  # bool: a commune, where a house may be proposed
    demand: np.ndarray  # bool: a demand point, whose population counts
    department_names: dict[str, str] = field(default_factory=dict)
    # The indices of each region's points, found once (the arrays are shared by the requests).
    regions: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.code)

    def in_scope(self, scope: str) -> np.ndarray:
        """Indices of the points of a region, or of France (`FR`)."""
        if scope == "FR":
            return np.arange(len(self))
        found = self.regions.get(scope)
        if found is None:
            found = np.flatnonzero(self.region == scope)
            found.flags.writeable = False
            self.regions[scope] = found
        return found

    def candidates_in(self, scope: str) -> np.ndarray:
        """Indices of the communes of a scope (the places a house may be proposed at)."""
        indices = self.in_scope(scope)
        return indices[self.candidate[indices]]

    def demand_in(self, scope: str) -> np.ndarray:
        """Indices of the demand points of a scope (each inhabitant counted once)."""
        indices = self.in_scope(scope)
        return indices[self.demand[indices]]


def forget_communes(sender: type | None = None, **kwargs: Any) -> None:
    token = cache.get(COMMUNES_KEY)
    cache.delete(COMMUNES_KEY)
    if token is not None:
        cache.delete(f"{COMMUNES_KEY}:{token}")


on_change(forget_communes, (Commune, Arrondissement, Department), uid=COMMUNES_KEY)

# The arrays last read by this process, under the token they were stored with: the cache keeps
# the token of the current arrays (COMMUNES_KEY) and the arrays under it, and a page reads the
# token only (unpickling the 35,000 communes took 40 ms a page). A change of the reference
# data deletes the token: the next read loads the arrays again, under a new token.
_loaded: dict[str, Communes] = {}


def communes() -> Communes:
    """Loaded once per change of the reference data (four queries), then from the cache."""
    token = cache.get(COMMUNES_KEY)
    if token is not None:
        found = _loaded.get(token)
        if found is not None:
            return found
        found = cache.get(f"{COMMUNES_KEY}:{token}")
        if found is not None:
            return remember(token, found)
    found = load_communes()
    token = uuid.uuid4().hex
    cache.set(f"{COMMUNES_KEY}:{token}", found, REFERENCE_TIMEOUT)
    cache.set(COMMUNES_KEY, token, REFERENCE_TIMEOUT)
    return remember(token, found)


def remember(token: str, found: Communes) -> Communes:
    """Keep the arrays for this process's next reads, read-only since every request shares
    them."""
    for value in vars(found).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    _loaded.clear()
    _loaded[token] = found
    return found


def load_communes() -> Communes:
    # Each inhabitant is counted once: the communes split into arrondissements are
    # candidates only, their arrondissements demand points only.
    rows = [(*point[:7], point.code == point.commune, True) for point in demand_points()]
    rows += [(*row, True, False) for row in split_communes()]
    rows.sort(key=lambda row: row[0])
    columns = list(zip(*rows, strict=True)) if rows else [()] * 9
    return Communes(
        code=np.array(columns[0], dtype=object),
        name=np.array(columns[1], dtype=object),
        department=np.array(columns[2], dtype=object),
        region=np.array(columns[3], dtype=object),
        population=np.array(columns[4], dtype=float),
        latitude=np.array(columns[5], dtype=float),
        longitude=np.array(columns[6], dtype=float),
        candidate=np.array(columns[7], dtype=bool),
        demand=np.array(columns[8], dtype=bool),
        department_names=dict(Department.objects.values_list("code", "name")),
    )


def split_communes() -> list[tuple[Any, ...]]:
    """Paris, Lyon and Marseille as candidate places (their arrondissements are the demand)."""
    return list(
        Commune.objects.filter(code__in=Arrondissement.objects.values("commune_id"))
        .order_by("code")
        .values_list(
            "code",
            "name",
            "department_id",
            "department__region_id",
            "population",
            "latitude",
            "longitude",
        )
    )


@dataclass(frozen=True)
class House:
    name: str
    commune: str
    department: str
    status: str
    latitude: float
    longitude: float


def houses(statuses: tuple[str, ...]) -> list[House]:
    """Every house of the given statuses, wherever it is: a house across a regional border
    reaches the population on this side too."""
    if not statuses:
        return []
    rows = (
        Site.objects.filter(status__in=statuses)
        .order_by("name", "pk")
        .values_list("name", "commune", "department_id", "status", "latitude", "longitude")
    )
    return [House(n, c, d, s, float(lat), float(lon)) for n, c, d, s, lat, lon in rows]


def departments_with_open_house() -> set[str]:
    return set(Site.objects.filter(status=SiteStatus.OPEN).values_list("department_id", flat=True))
