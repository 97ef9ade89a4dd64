"""Issue 27 in a real browser, against the real OpenID provider of tests/oidc: an invited ARS
agent signs in with ProConnect and lands on their home; logging out ends the provider's
session too (it asks again); a coordinator with TOTP links Pro Santé Connect and is not asked
for the code when amr says MFA; an unknown identity gets the French page; a tampered userinfo
signature is refused. Captures: docs/img/federation-*.png (copied from tests/artifacts/browser/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Invitation, Membership, hash_secret
from tests.accounts.helpers import enrol_totp
from tests.browser.conftest import run_axe
from tests.oidc.conftest import OidcProvider, federations, oidc_provider  # noqa: F401
from tests.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page: Any, federation: str, login: str) -> None:
    """The federation's button on the login page, then the provider's own login form."""
    page.goto("/comptes/login/")
    page.click(f"button[data-federation={federation}]")
    page.wait_for_selector("input[name=login]")
    page.fill("input[name=login]", login)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_federation_journeys(
    journey_world: World,
    federations: OidcProvider,  # noqa: F811 (the fixture imported above)
    open_session: Any,
    live_server: Any,
) -> None:
    world = journey_world
    Invitation.objects.create(
        email="camille.nord@ars.sante.fr",
        role=Role.ARS_AGENT,
        region_id="32",
        token_hash=hash_secret("journey-federation"),
        invited_by=world.users["national_admin"],
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    federations.add_account(
        "agent-hdf", email="camille.nord@ars.sante.fr", given_name="Camille", usual_name="Nord"
    )

    # An invited ARS agent signs in with ProConnect and lands on their home.
    agent = open_session("federation-agent")
    agent.page.goto("/comptes/login/")
    assert agent.page.locator("button.fr-connect").count() == 2
    assert "S'identifier avec" in agent.page.inner_text("button[data-federation=proconnect]")
    agent.shot("1-login")
    assert run_axe(agent.page) == []
    press(agent.page, "proconnect", "agent-hdf")
    assert agent.page.url == f"{live_server.url}/", agent.page.content()
    assert "Mes actions" in agent.page.content()
    assert Membership.objects.get(user__email="camille.nord@ars.sante.fr").region_id == "32"
    agent.shot("2-home")

    # Logging out ends both sessions: the provider asks who you are again.
    before = len(federations.journal()["endSession"])
    agent.page.click("header form[action='/comptes/logout/'] button")
    agent.page.wait_for_url(f"{live_server.url}/")
    assert "Vous êtes déconnecté du portail et de votre fédération d'identité" in (
        agent.page.content()
    )
    assert len(federations.journal()["endSession"]) > before
    agent.page.goto("/comptes/login/")
    agent.page.click("button[data-federation=proconnect]")
    agent.page.wait_for_selector("input[name=login]")  # not signed in again silently

    # A coordinator with TOTP links Pro Santé Connect; amr says MFA: no code asked.
    coordinator = world.users["coordinator_a"]
    enrol_totp(coordinator)
    federations.add_account("coord-psc", email=coordinator.email, email_verified=True, amr=["mfa"])
    coord = open_session("federation-coordinator")
    press(coord.page, "psc", "coord-psc")
    assert coord.page.url == f"{live_server.url}/", coord.page.content()
    assert "/2fa/" not in coord.page.url

    # An unknown identity: the French page that explains how to be invited.
    federations.add_account("stranger", email="inconnu@interieur.gouv.fr")
    stranger = open_session("federation-unknown")
    press(stranger.page, "proconnect", "stranger")
    assert "n'ouvre aucun compte du portail" in stranger.page.content()
    assert "Comment obtenir un accès" in stranger.page.content()
    stranger.shot("3-refused")
    assert run_axe(stranger.page) == []

    # A userinfo signed with another key: refused, nobody signed in.
    federations.tamper(True)
    forged = open_session("federation-forged")
    press(forged.page, "proconnect", "agent-hdf")
    assert "La connexion par votre fédération d'identité a échoué" in forged.page.content()
    forged.page.goto("/mon-compte/")
    assert "/comptes/login/" in forged.page.url
    assert not any("Content Security Policy" in error for error in agent.console_errors)
