"""An ARS agent's actions: reports waiting for review (oldest first) and late, houses late in
reporting, houses with staffing gaps, conventions missing or expiring, the envelope not yet
allocated. A fixed number of queries whatever the number of houses of the region: one for the
reviews; the late houses and the staffing gaps are kept with the dashboard's figures
(masp.activity.cache), the conventions and the envelopes in workspace.cache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.scopes import Scope
from funding.figures import ZERO
from funding.models import FundingLine, FundingSource, RegionalEnvelope
from masp.activity import cache as figures
from masp.activity.cache import cached_overdue, figures_key
from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, Site
from masp.sites.enums import SiteStatus
from masp.staffing.enums import ComplianceStatus
from masp.staffing.queries import Context, house_rows
from partners.conformity import expiring
from partners.models import Convention, ConventionRequirement
from territories.models import Region
from workspace.actions.base import Action, ranked
from workspace.cache import FUNDING, PARTNERS, cached
from workspace.navigation import remember_review_count


def region_url(name: str, scope: Scope, national: str) -> str:
    """A page with a region scope, opened on the agent's region when they have one."""
    if len(scope.region_codes) == 1:
        return reverse(name, args=[next(iter(scope.region_codes))])
    return reverse(national)


def actions(user: Any, scope: Scope, today: dt.date) -> list[Action]:
    return ranked(
        [
            *_reviews(user, scope, today),
            _late_houses(user, today),
            _staffing(user, scope, today),
            *_conventions(user, scope, today),
            *_envelopes(user, scope, today),
        ],
        today,
    )


def _reviews(user: Any, scope: Scope, today: dt.date) -> list[Action]:
    """Submitted reports: all waiting, and those past their review deadline (one query)."""
    # Only the submitted reports are read (the index on house and status finds them).
    totals = (
        ActivityReport.objects.visible_to(user)
        .filter(status=ReportStatus.SUBMITTED)
        .aggregate(
            waiting=Count("pk"),
            late=Count("pk", filter=Q(campaign__review_deadline__lt=today)),
            oldest=Min("campaign__review_deadline"),
        )
    )
    remember_review_count(scope, totals["waiting"])  # the menu's count
    queue = reverse("masp:review_queue")
    return [
        Action(
            label=_("Instruire les rapports transmis (le plus ancien d'abord)"),
            count=totals["waiting"],
            url=queue,
            due=totals["oldest"],
        ),
        Action(
            label=_("Rapports dont la date limite d'instruction est dépassée"),
            count=totals["late"],
            url=queue,
            due=totals["oldest"] if totals["late"] else None,
        ),
    ]


def _late_houses(user: Any, today: dt.date) -> Action:
    """Houses without a submitted report past the deadline (the review queue's cached list)."""
    late = cached_overdue(user, today)
    houses = sorted({item.site_name for item in late})
    oldest = max((item.days for item in late), default=0)
    return Action(
        label=_("Relancer les maisons en retard de transmission"),
        count=len(houses),
        url=reverse("masp:report_dashboard"),
        due=today - dt.timedelta(days=oldest) if late else None,
        detail=", ".join(houses[:10]) + ("…" if len(houses) > 10 else ""),
    )


def _staffing(user: Any, scope: Scope, today: dt.date) -> Action:
    """Open houses in a gap with the norm set in force: the compliance engine over every house
    of the region, cached as the dashboard's gaps are (until a declaration, a norm set or a
    house changes, and for the day: the norm set in force changes with it)."""

    def compute() -> list[str]:
        sites = Site.objects.visible_to(user).filter(status=SiteStatus.OPEN).order_by("name")
        rows = house_rows(sites, Context.cached())
        return [row.site.name for row in rows if row.status == ComplianceStatus.GAP]

    gaps = figures.cached(figures_key(scope, f"workspace:gaps:{today.isoformat()}", []), compute)
    return Action(
        label=_("Maisons en écart avec le référentiel d'effectifs"),
        count=len(gaps),
        url=region_url("masp:staffing_region", scope, "masp:staffing_overview"),
        detail=", ".join(gaps[:10]) + ("…" if len(gaps) > 10 else ""),
    )


