"""The EMSP convention indicator, registered by reporting into the funding scheme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pytest_django import DjangoAssertNumQueries

from funding.indicators import REGISTRY
from tests.partners.factories import ConventionFactory, OrganisationFactory
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_emsp_convention_in_force_at_the_end_of_the_year(world: World) -> None:
    compute = REGISTRY["emsp_convention"].compute
    ConventionFactory(site=world.site_a)  # an EMSP, in force 2025-02-01 to 2028-01-31
    volunteers = OrganisationFactory(volunteers=True)
    ConventionFactory(site=world.site_b, partner=volunteers)
    assert compute(world.site_a, 2025) == Decimal(100)
    assert compute(world.site_a, 2024) == Decimal(0)  # not yet signed
    assert compute(world.site_b, 2025) == Decimal(0)  # not an EMSP
    ConventionFactory(site=world.site_c, terminated_on=dt.date(2025, 6, 1))
    assert compute(world.site_c, 2025) == Decimal(0)


def test_emsp_and_had_share_one_query_in_the_simulation(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Both indicators read the kinds in force once (`loader`), and say what `compute` says."""
    emsp, had = REGISTRY["emsp_convention"], REGISTRY["had_convention"]
    ConventionFactory(site=world.site_a)  # an EMSP, in force 2025-02-01 to 2028-01-31
    assert emsp.loader is not None
    assert emsp.loader is had.loader
    assert emsp.from_loaded is not None
    assert had.from_loaded is not None
    with django_assert_num_queries(1):
        kinds = emsp.loader(world.site_a, 2025)
    assert emsp.from_loaded(kinds, 2025) == emsp.compute(world.site_a, 2025) == Decimal(100)
    assert had.from_loaded(kinds, 2025) == had.compute(world.site_a, 2025) == Decimal(0)
