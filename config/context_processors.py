"""Template context shared by every page: the DSFR site configuration, without a query."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.scopes import scope_for
from workspace.navigation import menu_for


def portal(request: HttpRequest) -> dict[str, Any]:
    nonce = getattr(request, "csp_nonce", None)
    if nonce is not None:
        # django-csp's nonce is lazy and falsy until read, so `{% dsfr_js nonce=... %}` would
        # test it, find it false and drop it; reading it here makes it part of the header.
        str(nonce)
    # django-dsfr's own context processor reads a DsfrConfig row on every page; the portal's
    # header is fixed, so it is given here at no database cost.
    return {
        # Evaluated only by templates that use it (the navigation), then cached on the user.
        "portal_scope": SimpleLazyObject(lambda: scope_for(request.user)),
        # The main menu of the user's role (workspace/navigation.py), built when drawn.
        "portal_menu": SimpleLazyObject(lambda: menu_for(request.user, request.path)),
        "SITE_CONFIG": {
            "site_title": settings.MASP_SITE_TITLE,
            "site_tagline": settings.MASP_SITE_TAGLINE,
            "header_brand_html": "Ministère<br>chargé<br>de la santé",
            "footer_brand_html": "Ministère<br>chargé<br>de la santé",
            "footer_brand": "Ministère chargé de la santé",
            "footer_description": "",
            "beta_tag": True,
            "mourning": False,
        },
    }
