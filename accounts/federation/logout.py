"""Logout that also ends the federation's session (RP-initiated logout): the portal sends the
browser to the provider's end_session_endpoint with the ID token received at login
(`id_token_hint`), a random `state` and the registered `post_logout_redirect_uri`.

The ID token lives in the session only, never in the database nor in a log."""

from __future__ import annotations

import logging
import secrets
from typing import Any

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

logger = logging.getLogger(__name__)

FEDERATION_SESSION_KEY = "masp_federation"
LOGOUT_STATE_SESSION_KEY = "masp_federation_logout_state"
_PENDING_STATE = "_masp_federation_logout_state"


def federation_session_store(request: HttpRequest, *, provider_id: str, id_token: str) -> None:
    if id_token:
        request.session[FEDERATION_SESSION_KEY] = {"provider": provider_id, "id_token": id_token}


def end_session_url(request: HttpRequest) -> str | None:
    """Where to send the browser so that the federation's session ends too, or None (not a
    federated session, or the provider cannot be reached: the portal's own logout still
    happens)."""
    federation = request.session.get(FEDERATION_SESSION_KEY)
    if not isinstance(federation, dict) or not federation.get("id_token"):
        return None
    try:
        provider = get_adapter().get_provider(request, federation.get("provider"))
        endpoint = provider.get_oauth2_adapter(request).openid_config.get("end_session_endpoint")
    except (SocialApp.DoesNotExist, requests.RequestException, ValueError, KeyError) as error:
        logger.warning("Fin de session de la fédération impossible : %s", type(error).__name__)
        return None
    if not endpoint:
        return None
    state = secrets.token_urlsafe(32)
    # Stored once the portal's session is flushed (AccountAdapter.logout).
    setattr(request, _PENDING_STATE, state)
    params = {
        "id_token_hint": federation["id_token"],
        "state": state,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("federation_logged_out")),
    }
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"


def keep_logout_state(request: Any) -> None:
    """After the flush: the new, anonymous session remembers the state to check on return."""
    state = getattr(request, _PENDING_STATE, None)
    if state:
        request.session[LOGOUT_STATE_SESSION_KEY] = state