def lacking_names(sites: QuerySet[Site], today: dt.date) -> list[str]:
    """The names of the open houses among `sites` that miss a convention in force with a
    required partner kind: `partners.conformity.non_conforming` in one query (a required kind
    without a convention in force with a partner of that kind), in the houses' order."""
    in_force = Convention.objects.in_force(today).filter(
        site=OuterRef(OuterRef("pk")), partner__kind=OuterRef("kind")
    )
    missing = ConventionRequirement.objects.active().filter(~Exists(in_force))
    return list(
        sites.filter(status=SiteStatus.OPEN).filter(Exists(missing)).values_list("name", flat=True)
    )


def _conventions(user: Any, scope: Scope, today: dt.date) -> list[Action]:
    """Houses lacking a required convention (one query) and conventions expiring, counted
    with the first end date (one query), kept for the scope and the day until a convention,
    a partner, a requirement or a house changes (workspace.cache)."""

    def compute() -> tuple[int, list[str], int, dt.date | None]:
        missing = lacking_names(Site.objects.visible_to(user), today)
        ending = expiring(Convention.objects.visible_to(user), today=today).aggregate(
            count=Count("pk"), first=Min("valid_until")
        )
        return len(missing), missing[:10], ending["count"], ending["first"]

    missing, names, ending, first = cached(
        PARTNERS, ("ars:conventions", scope.key(), today), compute
    )
    follow_up = reverse("partners:follow_up")
    return [
        Action(
            label=_("Maisons sans convention exigée en vigueur"),
            count=missing,
            url=follow_up,
            detail=", ".join(names),
        ),
        Action(
            label=_("Conventions qui expirent dans les %(days)s jours")
            % {"days": settings.PARTNERS_EXPIRY_WARNING_DAYS},
            count=ending,
            url=follow_up,
            due=first,
        ),
    ]


def remaining_by_region(user: Any, codes: Iterable[str], year: int) -> list[tuple[Region, Decimal]]:
    """Each region of `codes` (by name) with what remains to allocate on its envelopes of
    `year`: the total row of `funding.queries.region_year_for` (the envelopes of the sources in
    use that year, less every line of the year of the houses `user` sees in the region), for
    all the regions in one query."""
    envelopes = (
        RegionalEnvelope.objects.filter(
            region=OuterRef("code"), year=year, source__in=FundingSource.objects.for_year(year)
        )
        .order_by()
        .values("region")
        .annotate(total=Sum("amount_notified"))
        .values("total")
    )
    allocated = (
        FundingLine.objects.visible_to(user)
        .filter(site__department__region=OuterRef("code"), year=year)
        .order_by()
        .values("year")
        .annotate(total=Sum("amount_notified"))
        .values("total")
    )
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)
    regions = (
        Region.objects.filter(code__in=codes)
        .order_by("name")
        .annotate(
            envelope=Coalesce(Subquery(envelopes, output_field=money), ZERO, output_field=money),
            allocated=Coalesce(Subquery(allocated, output_field=money), ZERO, output_field=money),
        )
    )
    return [(region, region.envelope - region.allocated) for region in regions]


def _envelopes(user: Any, scope: Scope, today: dt.date) -> list[Action]:
    """The part of each region's envelopes of the year not yet notified to a house (one
    query), kept for the scope and the year until an envelope, a source, a line, a house or a
    region changes (workspace.cache)."""

    def compute() -> list[tuple[str, str, Decimal]]:
        found = remaining_by_region(user, scope.region_codes, today.year)
        return [(region.code, region.name, remaining) for region, remaining in found]

    return [
        Action(
            label=_("Attribuer l'enveloppe %(year)s de la région %(region)s")
            % {"year": today.year, "region": name},
            count=int(remaining > ZERO),
            url=reverse("funding:region", args=[code]),
            figure=f"{number_format(remaining, 0, force_grouping=True)} €",
            detail=_("reste à attribuer sur l'enveloppe notifiée"),
        )
        for code, name, remaining in cached(
            FUNDING, ("ars:envelopes", scope.key(), today.year), compute
        )
    ]
