"""The cache of the dashboard's figures and of the overdue reports: one version token renewed
by every change they are computed from, and the keys built on it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import get_language

from accounts.scopes import scope_for
from common.cache import CommitToken, IdentityMemo, ProcessMemo, VersionToken
from masp.activity.queries import House, Overdue, overdue
from masp.activity.review import flag_reports
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
TOKEN = CommitToken(
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

# A finer token for what follows only the reports and the campaigns (completeness, indicators):
# a house's save (its name, its address) leaves them cached; what they read of the houses
# (status, opening date, region) goes into their key instead (`houses_fingerprint`).
REPORTS_TOKEN = CommitToken("masp:dashboard:reports", (ActivityReport, ReportingCampaign))

T = TypeVar("T")


def figures_key(
    scope: Any,
    selection: str,
    campaigns: list[ReportingCampaign],
    token: VersionToken = TOKEN,
    prefix: str = "masp:dashboard:",
) -> str:
    calendars = [(c.pk, c.period_start, c.period_end, c.opens_at, c.deadline) for c in campaigns]
    # The scope: an analyst's figures are not a national administrator's.
    parts = (*scope.key(), selection, calendars, token.current())
    return prefix + hashlib.sha256(repr(parts).encode()).hexdigest()


def reports_key(scope: Any, selection: str, campaigns: list[ReportingCampaign]) -> str:
    """`figures_key` under `REPORTS_TOKEN` rather than the token of every change."""
    return figures_key(scope, selection, campaigns, REPORTS_TOKEN, "masp:dashboard:reports:")


def houses_fingerprint(rows: list[House]) -> str:
    """What the completeness and the indicators read of the houses (which, their status,
    opening date and region; not their names), as a short digest for a cache key. The whole
    list of `houses` is digested once per build."""

    def digest() -> str:
        parts = [(row.pk, row.status, row.opened_on, row.region_code) for row in rows]
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    return _fingerprints.get(rows, digest)


def cached(key: str, compute: Callable[[], T]) -> T:
    """The value under `key` (a `figures_key`), computed and kept for CACHE_SECONDS if absent."""
    return cast(T, cache.get_or_set(key, compute, CACHE_SECONDS))


# The houses as this process last built them, by cache key (which holds the version token):
# unpickling a thousand rows and building their tuples is most of a cached dashboard's cost.
BUILT_MAX = 64
_built: ProcessMemo[list[House]] = ProcessMemo(CACHE_SECONDS, BUILT_MAX)
_fingerprints: IdentityMemo[str] = IdentityMemo(BUILT_MAX)  # of the lists `_built` keeps


def houses(sites: QuerySet[Site], scope: Any) -> list[House]:
    """The houses of `sites` (the open houses of `scope`), cached under the figures' token
    (a shared list: callers filter it, never change it)."""
    key = figures_key(scope, "houses", [])
    fields = ("pk", "name", "status", "opened_on", "department__region_id")

    def build() -> list[House]:
        rows = cached(
            key,
            lambda: list(sites.order_by("name").values_list(*fields, "department__region__name")),
        )
        return [House(*row) for row in rows]

    found = _built.get(key, build)
    houses_fingerprint(found)  # digested once per build
    return found


def cached_overdue(user: Any, today: dt.date) -> list[Overdue]:
    """`overdue` for the houses `user` sees, cached under the figures' token (renewed by every
    save of a report, a house or a campaign), the user's scope and the day (delays are
    counted in days)."""
    key = figures_key(scope_for(user), f"overdue:{today.isoformat()}", [])
    return cached(key, lambda: overdue(Site.objects.visible_to(user), today))


def flag_page(reports: Sequence[ActivityReport]) -> None:
    """`flag_reports` for a page of the work queue, the flags (rule alerts and what stands
    out) cached under the figures' token: they follow only reports (the page's and the
    houses' earlier ones) and campaigns, whose every save renews it; the language too (the
    messages are translated). No user in the key: the view hides them from who may not read
    them."""
    if not reports:
        return
    page = [(report.pk, report.version) for report in reports]
    parts = (TOKEN.current(), get_language(), page)
    key = "masp:review:flags:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        flag_reports(reports)
        found = [(report.issues, report.standouts) for report in reports]
        cache.set(key, found, CACHE_SECONDS)
        return
    for report, (issues, standouts) in zip(reports, found, strict=True):
        report.issues = issues  # type: ignore[attr-defined]  # read by the templates
        report.standouts = standouts  # type: ignore[attr-defined]


def cached_reminders(user: Any, compute: Callable[[], T]) -> T:
    """The work queue's reminders (reports waiting for their house, reports validated
    lately) for the reports `user` sees, cached under the figures' token (renewed by every
    save of a report, a house or a campaign) and the user's scope."""
    return cached(figures_key(scope_for(user), "reminders", []), compute)
