"""Who may act on partners. Reading is `visible_to(user)` (and the directory is open to every
logged-in user); these predicates say who may write."""

from __future__ import annotations

from typing import Any

from accounts.scopes import scope_for
from masp.models import Site
from partners.models import Organisation


def can_manage_partners(user: Any, site: Site) -> bool:
    """The house's partners, conventions and participation bodies: its coordinator, or a
    national administrator. ARS agents and analysts read."""
    scope = scope_for(user)
    return scope.is_national_admin or site.pk in scope.site_ids


def can_create_organisation(user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_national_admin or bool(scope.site_ids)


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    """National partners: national administrators only. A local organisation: also the
    coordinators of a house of its region (the directory is shared between neighbours)."""
    scope = scope_for(user)
    if scope.is_national_admin:
        return True
    if organisation.is_national_partner or organisation.department is None:
        return False
    return organisation.department.region_id in scope.coordinated_region_codes


def can_follow_conformity(user: Any) -> bool:
    """The follow-up of missing and expiring conventions: ARS agents and national roles."""
    scope = scope_for(user)
    return scope.is_national or bool(scope.region_codes)
