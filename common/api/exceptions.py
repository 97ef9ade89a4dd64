"""Every API error as JSON with a French message: `{"detail": "...", "code": "..."}`, plus the
field errors of a 400 (`{"detail", "code", "<field>": [...]}`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

# DRF's own messages, replaced by ours when the exception carries its default text (a view
# that raises with its own French message keeps it).
MESSAGES = {
    "not_authenticated": lambda: _(
        "Authentification requise : envoyez l'en-tête « Authorization: Token <jeton> » "
        "(jeton créé dans Mon compte) ou connectez-vous."
    ),
    "authentication_failed": lambda: _("Authentification refusée."),
    "permission_denied": lambda: _("Vous n'avez pas le droit de faire cette action."),
    "not_found": lambda: _("Ressource introuvable (ou hors de votre périmètre)."),
    "method_not_allowed": lambda: _("Méthode HTTP non autorisée sur cette adresse."),
    "not_acceptable": lambda: _("Format de réponse demandé (en-tête Accept) non disponible."),
    "unsupported_media_type": lambda: _("Type de contenu envoyé non pris en charge."),
    "parse_error": lambda: _("Corps de requête illisible (JSON mal formé ?)."),
    "invalid": lambda: _("Les données envoyées sont invalides : voir les erreurs par champ."),
}


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(response.data)
        return response
    code = _code(exc)
    detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else ""
    if not detail or detail == str(exc.default_detail):
        detail = MESSAGES[code]() if code in MESSAGES else detail
    if isinstance(exc, exceptions.Throttled):
        code = "throttled"
        detail = _("Trop de requêtes : réessayez dans %(wait)s secondes.") % {
            "wait": int(exc.wait or 1)
        }
    response.data = {"detail": detail, "code": code}
    return response


def _validation_body(data: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": MESSAGES["invalid"](), "code": "invalid"}
    if isinstance(data, dict):
        return {**body, **data}
    messages = [str(item) for item in data] if isinstance(data, list) else [str(data)]
    if messages:
        body["detail"] = messages[0]
    return {**body, "errors": messages}
