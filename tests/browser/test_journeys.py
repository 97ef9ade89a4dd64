"""Journeys 3 to 6 in a real browser: the region PDF followed live (htmx) and downloaded, the
national CSV export, an invited ARS agent who sets a password and enrols MFA, a visitor who
finds a house in the public directory."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail

from accounts.enums import Role
from accounts.models import Membership, User
from reporting.enums import JobStatus
from reporting.models import ReportRequest
from reporting.pdf import services
from tests.browser.conftest import Session
from tests.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_journey_3_agent_requests_the_region_pdf_and_sees_it_become_ready(
    open_session: Any, journey_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hold the rendering back (no worker in this test) to watch the page change on its own.
    held: list[int] = []
    monkeypatch.setattr(services, "enqueue", held.append)
    agent = open_session("journey-3")
    agent.login(journey_world.users["ars_a"].email)
    page = agent.page
    agent.menu("Outils", "Synthèses PDF")
    page.select_option("#id_kind", "region")
    page.select_option("#id_region", "32")
    page.fill("#id_period_start", "2026-01-01")
    page.fill("#id_period_end", "2026-06-30")
    page.click("text=Générer le rapport")
    page.wait_for_load_state()
    request = ReportRequest.objects.get()
    row = page.locator(f"#report-{request.pk}")
    assert "en attente" in row.inner_text().lower()
    row.scroll_into_view_if_needed()
    agent.shot("1-pending")
    assert held == [request.pk]

    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    services.report_render(request_id=request.pk)  # what the worker would do
    row.locator("text=Télécharger").wait_for(timeout=20_000)  # htmx polls every 2 s
    assert navigations == []  # no reload
    assert "prêt" in row.inner_text().lower()
    row.scroll_into_view_if_needed()
    agent.shot("2-ready")
    with page.expect_download() as info:
        row.locator("text=Télécharger").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    request.refresh_from_db()
    assert request.status == JobStatus.DONE
    assert agent.console_errors == []


def test_journey_4_analyst_downloads_the_national_csv_export(
    open_session: Any, journey_world: World
) -> None:
    # The activity-report export comes with issue 10's export pages; the houses export is the
    # national CSV available now.
    analyst = open_session("journey-4")
    analyst.login(journey_world.users["analyst"].email)
    page = analyst.page
    analyst.menu("Maisons", "Liste des maisons")
    assert "Maison C" in page.inner_text("main")  # national: another region's house too
    analyst.shot("1-national-list")
    with page.expect_download() as info:
        # A plain navigation to the attachment, as a link would do.
        page.evaluate("url => { window.location.href = url; }", "/api/v1/exports/sites.csv")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(io.StringIO(file.read())))
    names = {row["site_name"] for row in rows}
    assert {"Maison A", "Maison B", "Maison C"} <= names, rows[:1]


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def session_secret(session: Session) -> str:
    cookie = next(c for c in session.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return SessionStore(cookie["value"])[SECRET_SESSION_KEY]


def test_journey_5_admin_invites_an_agent_who_sets_a_password_and_enrols_mfa(
    open_session: Any, journey_world: World, settings: Any
) -> None:
    settings.MASP_ENFORCE_MFA = True  # privileged roles must enrol
    mail.outbox.clear()
    admin_secret = generate_totp_secret()  # the administrator is already enrolled
    TOTP.activate(journey_world.users["national_admin"], admin_secret)
    admin = open_session("journey-5-admin")
    admin.login(journey_world.users["national_admin"].email)
    # Owning an authenticator is not enough: the session passes it (issue 21).
    assert "/2fa/authenticate/" in admin.page.url, admin.page.url
    admin.page.fill("input[name=code]", totp_code(admin_secret))
    admin.page.locator("main form button[type=submit]:not([form])").click()
    admin.page.wait_for_load_state()
    page = admin.page
    page.goto("/invitations/")
    page.fill("#id_email", "nouvelle.agente@example.org")
    page.select_option("#id_role", Role.ARS_AGENT)
    page.select_option("#id_region", "32")
    page.click("text=Envoyer l'invitation")
    page.wait_for_load_state()
    assert "nouvelle.agente@example.org" in page.inner_text("main")
    admin.shot("1-invited")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/invitation/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    agent = open_session("journey-5-agent")
    agent.page.goto(link.group(0))
    agent.page.fill("#id_first_name", "Nadia")
    agent.page.fill("#id_last_name", "Lefèvre")
    password = "un-mot-de-passe-solide-2026"
    agent.page.fill("#id_password1", password)
    agent.page.fill("#id_password2", password)
    agent.shot("2-password")
    agent.page.locator("main form button[type=submit]:not([form])").click()
    agent.page.wait_for_load_state()
    # The invitation logs nobody in (issue 21): the agent signs in with the new password.
    assert "/comptes/login/" in agent.page.url, agent.page.url
    agent.login("nouvelle.agente@example.org", password)
    # MFA is required before anything else.
    if "reauthenticate" in agent.page.url:
        agent.page.fill("input[name=password]", password)
        agent.page.locator("main form button[type=submit]:not([form])").click()
        agent.page.wait_for_load_state()
    assert "/2fa/totp/activate/" in agent.page.url, agent.page.url
    agent.shot("3-mfa", hide="main img, main input:not([name=code])")  # QR code and secret
    agent.page.fill("input[name=code]", totp_code(session_secret(agent)))
    agent.page.locator("main form button[type=submit]:not([form])").click()
    agent.page.wait_for_load_state()
    user = User.objects.get(email="nouvelle.agente@example.org")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Membership.objects.get(user=user).region_id == "32"
    agent.page.goto("/maisons/")
    assert "/maisons/" in agent.page.url
    assert "Maison A" in agent.page.inner_text("main")
    assert "Maison C" not in agent.page.inner_text("main")  # another region


def test_journey_6_visitor_finds_a_house_by_postcode(
    open_session: Any, journey_world: World
) -> None:
    visitor = open_session("journey-6")
    page = visitor.page
    page.goto("/")
    page.click("nav >> text=Annuaire")
    page.fill("#id_q", "29200")
    page.click("main >> text=Rechercher")
    page.wait_for_load_state()
    assert "q=29200" in page.url
    first = page.locator(".fr-card__title").first
    assert first.inner_text() == "Maison C"
    assert "29200" in page.locator(".fr-card__desc").first.inner_text()
    visitor.shot("1-found")
    assert visitor.console_errors == []
