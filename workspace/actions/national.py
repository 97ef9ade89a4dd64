"""The national roles' homes. Analyst: completeness by region, what changed since their last
export. National administrator: the regions' completeness, pending invitations, norm sets to
publish. A fixed number of queries whatever the number of houses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Invitation
from accounts.scopes import Scope
from masp.activity import cache as figures
from masp.activity.cache import figures_key, houses
from masp.activity.enums import ReportStatus
from masp.activity.queries import Completeness, completeness
from masp.models import ActivityReport, NormSet, ReportingCampaign, Site, StaffingDeclaration
from masp.sites.enums import SiteStatus
from reporting.models import ExportRequest
from workspace.actions.base import Action, Home, month_label, of_month, ranked
from workspace.cache import CAMPAIGNS, cached

# Without an export recorded, "what changed" looks this far back (said on the page).
SINCE_DAYS = 30


def regions_completeness(user: Any, scope: Scope, today: dt.date) -> dict[str, Any]:
    """The completeness of the last campaign past its deadline, region by region (the
    dashboard's houses and one aggregate query), both kept in the cache."""
    (campaign,) = cached(
        CAMPAIGNS,
        ("national:last", today),
        lambda: (ReportingCampaign.objects.filter(deadline__lt=today).first(),),
    )
    if campaign is None:
        return {"campaign": None, "regions": [], "total": None}

    def compute() -> tuple[list[tuple[str, Completeness]], Completeness]:
        rows = houses(Site.objects.visible_to(user).filter(status=SiteStatus.OPEN), scope)
        table = completeness([campaign], rows, ActivityReport.objects.visible_to(user))
        names = {house.region_code: house.region_name for house in rows}
        regions = sorted(
            ((names[code], cell) for (_pk, code), cell in table.items() if code),
            key=lambda item: (item[1].rate if item[1].rate is not None else 101, item[0]),
        )
        return regions, table.get((campaign.pk, ""), Completeness())

    # Kept as the dashboard's houses are, under the figures' token (renewed by every save of
    # a report, a house or a campaign), for the scope, the campaign and the day.
    key = figures_key(scope, f"workspace:completeness:{today.isoformat()}", [campaign])
    regions, total = figures.cached(key, compute)
    return {
        "campaign": campaign,
        "month": month_label(campaign.period_start),
        "of_month": of_month(campaign.period_start),
        "regions": regions,
        "total": total,
    }


def _incomplete(figures: dict[str, Any]) -> Action:
    incomplete = [name for name, cell in figures["regions"] if cell.submitted < cell.expected]
    return Action(
        label=_("Régions dont les rapports %(of_month)s sont incomplets")
        % {"of_month": figures.get("of_month", "")},
        count=len(incomplete),
        url=reverse("masp:report_dashboard"),
        detail=", ".join(incomplete),
    )


def changes_since_export(user: Any, today: dt.date) -> dict[str, Any]:
    """Validated reports, staffing declarations and houses opened since the user's last
    export recorded by the portal (three queries)."""
    last = ExportRequest.objects.filter(requested_by=user).aggregate(at=Max("created_at"))["at"]
    since = last or timezone.now() - dt.timedelta(days=SINCE_DAYS)
    reports = ActivityReport.objects.filter(
        status=ReportStatus.VALIDATED, validated_at__gt=since
    ).count()
    declarations = StaffingDeclaration.objects.filter(created_at__gt=since).count()
    opened = Site.objects.filter(opened_on__gt=since.date(), opened_on__lte=today).count()
    return {
        "since": since,
        "recorded": last is not None,
        "reports": reports,
        "declarations": declarations,
        "opened": opened,
    }


def analyst_home(user: Any, scope: Scope, today: dt.date) -> Home:
    figures = regions_completeness(user, scope, today)
    changes = changes_since_export(user, today)
    changed = changes["reports"] + changes["declarations"] + changes["opened"]
    actions = [
        _incomplete(figures),
        Action(
            label=_("Données modifiées depuis votre dernier export"),
            count=changed,
            url=reverse("exports:index"),
            detail=_(
                "%(reports)s rapport(s) validé(s), %(declarations)s déclaration(s) "
                "d'effectifs, %(opened)s maison(s) ouverte(s)"
            )
            % changes,
        ),
    ]
    return Home("analyst", ranked(actions, today), {"completeness": figures, "changes": changes})


def admin_home(user: Any, scope: Scope, today: dt.date) -> Home:
    figures = regions_completeness(user, scope, today)
    counts = NormSet.objects.aggregate(drafts=Count("pk", filter=Q(effective_from__isnull=True)))
    invitations = Invitation.objects.pending().count()
    actions = [
        _incomplete(figures),
        Action(
            label=_("Invitations en attente d'acceptation"),
            count=invitations,
            url=reverse("accounts:invitations"),
        ),
        Action(
            label=_("Référentiels d'effectifs en brouillon, à publier"),
            count=counts["drafts"],
            url=reverse("admin:masp_normset_changelist"),
        ),
    ]
    return Home("national_admin", ranked(actions, today), {"completeness": figures})
