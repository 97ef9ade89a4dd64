"""An ARS agent's actions: reports waiting for review (oldest first) and late, houses late in
reporting, houses with staffing gaps, conventions missing or expiring, the envelope not yet
allocated. A fixed number of queries whatever the number of houses of the region."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.scopes import Scope
from funding.figures import ZERO
from funding.queries import region_year_for
from masp.activity.cache import cached, cached_overdue, figures_key
from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, Site
from masp.sites.enums import SiteStatus
from masp.staffing.enums import ComplianceStatus
from masp.staffing.queries import Context, house_rows
from partners.conformity import expiring, non_conforming
from partners.models import Convention
from territories.models import Region
from workspace.actions.base import Action, ranked
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
            *_conventions(user, today),
            *_envelopes(user, scope, today),
        ],
        today,
    )


def _reviews(user: Any, scope: Scope, today: dt.date) -> list[Action]:
    """Submitted reports: all waiting, and those past their review deadline (one query)."""
    waiting = Q(status=ReportStatus.SUBMITTED)
    totals = ActivityReport.objects.visible_to(user).aggregate(
        waiting=Count("pk", filter=waiting),
        late=Count("pk", filter=waiting & Q(campaign__review_deadline__lt=today)),
        oldest=Min("campaign__review_deadline", filter=waiting),
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
        rows = house_rows(sites, Context.load())
        return [row.site.name for row in rows if row.status == ComplianceStatus.GAP]

    gaps = cached(figures_key(scope, f"workspace:gaps:{today.isoformat()}", []), compute)
    return Action(
        label=_("Maisons en écart avec le référentiel d'effectifs"),
        count=len(gaps),
        url=region_url("masp:staffing_region", scope, "masp:staffing_overview"),
        detail=", ".join(gaps[:10]) + ("…" if len(gaps) > 10 else ""),
    )


def _conventions(user: Any, today: dt.date) -> list[Action]:
    missing = non_conforming(Site.objects.visible_to(user), today=today)
    ending = list(expiring(Convention.objects.visible_to(user), today=today))
    follow_up = reverse("partners:follow_up")
    return [
        Action(
            label=_("Maisons sans convention exigée en vigueur"),
            count=len(missing),
            url=follow_up,
            detail=", ".join(site.name for site, _c in missing[:10]),
        ),
        Action(
            label=_("Conventions qui expirent dans les %(days)s jours")
            % {"days": settings.PARTNERS_EXPIRY_WARNING_DAYS},
            count=len(ending),
            url=follow_up,
            due=ending[0].valid_until if ending else None,
        ),
    ]


def _envelopes(user: Any, scope: Scope, today: dt.date) -> list[Action]:
    """The part of each region's envelopes of the year not yet notified to a house."""
    found = []
    for region in Region.objects.filter(code__in=scope.region_codes).order_by("name"):
        total = region_year_for(region, today.year, user).total
        remaining = total.remaining
        found.append(
            Action(
                label=_("Attribuer l'enveloppe %(year)s de la région %(region)s")
                % {"year": today.year, "region": region.name},
                count=int(remaining is not None and remaining > ZERO),
                url=reverse("funding:region", args=[region.code]),
                figure=f"{number_format(remaining or ZERO, 0, force_grouping=True)} €",
                detail=_("reste à attribuer sur l'enveloppe notifiée"),
            )
        )
    return found
