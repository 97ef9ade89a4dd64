"""Record security events from Django's and allauth's signals; revoke API tokens when the
password changes, a role is removed or the account is deactivated."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import email_added, email_changed, password_changed, password_reset
from allauth.account.signals import user_logged_in as allauth_user_logged_in
from allauth.core import context
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.enums import SecurityEventKind
from accounts.federation.logout import federation_session_store
from accounts.federation.provider import raw_id_token
from accounts.middleware import mark_session_activity
from accounts.models import Membership, User
from accounts.services import api_tokens_revoke_all, security_event_record

# Security event details are stored as written, in French, like the other details of the log.
CREDENTIALS_CHANGED = "mot de passe modifié"


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_session_activity(request.session)
    security_event_record(kind=SecurityEventKind.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        security_event_record(kind=SecurityEventKind.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # Only the account, never the attempted password, is kept.
    email = str(credentials.get("email") or credentials.get("username") or "")
    user = User.objects.filter(email__iexact=email).first() if email else None
    security_event_record(
        kind=SecurityEventKind.LOGIN_FAILED, user=user, request=request, detail=email[:250]
    )


@receiver(password_reset)
def on_password_reset(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEventKind.PASSWORD_RESET, user=user, request=request)
    api_tokens_revoke_all(user=user, reason=CREDENTIALS_CHANGED, request=request)


@receiver(password_changed)
def on_password_changed(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    # Normally already done by on_user_saved (allauth saves the user first); kept so that the
    # rule does not depend on how allauth writes the password.
    api_tokens_revoke_all(user=user, reason=CREDENTIALS_CHANGED, request=request)


@receiver(post_save, sender=User)
def on_user_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    """Revoke the tokens when the password changes by any path (allauth, admin, shell: all
    go through set_password, which Django remembers in `_password` until the save ends) or
    when the account is deactivated."""
    if created:
        return
    if getattr(instance, "_password", None) is not None:
        api_tokens_revoke_all(user=instance, reason=CREDENTIALS_CHANGED)
    if not instance.is_active:
        api_tokens_revoke_all(user=instance, reason="compte désactivé")


@receiver(pre_save, sender=Membership)
def on_membership_saving(sender: Any, instance: Membership, **kwargs: Any) -> None:
    # Only a deactivation (active in the database, inactive now) revokes; noted for post_save.
    instance._masp_deactivated = bool(  # type: ignore[attr-defined]
        instance.pk
        and not instance.is_active
        and Membership.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=Membership)
def on_membership_saved(sender: Any, instance: Membership, **kwargs: Any) -> None:
    # Memberships are deactivated, never deleted (the admin forbids it), hence no post_delete:
    # a deleted user's tokens go with the user.
    if getattr(instance, "_masp_deactivated", False):
        api_tokens_revoke_all(user=instance.user, reason=f"rôle retiré : {instance}")


@receiver(post_save, sender=Authenticator)
def on_totp_created(sender: Any, instance: Authenticator, created: bool, **kwargs: Any) -> None:
    """A user who activates TOTP has just typed a valid code: their session has passed the
    second factor (accounts.mfa.mfa_passed), they are not asked for another one.

    Recorded here, while the activating request runs: allauth's authenticator_added signal
    only comes after the commit. An authenticator created for someone else (the admin, a
    script) records nothing."""
    request = context.request
    if not created or instance.type != Authenticator.Type.TOTP or request is None:
        return
    if getattr(request.user, "pk", None) != instance.user_id:
        return
    # allauth's own record (internal API): the one its login and reauthentication write.
    record_authentication(request, request.user, "mfa", id=instance.pk, type=instance.type)


@receiver(email_added)
def on_email_added(sender: Any, request: Any, user: User, email_address: Any, **kw: Any) -> None:
    # A change of address only counts once the new address is verified (ACCOUNT_CHANGE_EMAIL).
    if not email_address.verified:
        security_event_record(
            kind=SecurityEventKind.EMAIL_CHANGE_REQUESTED,
            user=user,
            request=request,
            detail=email_address.email,
        )


@receiver(email_changed)
def on_email_changed(
    sender: Any, request: Any, user: User, from_email_address: Any, to_email_address: Any, **kw: Any
) -> None:
    before = from_email_address.email if from_email_address is not None else "—"
    security_event_record(
        kind=SecurityEventKind.EMAIL_CHANGED,
        user=user,
        request=request,
        detail=f"{before} → {to_email_address.email}",
    )


@receiver(authenticator_added)
def on_mfa_added(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    security_event_record(
        kind=SecurityEventKind.MFA_ACTIVATED, user=user, request=request, detail=authenticator.type
    )


@receiver(authenticator_removed)
def on_mfa_removed(sender: Any, request: Any, user: User, authenticator: Any, **kw: Any) -> None:
    security_event_record(
        kind=SecurityEventKind.MFA_DEACTIVATED,
        user=user,
        request=request,
        detail=authenticator.type,
    )


@receiver(authenticator_reset)
def on_mfa_reset(sender: Any, request: Any, user: User, authenticator: Any, **kw: Any) -> None:
    security_event_record(kind=SecurityEventKind.MFA_RECOVERY_CODES, user=user, request=request)


@receiver(allauth_user_logged_in)
def on_federated_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    """A login through a federation: logged as such (with its acr and amr), and its ID token
    kept in the session for the end-session request at logout (never written anywhere else)."""
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None or request is None:
        return
    account = sociallogin.account
    id_token = (account.extra_data or {}).get("id_token") or {}
    federation_session_store(
        request, provider_id=account.provider, id_token=raw_id_token(sociallogin)
    )
    security_event_record(
        kind=SecurityEventKind.FEDERATION_LOGIN,
        user=user,
        request=request,
        detail=f"{account.get_provider().app.name} (acr {id_token.get('acr', '—')}, "
        f"amr {' '.join(map(str, id_token.get('amr') or [])) or '—'})",
    )
