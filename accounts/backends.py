"""Permissions derived from memberships: a national administrator holds every model permission
(so the Django admin works for them without the is_superuser flag)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from accounts.scopes import scope_for


class MembershipBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return bool(user_obj.is_active and scope_for(user_obj).is_national_admin)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return bool(user_obj.is_active and scope_for(user_obj).is_national_admin)
