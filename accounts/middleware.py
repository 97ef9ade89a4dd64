"""Enforce MFA for privileged roles: until they enrol TOTP, they only reach the MFA pages."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
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
