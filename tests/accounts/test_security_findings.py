"""Issue 21 ("No way up"), accounts part: the penetration-test findings on the admin login,
email changes, invitations and admin privilege changes, each replayed against the fix."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.enums import Role, SecurityEventKind
from accounts.models import Invitation, Membership, SecurityEvent, User
from tests.accounts.factories import UserFactory
from tests.accounts.helpers import enrol_totp, totp_code
from tests.personas import World

pytestmark = [pytest.mark.django_db, pytest.mark.security]
PASSWORD = "correct-horse-battery"  # the factories' password
NEW_PASSWORD = "un-mot-de-passe-solide-2026"


@pytest.fixture(autouse=True)
def _clear_rate_limits() -> None:
    cache.clear()


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def login(client: Client, email: str, password: str = PASSWORD, **extra: str) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password, **extra})


def invitation_path(django_capture_on_commit_callbacks: Any, inviter: User, **kwargs: Any) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_send(inviter=inviter, **kwargs)
    match = re.search(r"/invitation/\S+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


# --- Finding 1: the admin login took the password alone -------------------------------------


def test_admin_login_redirects_to_allauth_and_takes_no_password(world: World) -> None:
    admin = world.users["national_admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    # The old form's password (right or wrong, a dozen times) opens nothing.
    for password in ["wrong"] * 12 + [PASSWORD]:
        response = client.post(
            reverse("admin:login"), {"username": admin.email, "password": password}
        )
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert not logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_admin_reached_through_allauth_asks_the_second_factor(world: World) -> None:
    admin = world.users["national_admin"]
    secret = enrol_totp(admin)
    client = Client()
    response = login(client, admin.email, next=reverse("admin:index"))
    assert response.url == reverse("mfa_authenticate")
    assert not logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_login_is_rate_limited_like_every_login(world: World) -> None:
    admin = world.users["national_admin"]
    client = Client()
    for _ in range(12):
        client.post(reverse("admin:login"), {"username": admin.email, "password": "wrong"})
        login(client, admin.email, "wrong", next=reverse("admin:index"))
    response = login(client, admin.email, next=reverse("admin:index"))
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    # The admin's old form is no way around the limit.
    client.post(reverse("admin:login"), {"username": admin.email, "password": PASSWORD})
    assert not logged_in(client)


def test_owning_an_authenticator_is_not_passing_it(world: World, settings: Any) -> None:
    """A privileged session that did not pass MFA (opened by the old admin login, say) only
    reaches the second-factor page, the logout, and nothing else."""
    settings.MASP_ENFORCE_MFA = True
    admin = world.users["national_admin"]
    secret = enrol_totp(admin)
    client = world.client("national_admin")  # a session without the second factor
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))
    assert client.get(reverse("masp:site_list")).status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 302
    # Not even the account pages where the password alone would remove the authenticator.
    assert client.get(reverse("mfa_deactivate_totp")).url.startswith(reverse("mfa_reauthenticate"))
    response = client.get(reverse("api-site-list"))
    assert response.status_code == 403
    assert "double authentification" in response.json()["detail"]
    assert client.get(reverse("mfa_reauthenticate")).status_code == 200
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("api-site-list")).status_code == 200


# --- Finding 2: an unverified email change captured an invitation ---------------------------


def test_email_change_counts_only_once_verified(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator = world.users["coordinator_a"]
    target = "futur.analyste@example.org"
    link = invitation_path(
        django_capture_on_commit_callbacks,
        world.users["national_admin"],
        email=target,
        role=Role.ANALYST,
    )
    client = Client()
    assert login(client, coordinator.email).status_code == 302
    # Changing the address asks for the password again.
    response = client.post(reverse("account_email"), {"email": target, "action_add": ""})
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    mail.outbox.clear()
    client.post(reverse("account_email"), {"email": target, "action_add": ""})
    # Nor can the unverified address be made the login address.
    client.post(reverse("account_email"), {"email": target, "action_primary": ""})
    coordinator.refresh_from_db()
    assert coordinator.email == "coordinator-a@example.org"
    assert not EmailAddress.objects.get(user=coordinator, email=target).verified
    assert mail.outbox[-1].to == [target]  # the verification link goes to the new address
    assert SecurityEvent.objects.filter(
        user=coordinator, kind=SecurityEventKind.EMAIL_CHANGE_REQUESTED, detail=target
    ).exists()
    # The invitation is not for the coordinator's account: whoever holds the mailbox gets a
    # new account with the role; the coordinator gains nothing.
    response = client.get(link)
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/invitation_accept.html"
    Client().post(
        link,
        {"first_name": "A", "last_name": "N", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    analyst = User.objects.get(email=target)
    assert analyst.pk != coordinator.pk
    assert Membership.objects.get(user=analyst).role == Role.ANALYST
    assert not Membership.objects.filter(user=coordinator, role=Role.ANALYST).exists()


def test_a_verified_change_replaces_the_address_and_is_logged(world: World) -> None:
    coordinator = world.users["coordinator_a"]
    client = Client()
    login(client, coordinator.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("account_email"), {"email": "nouvelle@example.org", "action_add": ""})
    match = re.search(r"http://testserver(/comptes/confirm-email/\S+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    client.post(match.group(1))
    coordinator.refresh_from_db()
    assert coordinator.email == "nouvelle@example.org"
    addresses = EmailAddress.objects.filter(user=coordinator)
    assert [(a.email, a.verified) for a in addresses] == [("nouvelle@example.org", True)]
    event = SecurityEvent.objects.get(user=coordinator, kind=SecurityEventKind.EMAIL_CHANGED)
    assert event.detail == "coordinator-a@example.org → nouvelle@example.org"


def test_login_needs_a_verified_address(db: None) -> None:
    user = UserFactory(email="jamais.verifiee@example.org", email_verified=False)
    client = Client()
    login(client, user.email)
    assert not logged_in(client)
    assert mail.outbox[-1].to == [user.email]  # a verification link instead


def test_a_role_reaches_an_account_only_through_a_verified_address(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Even holding the invitation link, a signed-in account whose matching address is not
    verified (say an administrator typed it in the admin) gets no role."""
    coordinator = world.users["coordinator_b"]
    coordinator.email = "typed-by-admin@example.org"
    coordinator.save()
    link = invitation_path(
        django_capture_on_commit_callbacks,
        world.users["ars_a"],
        email=coordinator.email,
        role=Role.COORDINATOR,
        site=world.site_a,
    )
    client = world.client("coordinator_b")
    assert client.get(link).status_code == 403
    assert client.post(link).status_code == 403
    assert not Membership.objects.filter(user=coordinator, site=world.site_a).exists()
    invitation = Invitation.objects.get(email=coordinator.email)
    with pytest.raises(PermissionDenied):
        services.invitation_accept_existing(invitation=invitation, user=coordinator)


