"""The partner kinds every open house must be bound to (`ConventionRequirement`), read once per
process and version by the follow-up page rather than on every visit.

National administrators edit them a few times a year in the admin. They are kept per process
under `REQUIREMENTS`, a token renewed by every save or delete of a requirement, at once and
again when the transaction commits (a request reading between the two, without the change,
keeps what it read under a token that is gone after the commit). The token lives in Django's
cache, which production shares between processes (config/settings/production.py); entries also
expire after MAX_SECONDS, for a change the signals do not see (a bulk update) or a cache that
is not shared.
"""

from __future__ import annotations

from common.cache import CommitToken, ProcessMemo
from partners.conformity import required_kinds as read
from partners.models import ConventionRequirement

REQUIREMENTS = CommitToken("partners:requirements:version", (ConventionRequirement,))
MAX_SECONDS = 300
_kinds: ProcessMemo[tuple[str, ...]] = ProcessMemo(MAX_SECONDS, size=1)  # one version


def required_kinds() -> list[str]:
    """`partners.conformity.required_kinds()`, no query when this process read them since
    the last change (a new list each call: callers may change it)."""
    return list(_kinds.get(REQUIREMENTS.current(), lambda: tuple(read())))
