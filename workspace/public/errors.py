"""The 403, 404 and 500 pages and the CSRF failure page, in French and in the design system
(config/urls.py names them as handlers; CSRF_FAILURE_VIEW the last one)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def _error(request: HttpRequest, name: str, *, status: int) -> HttpResponse:
    context = {"contact_email": settings.MASP_CONTACT_EMAIL}
    return render(request, f"workspace/errors/{name}.html", context, status=status)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "404", status=404)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "403", status=403)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # `reason` is Django's English diagnosis: for the logs, not for the person.
    return _error(request, "csrf", status=403)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors: the database, the session or the user may be what
    failed. The template reads only the settings given here and the request's CSP nonce."""
    nonce = getattr(request, "csp_nonce", None)
    if nonce is not None:
        str(nonce)  # read now, so that django-csp puts it in the header (see config)
    context = {
        "request": request,
        "SITE_CONFIG": {
            "site_title": settings.MASP_SITE_TITLE,
            "site_tagline": settings.MASP_SITE_TAGLINE,
            "header_brand_html": "Ministère<br>chargé<br>de la santé",
            "footer_brand_html": "Ministère<br>chargé<br>de la santé",
            "footer_brand": "Ministère chargé de la santé",
        },
        "contact_email": settings.MASP_CONTACT_EMAIL,
    }
    html = loader.get_template("workspace/errors/500.html").render(context)
    return HttpResponseServerError(html)
