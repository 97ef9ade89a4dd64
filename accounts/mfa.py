"""The MFA rule, in one place for the session middleware, the API token authentication
(DRF authenticates a token inside the view, after the middleware has run) and the views."""

from __future__ import annotations

from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

from accounts.enums import Role
from accounts.scopes import scope_for

PRIVILEGED = frozenset({Role.NATIONAL_ADMIN, Role.ARS_AGENT, Role.ANALYST})


def mfa_required(user: Any) -> bool:
    """The user's roles call for a second factor (enforced only with MASP_ENFORCE_MFA)."""
    return bool(scope_for(user).roles & PRIVILEGED)


def mfa_enforced(user: Any) -> bool:
    """MASP_ENFORCE_MFA applies to this user's roles."""
    return bool(settings.MASP_ENFORCE_MFA) and mfa_required(user)


def has_totp(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_passed(request: HttpRequest) -> bool:
    """Whether this session's user passed a second factor (allauth records each
    authentication step of the session; activating TOTP counts, see accounts.signals)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def mfa_missing(user: Any) -> bool:
    """The user must use MFA but has no authenticator: their tokens are refused."""
    return mfa_enforced(user) and not has_totp(user)


# --- Federations (ProConnect, Pro Santé Connect): their assurance as the second factor ---
# RFC 8176 "mfa": multiple factors were used. ProConnect lists it among its amr values
# ("Authentification à deux facteurs", proconnect-documentation resources/claim_amr.md), where
# "pwd", "mail", "totp" and "pop" alone are one factor each. The acr values that mean a second
# factor are per federation (settings: each app's "mfa_acr_values"): eIDAS substantial and
# high (eidas2, eidas3) and ProConnect's "…-2fa" levels; docs/access.md gives the sources.
MFA_AMR = frozenset({"mfa"})


def federation_shows_mfa(*, acr: Any, amr: Any, mfa_acr_values: Any = ()) -> bool:
    """Whether the acr/amr a federation returned for this login mean a multi-factor
    authentication. Anything malformed counts as no."""
    amr_values = (
        {value for value in amr if isinstance(value, str)} if isinstance(amr, list) else set()
    )
    return bool(amr_values & MFA_AMR) or (isinstance(acr, str) and acr in set(mfa_acr_values))


def federation_mfa_record(request: HttpRequest, user: Any, *, provider: str, acr: Any) -> None:
    """Record the session's second factor as passed by the federation: mfa_passed reads it
    like a TOTP code typed at login."""
    record_authentication(request, user, "mfa", type="federation", provider=provider, acr=str(acr))
