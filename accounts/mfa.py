"""The MFA rule seen from API tokens, which RequireMfaMiddleware does not see (DRF
authenticates a token inside the view, after the middleware has run)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings

from accounts.middleware import mfa_required


def mfa_enforced(user: Any) -> bool:
    """MASP_ENFORCE_MFA applies to this user's roles (the same rule as RequireMfaMiddleware)."""
    return bool(settings.MASP_ENFORCE_MFA) and mfa_required(user)


def mfa_missing(user: Any) -> bool:
    """The user must use MFA but has no authenticator: their tokens are refused."""
    if not mfa_enforced(user):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
