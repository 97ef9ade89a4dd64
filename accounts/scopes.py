"""A user's scope, read once per request from their active memberships.

Every `visible_to(user)` QuerySet method of the portal is built on `scope_for(user)`, so the
rule "who sees what" lives here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accounts.enums import NATIONAL_ROLES, Role

CACHE_ATTRIBUTE = "_masp_scope"


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str] = frozenset()
    region_codes: frozenset[str] = frozenset()
    site_ids: frozenset[int] = frozenset()
    # Regions of the houses a coordinator runs (for reference data such as envelopes).
    coordinated_region_codes: frozenset[str] = field(default=frozenset())

    @property
    def is_national(self) -> bool:
        """Reads everything nationally (national administrators and analysts)."""
        return bool(self.roles & NATIONAL_ROLES)

    @property
    def is_national_admin(self) -> bool:
        return Role.NATIONAL_ADMIN in self.roles

    @property
    def is_analyst(self) -> bool:
        return Role.ANALYST in self.roles

    @property
    def is_empty(self) -> bool:
        return not self.roles

    def key(self) -> tuple[list[str], list[str], list[int]]:
        """What decides which houses the user sees, in a stable order (a frozenset's order
        changes from one process to the next): the part of a cache key that keeps one user's
        values from another's."""
        return (sorted(self.roles), sorted(self.region_codes), sorted(self.site_ids))


EMPTY = Scope()


def scope_for(user: Any) -> Scope:
    """The scope of a user, computed with one query and cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    scope = _compute(user)
    setattr(user, CACHE_ATTRIBUTE, scope)
    return scope


def _compute(user: Any) -> Scope:
    rows = list(
        user.memberships.filter(is_active=True).values_list(
            "role", "region_id", "site_id", "site__department__region_id"
        )
    )
    roles = {role for role, *_ in rows}
    if user.is_superuser:
        roles.add(Role.NATIONAL_ADMIN)
    return Scope(
        roles=frozenset(roles),
        region_codes=frozenset(region for role, region, *_ in rows if role == Role.ARS_AGENT),
        site_ids=frozenset(site for role, _, site, _ in rows if role == Role.COORDINATOR),
        coordinated_region_codes=frozenset(
            region for role, _, _, region in rows if role == Role.COORDINATOR
        ),
    )


def forget_scope(user: Any) -> None:
    """Drop the cached scope (after a membership change in the same request)."""
    if hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)
