"""The site map, built from the URL configuration."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World
from workspace.public.sitemap import NOT_PAGES, TITLES, pages

pytestmark = pytest.mark.django_db
URL = reverse("footer-sitemap")


def links(page: str) -> list[str]:
    main = page[page.index('<main id="content"') : page.index("</main>")]
    return re.findall(r'<li><a href="([^"]+)">', main)


def test_every_public_page_without_parameters_has_a_title_or_is_not_a_page() -> None:
    # API endpoints answer JSON, not pages; allauth's and the admin's pages are third-party
    # (their entry points, the sign-in and password reset, have titles).
    third_party = ("account_", "mfa_", "socialaccount_", "openid_connect_", "admin:")
    public = {
        page.name
        for page in pages()
        if page.public
        and not page.url.startswith("/api/")
        and not page.name.startswith(third_party)
    }
    missing = sorted(public - set(TITLES) - NOT_PAGES)
    assert not missing, f"Pages publiques sans titre dans le plan du site : {missing}"


def test_titles_name_existing_patterns() -> None:
    names = {page.name for page in pages()}
    assert set(TITLES) <= names


def test_anonymous_visitors_see_the_public_pages_only() -> None:
    found = links(Client().get(URL).content.decode())
    for name in ("masp:home", "masp:directory", "footer-legal-notice", "account_login", "api-docs"):
        assert reverse(name) in found, name
    assert reverse("masp:review_queue") not in found
    assert reverse("masp:site_list") not in found
    assert len(found) == len(set(found))


def test_every_link_of_the_anonymous_site_map_answers_200() -> None:
    client = Client()
    for link in links(client.get(URL).content.decode()):
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("persona", ["coordinator_a", "ars_a", "analyst", "national_admin"])
def test_signed_in_users_see_their_own_menu_then_the_public_pages(
    world: World, persona: str
) -> None:
    client = world.client(persona)
    found = links(client.get(URL).content.decode())
    assert reverse("accounts:account") in found
    assert reverse("footer-personal-data") in found
    assert reverse("account_login") not in found
    assert len(found) == len(set(found))
    for link in found:
        assert client.get(link).status_code in (200, 302), link  # admin: to its index


def test_ars_agents_find_the_review_queue_and_coordinators_do_not(world: World) -> None:
    assert reverse("masp:review_queue") in links(world.client("ars_a").get(URL).content.decode())
    coordinator = links(world.client("coordinator_a").get(URL).content.decode())
    assert reverse("masp:review_queue") not in coordinator
    assert reverse("masp:site_detail", args=[world.site_a.pk]) in coordinator


def test_query_counts_are_pinned(world: World, django_assert_num_queries) -> None:
    # Anonymous: savepoint and release only; the URL configuration is read in memory.
    with django_assert_num_queries(2):
        Client().get(URL)
    client = world.client("ars_a")
    client.get(URL)
    # Signed in: savepoint, session, user, the user's memberships (the scope behind the menu),
    # release.
    with django_assert_num_queries(5):
        client.get(URL)
