"""The public pages: mentions légales, accessibility statement, personal data, cookies, site
map. Open to everyone; the facts they state (durations, cookie names) are read from the
settings the portal runs with, so that the pages cannot drift from what the code does."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from accounts.models import API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS
from accounts.services import INVITATION_VALIDITY
from workspace.public.sitemap import sitemap_for

# What axe-core scans in the browser tests (tests/browser/test_accessibility.py and
# tests/browser/test_public_pages.py), as the accessibility statement lists it.
AUDITED_PAGES = (
    gettext_lazy("l'accueil public, l'annuaire des maisons (avec une recherche), la connexion"),
    gettext_lazy("les partenaires nationaux"),
    gettext_lazy("« Mes actions » de chaque rôle et la fiche d'une maison"),
    gettext_lazy("les rapports d'activité : liste, saisie, rapport transmis, instruction"),
    gettext_lazy("la liste des maisons, la couverture, les effectifs, le tableau de bord"),
    gettext_lazy("les synthèses PDF et les invitations"),
    gettext_lazy("les pages légales, le plan du site et les pages d'erreur (403, 404, 500)"),
)


def duration(seconds: int) -> str:
    """A duration in words ("2 heures", "1 heure 30 minutes", "45 minutes")."""
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    parts = []
    if hours:
        parts.append(ngettext("%(n)d heure", "%(n)d heures", hours) % {"n": hours})
    if minutes or not hours:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts)


def _settings_context() -> dict[str, Any]:
    return {
        "publisher": settings.MASP_PUBLISHER,
        "publisher_address": settings.MASP_PUBLISHER_ADDRESS,
        "contact_email": settings.MASP_CONTACT_EMAIL,
    }


def _page(request: HttpRequest, template: str, heading: str, **context: Any) -> HttpResponse:
    context["heading"] = heading
    return render(request, f"workspace/public/{template}.html", _settings_context() | context)


@login_not_required
@require_safe
def legal_notice(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "legal_notice",
        _("Mentions légales"),
        director=settings.MASP_PUBLICATION_DIRECTOR,
        hosting=settings.MASP_HOSTING,
    )


@login_not_required
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(request, "accessibility", _("Déclaration d'accessibilité"), audited=AUDITED_PAGES)


@login_not_required
@require_safe
def personal_data(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "personal_data",
        _("Données personnelles"),
        session=duration(settings.SESSION_COOKIE_AGE),
        export_days=settings.MASP_EXPORT_RETENTION_DAYS,
        security_log_days=settings.MASP_SECURITY_LOG_DAYS,
        invitation_days=INVITATION_VALIDITY.days,
        token_days=API_TOKEN_DEFAULT_DAYS,
        token_max_days=API_TOKEN_MAX_DAYS,
    )


@login_not_required
@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "cookies",
        _("Gestion des cookies"),
        session_cookie=settings.SESSION_COOKIE_NAME,
        session=duration(settings.SESSION_COOKIE_AGE),
        csrf_cookie=settings.CSRF_COOKIE_NAME,
        csrf_days=settings.CSRF_COOKIE_AGE // 86400,
        language_cookie=settings.LANGUAGE_COOKIE_NAME,
        messages_cookie=CookieStorage.cookie_name,
    )


@login_not_required
@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    return _page(request, "sitemap", _("Plan du site"), sections=sitemap_for(request.user))
