"""Finding 7: the shared directory. A house's coordinator cannot change the kind or the
département of an organisation (what another house's conformity reads), nor edit one another
house works with; the region's ARS agent and national administrators can, and every change is
audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEntry
from partners.conformity import conformity_of
from partners.enums import OrganisationKind
from partners.models import Organisation
from tests.partners.factories import ConventionFactory, OrganisationFactory, PartnershipFactory
from tests.personas import World

pytestmark = [pytest.mark.django_db, pytest.mark.security]

TODAY = dt.date(2026, 6, 15)


def form_data(organisation: Organisation, **changes: Any) -> dict[str, Any]:
    data = {
        "name": organisation.name,
        "acronym": organisation.acronym,
        "kind": organisation.kind,
        "department": organisation.department_id or "",
    }
    return {**data, **changes}


def edit(client: Client, organisation: Organisation, **changes: Any) -> Any:
    url = reverse("partners:organisation_edit", args=[organisation.pk])
    return client.post(url, form_data(organisation, **changes))


def entries(organisation: Organisation) -> list[AuditEntry]:
    content_type = ContentType.objects.get_for_model(Organisation)
    rows = AuditEntry.objects.filter(content_type=content_type, object_id=str(organisation.pk))
    return list(rows.order_by("pk"))


@pytest.fixture
def shared_emsp(world: World) -> Organisation:
    """An EMSP both houses of region 32 work with; house B's convention with it is what makes
    house B conform on its EMSP requirement."""
    emsp = OrganisationFactory(kind=OrganisationKind.EMSP, department_id="59")
    PartnershipFactory(site=world.site_a, organisation=emsp)
    ConventionFactory(site=world.site_b, partner=emsp)
    return emsp


def test_a_coordinator_cannot_change_a_shared_organisation(
    world: World, shared_emsp: Organisation
) -> None:
    assert OrganisationKind.EMSP not in conformity_of(world.site_b, today=TODAY).missing
    client = world.client("coordinator_a")
    url = reverse("partners:organisation_edit", args=[shared_emsp.pk])
    assert client.get(url).status_code == 403
    assert edit(client, shared_emsp, kind=OrganisationKind.OTHER).status_code == 403
    assert edit(client, shared_emsp, department="29").status_code == 403
    shared_emsp.refresh_from_db()
    assert (shared_emsp.kind, shared_emsp.department_id) == (OrganisationKind.EMSP, "59")
    # House B's conformity is untouched, and nothing was written to the log.
    assert OrganisationKind.EMSP not in conformity_of(world.site_b, today=TODAY).missing
    assert entries(shared_emsp) == []
    page = client.get(shared_emsp.get_absolute_url())
    assert page.context["can_edit"] is False


def test_a_coordinator_edits_only_the_harmless_fields_of_its_own_partner(world: World) -> None:
    own = OrganisationFactory(kind=OrganisationKind.EMSP, department_id="59", name="EMSP Lille")
    ConventionFactory(site=world.site_a, partner=own)
    client = world.client("coordinator_a")
    page = client.get(reverse("partners:organisation_edit", args=[own.pk]))
    assert page.status_code == 200
    assert page.context["form"].fields["kind"].disabled
    assert page.context["form"].fields["department"].disabled
    # A tampered POST: the kind and the département are ignored, the name is taken.
    volunteers = OrganisationKind.VOLUNTEER_ASSOCIATION
    response = edit(client, own, name="EMSP de Lille", kind=volunteers, department="29")
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.name, own.kind, own.department_id) == ("EMSP de Lille", "emsp", "59")
    [entry] = entries(own)
    assert entry.action == AuditAction.UPDATE
    assert entry.actor_email == world.users["coordinator_a"].email
    assert set(entry.changes) == {"name"}
    # The other house of the region does not work with it: no writing for its coordinator.
    assert edit(world.client("coordinator_b"), own, name="Autre").status_code == 403


def test_the_regions_ars_agent_reclassifies_within_its_region_audited(
    world: World, shared_emsp: Organisation
) -> None:
    client = world.client("ars_a")
    # Outside the agent's region: not a choice of département.
    refused = edit(client, shared_emsp, department="29")
    assert refused.status_code == 200
    assert "department" in refused.context["form"].errors
    response = edit(client, shared_emsp, kind=OrganisationKind.HOSPITAL, department="62")
    assert response.status_code == 302
    shared_emsp.refresh_from_db()
    assert (shared_emsp.kind, shared_emsp.department_id) == ("hospital", "62")
    [entry] = entries(shared_emsp)
    assert entry.actor_email == world.users["ars_a"].email
    assert entry.changes == {
        "department": {"old": "59", "new": "62"},
        "kind": {"old": "emsp", "new": "hospital"},
    }
    # The ARS agent of another region reads the directory, does not write in it.
    assert edit(world.client("ars_other"), shared_emsp, name="X").status_code == 403
    assert edit(world.client("analyst"), shared_emsp, name="X").status_code == 403


def test_a_national_admin_reclassifies_anywhere(world: World, shared_emsp: Organisation) -> None:
    response = edit(world.client("national_admin"), shared_emsp, department="29")
    assert response.status_code == 302
    shared_emsp.refresh_from_db()
    assert shared_emsp.department_id == "29"
    assert [e.actor_email for e in entries(shared_emsp)] == [world.users["national_admin"].email]


def test_a_coordinator_creates_organisations_in_its_own_region_only(world: World) -> None:
    client = world.client("coordinator_a")
    url = reverse("partners:organisation_create")
    data = {"name": "EMSP de Quimper", "kind": "emsp", "department": "29"}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "department" in refused.context["form"].errors
    assert client.post(url, {**data, "department": "62"}).status_code == 302
    created = Organisation.objects.get(name="EMSP de Quimper")
    assert [e.action for e in entries(created)] == [AuditAction.CREATE]


def test_admin_changes_to_the_directory_are_audited(
    world: World, shared_emsp: Organisation, superuser_client: Client
) -> None:
    url = reverse("admin:partners_organisation_change", args=[shared_emsp.pk])
    data = {
        **form_data(shared_emsp, kind=OrganisationKind.OTHER),
        "scope": "department",
        "website": "",
    }
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    [entry] = entries(shared_emsp)
    assert entry.changes == {"kind": {"old": "emsp", "new": "other"}}
