"""The partners API: the directory with its filters, and a house's conventions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from partners.models import Convention
from tests.partners.factories import ConventionFactory, OrganisationFactory
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_partner_list_filters_by_kind_and_department(world: World) -> None:
    OrganisationFactory(name="EMSP Lille", department_id="59")
    OrganisationFactory(name="Bénévoles Brest", department_id="29", volunteers=True)
    client = world.client("coordinator_a")
    url = reverse("api_partner_list")
    body = client.get(url).json()
    assert body["count"] == 11
    names = {row["name"] for row in client.get(url, {"department": "29"}).json()["results"]}
    assert names == {"Bénévoles Brest"}
    national = client.get(url, {"kind": "national_partner"}).json()
    assert national["count"] == 9
    assert {row["department"] for row in national["results"]} == {None}
    row = client.get(url, {"kind": "emsp"}).json()["results"][0]
    assert row["name"] == "EMSP Lille"
    assert row["department"] == "59"
    assert client.get(url, {"kind": "nope"}).status_code == 400


def test_partner_list_requires_authentication(client) -> None:
    assert client.get(reverse("api_partner_list")).status_code == 401


@pytest.mark.parametrize("count", [3, 40])
def test_partner_list_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    OrganisationFactory.create_batch(count)
    client = world.client("analyst")
    # session, user, savepoint, count, page, release
    with django_assert_num_queries(6):
        response = client.get(reverse("api_partner_list"))
    assert response.json()["count"] == count + 9


def test_site_conventions_list_with_status(world: World) -> None:
    ConventionFactory(site=world.site_a, partner=OrganisationFactory(name="EMSP A"))
    ConventionFactory(site=world.site_a, draft=True, partner=OrganisationFactory(name="HAD A"))
    ConventionFactory(site=world.site_c)
    response = world.client("ars_a").get(reverse("api_site_conventions", args=[world.site_a.pk]))
    rows = response.json()["results"]
    assert [(row["partner_name"], row["status"]) for row in rows] == [
        ("EMSP A", "signed"),
        ("HAD A", "draft"),
    ]
    assert rows[0]["document_url"] is None


@pytest.mark.parametrize("count", [2, 20])
def test_site_conventions_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    ConventionFactory.create_batch(count, site=world.site_a, with_document=True)
    client = world.client("coordinator_a")
    # session, user, savepoint, scope, house, count, page, release
    with django_assert_num_queries(8):
        response = client.get(reverse("api_site_conventions", args=[world.site_a.pk]))
    assert response.json()["count"] == count


def test_coordinator_posts_a_convention_as_json(world: World) -> None:
    partner = OrganisationFactory(department_id="62")
    url = reverse("api_site_conventions", args=[world.site_a.pk])
    data = {"partner": partner.pk, "subject": "night_on_call", "signed_on": "2026-01-01"}
    response = world.client("coordinator_a").post(url, data, content_type="application/json")
    assert response.status_code == 201
    convention = Convention.objects.get()
    assert (convention.site, convention.partner, convention.status) == (
        world.site_a,
        partner,
        "signed",
    )


def test_post_validation_errors_are_french_json(world: World) -> None:
    url = reverse("api_site_conventions", args=[world.site_a.pk])
    client = world.client("coordinator_a")
    other_region = OrganisationFactory(department_id="29")
    response = client.post(
        url, {"partner": other_region.pk, "subject": "expertise"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["partner"] == ["Ce partenaire n'est pas dans la région de la maison."]
    response = client.post(
        url,
        {
            "partner": OrganisationFactory().pk,
            "subject": "expertise",
            "valid_from": "2026-05-01",
            "valid_until": "2026-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["valid_until"] == ["La fin de validité précède son début."]
    assert not Convention.objects.exists()


def test_readers_cannot_post_even_invalid_data(world: World) -> None:
    url = reverse("api_site_conventions", args=[world.site_a.pk])
    for persona in ["ars_a", "analyst"]:
        response = world.client(persona).post(url, {}, content_type="application/json")
        assert response.status_code == 403, persona
