"""Write paths of the accounts app: memberships, invitations, API tokens, the security log."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_changes, audit_creation, audit_record, audit_snapshot
from accounts.enums import AuditAction, Role, SecurityEventKind
from accounts.models import (
    API_TOKEN_DEFAULT_DAYS,
    API_TOKEN_MAX_DAYS,
    ApiToken,
    Invitation,
    Membership,
    SecurityEvent,
    User,
    hash_secret,
)
from accounts.perms import can_invite
from accounts.scopes import forget_scope

INVITATION_VALIDITY = dt.timedelta(days=7)


def client_ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def security_event_record(
    *,
    kind: str,
    user: User | None = None,
    actor: User | None = None,
    request: HttpRequest | None = None,
    detail: str = "",
) -> SecurityEvent:
    return SecurityEvent.objects.create(
        kind=kind, user=user, actor=actor, ip_address=client_ip(request), detail=detail[:250]
    )


@transaction.atomic
def membership_grant(
    *,
    user: User,
    role: str,
    granted_by: User | None,
    region_id: str | None = None,
    site: Any = None,
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user,
        role=role,
        region_id=region_id,
        site=site,
        is_active=True,
        defaults={"granted_by": granted_by},
    )
    if created:
        audit_creation(actor=granted_by, instance=membership)
    security_event_record(
        kind=SecurityEventKind.MEMBERSHIP_GRANTED,
        user=user,
        actor=granted_by,
        detail=str(membership),
    )
    forget_scope(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, by: User | None) -> None:
    before = audit_snapshot(membership)
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
    audit_record(
        actor=by,
        instance=membership,
        action=AuditAction.UPDATE,
        changes=audit_changes(before, audit_snapshot(membership)),
    )
    security_event_record(
        kind=SecurityEventKind.MEMBERSHIP_REVOKED,
        user=membership.user,
        actor=by,
        detail=str(membership),
    )
    forget_scope(membership.user)


@transaction.atomic
def invitation_send(
    *,
    inviter: User,
    email: str,
    role: str,
    region_id: str | None = None,
    site: Any = None,
    request: HttpRequest | None = None,
) -> Invitation:
    email = email.strip().lower()
    if not can_invite(inviter, role=role, region_code=region_id, site=site):
        raise PermissionDenied
    if is_own_address(inviter, email):
        # A role given to oneself would skip the person who is meant to decide.
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        region_id=region_id if role == Role.ARS_AGENT else None,
        site=site if role == Role.COORDINATOR else None,
        token_hash=hash_secret(token),
        invited_by=inviter,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    link = reverse("accounts:invitation_accept", args=[token])
    url = request.build_absolute_uri(link) if request is not None else link
    transaction.on_commit(lambda: _send_invitation_email(invitation, url))
    security_event_record(
        kind=SecurityEventKind.INVITATION_SENT,
        actor=inviter,
        request=request,
        detail=str(invitation),
    )
    return invitation


def _send_invitation_email(invitation: Invitation, url: str) -> None:
    context = {"invitation": invitation, "url": url, "days": INVITATION_VALIDITY.days}
    send_mail(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/email/invitation_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )


def invitation_for_token(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("site", "region").filter(token_hash=hash_secret(token))
    ).first()
    return invitation if invitation is not None and invitation.is_usable else None


def is_own_address(user: User, email: str) -> bool:
    """The user's account address or any address they verified."""
    email = email.strip().lower()
    return user.email.lower() == email or has_verified_address(user, email)


