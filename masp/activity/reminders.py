"""Reminders and notifications of activity reports. Idempotent: a `ReminderLog` row is written
in the same transaction as the decision to send, and its unique constraints forbid a second one
for the same (campaign, house or region or transition, step)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import Membership
from masp.activity.enums import ReminderStep, ReportStatus
from masp.activity.queries import expected_filter, submitted_report
from masp.models import ReminderLog, ReportingCampaign, ReportTransition, Site


def step_due(campaign: ReportingCampaign, today: dt.date) -> str | None:
    """The latest reminder step reached on `today` (a missed day never sends two at once)."""
    if today < campaign.opens_at or today > campaign.deadline:
        return None
    if today >= campaign.deadline - dt.timedelta(days=1):
        return ReminderStep.EVE
    if today >= campaign.midpoint:
        return ReminderStep.MIDPOINT
    return ReminderStep.OPENING


def sites_not_submitted(campaign: ReportingCampaign) -> QuerySet[Site]:
    """Houses expected to report for the campaign that never submitted their report."""
    return (
        Site.objects.filter(expected_filter(campaign))
        .exclude(submitted_report(campaign))
        .select_related("department")
    )


def _emails(**membership: object) -> list[str]:
    return sorted(
        Membership.objects.filter(is_active=True, user__is_active=True, **membership)
        .values_list("user__email", flat=True)
        .distinct()
    )


def _send_once(log: dict[str, Any], subject: str, body: str, recipients: list[str]) -> bool:
    """Record, then send, in one transaction: a failed send leaves no row, so the next run
    retries; a second run finds the row (unique constraint) and sends nothing."""
    if not recipients:
        return False
    try:
        with transaction.atomic():
            ReminderLog.objects.create(**log, recipients=len(recipients))
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except IntegrityError:
        return False
    return True


def send_campaign_reminders(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for campaign in ReportingCampaign.objects.filter(opens_at__lte=today, deadline__gte=today):
        step = step_due(campaign, today)
        if step is None:
            continue
        for site in sites_not_submitted(campaign):
            subject = _("Rapport d'activité %(month)s à transmettre avant le %(deadline)s") % {
                "month": campaign.label,
                "deadline": campaign.deadline.strftime("%d/%m/%Y"),
            }
            body = _("Le rapport d'activité de %(site)s n'a pas encore été transmis.\n%(url)s") % {
                "site": site.name,
                "url": reverse("masp:my_reports"),
            }
            log = {"campaign": campaign, "site": site, "step": step}
            recipients = _emails(role=Role.COORDINATOR, site=site)
            sent += _send_once(log, subject, body, recipients)
    return sent


def send_overdue_digests(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    late = ReportingCampaign.objects.filter(deadline__lt=today, corrections_until__gte=today)
    for campaign in late:
        by_region: dict[str, list[Site]] = {}
        for site in sites_not_submitted(campaign):
            by_region.setdefault(site.department.region_id, []).append(site)
        for region, sites in sorted(by_region.items()):
            subject = _("%(count)s rapport(s) d'activité %(month)s en retard") % {
                "count": len(sites),
                "month": campaign.label,
            }
            body = "\n".join(f"- {site.name}" for site in sites)
            log = {"campaign": campaign, "region_id": region, "step": ReminderStep.OVERDUE_DIGEST}
            recipients = _emails(role=Role.ARS_AGENT, region_id=region)
            sent += _send_once(log, subject, body, recipients)
    return sent


def notify_transition(*, transition_id: int) -> int:
    logged = ReportTransition.objects.select_related("report__site", "report__campaign").get(
        pk=transition_id
    )
    step = {
        ReportStatus.RETURNED: ReminderStep.RETURNED,
        ReportStatus.VALIDATED: ReminderStep.VALIDATED,
    }.get(logged.to_status)  # type: ignore[call-overload]
    report = logged.report
    if step is None:
        return 0
    subject = _("Rapport d'activité %(month)s : %(status)s") % {
        "month": report.campaign.label,
        "status": logged.get_to_status_display(),
    }
    body = f"{report}\n{logged.comment}\n{report.get_absolute_url()}"
    log = {"campaign": report.campaign, "site": report.site, "transition": logged, "step": step}
    recipients = _emails(role=Role.COORDINATOR, site=report.site)
    return int(_send_once(log, subject, body, recipients))
