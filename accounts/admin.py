from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_changes, audit_record, audit_snapshot
from accounts.enums import AuditAction, SecurityEventKind
from accounts.models import ApiToken, AuditEntry, Invitation, Membership, SecurityEvent, User
from accounts.scopes import forget_scope, scope_for
from accounts.services import (
    membership_grant,
    membership_revoke,
    security_event_record,
    user_changes_record,
    user_privileges_snapshot,
)
from accounts.typing import AuthenticatedHttpRequest
from common.admin import ReadOnlyAdminMixin


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name")}),
        (_("Droits"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    # Rights changed here (is_superuser makes a national administrator) go to the security log.
    # The state before is kept on the object: groups are saved after it, in save_related.
    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        previous = User.objects.get(pk=obj.pk) if change else User(email=obj.email)
        obj._privileges_before = user_privileges_snapshot(previous)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        user_changes_record(
            user=user,
            before=user._privileges_before,
            actor=cast(User, request.user),
            request=request,
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "site", "is_active", "granted_by", "granted_at"]
    list_filter = ["role", "is_active", "region"]
    list_select_related = ["user", "region", "site", "granted_by"]
    search_fields = ["user__email", "site__name"]
    autocomplete_fields = ["user", "site"]
    readonly_fields = ["granted_by", "granted_at", "deactivated_at"]
    actions = ["deactivate"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        # Changes go through the services so that the security log records them.
        actor = cast(User, request.user)  # the admin only lets logged-in administrators in
        if change:
            previous = Membership.objects.get(pk=obj.pk)
            revoked = previous.is_active and not obj.is_active
            if revoked:
                obj.deactivated_at = timezone.now()
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                instance=obj,
                action=AuditAction.UPDATE,
                changes=audit_changes(audit_snapshot(previous), audit_snapshot(obj)),
            )
            security_event_record(
                kind=(
                    SecurityEventKind.MEMBERSHIP_REVOKED
                    if revoked
                    else SecurityEventKind.MEMBERSHIP_GRANTED
                ),
                user=obj.user,
                actor=actor,
                request=request,
                detail=f"modifié : {obj}",
            )
            forget_scope(obj.user)
            return
        membership = membership_grant(
            user=obj.user,
            role=obj.role,
            granted_by=actor,
            region_id=obj.region_id,
            site=obj.site,
        )
        obj.pk = membership.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: the history stays

    @admin.action(description=_("Désactiver les rôles sélectionnés"))
    def deactivate(self, request: AuthenticatedHttpRequest, queryset: Any) -> None:
        for membership in queryset.filter(is_active=True):
            membership_revoke(membership=membership, by=request.user)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "region", "site", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = ["token_hash", "invited_by", "created_at", "accepted_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invitations are sent from the Invitations page, which emails the link


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "user", "actor", "ip_address", "detail"]
    list_filter = ["kind"]
    list_select_related = ["user", "actor"]
    search_fields = ["user__email", "detail"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "can_write",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_select_related = ["user"]
    # Rights and expiry are set at creation only (read-only, at most a year): not widened here.
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "key_hash",
        "can_write",
        "created_at",
        "expires_at",
        "last_used_at",
    ]
    search_fields = ["user__email", "name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the log is written by `accounts.audit.audit_record` only."""

    list_display = ["created_at", "action", "content_type", "object_repr", "actor_email"]
    list_filter = ["action", "content_type"]
    list_select_related = ["content_type"]
    search_fields = ["object_repr", "actor_email", "object_id"]
    date_hierarchy = "created_at"
    # A tuple: both attributes take it (the stubs type them as different lists).
    fields = readonly_fields = (
        "created_at",
        "actor_email",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changes",
    )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # National administrators only (not any staff member with model permissions).
        return bool(request.user.is_superuser or scope_for(request.user).is_national_admin)
