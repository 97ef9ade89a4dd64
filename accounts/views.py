"""Pages of the accounts app: "Mon compte", API tokens, invitations."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import AcceptInvitationForm, ApiTokenForm, InvitationForm
from accounts.middleware import mfa_required
from accounts.models import Invitation
from accounts.perms import can_invite_anyone
from common.typing import AuthenticatedHttpRequest

SECURITY_EVENTS_SHOWN = 50


def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "memberships": user.memberships.select_related("region", "site").order_by("-is_active"),
        "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        "mfa_required": mfa_required(user),
        "tokens": user.api_tokens.filter(revoked_at__isnull=True),
        "token_form": ApiTokenForm(),
        "events": user.security_events.select_related("actor")[:SECURITY_EVENTS_SHOWN],
        "new_key": request.session.pop("new_api_key", None),
    }
    return render(request, "accounts/account.html", context)


@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        _token, key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        # Shown once on the next page, then gone from the session.
        request.session["new_api_key"] = key
    else:
        messages.error(request, _("Donnez un nom au jeton (100 caractères au plus)."))
    return redirect("accounts:account")


@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens, pk=pk, revoked_at__isnull=True)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("accounts:account")


def invitations(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_invite_anyone(request.user):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        region = data.get("region")
        services.invitation_send(
            inviter=request.user,
            email=data["email"],
            role=data["role"],
            region_id=region.pk if region else None,
            site=data.get("site"),
            request=request,
        )
        messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": data["email"]})
        return redirect("accounts:invitations")
    sent = Invitation.objects.filter(invited_by=request.user).select_related("site", "region")
    return render(request, "accounts/invitations.html", {"form": form, "sent": sent[:100]})


@login_not_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = services.invitation_accept(
            invitation=invitation,
            password=form.cleaned_data["password1"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Bienvenue ! Votre compte est activé."))
        return redirect("accounts:account")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )
