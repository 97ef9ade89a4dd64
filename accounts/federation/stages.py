"""allauth's second-factor login stage, aware of the federations: a login whose acr/amr show
a multi-factor authentication (accounts.mfa.federation_shows_mfa) has passed the second
factor; any other login is asked for the TOTP code as usual."""

from __future__ import annotations

from typing import Any

from allauth.mfa.stages import AuthenticateStage
from django.http import HttpRequest

from accounts.federation.adapter import provider_app_settings
from accounts.mfa import federation_mfa_record, federation_shows_mfa


def federated_login(login: Any) -> Any:
    return (login.signal_kwargs or {}).get("sociallogin")


class FederationAwareMfaStage(AuthenticateStage):
    def _should_handle(self, request: HttpRequest) -> bool:
        sociallogin = federated_login(self.login)
        if sociallogin is not None and self.login.user is not None:
            _name, app_settings = provider_app_settings(sociallogin)
            id_token = (sociallogin.account.extra_data or {}).get("id_token") or {}
            acr, amr = id_token.get("acr"), id_token.get("amr")
            if federation_shows_mfa(
                acr=acr, amr=amr, mfa_acr_values=app_settings.get("mfa_acr_values", ())
            ):
                federation_mfa_record(
                    request, self.login.user, provider=sociallogin.account.provider, acr=acr
                )
                return False
        return super()._should_handle(request)
