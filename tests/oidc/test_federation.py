"""Sign-in through ProConnect and Pro Santé Connect against a real OpenID provider
(conftest.py): nothing on the HTTP path is mocked. Linking has no way up."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role, SecurityEventKind
from accounts.federation.adapter import _nonce_matches
from accounts.federation.logout import FEDERATION_SESSION_KEY
from accounts.mfa import federation_shows_mfa
from accounts.models import Invitation, Membership, SecurityEvent, User, hash_secret
from tests.accounts.factories import UserFactory
from tests.accounts.helpers import enrol_totp
from tests.oidc.conftest import OidcProvider, Person
from tests.personas import World

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/login/"
MFA_AUTHENTICATE = "/comptes/2fa/authenticate/"


def invite(world: World, email: str, role: str = Role.ARS_AGENT, **extra: Any) -> Invitation:
    defaults: dict[str, Any] = {"region_id": "32"} if role == Role.ARS_AGENT else {}
    defaults.update(extra)
    return Invitation.objects.create(
        email=email,
        role=role,
        token_hash=hash_secret(f"token-{email}-{role}"),
        invited_by=world.users["national_admin"],
        expires_at=timezone.now() + timedelta(days=7),
        **defaults,
    )


def signed_in(person: Person) -> User | None:
    user = person.client.get(reverse("accounts:account")).wsgi_request.user
    return user if user.is_authenticated else None


def kinds(email: str) -> list[str]:
    return list(
        SecurityEvent.objects.filter(user__email=email)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def refused(response: Any) -> bool:
    return response.status_code == 403 and "n'ouvre aucun compte du portail" in response.text


# --- The login page -------------------------------------------------------------------


def test_no_federation_button_when_the_environment_sets_none(client: Client) -> None:
    page = client.get(LOGIN).content.decode()
    assert "S'identifier avec" not in page
    assert "ProConnect" not in page


def test_the_login_page_offers_both_official_buttons(
    client: Client, federations: OidcProvider
) -> None:
    page = client.get(LOGIN).content.decode()
    assert page.count('class="fr-connect masp-federation"') == 2
    assert "S'identifier avec" in page
    assert '<span class="fr-connect__brand">ProConnect</span>' in page
    assert '<span class="fr-connect__brand">Pro Santé Connect</span>' in page
    assert reverse("openid_connect_login", kwargs={"provider_id": "proconnect"}) in page


def test_the_authorization_request_is_what_proconnect_expects(
    world: World, federations: OidcProvider
) -> None:
    response = Person().client.post(Person().login_url("proconnect", "someone"))
    location = response.headers["Location"]
    assert location.startswith(f"{federations.issuer}/auth?")
    for part in ("acr_values=eidas1", "nonce=", "state=", "login_hint=someone", "claims="):
        assert part in location
    assert "code_challenge" not in location  # ProConnect refuses unknown parameters
    scope = location.split("scope=")[1].split("&")[0]
    for name in ("openid", "email", "given_name", "usual_name", "siret", "idp_id"):
        assert name in scope


# --- Journeys -------------------------------------------------------------------------


def test_an_invited_ars_agent_signs_in_with_proconnect(
    world: World, federations: OidcProvider
) -> None:
    invitation = invite(world, "agent.nord@ars.sante.fr")
    federations.add_account(
        "pc-agent", email="agent.nord@ars.sante.fr", given_name="Camille", usual_name="Nord"
    )
    person = Person()
    response = person.sign_in("proconnect", "pc-agent")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    user = signed_in(person)
    assert user is not None
    assert user.email == "agent.nord@ars.sante.fr"
    assert (user.first_name, user.last_name) == ("Camille", "Nord")
    assert not user.has_usable_password()
    assert list(Membership.objects.filter(user=user).values_list("role", "region_id")) == [
        (Role.ARS_AGENT, "32")
    ]
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True).exists()
    assert SocialAccount.objects.get(user=user).provider == "proconnect"
    assert kinds(user.email) == [
        SecurityEventKind.MEMBERSHIP_GRANTED,
        SecurityEventKind.INVITATION_ACCEPTED,
        SecurityEventKind.FEDERATION_LINKED,
        SecurityEventKind.LOGIN,
        SecurityEventKind.FEDERATION_LOGIN,
    ]
    # The ID token is kept in the session for the logout, and nowhere in the log.
    assert person.client.session[FEDERATION_SESSION_KEY]["provider"] == "proconnect"
    token = person.client.session[FEDERATION_SESSION_KEY]["id_token"]
    assert not SecurityEvent.objects.filter(detail__contains=token[:40]).exists()
    assert token not in str(SocialAccount.objects.get(user=user).extra_data)
    # Next time, the linked identity signs in directly.
    again = Person()
    assert again.sign_in("proconnect", "pc-agent").headers["Location"] == "/"
    assert signed_in(again) == user


def test_a_coordinator_links_psc_and_is_not_asked_for_totp_when_amr_says_mfa(
    world: World, federations: OidcProvider
) -> None:
    coordinator = world.users["coordinator_a"]
    enrol_totp(coordinator)
    federations.add_account(
        "psc-coord", email=coordinator.email, email_verified=True, amr=["mfa", "pin"]
    )
    person = Person()
    response = person.sign_in("psc", "psc-coord")
    assert response.headers["Location"] == "/"
    assert signed_in(person) == coordinator
    assert SocialAccount.objects.get(user=coordinator).provider == "psc"
    assert SecurityEventKind.FEDERATION_LINKED in kinds(coordinator.email)
    assert person.client.get("/").status_code == 200


def test_a_federated_login_without_mfa_still_asks_for_the_totp_code(
    world: World, federations: OidcProvider
) -> None:
    coordinator = world.users["coordinator_a"]
    enrol_totp(coordinator)
    federations.add_account("psc-pwd", email=coordinator.email, email_verified=True, amr=["pwd"])
    person = Person()
    response = person.sign_in("psc", "psc-pwd")
    assert response.headers["Location"] == MFA_AUTHENTICATE
    assert signed_in(person) is None


def test_proconnect_eidas2_counts_as_mfa_for_an_enforced_role(
    world: World, federations: OidcProvider, settings: Any
) -> None:
    settings.MASP_ENFORCE_MFA = True
    agent = world.users["ars_a"]  # no TOTP: enforced MFA would send them to enrol one
    federations.add_account("pc-strong", email=agent.email, acr="eidas2", amr=["pwd"])
    person = Person()
    assert person.sign_in("proconnect", "pc-strong").headers["Location"] == "/"
    assert person.client.get("/").status_code == 200
    weak = Person()
    federations.add_account("pc-weak", email=world.users["ars_other"].email, amr=["pwd"])
    assert weak.sign_in("proconnect", "pc-weak").headers["Location"] == "/"
    assert weak.client.get("/").headers["Location"] == reverse("mfa_activate_totp")


def test_an_unknown_identity_gets_the_french_page(world: World, federations: OidcProvider) -> None:
    federations.add_account("pc-stranger", email="inconnu@interieur.gouv.fr")
    person = Person()
    response = person.sign_in("proconnect", "pc-stranger")
    assert refused(response)
    assert "Comment obtenir un accès" in response.text
    assert signed_in(person) is None
    assert not User.objects.filter(email="inconnu@interieur.gouv.fr").exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.FEDERATION_REFUSED)
    assert "aucun compte ni invitation" in event.detail


def test_logout_ends_the_portal_and_the_provider_sessions(
    world: World, federations: OidcProvider
) -> None:
    agent = world.users["ars_a"]
    federations.add_account("pc-leaving", email=agent.email)
    person = Person()
    person.sign_in("proconnect", "pc-leaving")
    assert signed_in(person) == agent
    # Single sign-on: while the provider's session lives, no login_hint is needed.
    other = Person()
    other.provider = person.provider
    assert other.sign_in("proconnect").headers["Location"] == "/"
    before = len(federations.journal()["endSession"])

    response = person.log_out()

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert signed_in(person) is None
    ends = federations.journal()["endSession"][before:]
    query = ends[0]["query"]
    assert ends[0]["path"] == "/session/end"
    assert set(query) == {"id_token_hint", "state", "post_logout_redirect_uri"}
    assert query["post_logout_redirect_uri"] == "http://testserver/comptes/oidc/deconnexion/"
    # The provider asks again: its login form, not a redirection back to the portal.
    page = person.sign_in("proconnect")
    assert page.status_code == 200
    assert "Identifiant" in page.text
    assert SecurityEventKind.LOGOUT in kinds(agent.email)


def test_a_tampered_userinfo_signature_is_refused(world: World, federations: OidcProvider) -> None:
    agent = world.users["ars_a"]
    federations.add_account("pc-forged", email=agent.email)
    federations.tamper(True)
    person = Person()
    response = person.sign_in("proconnect", "pc-forged")
    assert response.status_code == 401
    assert "La connexion par votre fédération d'identité a échoué" in response.content.decode()
    assert signed_in(person) is None
    assert not SocialAccount.objects.exists()
    federations.tamper(False)
    assert Person().sign_in("proconnect", "pc-forged").headers["Location"] == "/"


# --- Attacks on the linking -------------------------------------------------------------


def test_an_unverified_email_claim_links_nothing(world: World, federations: OidcProvider) -> None:
    coordinator = world.users["coordinator_a"]
    federations.add_account("psc-unverified", email=coordinator.email, email_verified=False)
    assert refused(Person().sign_in("psc", "psc-unverified"))
    # Pro Santé Connect's addresses count only when the claim says verified: absent is no.
    federations.add_account("psc-silent", email=coordinator.email)
    assert refused(Person().sign_in("psc", "psc-silent"))
    # ProConnect's are trusted, unless it says otherwise.
    federations.add_account("pc-unverified", email=coordinator.email, email_verified=False)
    assert refused(Person().sign_in("proconnect", "pc-unverified"))
    assert not SocialAccount.objects.exists()


def test_an_address_not_verified_on_the_portal_links_nothing(
    world: World, federations: OidcProvider
) -> None:
    user = UserFactory(email="pas-encore@example.org", email_verified=False)
    federations.add_account("pc-pending", email=user.email)
    assert refused(Person().sign_in("proconnect", "pc-pending"))
    # An address only asked for (change of address pending) belongs to nobody either.
    EmailAddress.objects.create(user=world.users["analyst"], email="future@example.org")
    federations.add_account("pc-future", email="future@example.org")
    assert refused(Person().sign_in("proconnect", "pc-future"))
    assert not SocialAccount.objects.exists()


def test_a_linked_identity_carrying_another_accounts_email_signs_in_its_own_account(
    world: World, federations: OidcProvider
) -> None:
    coordinator, admin = world.users["coordinator_a"], world.users["national_admin"]
    federations.add_account("pc-moving", email=coordinator.email)
    Person().sign_in("proconnect", "pc-moving")
    federations.add_account("pc-moving", email=admin.email)  # the claim now names the admin
    person = Person()
    person.sign_in("proconnect", "pc-moving")
    assert signed_in(person) == coordinator


def test_an_inactive_account_is_refused(world: World, federations: OidcProvider) -> None:
    analyst = world.users["analyst"]
    federations.add_account("pc-analyst", email=analyst.email)
    person = Person()
    person.sign_in("proconnect", "pc-analyst")
    assert signed_in(person) == analyst
    analyst.is_active = False
    analyst.save()
    assert refused(Person().sign_in("proconnect", "pc-analyst"))  # already linked
    other = UserFactory(email="parti@example.org", is_active=False)
    federations.add_account("pc-gone", email=other.email)
    assert refused(Person().sign_in("proconnect", "pc-gone"))  # not linked yet
    assert not SocialAccount.objects.filter(user=other).exists()


@pytest.mark.parametrize("state", ["expired", "revoked", "used"])
def test_an_invitation_no_longer_pending_creates_nothing(
    world: World, federations: OidcProvider, state: str
) -> None:
    invitation = invite(world, f"{state}@ars.sante.fr")
    if state == "expired":
        invitation.expires_at = timezone.now() - timedelta(minutes=1)
    elif state == "revoked":
        invitation.revoked_at = timezone.now()
    else:
        invitation.accepted_at = timezone.now()
    invitation.save()
    federations.add_account(f"pc-{state}", email=invitation.email)
    assert refused(Person().sign_in("proconnect", f"pc-{state}"))
    assert not User.objects.filter(email=invitation.email).exists()


def test_claims_carrying_a_role_or_a_region_give_nothing(
    world: World, federations: OidcProvider
) -> None:
    invite(world, "coord.new@ch.fr", role=Role.COORDINATOR, site=world.site_a)
    federations.add_account(
        "psc-greedy",
        email="coord.new@ch.fr",
        email_verified=True,
        role="national_admin",
        region="11",
    )
    person = Person()
    person.sign_in("psc", "psc-greedy")
    user = signed_in(person)
    assert user is not None
    assert not (user.is_staff)
    assert not (user.is_superuser)
    assert list(
        Membership.objects.filter(user=user).values_list("role", "site_id", "region_id")
    ) == [(Role.COORDINATOR, world.site_a.pk, None)]


def test_a_second_identity_of_the_same_federation_is_refused(
    world: World, federations: OidcProvider
) -> None:
    agent = world.users["ars_a"]
    federations.add_account("pc-first", email=agent.email)
    federations.add_account("pc-second", email=agent.email)
    Person().sign_in("proconnect", "pc-first")
    assert refused(Person().sign_in("proconnect", "pc-second"))
    assert list(SocialAccount.objects.filter(user=agent).values_list("uid", flat=True)) == [
        "pc-first"
    ]


def test_the_linking_flow_needs_the_csrf_token_and_its_own_state(
    world: World, federations: OidcProvider
) -> None:
    person = Person(Client(enforce_csrf_checks=True))
    assert person.client.post(person.login_url("proconnect", "x")).status_code == 403
    # A GET only shows a confirmation form: a link cannot start the flow by itself.
    page = person.client.get(person.login_url("proconnect", "x"))
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()
    # A callback forged for someone else's browser (an unknown state) signs nobody in.
    federations.add_account("pc-victim", email=world.users["ars_a"].email)
    start = Person().client.post(Person().login_url("proconnect", "pc-victim"))
    attacker = Person()
    callback = attacker.follow(attacker.go(start.headers["Location"], base=federations.issuer))
    assert "La connexion par votre fédération d'identité a échoué" in callback.content.decode()
    assert signed_in(attacker) is None
    assert not SocialAccount.objects.exists()


def test_next_cannot_send_the_browser_elsewhere(world: World, federations: OidcProvider) -> None:
    federations.add_account("pc-next", email=world.users["ars_a"].email)
    response = Person().sign_in("proconnect", "pc-next", next="https://evil.example/")
    assert response.headers["Location"] == "/"
    response = Person().sign_in("proconnect", "pc-next", next="/mon-compte/")
    assert response.headers["Location"] == "/mon-compte/"


def test_only_login_hint_passes_through_the_login_url(
    world: World, federations: OidcProvider
) -> None:
    url = reverse("openid_connect_login", kwargs={"provider_id": "proconnect"})
    response = Person().client.post(
        f"{url}?auth_params=acr_values%3Deidas3%26nonce%3Dfixed%26login_hint%3Dx&scope=role"
    )
    location = response.headers["Location"]
    assert "acr_values=eidas1" in location
    assert "eidas3" not in location
    assert "nonce=fixed" not in location
    assert "role" not in location


# --- The reading of acr and amr ----------------------------------------------------------


@pytest.mark.parametrize(
    ("acr", "amr", "mfa_acr", "expected"),
    [
        ("eidas1", ["pwd", "mfa"], [], True),
        ("eidas1", ["pwd"], [], False),
        ("eidas1", ["totp"], [], False),
        ("eidas2", ["pwd"], ["eidas2", "eidas3"], True),
        ("eidas2", ["pwd"], [], False),
        (None, None, ["eidas2"], False),
        ("eidas1", "mfa", [], False),  # amr is a list, never a string
        (["eidas3"], [1, None], ["eidas3"], False),
    ],
)
def test_federation_shows_mfa(acr: Any, amr: Any, mfa_acr: list[str], expected: bool) -> None:
    assert federation_shows_mfa(acr=acr, amr=amr, mfa_acr_values=mfa_acr) is expected


def test_linking_onto_the_signed_in_account_is_refused(
    world: World, federations: OidcProvider
) -> None:
    """allauth's "connect" process would link whatever identity comes back to the account
    already signed in; the portal links by verified address at login only."""
    coordinator = world.users["coordinator_a"]
    federations.add_account("pc-connect", email=coordinator.email)
    person = Person()
    person.client.force_login(coordinator)
    assert refused(person.sign_in("proconnect", "pc-connect", process="connect"))
    assert not SocialAccount.objects.exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.FEDERATION_REFUSED)
    assert "opération non prise en charge" in event.detail


@pytest.mark.parametrize(
    ("expected", "received", "matches"),
    [
        ("n" * 43, "n" * 43, True),
        ("n" * 43, "m" * 43, False),
        ("n" * 43, None, False),
        (None, None, False),
    ],
)
def test_the_id_tokens_nonce_must_be_the_one_sent(
    expected: str | None, received: str | None, matches: bool
) -> None:
    login = SimpleNamespace(
        state={"nonce": expected} if expected else {},
        account=SimpleNamespace(extra_data={"id_token": {"nonce": received}}),
    )
    assert _nonce_matches(login) is matches


def test_the_environment_configures_each_federation_or_fails_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import environ
    from django.core.exceptions import ImproperlyConfigured

    from config.settings.base import federation_apps

    for name in ("PROCONNECT_SERVER_URL", "PSC_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)
    assert federation_apps(environ.Env()) == []
    monkeypatch.setenv("PSC_SERVER_URL", "https://auth.example/.well-known/openid-configuration")
    monkeypatch.setenv("PSC_CLIENT_ID", "portail")
    monkeypatch.setenv("PSC_CLIENT_SECRET", "secret")
    assert [app["provider_id"] for app in federation_apps(environ.Env())] == ["psc"]
    monkeypatch.setenv("PROCONNECT_SERVER_URL", "https://proconnect.example/api/v2")
    monkeypatch.delenv("PROCONNECT_CLIENT_ID", raising=False)
    with pytest.raises(ImproperlyConfigured):
        federation_apps(environ.Env())
