"""The audit log of changes: recording, secrets left out, append-only, wired paths, admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from accounts.audit import audit_changes, audit_record, audit_snapshot
from accounts.enums import AuditAction, Role
from accounts.models import AuditEntry, Membership, User
from accounts.services import membership_grant, membership_revoke
from masp.models import Site
from tests.accounts.factories import UserFactory
from tests.personas import World

pytestmark = pytest.mark.django_db


def admin_form_data(instance: Any, **changes: Any) -> dict[str, Any]:
    data = {k: v for k, v in model_to_dict(instance).items() if v is not None}
    data.update(changes)
    return data


def test_snapshot_and_changes_leave_secrets_out() -> None:
    user = UserFactory(email="agent@example.org")
    snapshot = audit_snapshot(user)
    assert "password" not in snapshot
    assert snapshot["email"] == "agent@example.org"
    entry = audit_record(
        actor=None,
        instance=user,
        action=AuditAction.UPDATE,
        changes={"password": {"old": "x", "new": "y"}, "token_hash": {"old": "a", "new": "b"}},
    )
    assert entry.changes == {
        "password": {"old": "[masqué]", "new": "[masqué]"},
        "token_hash": {"old": "[masqué]", "new": "[masqué]"},
    }
    assert "x" not in str(AuditEntry.objects.get(pk=entry.pk).changes.values())


def test_changes_list_only_what_differs() -> None:
    before = {"capacity": 12, "name": "Maison A", "opened_on": None}
    after = {"capacity": 15, "name": "Maison A", "opened_on": "2026-03-01"}
    assert audit_changes(before, after) == {
        "capacity": {"old": 12, "new": 15},
        "opened_on": {"old": None, "new": "2026-03-01"},
    }


def test_unknown_action_is_refused(world: World) -> None:
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit_record(actor=None, instance=world.site_a, action="rename")


def test_the_log_is_append_only(world: World) -> None:
    entry = audit_record(actor=None, instance=world.site_a, action=AuditAction.UPDATE)
    entry.object_repr = "autre chose"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(object_repr="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    # The house's label quotes its name, a free text: the entry names it by kind and number.
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == f"maison n° {world.site_a.pk}"


def test_granting_and_revoking_a_membership_are_logged(world: World) -> None:
    admin = world.users["national_admin"]
    newcomer = UserFactory()
    membership = membership_grant(
        user=newcomer, role=Role.ARS_AGENT, granted_by=admin, region_id="53"
    )
    created = AuditEntry.objects.for_object(membership).get()
    assert created.action == AuditAction.CREATE
    assert created.actor == admin
    assert created.actor_email == admin.email
    assert created.changes["role"] == {"old": None, "new": Role.ARS_AGENT}
    assert created.changes["region"] == {"old": None, "new": "53"}

    membership_revoke(membership=membership, by=admin)
    revoked = AuditEntry.objects.for_object(membership).first()
    assert revoked.action == AuditAction.UPDATE
    assert revoked.changes["is_active"] == {"old": True, "new": False}
    assert set(revoked.changes) == {"is_active", "deactivated_at"}


def test_a_membership_changed_in_the_admin_is_logged(world: World) -> None:
    membership = Membership.objects.get(user=world.users["ars_a"])
    data = admin_form_data(membership, region="53", is_active="on")
    response = world.client("national_admin").post(
        reverse("admin:accounts_membership_change", args=[membership.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.for_object(membership).get()
    assert entry.action == AuditAction.UPDATE
    assert entry.changes == {"region": {"old": "32", "new": "53"}}
    assert entry.actor == world.users["national_admin"]


def test_a_house_changed_then_deleted_in_the_admin_is_logged(world: World) -> None:
    client = world.client("national_admin")
    site = world.site_c
    data = admin_form_data(site, capacity=site.capacity + 2)
    response = client.post(reverse("admin:masp_site_change", args=[site.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.for_object(site).get()
    assert entry.changes == {"capacity": {"old": site.capacity, "new": site.capacity + 2}}

    pk = site.pk
    response = client.post(reverse("admin:masp_site_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Site.objects.filter(pk=pk).exists()
    deleted = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Site), object_id=str(pk)
    ).first()
    assert deleted.action == AuditAction.DELETE
    assert deleted.changes["name"] == {"old": "[texte libre]", "new": None}
    assert deleted.changes["finess_et"] == {"old": site.finess_et, "new": None}


def test_an_unchanged_save_writes_no_entry(world: World) -> None:
    site = world.site_a
    response = world.client("national_admin").post(
        reverse("admin:masp_site_change", args=[site.pk]), admin_form_data(site)
    )
    assert response.status_code == 302
    assert not AuditEntry.objects.for_object(site).exists()


def test_national_administrators_read_the_log_and_nobody_edits_it(world: World) -> None:
    entry = audit_record(actor=None, instance=world.site_a, action=AuditAction.UPDATE)
    admin = world.client("national_admin")
    assert admin.get(reverse("admin:accounts_auditentry_changelist")).status_code == 200
    detail = reverse("admin:accounts_auditentry_change", args=[entry.pk])
    assert admin.get(detail).status_code == 200
    assert admin.post(detail, {"object_repr": "x"}).status_code == 403
    delete = reverse("admin:accounts_auditentry_delete", args=[entry.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    assert admin.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    # Staff without the national administrator role do not read it.
    staff: User = UserFactory(is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("admin:accounts_auditentry_changelist")).status_code == 403
    for persona in ["coordinator_a", "ars_a", "analyst", "anonymous"]:
        response = world.client(persona).get(reverse("admin:accounts_auditentry_changelist"))
        assert response.status_code == 302
