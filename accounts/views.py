"""Pages of the accounts app: "Mon compte", API tokens, invitations."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import AcceptInvitationForm, ApiTokenForm, InvitationForm
from accounts.mfa import mfa_enforced, mfa_passed, mfa_required
from accounts.models import Invitation
from accounts.perms import can_invite_anyone
from accounts.typing import AuthenticatedHttpRequest

SECURITY_EVENTS_SHOWN = 50


def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render_account(request, token_form=ApiTokenForm())


def _render_account(
    request: AuthenticatedHttpRequest, *, token_form: ApiTokenForm, status: int = 200
) -> HttpResponse:
    user = request.user
    context = {
        "memberships": user.memberships.select_related("region", "site").order_by("-is_active"),
        "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        "mfa_required": mfa_required(user),
        # Expired tokens stay listed (flagged) until revoked, so that a broken script is explained.
        "tokens": user.api_tokens.unrevoked(),
        "token_form": token_form,
        "events": user.security_events.select_related("actor")[:SECURITY_EVENTS_SHOWN],
        "new_key": request.session.pop("new_api_key", None),
    }
    return render(request, "accounts/account.html", context, status=status)


@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    # RequireMfaMiddleware already holds such a session back; repeated here so that the rule
    # stays with the feature whatever the middleware lets through.
    if mfa_enforced(request.user) and not mfa_passed(request):
        messages.error(
            request,
            _(
                "Votre rôle exige la double authentification : confirmez votre code, puis "
                "créez le jeton."
            ),
        )
        return redirect(f"{reverse('mfa_reauthenticate')}?next={reverse('accounts:account')}")
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_account(request, token_form=form, status=400)
    data = form.cleaned_data
    _token, key = services.api_token_create(
        user=request.user,
        name=data["name"],
        can_write=data["can_write"],
        days=data["days"],
        request=request,
    )
    # Shown once on the next page, then gone from the session.
    request.session["new_api_key"] = key
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
    """An invitation never logs anyone in. A new address gets an account with the password
    chosen here, then signs in; an address that has an account signs in as that account
    (password and second factor, through allauth) and confirms the role on this page."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if services.account_for_email(invitation.email) is None:
        return _invitation_new_account(request, invitation)
    context = {"invitation": invitation, "login_url": _login_url(request)}
    user = request.user
    if not user.is_authenticated:
        return render(request, "accounts/invitation_sign_in.html", context)
    if not services.has_verified_address(user, invitation.email):
        # Signed in as someone else, or the invited address is not (yet) verified on this
        # account: a role reaches an account only through a verified address.
        return render(request, "accounts/invitation_other_account.html", context, status=403)
    if request.method == "POST":
        services.invitation_accept_existing(invitation=invitation, user=user, request=request)
        messages.success(
            request,
            _("Le rôle « %(role)s » est ajouté à votre compte.")
            % {"role": invitation.get_role_display()},
        )
        return redirect("accounts:account")
    return render(request, "accounts/invitation_confirm.html", context)


def _login_url(request: HttpRequest) -> str:
    return f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: request.path})}"


def _invitation_new_account(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept_new(
            invitation=invitation,
            password=form.cleaned_data["password1"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            request=request,
        )
        messages.success(
            request,
            _("Votre compte est créé. Connectez-vous avec votre adresse et ce mot de passe."),
        )
        return redirect("account_login")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )
