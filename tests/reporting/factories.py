from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from reporting.enums import JobStatus, ReportKind
from reporting.models import ReportRequest
from tests.masp.factories import SiteFactory


class ReportRequestFactory(factory.django.DjangoModelFactory):
    """A site report request that was never enqueued (as if its message had been lost)."""

    class Meta:
        model = ReportRequest

    class Params:
        region_report = factory.Trait(kind=ReportKind.REGION, site=None, region_id="32")
        done = factory.Trait(
            status=JobStatus.DONE,
            file=factory.django.FileField(filename="rapport.pdf", data=b"%PDF-1.7 test"),
            size=13,
            finished_at=factory.LazyFunction(timezone.now),
        )

    kind = ReportKind.SITE
    site = factory.SubFactory(SiteFactory)
    period_start = dt.date(2026, 1, 1)
    period_end = dt.date(2026, 6, 30)
    status = JobStatus.PENDING
    fingerprint = factory.Sequence(lambda n: f"{n:064x}")
    enqueued_at = factory.LazyFunction(timezone.now)


# The regional PDF form of Hauts-de-France for the first semester of 2026.
REGION_32 = {
    "kind": "region",
    "region": "32",
    "period_start": "2026-01-01",
    "period_end": "2026-06-30",
}
