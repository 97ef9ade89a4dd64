"""Emails of the reporting app: "your report is ready"."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.enums import Role
from accounts.models import Membership
from reporting.models import ReportRequest

logger = logging.getLogger(__name__)


def recipients(request: ReportRequest) -> list[str]:
    """Who asked; for an automatic report, the ARS agents of the region."""
    if request.requested_by is not None:
        return [request.requested_by.email]
    if request.region_id is None:
        return []
    return sorted(
        Membership.objects.filter(
            role=Role.ARS_AGENT, region_id=request.region_id, is_active=True, user__is_active=True
        )
        .values_list("user__email", flat=True)
        .distinct()
    )


def notify_ready(*, request_id: int) -> None:
    request = ReportRequest.objects.with_related().get(pk=request_id)
    emails = recipients(request)
    if not emails:
        return
    context = {
        "request": request,
        "url": settings.MASP_SITE_URL.rstrip("/") + reverse("reporting:list"),
    }
    with translation.override("fr"):
        send_mail(
            subject=render_to_string("reporting/pdf/email/ready_subject.txt", context).strip(),
            message=render_to_string("reporting/pdf/email/ready_body.txt", context),
            from_email=None,
            recipient_list=emails,
        )
    logger.info("report request %s: ready notice sent to %s recipient(s)", request.pk, len(emails))
