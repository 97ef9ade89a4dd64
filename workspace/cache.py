"""What the homes and the house hub keep in Django's cache: figures that change a few times a
week (conventions, envelopes and funding lines, the campaigns' calendar) but that each page
would otherwise read on every visit.

Each value is kept under a key naming what it was computed from: a version token renewed by
every save or delete of the models it reads, the day (what is "in force" or "late" changes
with it), the user's scope (their roles, regions and houses: never another user's houses) or
the house, and the question asked. The tokens are renewed at once and again when the
transaction commits, so that a request reading between the two (before the commit, without
the change) keeps what it read under a token that is gone after the commit.

Django's cache is shared between processes in production (Redis, required by
config/settings/production.py), so every process sees a change on its next request; the
entries also expire after CACHE_SECONDS, for a change the signals do not see (a queryset's
update, a data migration) or a cache that is not shared. The module is imported by
`WorkspaceConfig.ready`, so that the tokens follow the saves of every process (the admin, a
task, a management command), not only of those that served a page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.cache import cache

from common.cache import CommitToken, VersionToken
from funding.models import FundingLine, FundingSource, RegionalEnvelope
from masp.models import ReportingCampaign, Site
from partners.models import Convention, ConventionRequirement, Organisation
from territories.models import Department, Region

CACHE_SECONDS = 300

T = TypeVar("T")


# The conventions in force or expiring, the required partner kinds, and which houses (open,
# in which region) they are counted for.
PARTNERS = CommitToken(
    "workspace:partners:version",
    (Convention, Organisation, ConventionRequirement, Site, Department),
)
# The regional envelopes, the sources in use in a year, the houses' funding lines, and the
# regions (named in the action) the houses belong to.
FUNDING = CommitToken(
    "workspace:funding:version",
    (RegionalEnvelope, FundingSource, FundingLine, Site, Department, Region),
)
# The campaigns' calendar (which are open, which deadline comes next).
CAMPAIGNS = CommitToken("workspace:campaigns:version", (ReportingCampaign,))


def cached(token: VersionToken, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """The value computed for `parts` under the current `token`, computed and kept for
    CACHE_SECONDS if absent."""
    digest = hashlib.sha256(repr((token.current(), parts)).encode()).hexdigest()
    return cast(T, cache.get_or_set(f"{token.key}:{digest}", compute, CACHE_SECONDS))
