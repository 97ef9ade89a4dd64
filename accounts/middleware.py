"""Account middleware: MFA enforcement for privileged roles, session expiry after inactivity."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.mfa import has_totp, mfa_enforced, mfa_passed

# Always reachable; the account pages (allauth) also while enrolling the second factor.
ALWAYS_ALLOWED = ("/static/", "/healthz")
ENROLMENT_PREFIXES = ("/comptes/",)


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
    """With MASP_ENFORCE_MFA, a privileged session must have passed the second factor: owning
    an authenticator is not enough (a session opened some other way, say an old admin login,
    has not used it). Without an authenticator, the user enrols first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = self._missing_step(request)
        if step is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            message = (
                _("Activez la double authentification pour utiliser l'API.")
                if step == "mfa_activate_totp"
                else _("Validez la double authentification pour utiliser l'API.")
            )
            return JsonResponse({"detail": message}, status=403)
        url = reverse(step)
        if step == "mfa_reauthenticate" and request.method == "GET":
            url = f"{url}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
        return redirect(url)

    def _missing_step(self, request: HttpRequest) -> str | None:
        """The URL name of the step the session still owes, or None."""
        user = request.user
        if not user.is_authenticated or request.path.startswith(ALWAYS_ALLOWED):
            return None
        if not mfa_enforced(user) or mfa_passed(request):
            return None
        if has_totp(user):
            # Only the second factor or leaving: not the rest of the account pages, where
            # the password alone could remove the authenticator.
            allowed = {reverse("mfa_reauthenticate"), reverse("account_logout")}
            return None if request.path in allowed else "mfa_reauthenticate"
        return None if request.path.startswith(ENROLMENT_PREFIXES) else "mfa_activate_totp"