# --- Finding 3: an invitation link logged into the existing account --------------------------


def test_an_invitation_to_an_existing_account_logs_nobody_in(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    admin = world.users["national_admin"]
    link = invitation_path(
        django_capture_on_commit_callbacks,
        world.users["ars_a"],
        email=admin.email,
        role=Role.COORDINATOR,
        site=world.site_a,
    )
    visitor = Client()
    response = visitor.get(link)
    assert response.status_code == 200
    assert "Se connecter pour accepter" in response.content.decode()
    response = visitor.post(
        link,
        {"first_name": "X", "last_name": "Y", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert not logged_in(visitor)
    assert visitor.get(reverse("admin:index")).status_code == 302
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)  # the typed password changed nothing
    assert not Membership.objects.filter(user=admin, role=Role.COORDINATOR).exists()
    assert Invitation.objects.get(email=admin.email).accepted_at is None


def test_the_existing_account_signs_in_with_mfa_then_confirms(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MASP_ENFORCE_MFA = True
    agent = world.users["ars_other"]
    secret = enrol_totp(agent)
    link = invitation_path(
        django_capture_on_commit_callbacks,
        world.users["national_admin"],
        email=agent.email,
        role=Role.ARS_AGENT,
        region_id="32",
    )
    client = Client()
    login_url = client.get(link).context["login_url"]
    response = client.post(login_url, {"login": agent.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")  # the password alone is not enough
    assert client.get(link).status_code == 200  # still anonymous: the sign-in page again
    assert not logged_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.url == link
    response = client.get(link)
    assert response.templates[0].name == "accounts/invitation_confirm.html"
    assert not Membership.objects.filter(user=agent, region_id="32").exists()
    response = client.post(link)
    assert response.url == reverse("accounts:account")
    membership = Membership.objects.get(user=agent, region_id="32")
    assert membership.granted_by == world.users["national_admin"]
    assert SecurityEvent.objects.filter(
        user=agent, kind=SecurityEventKind.INVITATION_ACCEPTED
    ).exists()
    assert client.get(link).status_code == 404  # single use


def test_another_signed_in_account_cannot_take_the_invitation(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    link = invitation_path(
        django_capture_on_commit_callbacks,
        world.users["ars_a"],
        email=world.users["coordinator_b"].email,
        role=Role.COORDINATOR,
        site=world.site_a,
    )
    client = world.client("coordinator_a")
    assert client.get(link).status_code == 403
    assert client.post(link).status_code == 403
    holders = Membership.objects.filter(site=world.site_a).values_list("user", flat=True)
    assert list(holders) == [world.users["coordinator_a"].pk]


def test_nobody_invites_themselves(world: World) -> None:
    agent = world.users["ars_a"]
    response = world.client("ars_a").post(
        reverse("accounts:invitations"),
        {"email": "ARS-A@example.org", "role": Role.COORDINATOR, "site": world.site_a.pk},
    )
    assert response.status_code == 200
    assert "vous inviter vous-même" in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.invitation_send(
            inviter=agent, email=agent.email, role=Role.COORDINATOR, site=world.site_a
        )
    assert not Invitation.objects.exists()


def test_an_ars_agent_invites_inside_their_region_only(world: World) -> None:
    client = world.client("ars_a")
    url = reverse("accounts:invitations")
    refused = [
        {"email": "x1@example.org", "role": Role.NATIONAL_ADMIN},
        {"email": "x2@example.org", "role": Role.ANALYST},
        {"email": "x3@example.org", "role": Role.ARS_AGENT, "region": "53"},
        {"email": "x4@example.org", "role": Role.COORDINATOR, "site": world.site_c.pk},
    ]
    for data in refused:
        assert client.post(url, data).status_code == 200, data
    assert not Invitation.objects.exists()
    agent = world.users["ars_a"]
    for role in (Role.NATIONAL_ADMIN, Role.ANALYST):
        with pytest.raises(PermissionDenied):
            services.invitation_send(inviter=agent, email="x@example.org", role=role)
    with pytest.raises(PermissionDenied):
        services.invitation_send(
            inviter=agent, email="x@example.org", role=Role.ARS_AGENT, region_id="53"
        )
    # Their own region's ARS role is theirs to give.
    response = client.post(url, {"email": "x5@example.org", "role": Role.ARS_AGENT, "region": "32"})
    assert response.status_code == 302
    assert Invitation.objects.get(email="x5@example.org").region_id == "32"


# --- Finding 10: admin privilege changes were logged nowhere --------------------------------


def user_change_data(user: User, **changes: Any) -> dict[str, Any]:
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_granting_superuser_in_the_admin_is_logged(world: World) -> None:
    target = world.users["coordinator_a"]
    admin = world.users["national_admin"]
    client = world.client("national_admin")
    url = reverse("admin:accounts_user_change", args=[target.pk])
    response = client.post(url, user_change_data(target, is_staff="on", is_superuser="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert target.is_superuser
    event = SecurityEvent.objects.get(user=target, kind=SecurityEventKind.PRIVILEGES_CHANGED)
    assert event.actor == admin
    assert "is_superuser : False → True" in event.detail
    assert "is_staff : False → True" in event.detail
    # Taking it back is logged too; so is an address typed in by the administrator.
    client.post(url, user_change_data(target, email="autre@example.org"))
    kinds = list(
        SecurityEvent.objects.filter(user=target, actor=admin).values_list("kind", "detail")
    )
    assert (
        SecurityEventKind.PRIVILEGES_CHANGED,
        "is_staff : True → False; is_superuser : True → False",
    ) in kinds
    assert (
        SecurityEventKind.EMAIL_CHANGED,
        "coordinator-a@example.org → autre@example.org",
    ) in kinds


def test_a_membership_deactivated_in_the_admin_form_is_logged(world: World) -> None:
    membership = Membership.objects.get(user=world.users["ars_a"])
    response = world.client("national_admin").post(
        reverse("admin:accounts_membership_change", args=[membership.pk]),
        {"user": membership.user_id, "role": Role.ARS_AGENT, "region": "32"},  # is_active off
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership.refresh_from_db()
    assert not membership.is_active
    assert membership.deactivated_at is not None
    event = SecurityEvent.objects.get(
        user=world.users["ars_a"], kind=SecurityEventKind.MEMBERSHIP_REVOKED
    )
    assert event.actor == world.users["national_admin"]


def test_me_shows_the_admin_flags(world: World, superuser: User) -> None:
    client = Client()
    client.force_login(superuser)
    data = client.get(reverse("api-me")).json()
    assert data["is_staff"] is True
    assert data["is_superuser"] is True
    data = world.client("analyst").get(reverse("api-me")).json()
    assert data == {
        "email": "analyst@example.org",
        "is_staff": False,
        "is_superuser": False,
        "memberships": [{"role": Role.ANALYST, "region": None, "site": None}],
    }


def test_sessions_opened_under_the_old_rules_end_with_the_migration(world: World) -> None:
    from django.apps import apps

    migration = importlib.import_module(
        "accounts.migrations.0007_end_sessions_opened_before_issue_21"
    )
    client = world.client("national_admin")  # as if opened by the old admin login
    assert client.get(reverse("accounts:account")).status_code == 200
    migration.end_sessions(apps, None)
    assert client.get(reverse("accounts:account")).status_code == 302
