"""Pages of the partners app: content, forms, and query counts pinned at two data sizes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from partners.enums import OrganisationKind, ParticipationKind
from partners.models import (
    Convention,
    ConventionRequirement,
    Organisation,
    ParticipationBody,
    Partnership,
)
from tests.masp.factories import SiteFactory
from tests.partners.factories import (
    ConventionFactory,
    OrganisationFactory,
    ParticipationBodyFactory,
    PartnershipFactory,
)
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_public_page_presents_the_nine_national_partners(client: Client) -> None:
    response = client.get(reverse("partners:national_partners"))
    assert response.status_code == 200
    content = response.content.decode()
    assert len(response.context["partners"]) == 9
    for acronym in ["CNSPFV", "SFAP", "France Assos Santé", "HAS", "CNAM", "2SPP", "CNPI"]:
        assert acronym in content
    assert "Plateforme nationale pour la recherche sur la fin de vie" in content
    assert "200 associations d&#x27;accompagnement" in content


def test_directory_search_by_name_kind_and_department(world: World) -> None:
    OrganisationFactory(name="EMSP de Lille", department_id="59")
    OrganisationFactory(name="Bénévoles du Finistère", department_id="29", volunteers=True)
    client = world.client("coordinator_a")
    url = reverse("partners:directory")

    def names(**query: str) -> set[str]:
        return {o.name for o in client.get(url, query).context["organisations"]}

    assert "EMSP de Lille" in names()
    assert names(q="lille") == {"EMSP de Lille"}
    assert names(kind=OrganisationKind.VOLUNTEER_ASSOCIATION) == {"Bénévoles du Finistère"}
    assert names(department="29") == {"Bénévoles du Finistère"}
    assert "CNSPFV" in {
        o.acronym for o in client.get(url, {"kind": "national_partner"}).context["organisations"]
    }


def test_directory_empty_state_and_invalid_filter(world: World) -> None:
    client = world.client("analyst")
    response = client.get(reverse("partners:directory"), {"q": "zzz-nothing"})
    assert response.status_code == 200
    assert "Aucune organisation ne correspond" in response.content.decode()
    # An invalid filter leaves the list unfiltered rather than failing.
    response = client.get(reverse("partners:directory"), {"department": "xx"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 9


@pytest.mark.parametrize("count", [3, 40])
def test_directory_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    OrganisationFactory.create_batch(count)
    client = world.client("ars_a")
    client.get(reverse("partners:directory"))  # fills the cache of the form's départements
    # session, user, count and scope (in a savepoint), page
    with django_assert_num_queries(7):
        response = client.get(reverse("partners:directory"))
    assert response.context["paginator"].count == count + 9


@pytest.mark.parametrize("count", [3, 40])
def test_national_page_query_count_is_constant(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    OrganisationFactory.create_batch(count)
    # the request's savepoint (ATOMIC_REQUESTS), the partners, its release
    with django_assert_num_queries(3):
        response = client.get(reverse("partners:national_partners"))
    assert len(response.context["partners"]) == 9


def fill_house(site, count: int) -> None:
    for _ in range(count):
        convention = ConventionFactory(site=site, with_document=True)
        PartnershipFactory(site=site, organisation=convention.partner)
        ParticipationBodyFactory(site=site)


@pytest.mark.parametrize("count", [2, 15])
def test_house_partners_page_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    fill_house(world.site_a, count)
    client = world.client("ars_a")
    # session, user, scope (in a savepoint), house, requirements, conventions in force,
    # partnerships, conventions, participation bodies
    with django_assert_num_queries(11):
        response = client.get(reverse("partners:site_partners", args=[world.site_a.pk]))
    assert len(response.context["conventions"]) == count


def test_house_partners_page_shows_conformity_and_participation(world: World) -> None:
    ConventionFactory(site=world.site_a, partner=OrganisationFactory(name="EMSP du Hainaut"))
    ParticipationBodyFactory(
        site=world.site_a,
        kind=ParticipationKind.RELATIVES_REPRESENTATIVE,
        name="Représentante des familles",
        organisation_name="UNAF",
    )
    response = world.client("ars_a").get(reverse("partners:site_partners", args=[world.site_a.pk]))
    content = response.content.decode()
    assert "Convention en vigueur manquante avec : association de bénévoles." in content
    assert "EMSP du Hainaut" in content
    assert "Représentante des familles" in content
    assert "UNAF" in content
    assert not response.context["can_manage"]  # the ARS agent reads
    assert reverse("partners:convention_create", args=[world.site_a.pk]) not in content
    manager = world.client("coordinator_a").get(
        reverse("partners:site_partners", args=[world.site_a.pk])
    )
    assert reverse("partners:convention_create", args=[world.site_a.pk]) in manager.content.decode()


def test_house_detail_links_to_its_partners(world: World) -> None:
    response = world.client("coordinator_a").get(world.site_a.get_absolute_url())
    assert reverse("partners:site_partners", args=[world.site_a.pk]) in response.content.decode()


def test_coordinator_adds_a_partner_and_a_participation_body(world: World) -> None:
    client = world.client("coordinator_a")
    organisation = OrganisationFactory(department_id="62")
    response = client.post(
        reverse("partners:partnership_add", args=[world.site_a.pk]),
        {"organisation": organisation.pk, "role": "Interventions hebdomadaires"},
    )
    assert response.status_code == 302
    assert Partnership.objects.get(site=world.site_a).organisation == organisation
    response = client.post(
        reverse("partners:participation_add", args=[world.site_a.pk]),
        {
            "kind": ParticipationKind.CVS,
            "name": "Conseil de la vie sociale",
            "meeting_frequency": "quarterly",
        },
    )
    assert response.status_code == 302
    body = ParticipationBody.objects.get(site=world.site_a)
    response = client.post(
        reverse("partners:participation_edit", args=[body.pk]),
        {"kind": ParticipationKind.CVS, "name": "CVS", "last_meeting_on": "2026-05-04"},
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.last_meeting_on == dt.date(2026, 5, 4)


def test_partner_choices_exclude_other_regions(world: World) -> None:
    other_region = OrganisationFactory(department_id="29")
    response = world.client("coordinator_a").post(
        reverse("partners:partnership_add", args=[world.site_a.pk]),
        {"organisation": other_region.pk},
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Partnership.objects.exists()


def test_coordinator_creates_a_local_organisation_not_a_national_partner(world: World) -> None:
    client = world.client("coordinator_a")
    url = reverse("partners:organisation_create")
    data = {"name": "CPTS du Douaisis", "kind": "cpts", "department": "59", "siret": "12345"}
    response = client.post(url, data)
    assert response.context["form"].errors["siret"] == ["Un numéro SIRET compte 14 chiffres."]
    response = client.post(url, {**data, "siret": "", "finess": "590000018"})
    assert response.context["form"].errors["finess"] == [
        "Le numéro FINESS 590000018 a une clé de contrôle invalide."
    ]
    response = client.post(url, {**data, "siret": ""})
    assert response.status_code == 302
    assert Organisation.objects.get(name="CPTS du Douaisis").scope == "department"
    response = client.post(url, {**data, "name": "Faux", "kind": "national_partner"})
    assert "kind" in response.context["form"].errors
    response = client.post(url, {**data, "name": "Sans département", "department": ""})
    assert response.context["form"].errors["department"] == [
        "Indiquez le département d'une organisation locale."
    ]


def test_national_admin_edits_a_national_partner(world: World) -> None:
    partner = Organisation.objects.national().get(acronym="HAS")
    assert (
        world.client("coordinator_a")
        .get(reverse("partners:organisation_edit", args=[partner.pk]))
        .status_code
        == 403
    )
    response = world.client("national_admin").post(
        reverse("partners:organisation_edit", args=[partner.pk]),
        {
            "name": partner.name,
            "acronym": "HAS",
            "kind": "national_partner",
            "description": "Nouveau",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.description == "Nouveau"
    assert partner.scope == "national"


def test_organisation_detail_lists_houses_within_scope_only(world: World) -> None:
    organisation = OrganisationFactory()
    PartnershipFactory(site=world.site_a, organisation=organisation)
    PartnershipFactory(site=world.site_c, organisation=organisation)
    response = world.client("ars_a").get(organisation.get_absolute_url())
    assert [p.site for p in response.context["partnerships"]] == [world.site_a]


def test_follow_up_lists_missing_and_expiring(world: World) -> None:
    today = timezone.localdate()
    volunteers = OrganisationFactory(volunteers=True)
    for site in [world.site_a, world.site_b]:
        ConventionFactory(site=site, partner=volunteers)
    ConventionFactory(site=world.site_a, valid_from=None, valid_until=today + dt.timedelta(days=30))
    ConventionFactory(site=world.site_c, valid_until=today + dt.timedelta(days=10))
    response = world.client("ars_a").get(reverse("partners:follow_up"))
    missing = {site.name: conformity.missing for site, conformity in response.context["missing"]}
    assert missing == {"Maison B": ("emsp",)}  # house C is outside region 32
    assert [c.site for c in response.context["expiring"]] == [world.site_a]
    national = world.client("analyst").get(reverse("partners:follow_up"), {"region": "53"})
    assert [site.name for site, _c in national.context["missing"]] == ["Maison C"]
    assert [c.site for c in national.context["expiring"]] == [world.site_c]


@pytest.mark.parametrize("count", [2, 12])
def test_follow_up_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    today = timezone.localdate()
    for _ in range(count):
        site = SiteFactory(opened=True)
        ConventionFactory(site=site, valid_until=today + dt.timedelta(days=20))
    client = world.client("national_admin")
    client.get(reverse("partners:follow_up"))  # fills the cache of the form's regions
    # session, user, savepoint, scope, open houses, conventions in force, expiring
    # conventions, release (the requirements are read by the first visit: partners/cache.py)
    with django_assert_num_queries(8):
        response = client.get(reverse("partners:follow_up"))
    assert len(response.context["expiring"]) == count


def test_national_admin_edits_requirements_in_the_admin(world: World) -> None:
    client = world.client("national_admin")
    response = client.get(reverse("admin:partners_conventionrequirement_changelist"))
    assert response.status_code == 200
    assert "association de bénévoles" in response.content.decode()
    assert (
        world.client("ars_a")
        .get(reverse("admin:partners_conventionrequirement_changelist"))
        .status_code
        == 302
    )


def test_coordinator_removes_a_partner_and_a_participation_body(world: World) -> None:
    partnership = PartnershipFactory(site=world.site_a)
    convention = ConventionFactory(site=world.site_a, partner=partnership.organisation)
    body = ParticipationBodyFactory(site=world.site_a)
    reader = world.client("ars_a")
    assert (
        reader.post(reverse("partners:partnership_delete", args=[partnership.pk])).status_code
        == 403
    )
    client = world.client("coordinator_a")
    response = client.post(reverse("partners:partnership_delete", args=[partnership.pk]))
    assert response.status_code == 302
    response = client.post(reverse("partners:participation_delete", args=[body.pk]))
    assert response.status_code == 302
    assert not Partnership.objects.exists()
    assert not ParticipationBody.objects.exists()
    assert Convention.objects.filter(pk=convention.pk).exists()  # conventions stay


def test_follow_up_rows_are_escaped_and_link_each_house(world: World) -> None:
    """The rows are written by the view (partners/views/follow_up.py), not the template."""
    today = timezone.localdate()
    site = SiteFactory(opened=True, department_id="59", name="Maison <b>A & B</b>")
    partner = OrganisationFactory(name="EMSP <i>Nord</i>", acronym="E&N")
    ConventionFactory(site=site, partner=partner, valid_until=today + dt.timedelta(days=5))
    content = world.client("ars_a").get(reverse("partners:follow_up")).content.decode()
    link = reverse("partners:site_partners", args=[site.pk])
    assert f'<td><a href="{link}">Maison &lt;b&gt;A &amp; B&lt;/b&gt;</a></td>' in content
    assert f'<a href="{link}">Maison &lt;b&gt;A &amp; B&lt;/b&gt;</a> (59)</td>' in content
    assert "<td>Nord (59)</td>" in content
    assert "<td>EMSP &lt;i&gt;Nord&lt;/i&gt; (E&amp;N)</td>" in content
    assert f"<td>{(today + dt.timedelta(days=5)).strftime('%d/%m/%Y')}</td>" in content


def test_follow_up_shows_a_requirement_change_on_the_next_request(world: World) -> None:
    """The requirements are cached (partners/cache.py): a change shows at once."""
    client = world.client("ars_a")
    assert "Maison B" in client.get(reverse("partners:follow_up")).content.decode()
    requirements = ConventionRequirement.objects.filter(is_active=True)
    assert requirements.exists()
    for requirement in requirements:
        requirement.is_active = False
        requirement.save()
    content = client.get(reverse("partners:follow_up")).content.decode()
    assert "Maison B" not in content  # nothing required: every house conforms
    assert "Conventions exigées de chaque maison ouverte : —." in content
