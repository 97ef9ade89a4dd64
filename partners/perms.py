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


def can_reclassify_organisation(user: Any, organisation: Organisation) -> bool:
    """Kind and département, once the organisation exists: national administrators; for a
    local organisation, the ARS agents of its region. Conformity counts conventions by their
    partner's kind and a house picks its partners by region, so a coordinator who changed
    them would move other houses' conformity, or certify their own (finding 7)."""
    scope = scope_for(user)
    if scope.is_national_admin:
        return True
    if organisation.is_national_partner or organisation.department is None:
        return False
    return organisation.department.region_id in scope.region_codes


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    """Those who may reclassify it; also, for its other fields (name, contact, identifiers),
    the coordinators of its region when no house but theirs works with it."""
    if can_reclassify_organisation(user, organisation):
        return True
    scope = scope_for(user)
    if organisation.is_national_partner or organisation.department is None:
        return False
    if organisation.department.region_id not in scope.coordinated_region_codes:
        return False
    return organisation.house_ids() <= scope.site_ids


def organisation_regions(user: Any, organisation: Organisation) -> frozenset[str] | None:
    """The regions whose départements `user` may give `organisation` (None: any): a
    coordinator creates in the regions of their houses, an ARS agent moves within theirs."""
    scope = scope_for(user)
    if scope.is_national_admin:
        return None
    if organisation.pk is None:
        return scope.coordinated_region_codes
    return scope.region_codes


def can_follow_conformity(user: Any) -> bool:
    """The follow-up of missing and expiring conventions: ARS agents and national roles."""
    scope = scope_for(user)
    return scope.is_national or bool(scope.region_codes)
