"""Demand points of the coverage indicators and of the siting advisor: every commune, except
that Paris, Lyon and Marseille count by their municipal arrondissements, each with its own
population and representative point. A commune with arrondissements is left out, so nobody is
counted twice (the arrondissements add up to their commune's population)."""

from __future__ import annotations

from typing import NamedTuple

from territories.models import Arrondissement, Commune


class DemandPoint(NamedTuple):
    code: str
    name: str
    department: str
    region: str
    population: int
    latitude: float
    longitude: float
    commune: str  # its own code for a commune, its commune's for an arrondissement


def demand_points() -> list[DemandPoint]:
    """Communes without arrondissements, then arrondissements, by code (two queries)."""
    measures = ("population", "latitude", "longitude")
    communes = (
        Commune.objects.exclude(code__in=Arrondissement.objects.values("commune_id"))
        .order_by("code")
        .values_list("code", "name", "department_id", "department__region_id", *measures, "code")
    )
    arrondissements = Arrondissement.objects.order_by("code").values_list(
        "code",
        "name",
        "commune__department_id",
        "commune__department__region_id",
        *measures,
        "commune_id",
    )
    return [DemandPoint(*row) for row in [*communes, *arrondissements]]
