from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from pytest_django import DjangoAssertNumQueries

from accounts.enums import Role
from accounts.models import Membership
from accounts.scopes import scope_for
from masp.models import Site
from tests.accounts.factories import UserFactory
from tests.personas import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("coordinator_a", {"A"}),
        ("coordinator_b", {"B"}),
        ("ars_a", {"A", "B"}),
        ("ars_other", {"C"}),
        ("analyst", {"A", "B", "C"}),
        ("national_admin", {"A", "B", "C"}),
    ],
)
def test_visible_to(world: World, persona: str, visible: set[str]) -> None:
    names = set(Site.objects.visible_to(world.users[persona]).values_list("name", flat=True))
    assert names == {f"Maison {letter}" for letter in visible}


def test_anonymous_and_inactive_users_see_nothing(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not Site.objects.visible_to(AnonymousUser()).exists()
    user = world.users["analyst"]
    user.is_active = False
    assert not Site.objects.visible_to(user).exists()


def test_deactivated_membership_gives_nothing_but_stays(world: World) -> None:
    user = world.users["ars_a"]
    Membership.objects.filter(user=user).update(is_active=False)
    fresh = type(user).objects.get(pk=user.pk)
    assert not Site.objects.visible_to(fresh).exists()
    assert Membership.objects.filter(user=user).count() == 1


def test_several_memberships_add_up(world: World) -> None:
    user = world.users["coordinator_a"]
    Membership.objects.create(user=user, role=Role.COORDINATOR, site=world.site_c)
    fresh = type(user).objects.get(pk=user.pk)
    assert Site.objects.visible_to(fresh).count() == 2


def test_scope_is_read_once(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    user = world.users["ars_a"]
    with django_assert_num_queries(3):  # the scope once, then each list
        list(Site.objects.visible_to(user))
        list(Site.objects.visible_to(user))
        scope_for(user)


@pytest.mark.parametrize(
    ("role", "region", "with_site"),
    [
        (Role.ARS_AGENT, None, False),
        (Role.ARS_AGENT, "32", True),
        (Role.COORDINATOR, None, False),
        (Role.COORDINATOR, "32", True),
        (Role.ANALYST, "32", False),
        (Role.NATIONAL_ADMIN, None, True),
    ],
)
def test_scope_must_match_role(
    world: World, role: str, region: str | None, with_site: bool
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=UserFactory(),
            role=role,
            region_id=region,
            site=world.site_a if with_site else None,
        )


def test_one_active_membership_per_scope(world: World) -> None:
    user = world.users["ars_a"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.ARS_AGENT, region_id="32")
    Membership.objects.filter(user=user).update(is_active=False)
    Membership.objects.create(user=user, role=Role.ARS_AGENT, region_id="32")
