"""Reads of the siting advisor: the communes as arrays (demand points and candidate places),
the houses that count as already there, the saved scenarios."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.cache import cache

from common.cache import on_change
from masp.coverage.indicators import REFERENCE_TIMEOUT
from masp.models import Site
from masp.sites.enums import SiteStatus
from territories.models import Commune, Department

COMMUNES_KEY = "siting:communes"


@dataclass(frozen=True)
class Communes:
    """Every commune (the coverage indicators' demand points) as parallel arrays."""

    code: np.ndarray
    name: np.ndarray
    department: np.ndarray
    region: np.ndarray
    population: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    department_names: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.code)

    def in_scope(self, scope: str) -> np.ndarray:
        """Indices of the communes of a region, or of France (`FR`)."""
        if scope == "FR":
            return np.arange(len(self))
        return np.flatnonzero(self.region == scope)


def forget_communes(sender: type | None = None, **kwargs: Any) -> None:
    cache.delete(COMMUNES_KEY)


on_change(forget_communes, (Commune, Department), uid=COMMUNES_KEY)


def communes() -> Communes:
    """Loaded once per change of the reference data (two queries), then from the cache."""
    found = cache.get(COMMUNES_KEY)
    if found is None:
        rows = list(
            Commune.objects.order_by("code").values_list(
                "code",
                "name",
                "department_id",
                "department__region_id",
                "population",
                "latitude",
                "longitude",
            )
        )
        columns = list(zip(*rows, strict=True)) if rows else [()] * 7
        found = Communes(
            code=np.array(columns[0], dtype=object),
            name=np.array(columns[1], dtype=object),
            department=np.array(columns[2], dtype=object),
            region=np.array(columns[3], dtype=object),
            population=np.array(columns[4], dtype=float),
            latitude=np.array(columns[5], dtype=float),
            longitude=np.array(columns[6], dtype=float),
            department_names=dict(Department.objects.values_list("code", "name")),
        )
        cache.set(COMMUNES_KEY, found, REFERENCE_TIMEOUT)
    return found


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
