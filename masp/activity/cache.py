"""The cache of the dashboard's figures and of the overdue reports: one version token renewed
by every change they are computed from, and the keys built on it."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import QuerySet

from accounts.scopes import scope_for
from common.cache import VersionToken
from masp.activity.queries import House, Overdue, overdue
from masp.models import (
    ActivityReport,
    NormRule,
    NormSet,
    ReportingCampaign,
    Site,
    StaffingDeclaration,
    StaffingLine,
    StaffRole,
)

# Figures are cached under a token renewed by every save of a report, a house, a campaign or
# what the staffing gaps are computed from (declarations, their lines, roles, norm sets),
# with the campaigns' calendars, the scope and the selection, as masp.coverage.indicators does:
# with a shared cache (Redis, CACHE_URL) every process sees a change at once; with the
# default per-process cache another process recomputes at the latest after CACHE_SECONDS.
CACHE_SECONDS = 300
TOKEN = VersionToken(
    "masp:dashboard:version",
    (
        ActivityReport,
        Site,
        ReportingCampaign,
        StaffingDeclaration,
        StaffingLine,
        StaffRole,
        NormSet,
        NormRule,
    ),
)

T = TypeVar("T")


def figures_key(scope: Any, selection: str, campaigns: list[ReportingCampaign]) -> str:
    calendars = [(c.pk, c.period_start, c.period_end, c.opens_at, c.deadline) for c in campaigns]
    parts = (
        sorted(scope.roles),  # an analyst's figures are not a national administrator's
        sorted(scope.region_codes),
        sorted(scope.site_ids),
        selection,
        calendars,
        TOKEN.current(),
    )
    return "masp:dashboard:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def cached(key: str, compute: Callable[[], T]) -> T:
    """The value under `key` (a `figures_key`), computed and kept for CACHE_SECONDS if absent."""
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


# The houses as this process last built them, by cache key (which holds the version token):
# unpickling a thousand rows and building their tuples is most of a cached dashboard's cost.
_built: dict[str, tuple[float, list[House]]] = {}
BUILT_MAX = 64


def houses(sites: QuerySet[Site], scope: Any) -> list[House]:
    """The houses of `sites` (the open houses of `scope`), cached under the figures' token
    (a shared list: callers filter it, never change it)."""
    key = figures_key(scope, "houses", [])
    now = time.monotonic()
    built = _built.get(key)
    if built is not None and now - built[0] < CACHE_SECONDS:
        return built[1]
    fields = ("pk", "name", "status", "opened_on", "department__region_id")
    rows = cached(
        key, lambda: list(sites.order_by("name").values_list(*fields, "department__region__name"))
    )
    found = [House(*row) for row in rows]
    if len(_built) >= BUILT_MAX:
        _built.clear()
    _built[key] = (now, found)
    return found


def cached_overdue(user: Any, today: dt.date) -> list[Overdue]:
    """`overdue` for the houses `user` sees, cached under the figures' token (renewed by every
    save of a report, a house or a campaign), the user's scope and the day (delays are
    counted in days)."""
    key = figures_key(scope_for(user), f"overdue:{today.isoformat()}", [])
    return cached(key, lambda: overdue(Site.objects.visible_to(user), today))
