"""Write paths of the accounts app: memberships, invitations, API tokens, the security log."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_changes, audit_creation, audit_record, audit_snapshot
from accounts.enums import AuditAction, Role, SecurityEventKind
from accounts.models import ApiToken, Invitation, Membership, SecurityEvent, User, hash_secret
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
    if not can_invite(inviter, role=role, region_code=region_id, site=site):
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email.lower(),
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


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, password: str, first_name: str = "", last_name: str = ""
) -> User:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise PermissionDenied
    user, created = User.objects.get_or_create(email=invitation.email)
    if created or not user.has_usable_password():
        user.first_name, user.last_name = first_name, last_name
        user.set_password(password)
        user.save()
        security_event_record(kind=SecurityEventKind.PASSWORD_SET, user=user)
    membership_grant(
        user=user,
        role=invitation.role,
        granted_by=invitation.invited_by,
        region_id=invitation.region_id,
        site=invitation.site,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the clear key is returned once and never stored."""
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=hash_secret(key))
    security_event_record(kind=SecurityEventKind.TOKEN_CREATED, user=user, detail=name)
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security_event_record(
            kind=SecurityEventKind.TOKEN_REVOKED, user=token.user, actor=by, detail=token.name
        )
