"""The Django admin, open to national administrators (by membership) and staff."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for


class PortalAdminSite(AdminSite):
    site_header = _("Administration du portail MASP")
    site_title = _("Portail MASP")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_staff or scope_for(user).is_national_admin))


class PortalAdminConfig(AdminConfig):
    default_site = "config.admin.PortalAdminSite"
