"""allauth adapter: no open sign-up, accounts are created by invitation; a federated session
also ends at its federation (accounts/federation/logout.py)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from accounts.federation.logout import end_session_url, keep_logout_state

MFA_STAGE = "allauth.mfa.stages.AuthenticateStage"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_stages(self) -> list[str]:
        # The second-factor stage also accepts a federation's multi-factor login.
        return [
            "accounts.federation.stages.FederationAwareMfaStage" if stage == MFA_STAGE else stage
            for stage in super().get_login_stages()
        ]

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        return end_session_url(request) or super().get_logout_redirect_url(request)

    def logout(self, request: HttpRequest) -> None:
        super().logout(request)
        keep_logout_state(request)
