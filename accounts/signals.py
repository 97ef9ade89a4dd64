"""Record security events from Django's and allauth's signals."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.enums import SecurityEventKind
from accounts.middleware import mark_session_activity
from accounts.models import User
from accounts.services import security_event_record


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_session_activity(request.session)
    security_event_record(kind=SecurityEventKind.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        security_event_record(kind=SecurityEventKind.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # Only the account, never the attempted password, is kept.
    email = str(credentials.get("email") or credentials.get("username") or "")
    user = User.objects.filter(email__iexact=email).first() if email else None
    security_event_record(
        kind=SecurityEventKind.LOGIN_FAILED, user=user, request=request, detail=email[:250]
    )


@receiver(password_reset)
def on_password_reset(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEventKind.PASSWORD_RESET, user=user, request=request)


@receiver(authenticator_added)
def on_mfa_added(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    security_event_record(
        kind=SecurityEventKind.MFA_ACTIVATED, user=user, request=request, detail=authenticator.type
    )


@receiver(authenticator_removed)
def on_mfa_removed(sender: Any, request: Any, user: User, authenticator: Any, **kw: Any) -> None:
    security_event_record(
        kind=SecurityEventKind.MFA_DEACTIVATED,
        user=user,
        request=request,
        detail=authenticator.type,
    )


@receiver(authenticator_reset)
def on_mfa_reset(sender: Any, request: Any, user: User, authenticator: Any, **kw: Any) -> None:
    security_event_record(kind=SecurityEventKind.MFA_RECOVERY_CODES, user=user, request=request)
