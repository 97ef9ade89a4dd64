"""Small predicates about accounts: who may invite whom, who runs reference data."""

from __future__ import annotations

from typing import Any

from accounts.enums import Role
from accounts.scopes import scope_for


def can_manage_reference_data(user: Any) -> bool:
    return scope_for(user).is_national_admin


def can_read_nationally(user: Any) -> bool:
    return scope_for(user).is_national


def can_invite(user: Any, *, role: str, region_code: str | None = None, site: Any = None) -> bool:
    """National administrators invite anyone; an ARS agent invites only inside their region (an
    agent of that region, a coordinator of one of its houses), never a national role."""
    scope = scope_for(user)
    if role == Role.COORDINATOR:
        if site is None:
            return False
        return scope.is_national_admin or site.department.region_id in scope.region_codes
    if role == Role.ARS_AGENT:
        if not region_code:
            return False
        return scope.is_national_admin or region_code in scope.region_codes
    return scope.is_national_admin


def can_invite_anyone(user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_national_admin or bool(scope.region_codes)
