from __future__ import annotations

import pytest

from accounts.enums import Role
from accounts.perms import can_invite, can_manage_reference_data
from masp.perms import can_edit_site, can_export, can_review_reports
from tests.personas import PERSONAS, World

pytestmark = pytest.mark.django_db


def allowed(world: World, predicate, *args, **kwargs) -> set[str]:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    return {
        persona
        for persona in PERSONAS
        if predicate(world.users[persona] or AnonymousUser(), *args, **kwargs)
    }


def test_can_edit_site(world: World) -> None:
    assert allowed(world, can_edit_site, world.site_a) == {"coordinator_a", "national_admin"}


def test_can_review_reports(world: World) -> None:
    assert allowed(world, can_review_reports, world.site_a) == {"ars_a"}
    assert allowed(world, can_review_reports, world.site_c) == {"ars_other"}


def test_can_invite(world: World) -> None:
    # An ARS agent invites agents of their own region only (issue 21), never a national role.
    assert allowed(world, can_invite, role=Role.ARS_AGENT, region_code="32") == {
        "ars_a",
        "national_admin",
    }
    assert allowed(world, can_invite, role=Role.ANALYST) == {"national_admin"}
    assert allowed(world, can_invite, role=Role.NATIONAL_ADMIN) == {"national_admin"}
    assert allowed(world, can_invite, role=Role.COORDINATOR, site=world.site_a) == {
        "ars_a",
        "national_admin",
    }
    assert allowed(world, can_invite, role=Role.COORDINATOR, site=None) == set()


def test_reference_data_and_exports(world: World) -> None:
    assert allowed(world, can_manage_reference_data) == {"national_admin"}
    assert allowed(world, can_export) == set(PERSONAS) - {"anonymous"}
