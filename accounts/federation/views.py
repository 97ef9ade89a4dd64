"""The federation's endpoints: allauth's OpenID Connect login and callback with this package's
adapter (signed userinfo, nonce), and the page the provider sends people back to after logout."""

from __future__ import annotations

import secrets

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.federation.logout import LOGOUT_STATE_SESSION_KEY
from accounts.federation.provider import FederationOAuth2Adapter


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2LoginView.adapter_view(FederationOAuth2Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2CallbackView.adapter_view(FederationOAuth2Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required
def logged_out(request: HttpRequest) -> HttpResponse:
    """The federation's post_logout_redirect_uri. The state sent with the end-session request
    is checked (ProConnect's rule against forged returns); either way nobody is signed in."""
    expected = request.session.pop(LOGOUT_STATE_SESSION_KEY, None)
    received = request.GET.get("state", "")
    if expected and secrets.compare_digest(str(expected), received):
        messages.success(
            request, _("Vous êtes déconnecté du portail et de votre fédération d'identité.")
        )
    return redirect("masp:home")
