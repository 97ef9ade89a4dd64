"""Write paths of the partners app: recording a convention (audited), sending the weekly
digest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.audit import audit_creation, audited_save
from accounts.enums import Role
from accounts.models import User
from masp.models import Site
from partners.conformity import Conformity, expiring, non_conforming
from partners.models import Convention, DigestDelivery, Partnership
from territories.models import Region


@transaction.atomic
def convention_record(
    *, convention: Convention, user: Any, uploaded_name: str | None = None
) -> Convention:
    """Save a validated convention; its partner becomes one of the house's partners. A new
    signed PDF shows in the audit log as the change of its stored name, never its content."""
    # The form already changed `convention` in memory: audited_save reads the stored values.
    with audited_save(actor=user, instance=convention):
        if uploaded_name:
            convention.set_document_name(uploaded_name)
        convention.save()
    partnership, created = Partnership.objects.get_or_create(
        site=convention.site, organisation=convention.partner
    )
    if created:
        audit_creation(actor=user, instance=partnership)
    return convention


@dataclass(frozen=True)
class RegionDigest:
    region: Region
    missing: list[tuple[Site, Conformity]]
    expiring: list[Convention]

    @property
    def is_empty(self) -> bool:
        return not self.missing and not self.expiring


def region_digest(region: Region, *, today: dt.date) -> RegionDigest:
    sites = Site.objects.in_region(region)
    conventions = Convention.objects.filter(site__department__region=region)
    return RegionDigest(
        region=region,
        missing=non_conforming(sites, today=today),
        expiring=list(expiring(conventions, today=today)),
    )


def ars_recipients(region: Region) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.ARS_AGENT,
            memberships__region=region,
        )
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


@transaction.atomic
def digest_send(*, region_code: str, week_start: dt.date) -> DigestDelivery:
    """Email the region's ARS agents the houses missing a required convention and the
    conventions expiring soon, once per region and week (the row is the proof of sending;
    a failed send rolls it back so that a retry sends again)."""
    delivery, _created = DigestDelivery.objects.select_for_update().get_or_create(
        region_id=region_code, week_start=week_start
    )
    if delivery.sent_at is not None:
        return delivery
    digest = region_digest(delivery.region, today=timezone.localdate())
    recipients = ars_recipients(delivery.region)
    if recipients and not digest.is_empty:
        context = {
            "digest": digest,
            "week_start": week_start,
            "days": settings.PARTNERS_EXPIRY_WARNING_DAYS,
        }
        send_mail(
            subject=render_to_string("partners/email/digest_subject.txt", context).strip(),
            message=render_to_string("partners/email/digest.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
        delivery.recipient_count = len(recipients)
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["sent_at", "recipient_count"])
    return delivery


def week_start_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def regions_with_ars_agents() -> list[str]:
    return list(
        Region.objects.filter(memberships__is_active=True, memberships__role=Role.ARS_AGENT)
        .values_list("code", flat=True)
        .distinct()
        .order_by("code")
    )
