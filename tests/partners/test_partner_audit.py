"""The audit log of a house's partners, participation bodies and the organisations' directory:
every form save and every removal leaves one entry with its author; a refused form, none."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEntry
from partners.enums import ParticipationKind
from partners.models import Organisation, ParticipationBody, Partnership
from tests.partners.factories import (
    OrganisationFactory,
    ParticipationBodyFactory,
    PartnershipFactory,
)
from tests.personas import World

pytestmark = pytest.mark.django_db


def entries(model: type[Model]) -> list[tuple[str, str, str]]:
    """(action, author, object id) of the entries about `model`, oldest first."""
    rows = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    return list(rows.order_by("pk").values_list("action", "actor_email", "object_id"))


def test_adding_and_removing_a_partner_is_logged(world: World) -> None:
    client = world.client("coordinator_a")
    author = world.users["coordinator_a"].email
    organisation = OrganisationFactory(department_id="62")
    client.post(
        reverse("partners:partnership_add", args=[world.site_a.pk]),
        {"organisation": organisation.pk, "role": "Interventions hebdomadaires"},
    )
    partnership = Partnership.objects.get(site=world.site_a)
    [(action, actor, object_id)] = entries(Partnership)
    assert (action, actor, object_id) == (AuditAction.CREATE, author, str(partnership.pk))
    created = AuditEntry.objects.get()
    # A free text: recorded as filled, never copied (accounts/audit.py).
    assert created.changes["role"] == {"old": None, "new": "[texte libre]"}
    assert created.changes["organisation"] == {"old": None, "new": organisation.pk}

    response = client.post(reverse("partners:partnership_delete", args=[partnership.pk]))
    assert response.status_code == 302
    assert entries(Partnership)[-1] == (AuditAction.DELETE, author, str(partnership.pk))
    removed = AuditEntry.objects.latest("pk")
    assert removed.changes["organisation"] == {"old": organisation.pk, "new": None}


def test_participation_bodies_are_logged(world: World) -> None:
    client = world.client("coordinator_a")
    author = world.users["coordinator_a"].email
    client.post(
        reverse("partners:participation_add", args=[world.site_a.pk]),
        {"kind": ParticipationKind.CVS, "name": "Conseil de la vie sociale"},
    )
    body = ParticipationBody.objects.get()
    client.post(
        reverse("partners:participation_edit", args=[body.pk]),
        {"kind": ParticipationKind.CVS, "name": "CVS"},
    )
    client.post(reverse("partners:participation_delete", args=[body.pk]))
    assert entries(ParticipationBody) == [
        (AuditAction.CREATE, author, str(body.pk)),
        (AuditAction.UPDATE, author, str(body.pk)),
        (AuditAction.DELETE, author, str(body.pk)),
    ]
    update = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert update.changes == {"name": {"old": "[texte libre]", "new": "[texte libre]"}}


def test_a_refused_or_forbidden_write_leaves_no_entry(world: World) -> None:
    partnership = PartnershipFactory(site=world.site_a)
    body = ParticipationBodyFactory(site=world.site_a)
    # Another region's partner is not a choice: the form is shown again with its error.
    refused = world.client("coordinator_a").post(
        reverse("partners:partnership_add", args=[world.site_a.pk]),
        {"organisation": OrganisationFactory(department_id="29").pk},
    )
    assert refused.status_code == 200
    # An ARS agent reads the house's partners but does not manage them.
    reader = world.client("ars_a")
    assert (
        reader.post(reverse("partners:partnership_delete", args=[partnership.pk])).status_code
        == 403
    )
    other_house = world.client("coordinator_b")
    assert (
        other_house.post(reverse("partners:participation_delete", args=[body.pk])).status_code
        == 404
    )
    assert not AuditEntry.objects.exists()
    assert Partnership.objects.filter(pk=partnership.pk).exists()


def test_the_organisations_directory_is_logged(world: World) -> None:
    client = world.client("coordinator_a")
    url = reverse("partners:organisation_create")
    data = {"name": "CPTS du Douaisis", "kind": "cpts", "department": "59"}
    assert client.post(url, {**data, "siret": "12345"}).status_code == 200  # refused
    assert not AuditEntry.objects.exists()
    assert client.post(url, data).status_code == 302
    organisation = Organisation.objects.get(name="CPTS du Douaisis")
    partner = Organisation.objects.national().get(acronym="HAS")
    world.client("national_admin").post(
        reverse("partners:organisation_edit", args=[partner.pk]),
        {"name": partner.name, "acronym": "HAS", "kind": "national_partner", "description": "N"},
    )
    assert entries(Organisation) == [
        (AuditAction.CREATE, world.users["coordinator_a"].email, str(organisation.pk)),
        (AuditAction.UPDATE, world.users["national_admin"].email, str(partner.pk)),
    ]


def test_the_partnership_a_convention_brings_is_logged(world: World) -> None:
    organisation = OrganisationFactory(department_id="59")
    data = {
        "partner": organisation.pk,
        "subject": "expertise",
        "signed_on": "2025-01-10",
        "valid_from": "2025-02-01",
        "valid_until": "2028-01-31",
    }
    url = reverse("partners:convention_create", args=[world.site_a.pk])
    client = world.client("coordinator_a")
    assert client.post(url, data).status_code == 302
    partnership = Partnership.objects.get(site=world.site_a, organisation=organisation)
    author = world.users["coordinator_a"].email
    assert entries(Partnership) == [(AuditAction.CREATE, author, str(partnership.pk))]
    # A second convention with the same partner brings no new partnership, hence no entry.
    assert client.post(url, {**data, "subject": "training"}).status_code == 302
    assert len(entries(Partnership)) == 1
