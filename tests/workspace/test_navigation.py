"""The menu of each role: at most six entries, sub-menus, region pages opened on the user's
region, a coordinator of one house sent to it, the review queue with its count for ARS agents,
the user's own items only in the header tools."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.scopes import scope_for
from masp.activity.enums import ReportStatus
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import PERSONAS, World
from workspace.actions import home_for
from workspace.navigation import MAX_ENTRIES, menu_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 5)


def urls(entries: list) -> list[str]:
    return [link.url for entry in entries for link in entry.links]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_has_at_most_six_entries_and_no_account_item(
    world: World, persona: str, client
) -> None:  # type: ignore[no-untyped-def]
    user = world.users[persona]
    entries = menu_for(user or _anonymous(), "/")
    assert 3 <= len(entries) <= MAX_ENTRIES
    assert reverse("accounts:account") not in urls(entries)
    client = world.client(persona)
    page = client.get(reverse("masp:home")).content.decode()
    # The account link is once on the page: in the header tools, not in the menu.
    assert page.count(f'href="{reverse("accounts:account")}"') == (0 if user is None else 1)
    assert page.count('class="fr-nav__item"') == len(entries)


def _anonymous():  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_an_ars_agent_reaches_the_queue_with_its_count_and_their_region(
    world: World, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    report = filled_report(world.site_a, CampaignFactory(month=10), status=ReportStatus.SUBMITTED)
    filled_report(world.site_c, CampaignFactory(month=10), status=ReportStatus.SUBMITTED)
    user = world.users["ars_a"]
    scope_for(user)
    # Before the home has counted, the menu shows the entry without a number, at no cost.
    with django_assert_num_queries(0):
        entries = menu_for(user, "/")
    queue = next(entry for entry in entries if entry.url == reverse("masp:review_queue"))
    assert (queue.label, queue.count, len(queue.links)) == ("Instruction", None, 1)
    home_for(user, TODAY)
    queue = next(e for e in menu_for(user, "/") if e.url == reverse("masp:review_queue"))
    assert queue.count == 1  # house A's, not house C's (region 53)
    assert reverse("masp:coverage_region", args=["32"]) in urls(entries)
    assert reverse("masp:staffing_region", args=["32"]) in urls(entries)
    assert reverse("funding:region", args=["32"]) in urls(entries)
    assert reverse("masp:coverage") not in urls(entries)
    # A change of a report makes the kept count stale at once (its key holds the version
    # token): no wrong number is shown, and the next home counts again.
    report.status = ReportStatus.VALIDATED
    report.save()
    queue = next(e for e in menu_for(user, "/") if e.url == reverse("masp:review_queue"))
    assert queue.count is None
    home_for(user, TODAY)
    queue = next(e for e in menu_for(user, "/") if e.url == reverse("masp:review_queue"))
    assert queue.count == 0


def test_a_coordinator_of_one_house_goes_straight_to_it(world: World) -> None:
    entries = menu_for(world.users["coordinator_a"], "/")
    house = entries[1]
    assert (house.label, house.url) == ("Ma maison", world.site_a.get_absolute_url())
    assert reverse("masp:coverage_region", args=["32"]) in urls(entries)
    assert reverse("partners:follow_up") not in urls(entries)  # not theirs (403)


def test_national_roles_open_national_pages_and_admins_get_administration(world: World) -> None:
    admin = menu_for(world.users["national_admin"], "/")
    analyst = menu_for(world.users["analyst"], "/")
    assert reverse("masp:coverage") in urls(admin)
    assert reverse("admin:index") in urls(admin)
    assert reverse("admin:index") not in urls(analyst)
    assert [entry.label for entry in admin] == [
        "Accueil",
        "Maisons",
        "Activité",
        "Territoire",
        "Données",
        "Administration",
    ]


def test_the_entry_of_the_current_page_is_marked(world: World) -> None:
    path = reverse("masp:report_dashboard")
    entries = menu_for(world.users["analyst"], path)
    assert [entry.label for entry in entries if entry.current] == ["Activité"]
    home = menu_for(world.users["analyst"], "/")
    assert [entry.label for entry in home if entry.current] == ["Accueil"]
