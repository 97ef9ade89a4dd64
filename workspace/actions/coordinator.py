"""A coordinator's actions: the report of the month, returned reports, alerts to justify, a
staffing declaration older than six months, conventions expiring, required partners missing.
Six queries whatever the number of their houses."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.scopes import Scope
from masp.activity.enums import EDITABLE_REPORT_STATUSES, ReportStatus
from masp.activity.queries import OVERDUE_CAMPAIGNS, missing_reports
from masp.activity.rules import warnings
from masp.models import ActivityReport, ReportingCampaign, Site, StaffingDeclaration
from masp.sites.enums import SiteStatus
from partners.conformity import Conformity, conformity_of_sites, expiring
from partners.models import Convention
from workspace.actions.base import Action, of_month, ranked
from workspace.cache import CAMPAIGNS, PARTNERS, cached

# The "a staffing declaration older than six months".
STAFFING_MONTHS = 6
RETURNED = (ReportStatus.RETURNED, ReportStatus.REOPENED)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the last day of that month when it is shorter)."""
    month = day.month - months
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


def actions(user: Any, scope: Scope, today: dt.date) -> list[Action]:
    latest = StaffingDeclaration.objects.filter(site=OuterRef("pk")).order_by("-declared_on")
    sites = list(
        Site.objects.filter(pk__in=scope.site_ids)
        .annotate(declared_on=Subquery(latest.values("declared_on")[:1]))
        .order_by("name", "pk")
    )
    # The campaigns still accepting reports (late ones too), newest first: as many as the
    # overdue list counts, so a report forgotten for months is not lost.
    campaigns = cached(
        CAMPAIGNS,
        ("coordinator:campaigns", today),
        lambda: list(
            ReportingCampaign.objects.opened(today).filter(corrections_until__gte=today)[
                :OVERDUE_CAMPAIGNS
            ]
        ),
    )
    reports = list(
        ActivityReport.objects.filter(site__in=sites, campaign__in=campaigns).select_related(
            "campaign"
        )
    )
    by_pk = {site.pk: site for site in sites}
    for report in reports:
        report.site = by_pk[report.site_id]  # named in the details: no query per report
    return ranked(
        [
            *_reports_to_file(sites, campaigns, reports),
            _returned(reports),
            _alerts(reports),
            _staffing(sites, today),
            *_conventions(sites, today),
        ],
        today,
    )


def _reports_to_file(
    sites: list[Site], campaigns: list[ReportingCampaign], reports: list[ActivityReport]
) -> list[Action]:
    """One action per campaign: the houses expected that have not submitted its report."""
    submitted = {(r.site_id, r.campaign_id) for r in reports if r.submitted_at is not None}
    drafts = {(r.site_id, r.campaign_id): r for r in reports}
    missing = list(missing_reports(sites, campaigns, submitted))
    found = []
    for campaign in campaigns:
        houses = [site for c, site in missing if c.pk == campaign.pk]
        if not houses:
            continue
        draft = drafts.get((houses[0].pk, campaign.pk)) if len(houses) == 1 else None
        url = reverse("masp:report_edit", args=[draft.pk]) if draft else reverse("masp:my_reports")
        found.append(
            Action(
                label=_("Transmettre le rapport d'activité %(of_month)s")
                % {"of_month": of_month(campaign.period_start)},
                count=len(houses),
                url=url,
                due=campaign.deadline,
                detail=", ".join(site.name for site in houses),
            )
        )
    return found


def _returned(reports: list[ActivityReport]) -> Action:
    returned = [r for r in reports if r.status in RETURNED]
    return _reports_action(
        _("Corriger un rapport renvoyé ou rouvert"),
        returned,
        due=lambda r: r.campaign.corrections_until,
    )


def _alerts(reports: list[ActivityReport]) -> Action:
    """Reports still editable whose figures raise an alert that no justification explains."""
    unexplained = [
        r
        for r in reports
        if r.status in EDITABLE_REPORT_STATUSES
        and not r.justification.strip()
        and warnings(r.violations())
    ]
    return _reports_action(
        _("Justifier les alertes d'un rapport"), unexplained, due=lambda r: r.campaign.deadline
    )


def _reports_action(
    label: str, reports: list[ActivityReport], due: Callable[[ActivityReport], dt.date]
) -> Action:
    """One action over reports, the most urgent first: its due date is theirs."""
    reports = sorted(reports, key=due)
    return Action(
        label=label,
        count=len(reports),
        url=_report_url(reports),
        due=due(reports[0]) if reports else None,
        detail=", ".join(str(report) for report in reports),
    )


def _report_url(reports: list[ActivityReport]) -> str:
    if len(reports) == 1:
        return reverse("masp:report_edit", args=[reports[0].pk])
    return reverse("masp:my_reports")


def _staffing(sites: list[Site], today: dt.date) -> Action:
    """Open houses whose latest declaration is older than six months, or that have none."""
    limit = months_before(today, STAFFING_MONTHS)
    stale = [
        site
        for site in sites
        if site.status == SiteStatus.OPEN and (site.declared_on is None or site.declared_on < limit)  # type: ignore[attr-defined]
    ]
    dues = [months_after(site.declared_on, STAFFING_MONTHS) for site in stale if site.declared_on]  # type: ignore[attr-defined]
    return Action(
        label=_("Mettre à jour la déclaration d'effectifs (plus de six mois ou aucune)"),
        count=len(stale),
        url=reverse("masp:staffing_declare", args=[stale[0].pk]) if stale else "",
        due=min(dues) if dues else None,
        detail=", ".join(site.name for site in stale),
    )


# A convention expiring: its partner, its house's name and id, its end.
Ending = tuple[str, str, int, dt.date | None]


def _conventions(sites: list[Site], today: dt.date) -> list[Action]:
    """Conventions expiring and required partners missing, read for the houses and the day
    (three queries) and kept until a convention, a partner, a requirement or a house changes
    (workspace/cache.py)."""

    def compute() -> tuple[list[Ending], list[tuple[int, str, Conformity]]]:
        ending = [
            (str(c.partner), c.site.name, c.site_id, c.valid_until)
            for c in expiring(Convention.objects.filter(site__in=sites), today=today)
        ]
        open_sites = [site for site in sites if site.status == SiteStatus.OPEN]
        conformity = conformity_of_sites(open_sites, today=today)
        lacking = [
            (site.pk, site.name, conformity[site.pk])
            for site in open_sites
            if conformity[site.pk].missing
        ]
        return ending, lacking

    ending, lacking = cached(
        PARTNERS, ("coordinator:conventions", tuple(site.pk for site in sites), today), compute
    )
    kinds = Counter(label for _pk, _name, c in lacking for label in c.missing_labels)
    return [
        Action(
            label=ngettext(
                "Renouveler une convention qui expire dans les %(days)s jours",
                "Renouveler les conventions qui expirent dans les %(days)s jours",
                len(ending),
            )
            % {"days": settings.PARTNERS_EXPIRY_WARNING_DAYS},
            count=len(ending),
            url=reverse("partners:site_partners", args=[ending[0][2]]) if ending else "",
            due=ending[0][3] if ending else None,
            detail=", ".join(f"{partner} ({name})" for partner, name, _pk, _end in ending),
        ),
        Action(
            label=_("Conclure une convention avec un partenaire exigé"),
            count=sum(kinds.values()),
            url=reverse("partners:site_partners", args=[lacking[0][0]]) if lacking else "",
            detail=", ".join(f"{name} : {', '.join(c.missing_labels)}" for _pk, name, c in lacking),
        ),
    ]
