"""End-to-end account flows through the views: invitation, password set, login, logout,
password reset, MFA enrolment and enforcement."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.enums import Role, SecurityEventKind
from accounts.models import Invitation, Membership, SecurityEvent, User
from tests.accounts.helpers import reset_password
from tests.personas import World

pytestmark = pytest.mark.django_db
PASSWORD = "un-mot-de-passe-solide-2026"


@pytest.fixture(autouse=True)
def _clear_rate_limits() -> None:
    cache.clear()


def invitation_link() -> str:
    body = mail.outbox[-1].body
    match = re.search(r"https?://\S+/invitation/\S+/", body)
    assert match, body
    return match.group(0)


def invite(client: Client, **data: str) -> None:
    response = client.post(reverse("accounts:invitations"), data)
    assert response.status_code == 302, response.content.decode()


def test_admin_invites_an_ars_agent_who_sets_a_password(
    world: World, django_capture_on_commit_callbacks
) -> None:
    admin = world.client("national_admin")
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, email="Nouvel.Agent@example.org", role=Role.ARS_AGENT, region="32")
    assert mail.outbox[-1].to == ["nouvel.agent@example.org"]
    link = invitation_link()
    visitor = Client()
    assert visitor.get(link).status_code == 200
    response = visitor.post(
        link,
        {"first_name": "Alex", "last_name": "Martin", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvel.agent@example.org")
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).region_id == "32"
    # The invitation logs nobody in (issue 21): the new agent signs in like everyone.
    assert response.url == reverse("account_login")
    assert visitor.get(reverse("masp:site_list")).status_code == 302
    response = visitor.post(
        reverse("account_login"), {"login": "nouvel.agent@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert visitor.get(reverse("masp:site_list")).context["paginator"].count == 2
    # The link is single-use.
    assert Client().get(link).status_code == 404
    kinds = set(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert {SecurityEventKind.PASSWORD_SET, SecurityEventKind.MEMBERSHIP_GRANTED} <= kinds


def test_password_rules_and_mismatch_are_explained(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite(world.client("national_admin"), email="x@example.org", role=Role.ANALYST)
    link = invitation_link()
    response = Client().post(
        link, {"first_name": "A", "last_name": "B", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    assert "trop court" in response.content.decode()
    response = Client().post(
        link,
        {"first_name": "A", "last_name": "B", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert "ne correspondent pas" in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


def test_ars_agent_invites_coordinators_of_their_region_only(
    world: World, django_capture_on_commit_callbacks
) -> None:
    agent = world.client("ars_a")
    with django_capture_on_commit_callbacks(execute=True):
        invite(agent, email="coord@example.org", role=Role.COORDINATOR, site=str(world.site_a.pk))
    assert Invitation.objects.get(email="coord@example.org").site == world.site_a
    # A house of another region is not a valid choice; nor is another role.
    response = agent.post(
        reverse("accounts:invitations"),
        {"email": "c2@example.org", "role": Role.COORDINATOR, "site": world.site_c.pk},
    )
    assert response.status_code == 200
    response = agent.post(
        reverse("accounts:invitations"), {"email": "a2@example.org", "role": Role.ANALYST}
    )
    assert response.status_code == 200
    assert not Invitation.objects.filter(email__in=["c2@example.org", "a2@example.org"]).exists()


def test_coordinator_cannot_invite(world: World) -> None:
    assert world.client("coordinator_a").get(reverse("accounts:invitations")).status_code == 403


def test_login_logout_and_failed_login_are_logged(world: World) -> None:
    user = world.users["ars_a"]
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    assert response.status_code == 200
    assert "incorrect" in response.content.decode()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("masp:site_list")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("masp:site_list")).status_code == 302
    kinds = list(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))
    for kind in (SecurityEventKind.LOGIN_FAILED, SecurityEventKind.LOGIN, SecurityEventKind.LOGOUT):
        assert kind in kinds


def test_login_is_rate_limited(world: World) -> None:
    user = world.users["analyst"]
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "nope"})
    # Past the limit even the right password is refused, with an explanation.
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert client.get(reverse("masp:site_list")).status_code == 302


def test_password_reset_by_email(world: World) -> None:
    user = world.users["coordinator_a"]
    client = Client()
    assert reset_password(client, user.email, PASSWORD) == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.PASSWORD_RESET).exists()


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def login(client: Client, email: str) -> None:
    response = client.post(
        reverse("account_login"), {"login": email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302


def test_mfa_is_enforced_then_enrolled_then_asked_at_login(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MASP_ENFORCE_MFA = True
    user = world.users["ars_a"]
    client = Client()
    login(client, user.email)
    response = client.get(reverse("masp:site_list"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    assert client.get(reverse("api-site-list")).status_code == 403
    # Enrol TOTP (allauth first asks to confirm the password).
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("masp:site_list")).status_code == 200
    assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.MFA_ACTIVATED).exists()
    # The next login asks for a code.
    client.post(reverse("account_logout"))
    cache.clear()  # a TOTP code is single-use within its period
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("masp:site_list")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("masp:site_list")).status_code == 200


def test_mfa_is_optional_for_coordinators(world: World, settings: Any) -> None:
    settings.MASP_ENFORCE_MFA = True
    client = Client()
    login(client, world.users["coordinator_a"].email)
    assert client.get(reverse("masp:site_list")).status_code == 200


def test_mfa_not_enforced_in_the_demo(world: World) -> None:
    client = Client()
    login(client, world.users["analyst"].email)
    assert client.get(reverse("masp:site_list")).status_code == 200


def test_open_signup_is_closed(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "intrus@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not User.objects.filter(email="intrus@example.org").exists()
    assert response.status_code in {200, 302}
