from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.enums import Role, SecurityEventKind
from accounts.models import Membership, SecurityEvent
from tests.accounts.factories import UserFactory
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_national_admin_grants_a_membership_in_the_admin(world: World) -> None:
    client = world.client("national_admin")
    newcomer = UserFactory()
    response = client.post(
        reverse("admin:accounts_membership_add"),
        {"user": newcomer.pk, "role": Role.ARS_AGENT, "region": "53", "is_active": "on"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert membership.granted_by == world.users["national_admin"]
    event = SecurityEvent.objects.get(user=newcomer, kind=SecurityEventKind.MEMBERSHIP_GRANTED)
    assert event.actor == world.users["national_admin"]


def test_deactivating_keeps_the_history_and_logs_it(world: World) -> None:
    client = world.client("national_admin")
    membership = Membership.objects.get(user=world.users["ars_a"])
    response = client.post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "deactivate", "_selected_action": [membership.pk]},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert membership.deactivated_at is not None
    assert SecurityEvent.objects.filter(
        user=world.users["ars_a"], kind=SecurityEventKind.MEMBERSHIP_REVOKED
    ).exists()
    # Memberships are never deleted.
    url = reverse("admin:accounts_membership_delete", args=[membership.pk])
    assert client.get(url).status_code == 403


def test_other_personas_cannot_reach_the_admin(world: World) -> None:
    for persona in ["coordinator_a", "ars_a", "analyst"]:
        response = world.client(persona).get(reverse("admin:accounts_membership_changelist"))
        assert response.status_code == 302
