"""Who may write on partners: coordinators of the house (or region, for the directory's
organisations no other house uses), the region's ARS agents for the directory, national
administrators; analysts read."""

from __future__ import annotations

import pytest

from accounts.enums import Role
from partners.models import Organisation
from partners.perms import (
    can_create_organisation,
    can_edit_organisation,
    can_follow_conformity,
    can_manage_partners,
)
from tests.accounts.factories import UserFactory
from tests.partners.factories import OrganisationFactory
from tests.personas import World, grant

pytestmark = pytest.mark.django_db


def test_house_partners_are_managed_by_its_coordinator_and_national_admins(world: World) -> None:
    allowed = {
        persona
        for persona, user in world.users.items()
        if user is not None and can_manage_partners(user, world.site_a)
    }
    assert allowed == {"coordinator_a", "national_admin"}


def test_local_organisations_are_edited_within_the_coordinated_region(world: World) -> None:
    lille = OrganisationFactory(department_id="59")
    coordinator_c = UserFactory()
    grant(coordinator_c, Role.COORDINATOR, site=world.site_c)
    assert can_edit_organisation(world.users["coordinator_b"], lille)  # house B is in region 32
    assert not can_edit_organisation(coordinator_c, lille)
    assert can_create_organisation(coordinator_c)
    national = Organisation.objects.national().first()
    assert not can_edit_organisation(world.users["coordinator_a"], national)
    assert can_edit_organisation(world.users["national_admin"], national)
    # The region's ARS agent keeps the directory of its region (kind and département too).
    assert can_edit_organisation(world.users["ars_a"], lille)
    assert not can_edit_organisation(world.users["ars_other"], lille)
    assert not can_edit_organisation(world.users["analyst"], lille)
    for persona in ["ars_a", "analyst"]:
        assert not can_create_organisation(world.users[persona])


def test_follow_up_is_for_ars_and_national_roles(world: World) -> None:
    allowed = {
        persona
        for persona, user in world.users.items()
        if user is not None and can_follow_conformity(user)
    }
    assert allowed == {"ars_a", "ars_other", "analyst", "national_admin"}
