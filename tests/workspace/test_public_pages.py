"""The public pages a state site owes: reachable by anyone, in French, stating what the code
really does (durations, cookie names), and linked from every page's footer."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.personas import World

pytestmark = pytest.mark.django_db

FOOTER_NAMES = (
    "footer-sitemap",
    "footer-accessibility-status",
    "footer-legal-notice",
    "footer-personal-data",
    "footer-cookie-management",
)


def text(page: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def footer_links(page: str) -> list[str]:
    footer = page[page.index('<footer class="fr-footer"') :]
    return re.findall(r'href="(/[^"]*)"', footer)


@pytest.mark.parametrize("path", ["/", "/annuaire/", "/comptes/login/", "/mentions-legales/"])
def test_every_footer_link_answers_200(path: str) -> None:
    client = Client()
    links = footer_links(client.get(path).content.decode())
    expected = {reverse(name) for name in FOOTER_NAMES}
    assert expected <= set(links), links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_footer_links_answer_200_for_a_signed_in_user(world: World) -> None:
    client = world.client("ars_a")
    links = footer_links(client.get("/").content.decode())
    assert {reverse(name) for name in FOOTER_NAMES} <= set(links)
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_footer_states_the_accessibility_status() -> None:
    page = text(Client().get("/").content.decode())
    assert "Accessibilité : non conforme" in page


def test_accessibility_statement_is_honest_and_says_how_it_was_measured() -> None:
    page = text(Client().get(reverse("footer-accessibility-status")).content.decode())
    assert "Le portail MASP est non conforme avec le référentiel général" in page
    assert "RGAA), version 4.1" in page
    assert "axe-core" in page
    assert "Non-conformités connues" in page
    assert "Défenseur des droits" in page
    assert "« Mes actions » de chaque rôle" in page


@override_settings(
    SESSION_COOKIE_AGE=90 * 60, MASP_EXPORT_RETENTION_DAYS=3, MASP_SECURITY_LOG_DAYS=200
)
def test_personal_data_page_reads_the_durations_the_code_applies() -> None:
    page = text(Client().get(reverse("footer-personal-data")).content.decode())
    assert "aucune donnée de patient" in page
    assert "Expire après 1 heure 30 minutes d'inactivité" in page
    assert "Supprimés 3 jours après leur production" in page
    assert "Lien valable 7 jours" in page  # accounts.services.INVITATION_VALIDITY
    assert "90 jours par défaut, 365 jours au plus" in page
    assert "Journal de sécurité" in page
    assert "200 jours, puis effacé chaque nuit" in page  # accounts.retention
    assert "CNIL" in page


@override_settings(SESSION_COOKIE_NAME="masp_session", CSRF_COOKIE_NAME="masp_csrf")
def test_cookies_page_names_the_cookies_the_settings_set() -> None:
    page = text(Client().get(reverse("footer-cookie-management")).content.decode())
    for name in ("masp_session", "masp_csrf", "django_language", "messages"):
        assert name in page
    assert "2 heures d'inactivité" in page
    assert "364 jours" in page
    assert "aucun cookie de mesure d'audience" in page


def test_the_cookies_a_visit_sets_are_the_ones_the_page_lists(world: World) -> None:
    client = Client()
    client.get(reverse("account_login"))
    client.force_login(world.users["ars_a"])
    client.get("/")
    assert set(client.cookies) <= {"sessionid", "csrftoken", "django_language", "messages"}


@override_settings(HOSTING="", MASP_HOSTING="Hébergeur Exemple, 1 rue de la Paix, Paris")
def test_legal_notice_names_the_publisher_and_the_host() -> None:
    page = text(Client().get(reverse("footer-legal-notice")).content.decode())
    assert "direction générale de l'offre de soins" in page
    assert "Hébergeur Exemple, 1 rue de la Paix, Paris" in page
    assert "licence Etalab 2.0" in page


def test_public_pages_have_a_breadcrumb() -> None:
    page = Client().get(reverse("footer-legal-notice")).content.decode()
    assert 'class="fr-breadcrumb"' in page
    assert 'aria-current="page">Mentions légales<' in page


@pytest.mark.parametrize("name", FOOTER_NAMES)
def test_public_pages_refuse_a_post(name: str) -> None:
    assert Client().post(reverse(name)).status_code == 405
