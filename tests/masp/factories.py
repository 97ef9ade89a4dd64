from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import factory

from masp.activity.demo import plausible_figures
from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, Experimentation, ReportingCampaign, Site
from masp.reference_data import EXPERIMENTATION_NAME
from masp.sites.demo import demo_finess
from masp.sites.enums import LegalStatus, SiteStatus


def experimentation() -> Experimentation:
    # Loaded by load_reference_data in the session fixture.
    return Experimentation.objects.get(name=EXPERIMENTATION_NAME)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    class Params:
        opened = factory.Trait(status=SiteStatus.OPEN, opened_on=dt.date(2026, 3, 1))

    name = factory.Sequence(lambda n: f"Maison test {n:04d}")
    experimentation = factory.LazyFunction(experimentation)
    cohort_year = 2026
    department_id = "59"
    finess_et = factory.LazyAttributeSequence(lambda o, n: demo_finess(o.department_id, 50000 + n))
    manager_name = "Association de test"
    manager_legal_status = LegalStatus.PRIVATE_NON_PROFIT
    address = "1 rue de la Paix"
    postcode = "59000"
    commune = "Lille"
    latitude = Decimal("50.62920")
    longitude = Decimal("3.05730")
    capacity = 12
    status = SiteStatus.AUTHORISED


class CampaignFactory(factory.django.DjangoModelFactory):
    """A monthly campaign of 2026 (month from the sequence, or `month=`)."""

    class Meta:
        model = ReportingCampaign
        django_get_or_create = ("period_start",)

    class Params:
        month = factory.Sequence(lambda n: 1 + n % 12)

    period_start = factory.LazyAttribute(lambda o: dt.date(2026, o.month, 1))
    period_end = factory.LazyAttribute(
        lambda o: ReportingCampaign.monthly(2026, o.month).period_end
    )
    opens_at = factory.LazyAttribute(lambda o: ReportingCampaign.monthly(2026, o.month).opens_at)
    deadline = factory.LazyAttribute(lambda o: ReportingCampaign.monthly(2026, o.month).deadline)
    review_deadline = factory.LazyAttribute(
        lambda o: ReportingCampaign.monthly(2026, o.month).review_deadline
    )
    corrections_until = factory.LazyAttribute(
        lambda o: ReportingCampaign.monthly(2026, o.month).corrections_until
    )


def valid_figures(site: Site, campaign: ReportingCampaign, seed: int | str = 0) -> dict:
    """Coherent figures (no error; warnings possible) from the demo generator."""
    rng = random.Random(seed)
    return plausible_figures(rng, capacity=site.capacity, period=campaign.period)


class ReportFactory(factory.django.DjangoModelFactory):
    """An empty draft; see `filled_report` for one with coherent figures."""

    class Meta:
        model = ActivityReport

    site = factory.SubFactory(SiteFactory, opened=True)
    campaign = factory.SubFactory(CampaignFactory, month=3)


def filled_report(
    site: Site | None = None,
    campaign: ReportingCampaign | None = None,
    status: str = ReportStatus.DRAFT,
    **overrides: object,
) -> ActivityReport:
    """A report with coherent figures (every error rule holds) and a justification."""
    site = site or SiteFactory(opened=True)
    campaign = campaign or CampaignFactory(month=3)
    # Seeded by name and period, not by primary key: the same figures on SQLite and PostgreSQL
    # (whose sequences are not reset between tests).
    values = {
        **valid_figures(site, campaign, seed=f"{site.name}-{campaign.period_start}"),
        **overrides,
    }
    values.setdefault("justification", "Montée en charge.")
    return ReportFactory(site=site, campaign=campaign, status=status, **values)
