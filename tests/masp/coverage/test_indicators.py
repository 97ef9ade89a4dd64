"""Coverage indicators on the real reference data (101 départements, 34,875 communes)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from masp.coverage.indicators import compute, coverage
from masp.models import Site
from masp.sites.enums import SiteStatus
from territories.models import Department
from tests.masp.factories import SiteFactory

pytestmark = pytest.mark.django_db

PARIS = {"department_id": "75", "latitude": Decimal("48.85660"), "longitude": Decimal("2.35220")}


def test_without_an_open_house_nobody_is_within_reach() -> None:
    SiteFactory(**PARIS, status=SiteStatus.AUTHORISED)  # planned: does not count
    snapshot = coverage()
    assert len(snapshot.departments) == 101
    assert len(snapshot.regions) == 18
    nation = snapshot.nation
    assert nation.houses_open == 0
    assert nation.houses_planned == 1
    assert nation.within_30km == nation.within_60km == 0
    assert nation.within_30km_share == 0.0
    assert nation.departments_without_house == 101
    assert nation.population_without_house == nation.population
    assert 67_000_000 < nation.population < 70_000_000
    assert nation.target_gap == 101


def test_a_house_in_paris_covers_all_of_paris_within_30_km() -> None:
    SiteFactory(**PARIS, opened=True, capacity=15)
    snapshot = coverage()
    paris = snapshot.department("75")
    assert paris.houses_open == 1
    assert paris.places == 15
    assert paris.within_30km_share == 1.0
    assert paris.within_60km_share == 1.0
    assert paris.places_per_100k == pytest.approx(15 * 100_000 / paris.population)
    assert paris.target_gap == 0
    assert paris.departments_without_house == 0
    # The inner suburbs are within 30 km too; Marseille is not.
    assert snapshot.department("92").within_30km_share == 1.0
    assert 0 < snapshot.department("77").within_30km_share < 1
    assert snapshot.department("13").within_60km_share == 0.0
    ile_de_france = snapshot.region("11")
    assert ile_de_france.houses_open == 1
    assert ile_de_france.departments_without_house == 7
    assert snapshot.nation.departments_without_house == 100
    assert snapshot.nation.target_gap == 100


def test_statuses_places_and_targets() -> None:
    SiteFactory(department_id="59", opened=True, capacity=12)
    SiteFactory(department_id="59", opened=True, capacity=8)
    SiteFactory(department_id="59", status=SiteStatus.PROJECT)
    SiteFactory(department_id="59", status=SiteStatus.CLOSED)
    Department.objects.filter(code="59").update(house_target=3)
    nord = coverage().department("59")
    assert (nord.houses_open, nord.houses_planned, nord.places) == (2, 1, 20)
    assert nord.target == 3
    assert nord.target_gap == 1
    hauts_de_france = coverage().region("32")
    assert hauts_de_france.places == 20
    assert hauts_de_france.target_gap == 1 + 4  # Nord short of one, four départements of none


def test_region_and_nation_add_up_their_departments() -> None:
    SiteFactory(
        department_id="35", latitude=Decimal("48.11"), longitude=Decimal("-1.68"), opened=True
    )
    snapshot = coverage()
    bretagne = snapshot.region("53")
    parts = [d for d in snapshot.departments if d.region_code == "53"]
    assert bretagne.population == sum(d.population for d in parts)
    assert bretagne.within_30km == sum(d.within_30km for d in parts)
    assert bretagne.departments == 4
    assert snapshot.nation.population == sum(d.population for d in snapshot.departments)


def test_cached_until_a_house_changes(django_assert_num_queries) -> None:
    site = SiteFactory(department_id="59", opened=True)
    assert coverage().nation.houses_open == 1
    with django_assert_num_queries(0):
        coverage()
    site.status = SiteStatus.SUSPENDED
    site.save()
    assert coverage().nation.houses_open == 0
    site.delete()
    SiteFactory(department_id="62", opened=True)
    assert coverage().department("62").houses_open == 1
    Department.objects.get(code="62").save()  # a target edited in the admin
    assert coverage().department("59").houses_open == 0


def test_a_change_of_houses_does_not_reload_the_communes(django_assert_num_queries) -> None:
    coverage()
    SiteFactory(department_id="59", opened=True)
    with django_assert_num_queries(3):  # houses, départements, reference figures
        assert coverage().nation.houses_open == 1


def test_accessibility_is_reused_for_the_same_houses_and_recomputed_when_one_moves(
    monkeypatch,
) -> None:
    from territories import accessibility as module

    calls = []
    real = module.population_within
    monkeypatch.setattr(
        module, "population_within", lambda *args: calls.append(args) or real(*args)
    )
    house = SiteFactory(**PARIS, opened=True)
    first = compute()
    assert compute().nation.within_30km == first.nation.within_30km
    assert len(calls) == 1  # the same houses: read from the cache
    house.latitude, house.longitude = Decimal("43.29650"), Decimal("5.36980")  # Marseille
    house.save()
    moved = compute()
    assert len(calls) == 2
    assert moved.department("75").within_30km == 0
    assert moved.department("13").within_30km > 0


def test_usp_comparison_uses_the_reference_figures() -> None:
    snapshot = coverage()
    assert snapshot.offer_figure("usp_beds").year == 2021
    assert snapshot.usp_beds_per_100k == pytest.approx(1980 * 100_000 / snapshot.nation.population)


@pytest.mark.bench
def test_national_recomputation_is_well_under_a_second() -> None:
    for index in range(100):
        SiteFactory(
            department_id="59",
            latitude=Decimal("42.5") + Decimal(index) / 12,
            longitude=Decimal("-1.5") + Decimal(index) / 11,
            opened=True,
        )
    coverage()  # commune arrays loaded once, as after any first request
    snapshot = compute()
    assert snapshot.nation.houses_open == 100
    assert snapshot.accessibility_seconds < 1.0


def test_the_snapshot_read_last_is_reused_only_while_the_cache_names_it(monkeypatch) -> None:
    """The process keeps the snapshot it read last rather than unpickling it on every page;
    it is the cache's current one, or it is read or computed again."""
    from django.core.cache import cache

    from masp.coverage import indicators as module

    site = SiteFactory(department_id="59", opened=True)
    first = coverage()
    assert coverage() is first  # not read from the cache again
    loads: list[str] = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: loads.append(key) or real_get(key, *a, **k)
    )
    coverage()
    assert module.snapshot_key(first.version) not in loads
    monkeypatch.undo()

    # A change of the data: the new figures show on the next call.
    site.status = SiteStatus.SUSPENDED
    site.save()
    second = coverage()
    assert second is not first
    assert second.nation.houses_open == 0

    # An expired (here deleted) entry: computed again, even without a signal.
    Site.objects.bulk_create([SiteFactory.build(department_id="62", opened=True)])
    assert coverage() is second  # no signal, entry still there: as the cache says
    cache.delete(module.current_key(module.current_version()))
    third = coverage()
    assert third is not second
    assert third.department("62").houses_open == 1

    # Another process's newer computation (a shared cache): this process reads it.
    other = module.compute(f"{module.current_version()}-other")
    cache.set(module.snapshot_key(other.version), other, module.TIMEOUT)
    cache.set(module.current_key(module.current_version()), other.version, module.TIMEOUT)
    assert coverage().version == other.version
