"""The funding reference data of a year (reference cost, residents' daily fees, indicator
scheme with its axes and rules), read once per process and version rather than on every page
(the staffing norms the staffing indicator evaluates against are kept the same way by
`masp.staffing.queries.Context.cached`).

They change a few times a year, from the admin or `load_reference_data`, and a house's page
reads them all (five queries). Entries are kept per process under `REFERENCE`, a token renewed
by every save or delete of a source, a reference cost, a fee, a scheme, an axis or a rule, at
once and again when the transaction commits (a request reading between the two, without the
change, keeps what it read under a token that is gone after the commit). The token lives in
Django's cache, which production shares between processes (Redis, required by
config/settings/production.py), so every process sees a change on its next request; entries
also expire after MAX_SECONDS, for a change the signals do not see (a bulk update, a data
migration) or a cache that is not shared.

What is kept is shared between requests: callers read it, never change it.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.cache import CommitToken, ProcessMemo
from funding.models import (
    FundingSource,
    IndicatorAxis,
    IndicatorRule,
    IndicatorScheme,
    ReferenceCost,
    ResidentDailyFee,
)

REFERENCE = CommitToken(
    "funding:reference:version",
    (FundingSource, ReferenceCost, ResidentDailyFee, IndicatorScheme, IndicatorAxis, IndicatorRule),
)
MAX_SECONDS = 300


@dataclass(frozen=True)
class YearReference:
    """What the figures and the simulation of a year read besides the house's own rows."""

    year: int
    reference: ReferenceCost | None  # the one in force in the year
    daily_fees: tuple[ResidentDailyFee, ...]  # those dated in the year or before
    scheme: IndicatorScheme | None  # with its source
    rules: tuple[IndicatorRule, ...]  # the scheme's, in their model's order
    axes: tuple[IndicatorAxis, ...]  # the scheme's, in their model's order


def load(year: int) -> YearReference:
    """Read from the database (five queries, three without a scheme)."""
    scheme = IndicatorScheme.objects.filter(year=year).select_related("source").first()
    return YearReference(
        year=year,
        reference=ReferenceCost.objects.for_year(year),
        daily_fees=tuple(ResidentDailyFee.objects.filter(valid_from__year__lte=year)),
        scheme=scheme,
        rules=tuple(scheme.rules.all()) if scheme else (),
        axes=tuple(scheme.axes.all()) if scheme else (),
    )


_loaded: ProcessMemo[YearReference] = ProcessMemo(MAX_SECONDS)


def year_reference(year: int) -> YearReference:
    """The reference data of `year` (no query when this process read them since the last
    change, one cache read for the token)."""
    return _loaded.get((REFERENCE.current(), year), lambda: load(year))
