"""The advisor on the real communes: brute force for k = 1, constraints, cache, bad input."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from masp.coverage.siting import queries, services
from masp.coverage.siting.queries import communes
from masp.coverage.siting.services import Parameters, cached_result, check_parameters, compute
from masp.sites.enums import SiteStatus
from territories.accessibility import haversine_km
from territories.models import Commune
from tests.masp.factories import SiteFactory

pytestmark = pytest.mark.django_db
BRITTANY = "53"


def test_k1_equals_a_brute_force_over_every_commune_of_a_real_region() -> None:
    SiteFactory(department_id="29", latitude=48.39, longitude=-4.49, opened=True)  # Brest
    result = compute(Parameters(scope=BRITTANY, radius_km=30, k=1))
    places = communes()
    scope = places.in_scope(BRITTANY)
    lat, lon, population = (
        places.latitude[scope],
        places.longitude[scope],
        places.population[scope],
    )
    reached = haversine_km(lat, lon, np.full_like(lat, 48.39), np.full_like(lon, -4.49)) <= 30
    distances = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    gains = ((distances <= 30) & ~reached[None, :]) @ population
    best = int(np.argmax(gains))
    (proposal,) = result.proposals
    assert proposal.insee == places.code[scope][best]
    assert proposal.new_population == round(gains[best])
    assert result.existing_population == round(population[reached].sum())
    assert proposal.covered_population == result.existing_population + proposal.new_population
    assert result.scope_population == round(population.sum())
    assert proposal.nearest_house_km == pytest.approx(
        haversine_km(lat[best], lon[best], 48.39, -4.49), abs=0.05
    )
    assert proposal.nearest_usp_km is None  # no USP locations in the reference data


def test_cumulative_figures_follow_the_order_chosen() -> None:
    result = compute(Parameters(scope=BRITTANY, radius_km=30, k=4))
    gains = [proposal.new_population for proposal in result.proposals]
    assert gains == sorted(gains, reverse=True)  # each one the best of what was left
    covered = result.existing_population
    for proposal in result.proposals:
        covered += proposal.new_population
        assert proposal.covered_population == covered
        assert proposal.covered_share == pytest.approx(covered / result.scope_population, abs=1e-6)


def test_one_house_per_department() -> None:
    result = compute(Parameters(scope=BRITTANY, radius_km=60, k=4, one_per_department=True))
    assert sorted(proposal.department for proposal in result.proposals) == ["22", "29", "35", "56"]


def test_only_departments_without_an_open_house() -> None:
    SiteFactory(department_id="35", latitude=48.11, longitude=-1.68, opened=True)
    SiteFactory(department_id="29", latitude=48.39, longitude=-4.49, status=SiteStatus.PROJECT)
    result = compute(Parameters(scope=BRITTANY, k=3, only_uncovered_departments=True))
    departments = {proposal.department for proposal in result.proposals}
    assert departments <= {"22", "29", "56"}  # a planned house does not cover a département


def test_candidates_by_population_or_by_list() -> None:
    large = compute(Parameters(scope=BRITTANY, k=2, min_population=20_000))
    places = communes()
    population = dict(zip(places.code.tolist(), places.population.tolist(), strict=True))
    assert all(population[proposal.insee] >= 20_000 for proposal in large.proposals)
    listed = compute(Parameters(scope=BRITTANY, k=2, insee=("29019", "35238", "56260")))
    assert {proposal.insee for proposal in listed.proposals} <= {"29019", "35238", "56260"}
    assert listed.candidates == 3


def test_existing_houses_counted_by_status() -> None:
    SiteFactory(department_id="35", latitude=48.11, longitude=-1.68, status=SiteStatus.AUTHORISED)
    open_only = compute(Parameters(scope=BRITTANY, k=1))
    with_authorised = compute(Parameters(scope=BRITTANY, k=1, existing=("open", "authorised")))
    assert open_only.existing_population == 0
    assert with_authorised.existing_population > 200_000  # Rennes and around
    assert with_authorised.proposals[0].nearest_house_km is not None
    assert open_only.proposals[0].nearest_house_km is None


def test_the_result_is_cached_until_a_house_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[Parameters] = []
    real = services.compute

    def counting(parameters: Parameters) -> services.Result:
        runs.append(parameters)
        return real(parameters)

    monkeypatch.setattr(services, "compute", counting)
    parameters = Parameters(scope=BRITTANY, k=2)
    first = cached_result(parameters)
    assert cached_result(parameters) == first
    assert len(runs) == 1
    SiteFactory(department_id="35", latitude=48.11, longitude=-1.68, opened=True)
    changed = cached_result(parameters)
    assert len(runs) == 2
    assert changed.existing_population > first.existing_population


@pytest.mark.parametrize(
    ("parameters", "field", "message"),
    [
        (Parameters(scope="99"), "scope", "Périmètre inconnu"),
        (Parameters(radius_km=5), "radius_km", "entre 10 et 100 km"),
        (Parameters(k=21), "k", "entre 1 et 20"),
        (Parameters(existing=("closed",)), "existing", "open, authorised, project"),
        (Parameters(method="simplex"), "method", "greedy ou exact"),
        (Parameters(scope=BRITTANY, insee=("59350",)), "candidates", "hors du périmètre"),
        (Parameters(scope=BRITTANY, min_population=10_000_000), "candidates", "Aucune commune"),
        (Parameters(scope=BRITTANY, k=5, one_per_department=True), "k", "Seulement 4"),
    ],
)
def test_invalid_parameters_name_the_field_in_french(
    parameters: Parameters, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        check_parameters(parameters)
    assert message in " ".join(raised.value.message_dict[field])


def test_exact_on_a_small_instance_is_proven() -> None:
    result = compute(
        Parameters(scope=BRITTANY, k=2, insee=("29019", "35238", "56260", "22278"), method="exact")
    )
    assert result.method == "exact"
    assert result.status == "optimal"
    assert result.optimality_gap == 0


def test_parameters_round_trip() -> None:
    parameters = Parameters(scope=BRITTANY, k=2, insee=("29019",), one_per_department=True)
    assert Parameters.from_dict(parameters.as_dict()) == parameters


def test_the_communes_are_read_once_then_follow_a_change_of_the_reference_data(
    django_assert_num_queries: Any,
) -> None:
    first = communes()
    with django_assert_num_queries(0):
        again = communes()
    assert again is first  # kept by the process, not unpickled from the cache on every page
    with pytest.raises(ValueError, match="read-only"):
        first.population[0] = 0  # shared by every request: read-only
    index = int(np.flatnonzero(first.code == "29019")[0])  # Brest
    brest = Commune.objects.get(code="29019")
    brest.population += 1000
    brest.save()
    changed = communes()
    assert changed is not first
    assert changed.population[index] == first.population[index] + 1000
    assert communes() is changed


def test_the_communes_of_another_process_are_read_from_the_cache(
    django_assert_num_queries: Any,
) -> None:
    first = communes()
    queries._loaded.clear()  # as in another process sharing the cache
    with django_assert_num_queries(0):
        again = communes()
    assert again is not first
    assert (again.code == first.code).all()
    assert (again.population == first.population).all()
