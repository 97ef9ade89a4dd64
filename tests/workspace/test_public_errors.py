"""403, 404, 500 and CSRF failure pages: French, in the design system, with DEBUG off."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.db import connections
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from tests.personas import World
from workspace.public import errors

pytestmark = pytest.mark.django_db


def text(page: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@override_settings(DEBUG=False)
def test_an_unknown_address_is_a_french_404_page(world: World) -> None:
    for client in (Client(), world.client("coordinator_a")):
        response = client.get("/cette-page-n-existe-pas/")
        assert response.status_code == 404
        page = response.content.decode()
        assert "Page introuvable" in text(page)
        assert "Erreur 404" in text(page)
        assert 'class="fr-footer"' in page  # the design system's frame
        assert "Not Found" not in page


@override_settings(DEBUG=False)
def test_an_object_outside_the_scope_is_the_same_404_page(world: World) -> None:
    response = world.client("coordinator_a").get(
        reverse("masp:site_detail", args=[world.site_c.pk])
    )
    assert response.status_code == 404
    assert "Page introuvable" in text(response.content.decode())


@override_settings(DEBUG=False)
def test_a_refused_action_is_a_french_403_page(world: World) -> None:
    # Invitations are for ARS agents and national administrators: a coordinator gets 403.
    response = world.client("coordinator_a").get(reverse("accounts:invitations"))
    assert response.status_code == 403
    page = text(response.content.decode())
    assert "Accès refusé" in page
    assert "Erreur 403" in page
    assert "Forbidden" not in page


@override_settings(DEBUG=False)
def test_a_csrf_failure_is_a_french_page(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["ars_a"])
    response = client.post(reverse("account_logout"))
    assert response.status_code == 403
    page = text(response.content.decode())
    assert "Formulaire expiré" in page
    assert "CSRF" not in page


def test_the_500_page_renders_without_the_database_or_a_user(django_assert_num_queries) -> None:
    request = RequestFactory().get("/")  # no session, no user: no middleware ran
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Erreur inattendue" in text(page)
    assert "Erreur 500" in text(page)
    assert 'class="fr-footer"' in page
    assert reverse("footer-legal-notice") in page


@override_settings(DEBUG=False)
def test_an_exception_in_a_view_gives_the_500_page(world: World, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("workspace.public.views.sitemap_for", broken)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("footer-sitemap"))
    assert response.status_code == 500
    assert "Erreur inattendue" in text(response.content.decode())


def test_the_500_page_survives_a_database_that_is_down(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the 500 page must not touch the database")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = errors.server_error(RequestFactory().get("/"))
    assert "Erreur inattendue" in text(response.content.decode())
