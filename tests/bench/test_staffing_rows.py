"""The staffing rows are evaluated once per process until something they read changes
(`masp.staffing.queries.house_rows`): the staffing overview, the region's staffing page and
the ARS agent's home read them, and evaluating a thousand declarations takes seconds
(docs/performance.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from masp.models import StaffingDeclaration, StaffingLine
from tests.masp.factories import SiteFactory
from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday
from tests.personas import World

pytestmark = [pytest.mark.bench, pytest.mark.django_db]
# session, user, savepoint, scope, release: the houses, declarations and lines (3 queries)
# are read only when evaluating; the norm set, its rules and their roles (5 queries) on the
# first request only, until a norm set changes.
KEPT = 5
EVALUATED = KEPT + 3
NORMS = 5


def test_the_overview_evaluates_once_until_a_change(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    site = SiteFactory(opened=True, department_id="29", capacity=10)
    StaffingDeclarationFactory(
        site=site, declared_on=dt.date(2026, 10, 1), lines=night_off_on_sunday()
    )
    client = world.client("analyst")
    url = reverse("masp:staffing_overview")
    with django_assert_num_queries(EVALUATED + NORMS):
        first = client.get(url)
    with django_assert_num_queries(KEPT):
        second = client.get(url)
    gaps = {row.code: row.gap for row in first.context["rows"]}
    unevaluable = {row.code: row.not_evaluable for row in first.context["rows"]}
    assert gaps["53"] == 1  # the Sunday night nobody works
    assert {row.code: row.gap for row in second.context["rows"]} == gaps

    # A line saved (its signal renews the token): evaluated again, the gap is still seen.
    line = StaffingLine.objects.filter(declaration__site=site).first()
    assert line is not None
    line.save()
    with django_assert_num_queries(EVALUATED):
        client.get(url)

    # The declaration withdrawn: the house has nothing to evaluate any more.
    StaffingDeclaration.objects.get(site=site).delete()
    with django_assert_num_queries(KEPT + 1):  # the houses: no declaration left to read
        third = client.get(url)
    rows = {row.code: row for row in third.context["rows"]}
    assert (rows["53"].gap, rows["53"].not_evaluable) == (0, unevaluable["53"] + 1)


def test_each_scope_has_its_own_rows(world: World) -> None:
    """The key holds the houses' query: an ARS agent's rows are never an analyst's."""
    SiteFactory(opened=True, department_id="29", capacity=10)
    url = reverse("masp:staffing_overview")
    national = world.client("analyst").get(url)
    regional = world.client("ars_a").get(url)
    assert {row.code for row in national.context["rows"]} == {"32", "53"}
    assert [row.code for row in regional.context["rows"]] == ["32"]
