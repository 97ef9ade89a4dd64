"""Account middleware: MFA enforcement for privileged roles, session expiry after inactivity."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.scopes import scope_for

PRIVILEGED = frozenset({Role.NATIONAL_ADMIN, Role.ARS_AGENT, Role.ANALYST})
ALLOWED_PREFIXES = ("/comptes/", "/static/", "/healthz")


def mfa_required(user: object) -> bool:
    return bool(scope_for(user).roles & PRIVILEGED)


ACTIVITY_KEY = "masp_activity"


def mark_session_activity(session: SessionBase) -> None:
    """Stamp the session as active now; saving it pushes its expiry SESSION_COOKIE_AGE ahead."""
    session[ACTIVITY_KEY] = int(time.time())


class SessionActivityMiddleware:
    """Expire a logged-in session after SESSION_COOKIE_AGE of inactivity.

    Django only moves a session's expiry when the session is saved. Saving on every request
    (SESSION_SAVE_EVERY_REQUEST) costs one write per page; here the session is saved at most
    once per MASP_SESSION_REFRESH_SECONDS, so the idle timeout is exact to within that delay.
    The stamp is set at login (accounts.signals), so an ordinary request writes nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) is not None:
            last = session.get(ACTIVITY_KEY)
            if (
                not isinstance(last, int)
                or time.time() - last >= settings.MASP_SESSION_REFRESH_SECONDS
            ):
                mark_session_activity(session)
        return response


class RequireMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._blocks(request):
            if request.path.startswith("/api/"):
                message = _("Activez la double authentification pour utiliser l'API.")
                return JsonResponse({"detail": message}, status=403)
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _blocks(self, request: HttpRequest) -> bool:
        user = request.user
        if not settings.MASP_ENFORCE_MFA or not user.is_authenticated:
            return False
        if request.path.startswith(ALLOWED_PREFIXES) or not mfa_required(user):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
