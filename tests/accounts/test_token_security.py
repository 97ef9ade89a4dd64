"""Penetration-test finding 4 (issue 21): API tokens no longer bypass MFA, are read-only unless
created for writing, expire, and are revoked with the password, a role or the account."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.authentication import LAST_USED_GRANULARITY
from accounts.enums import SecurityEventKind
from accounts.models import ApiToken, Membership, SecurityEvent, User, hash_secret
from accounts.services import api_token_create, membership_revoke
from masp.models import StaffingDeclaration
from tests.accounts.helpers import enrol_totp, reset_password, totp_code
from tests.personas import World

pytestmark = [pytest.mark.django_db, pytest.mark.security]
PASSWORD = "correct-horse-battery"  # tests/accounts/factories.py
NEW_PASSWORD = "un-autre-mot-de-passe-2026"
DECLARATION = {"lines": [{"role": "infirmier", "fte_funded": "1", "fte_filled": "1"}]}


def token_client(key: str) -> Client:
    return Client(headers={"Authorization": f"Token {key}"})


def declare(world: World, client: Client) -> Any:
    url = reverse("api_site_staffing", args=[world.site_a.pk])
    return client.post(url, DECLARATION, content_type="application/json")


def revocations(user: User) -> list[str]:
    events = SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.TOKEN_REVOKED)
    return sorted(events.values_list("detail", flat=True))


# MFA


def test_session_and_token_are_both_refused_without_mfa_under_enforcement(
    world: World, settings: Any
) -> None:
    settings.MASP_ENFORCE_MFA = True
    agent = world.users["ars_a"]
    _token, key = api_token_create(user=agent, name="script")
    assert world.client("ars_a").get(reverse("api-site-list")).status_code == 403
    response = token_client(key).get(reverse("api-site-list"))
    assert response.status_code == 403  # was 200: the finding
    assert "double authentification" in response.json()["detail"]
    # Once the agent has an authenticator, the token works again.
    enrol_totp(agent)
    assert token_client(key).get(reverse("api-site-list")).status_code == 200
    # A coordinator's role does not require MFA: their token works without it.
    _token, coordinator_key = api_token_create(user=world.users["coordinator_a"], name="s")
    assert token_client(coordinator_key).get(reverse("api-site-list")).status_code == 200


def test_token_is_not_refused_when_mfa_is_not_enforced(world: World) -> None:
    _token, key = api_token_create(user=world.users["ars_a"], name="script")
    assert token_client(key).get(reverse("api-site-list")).status_code == 200


def test_creating_a_token_needs_a_session_that_passed_mfa(world: World, settings: Any) -> None:
    settings.MASP_ENFORCE_MFA = True
    agent = world.users["ars_a"]
    secret = enrol_totp(agent)
    client = world.client("ars_a")  # opened without a second factor
    response = client.post(reverse("accounts:token_create"), {"name": "script"})
    reauthenticate = reverse("mfa_reauthenticate")
    assert response.status_code == 302
    assert response.url.startswith(reauthenticate)
    assert not ApiToken.objects.exists()
    # Confirming the code in this session unlocks the creation.
    response = client.post(
        f"{reauthenticate}?next={reverse('accounts:account')}", {"code": totp_code(secret)}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    response = client.post(reverse("accounts:token_create"), {"name": "script"})
    assert response.url == reverse("accounts:account")
    assert ApiToken.objects.get().user == agent


def test_a_session_opened_with_totp_creates_tokens(world: World, settings: Any) -> None:
    settings.MASP_ENFORCE_MFA = True
    agent = world.users["analyst"]
    secret = enrol_totp(agent)
    client = Client()
    response = client.post(reverse("account_login"), {"login": agent.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    response = client.post(reverse("accounts:token_create"), {"name": "R"})
    assert response.url == reverse("accounts:account")
    assert ApiToken.objects.filter(user=agent).count() == 1


def test_a_coordinator_creates_a_token_without_mfa(world: World, settings: Any) -> None:
    settings.MASP_ENFORCE_MFA = True
    response = world.client("coordinator_a").post(reverse("accounts:token_create"), {"name": "s"})
    assert response.url == reverse("accounts:account")
    assert ApiToken.objects.filter(user=world.users["coordinator_a"]).exists()


# Read-only by default


def test_write_is_refused_with_a_read_only_token(world: World) -> None:
    _token, key = api_token_create(user=world.users["coordinator_a"], name="lecture")
    client = token_client(key)
    assert client.get(reverse("api_site_staffing", args=[world.site_a.pk])).status_code == 200
    response = declare(world, client)
    assert response.status_code == 403
    assert "lecture seule" in response.json()["detail"]
    assert not StaffingDeclaration.objects.exists()
    for method in (client.put, client.patch, client.delete):
        url = reverse("api-site-detail", args=[world.site_a.pk])
        assert method(url, {}, content_type="application/json").status_code == 403
    # The same user's session still writes: the limit is the token's, not the user's.
    assert declare(world, world.client("coordinator_a")).status_code == 201


def test_read_write_token_can_write(world: World) -> None:
    _token, key = api_token_create(user=world.users["coordinator_a"], name="rw", can_write=True)
    response = declare(world, token_client(key))
    assert response.status_code == 201
    assert StaffingDeclaration.objects.get().declared_by == world.users["coordinator_a"]


def test_account_page_creates_read_only_or_read_write_tokens(world: World) -> None:
    client = world.client("coordinator_a")
    client.post(reverse("accounts:token_create"), {"name": "lecture"})
    client.post(reverse("accounts:token_create"), {"name": "écriture", "can_write": "on"})
    tokens = dict(ApiToken.objects.values_list("name", "can_write"))
    assert tokens == {"lecture": False, "écriture": True}
    page = client.get(reverse("accounts:account")).content.decode()
    assert "lecture seule" in page
    assert "lecture et écriture" in page
    details = SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_CREATED)
    assert sorted(details.values_list("detail", flat=True)) == [
        f"lecture (lecture seule, expire le {timezone.now() + dt.timedelta(days=90):%d/%m/%Y})",
        f"écriture (lecture et écriture, expire le "
        f"{timezone.now() + dt.timedelta(days=90):%d/%m/%Y})",
    ]


def test_command_creates_read_only_tokens_unless_asked(world: World) -> None:
    def create(*args: str) -> ApiToken:
        out = io.StringIO()
        call_command("create_api_token", "analyst@example.org", *args, stdout=out)
        return ApiToken.objects.get(key_hash=hash_secret(out.getvalue().strip().splitlines()[-1]))

    assert create("--name", "R").can_write is False
    assert create("--name", "RW", "--lecture-ecriture").can_write is True
    assert create("--read-write").can_write is True
    token = create("--jours", "30")
    assert token.expires_at.date() == (timezone.now() + dt.timedelta(days=30)).date()
    with pytest.raises(CommandError, match="1 à 365 jours"):
        create("--days", "366")


# Expiry


def test_expired_token_is_refused(world: World) -> None:
    token, key = api_token_create(user=world.users["analyst"], name="court", days=1)
    assert token_client(key).get(reverse("api-me")).status_code == 200
    with time_machine.travel(token.expires_at + dt.timedelta(seconds=1)):
        response = token_client(key).get(reverse("api-me"))
        assert token.is_expired
        page = world.client("analyst").get(reverse("accounts:account")).content.decode()
    assert response.status_code == 401
    assert "expiré" in response.json()["detail"]
    assert "expiré" in page  # still listed, flagged, until revoked


def test_expiry_defaults_to_90_days_and_is_capped_at_a_year(world: World) -> None:
    client = world.client("coordinator_a")
    client.post(reverse("accounts:token_create"), {"name": "défaut"})
    client.post(reverse("accounts:token_create"), {"name": "un an", "days": "365"})
    today = timezone.now().date()
    expiries = {token.name: token.expires_at.date() for token in ApiToken.objects.all()}
    assert expiries == {
        "défaut": today + dt.timedelta(days=90),
        "un an": today + dt.timedelta(days=365),
    }
    response = client.post(reverse("accounts:token_create"), {"name": "trop", "days": "366"})
    assert response.status_code == 400
    assert "365 jours au plus" in response.content.decode()
    response = client.post(reverse("accounts:token_create"), {"name": "nul", "days": "0"})
    assert "au moins 1 jour" in response.content.decode()
    assert ApiToken.objects.count() == 2
    with pytest.raises(ValidationError, match="1 à 365 jours"):
        api_token_create(user=world.users["coordinator_a"], name="x", days=400)
    assert ApiToken.objects.count() == 2


def test_existing_tokens_migrate_to_read_only_with_a_90_day_expiry() -> None:
    migration = __import__(
        "accounts.migrations.0005_api_token_scope_and_expiry", fromlist=["Migration"]
    ).Migration
    fields = {operation.name: operation.field for operation in migration.operations}
    assert fields["can_write"].default is False
    with time_machine.travel(dt.datetime(2027, 1, 1, tzinfo=dt.UTC), tick=False):
        assert fields["expires_at"].default() == dt.datetime(2027, 4, 1, tzinfo=dt.UTC)


# Last use


def test_last_use_is_recorded_at_most_once_a_minute(world: World) -> None:
    token, key = api_token_create(user=world.users["analyst"], name="R")
    assert token.last_used_at is None
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token_client(key).get(reverse("api-me"))
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        token_client(key).get(reverse("api-me"))
    token.refresh_from_db()
    assert token.last_used_at == start  # not rewritten within the minute
    later = start + LAST_USED_GRANULARITY + dt.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        token_client(key).get(reverse("api-me"))
    token.refresh_from_db()
    assert token.last_used_at == later
    page = world.client("analyst").get(reverse("accounts:account")).content.decode()
    local = timezone.localtime(later)
    assert f"{local:%H:%M}" in page
    assert re.search(rf"<td>{timezone.localtime(token.expires_at).day} \w+", page)


# Revocation


def test_password_change_revokes_the_tokens(world: World) -> None:
    user = world.users["coordinator_a"]
    _token, key = api_token_create(user=user, name="script")
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    response = token_client(key).get(reverse("api-me"))
    assert response.status_code == 401
    assert "révoqué" in response.json()["detail"]
    assert revocations(user) == ["script : mot de passe modifié"]


def test_password_reset_revokes_the_tokens(world: World) -> None:

    user = world.users["ars_a"]
    _token, key = api_token_create(user=user, name="script")
    reset_password(Client(), user.email, NEW_PASSWORD)
    assert token_client(key).get(reverse("api-me")).status_code == 401
    assert revocations(user) == ["script : mot de passe modifié"]


def test_password_set_through_the_admin_revokes_the_tokens(
    world: World, superuser_client: Client
) -> None:
    user = world.users["analyst"]
    _token, key = api_token_create(user=user, name="R")
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = superuser_client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert response.status_code == 302
    assert token_client(key).get(reverse("api-me")).status_code == 401
    assert revocations(user) == ["R : mot de passe modifié"]


def test_other_saves_of_the_user_keep_the_tokens(world: World) -> None:
    user = world.users["analyst"]
    _token, key = api_token_create(user=user, name="R")
    user.first_name = "Ana"
    user.save()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert token_client(key).get(reverse("api-me")).status_code == 200
    assert revocations(user) == []


def test_membership_removal_revokes_the_tokens(world: World) -> None:
    user = world.users["ars_a"]
    _token, key = api_token_create(user=user, name="script", can_write=True)
    membership = Membership.objects.get(user=user, is_active=True)
    membership_revoke(membership=membership, by=world.users["national_admin"])
    response = token_client(key).get(reverse("api-me"))
    assert response.status_code == 401
    assert revocations(user) == [f"script : rôle retiré : {membership}"]
    # A token created afterwards survives a later save of the inactive membership.
    _token, new_key = api_token_create(user=user, name="nouveau")
    membership.save()
    assert token_client(new_key).get(reverse("api-me")).status_code == 200


def test_membership_deactivated_in_the_admin_revokes_the_tokens(
    world: World, superuser_client: Client
) -> None:
    user = world.users["coordinator_a"]
    _token, key = api_token_create(user=user, name="script")
    membership = Membership.objects.get(user=user, is_active=True)
    response = superuser_client.post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "deactivate", "_selected_action": [membership.pk]},
    )
    assert response.status_code == 302
    assert token_client(key).get(reverse("api-me")).status_code == 401


def test_deactivation_revokes_the_tokens(world: World) -> None:
    user = world.users["analyst"]
    token, key = api_token_create(user=user, name="R")
    user.is_active = False
    user.save()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert revocations(user) == ["R : compte désactivé"]
    # Reactivating the account does not bring the token back.
    user.is_active = True
    user.save()
    assert token_client(key).get(reverse("api-me")).status_code == 401
