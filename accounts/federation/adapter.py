"""allauth's social account adapter: who a federated identity may sign in as.

No way up: an identity signs in the account it is already linked to (if active), or links
itself to the one existing active account whose verified address it carries (verified by the
federation too), or creates the account of a pending invitation for that address. Nothing
else: no open sign-up, no role from claims, one identity per federation and account. Every
link, login and refusal goes to the security log."""

from __future__ import annotations

import secrets
from typing import Any, NoReturn

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.base import AuthProcess
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts import services
from accounts.enums import SecurityEventKind
from accounts.federation.claims import Identity, identity_from
from accounts.federation.provider import keep_raw_id_token
from accounts.models import User

REFUSED_TEMPLATE = "account/federation_refused.html"


def provider_app_settings(sociallogin: Any) -> tuple[str, dict]:
    """The federation's display name and its app settings (config/settings/base.py)."""
    app = sociallogin.account.get_provider().app
    return app.name, app.settings or {}


class FederationAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        keep_raw_id_token(sociallogin)
        name, app_settings = provider_app_settings(sociallogin)
        identity = identity_from(sociallogin, trusted_email=bool(app_settings.get("trusted_email")))
        if sociallogin.state.get("process", AuthProcess.LOGIN) != AuthProcess.LOGIN:
            # Linking happens at login, by the verified address; never onto the signed-in
            # account of whoever started the flow.
            self._refuse(request, name, identity, _("opération non prise en charge"))
        if not _nonce_matches(sociallogin):
            self._refuse(request, name, identity, _("nonce invalide"))
        if sociallogin.is_existing:
            if not sociallogin.user.is_active:
                self._refuse(request, name, identity, _("compte désactivé"), sociallogin.user)
            return
        user = self._account_to_link(request, name, identity)
        with transaction.atomic():
            sociallogin.connect(request, user)
            services.security_event_record(
                kind=SecurityEventKind.FEDERATION_LINKED,
                user=user,
                request=request,
                detail=f"{name} ({identity.email})",
            )

    def _account_to_link(self, request: HttpRequest, name: str, identity: Identity) -> User:
        if not identity.email_verified:
            self._refuse(request, name, identity, _("adresse non vérifiée par la fédération"))
        user = services.account_for_email(identity.email)
        if user is None:
            user = services.invitation_accept_federated(
                email=identity.email,
                first_name=identity.first_name,
                last_name=identity.last_name,
                request=request,
            )
            if user is None:
                self._refuse(request, name, identity, _("aucun compte ni invitation"))
            return user
        if not user.is_active:
            self._refuse(request, name, identity, _("compte désactivé"), user)
        if not services.has_verified_address(user, identity.email):
            self._refuse(request, name, identity, _("adresse non vérifiée sur le portail"), user)
        if SocialAccount.objects.filter(user=user, provider=identity.provider).exists():
            # Another identity of this federation is already linked: a second one would be
            # a way in for whoever controls it.
            self._refuse(request, name, identity, _("une autre identité est déjà liée"), user)
        return user

    def _refuse(  # never returns: the response is raised
        self,
        request: HttpRequest,
        name: str,
        identity: Identity,
        reason: str,
        user: User | None = None,
    ) -> NoReturn:
        services.security_event_record(
            kind=SecurityEventKind.FEDERATION_REFUSED,
            user=user,
            request=request,
            detail=f"{name} : {reason} ({identity.email or 'sans adresse'})",
        )
        context = {"federation": name, "email": identity.email}
        raise ImmediateHttpResponse(render(request, REFUSED_TEMPLATE, context, status=403))


def _nonce_matches(sociallogin: Any) -> bool:
    expected = sociallogin.state.get("nonce")
    received = ((sociallogin.account.extra_data or {}).get("id_token") or {}).get("nonce")
    return (
        bool(expected) and isinstance(received, str) and secrets.compare_digest(expected, received)
    )