def has_verified_address(user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def account_for_email(email: str) -> User | None:
    """The account an address already belongs to: its login address, or a verified one. An
    address someone merely asked to change to (unverified) belongs to nobody yet."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    address = EmailAddress.objects.filter(email__iexact=email, verified=True).first()
    return address.user if address is not None else None


def _invitation_lock(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise PermissionDenied
    return invitation


def _invitation_fulfil(invitation: Invitation, user: User, request: HttpRequest | None) -> None:
    membership_grant(
        user=user,
        role=invitation.role,
        granted_by=invitation.invited_by,
        region_id=invitation.region_id,
        site=invitation.site,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    security_event_record(
        kind=SecurityEventKind.INVITATION_ACCEPTED,
        user=user,
        actor=invitation.invited_by,
        request=request,
        detail=str(invitation),
    )


@transaction.atomic
def invitation_accept_new(
    *,
    invitation: Invitation,
    password: str,
    first_name: str = "",
    last_name: str = "",
    request: HttpRequest | None = None,
) -> User:
    """Create the account of an invitation whose address has none yet. Nobody is logged in:
    the new user signs in afterwards, like everyone, through the login page."""
    invitation = _invitation_lock(invitation)
    if account_for_email(invitation.email) is not None:
        raise PermissionDenied  # the existing account accepts with invitation_accept_existing
    user = User.objects.create_user(
        email=invitation.email, password=password, first_name=first_name, last_name=last_name
    )
    # The link reached this mailbox: the address is proven.
    email_mark_verified(user=user)
    security_event_record(kind=SecurityEventKind.PASSWORD_SET, user=user, request=request)
    _invitation_fulfil(invitation, user, request)
    return user


@transaction.atomic
def invitation_accept_existing(
    *, invitation: Invitation, user: User, request: HttpRequest | None = None
) -> User:
    """Give the invitation's role to `user`, who is signed in (password and second factor,
    through allauth) and holds the invited address, verified."""
    invitation = _invitation_lock(invitation)
    if not has_verified_address(user, invitation.email):
        raise PermissionDenied
    _invitation_fulfil(invitation, user, request)
    return user


@transaction.atomic
def invitation_accept_federated(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    request: HttpRequest | None = None,
) -> User | None:
    """Create the account of an address that has none yet from its pending invitations, for
    a person a federation (ProConnect, Pro Santé Connect) vouches for with this verified
    address: the federation proves the mailbox as the link would. The roles are the
    invitations' own; no password (they sign in through the federation, or reset one).
    None when no invitation is pending for the address."""
    if account_for_email(email) is not None:
        raise PermissionDenied  # an existing account links its identity instead
    invitations = [
        _invitation_lock(invitation)
        for invitation in Invitation.objects.pending().filter(email__iexact=email).order_by("pk")
    ]
    if not invitations:
        return None
    user = User.objects.create_user(
        email=email, password=None, first_name=first_name, last_name=last_name
    )
    email_mark_verified(user=user)
    for invitation in invitations:
        _invitation_fulfil(invitation, user, request)
    return user


def email_mark_verified(*, user: User) -> EmailAddress:
    """Record the user's login address as verified and primary (the address was proven by
    other means: an invitation link, or demo data)."""
    email = user.email.lower()
    # One primary address per user (allauth's constraint): the others step down first.
    EmailAddress.objects.filter(user=user, primary=True).exclude(email=email).update(primary=False)
    address, _created = EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return address


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    can_write: bool = False,
    days: int = API_TOKEN_DEFAULT_DAYS,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """Create a token, read-only unless `can_write`, valid `days` days (1 to
    API_TOKEN_MAX_DAYS); the clear key is returned once and never stored."""
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ValidationError(
            _("La durée de validité d'un jeton va de 1 à %(max)d jours."),
            params={"max": API_TOKEN_MAX_DAYS},
            code="validity",
        )
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:8],
        key_hash=hash_secret(key),
        can_write=can_write,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    access = "lecture et écriture" if can_write else "lecture seule"
    security_event_record(
        kind=SecurityEventKind.TOKEN_CREATED,
        user=user,
        request=request,
        detail=f"{name} ({access}, expire le {token.expires_at:%d/%m/%Y})",
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security_event_record(
            kind=SecurityEventKind.TOKEN_REVOKED, user=token.user, actor=by, detail=token.name
        )


@transaction.atomic
def api_tokens_revoke_all(
    *, user: User, reason: str, by: User | None = None, request: HttpRequest | None = None
) -> int:
    """Revoke every token of `user` (password changed, role removed, account deactivated),
    one security event per token; returns how many were revoked."""
    tokens = list(user.api_tokens.unrevoked().select_for_update())
    if not tokens:
        return 0
    ApiToken.objects.filter(pk__in=[token.pk for token in tokens]).update(revoked_at=timezone.now())
    for token in tokens:
        security_event_record(
            kind=SecurityEventKind.TOKEN_REVOKED,
            user=user,
            actor=by,
            request=request,
            detail=f"{token.name} : {reason}",
        )
    return len(tokens)


PRIVILEGE_FIELDS = ("is_active", "is_staff", "is_superuser", "groups")


def user_privileges_snapshot(user: User) -> dict[str, Any]:
    """What an administrator may change about an account's rights, and its address."""
    groups = sorted(user.groups.values_list("name", flat=True)) if user.pk else []
    return {
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": groups,
        "email": user.email,
    }


def user_changes_record(
    *, user: User, before: dict[str, Any], actor: User, request: HttpRequest | None = None
) -> None:
    """Write to the security log what an administrator changed (Django admin): rights such as
    is_superuser, which makes a national administrator, and the login address."""
    after = user_privileges_snapshot(user)
    changed = [
        f"{field} : {before[field]} → {after[field]}"
        for field in PRIVILEGE_FIELDS
        if before[field] != after[field]
    ]
    if changed:
        security_event_record(
            kind=SecurityEventKind.PRIVILEGES_CHANGED,
            user=user,
            actor=actor,
            request=request,
            detail="; ".join(changed),
        )
    if before["email"].lower() != after["email"].lower():
        # Not verified: the next login asks the owner to confirm the new address.
        security_event_record(
            kind=SecurityEventKind.EMAIL_CHANGED,
            user=user,
            actor=actor,
            request=request,
            detail=f"{before['email']} → {after['email']}",
        )
    forget_scope(user)
