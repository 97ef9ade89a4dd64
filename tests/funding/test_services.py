"""Write paths: envelope over-allocation, spending declarations, the indicator-based line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEntry
from funding.enums import FundingKind, FundingNature
from funding.indicators import REGISTRY
from funding.models import FundingLine, IndicatorScheme, RegionalEnvelope
from funding.scheme import simulate
from funding.services import (
    OverAllocation,
    envelope_save,
    indicator_line_record,
    line_save,
    spent_declare,
)
from masp.activity.enums import ReportStatus
from tests.funding.factories import EnvelopeFactory, FundingLineFactory, source
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db
D = Decimal


def new_line(world: World, amount: str, site=None) -> FundingLine:
    return FundingLine(
        site=site or world.site_a,
        year=2026,
        source=source(),
        kind=FundingKind.OPERATING_ALLOCATION,
        amount_notified=D(amount),
    )


def test_over_allocation_is_refused_then_confirmed_and_flagged(world: World) -> None:
    EnvelopeFactory(amount_notified=D("1000000.00"))
    agent = world.users["ars_a"]
    line_save(line=new_line(world, "700000"), user=agent)
    with pytest.raises(OverAllocation) as refused:
        line_save(line=new_line(world, "400000", site=world.site_b), user=agent)
    message = " ".join(refused.value.messages)
    assert "dépasse l'enveloppe régionale" in message
    assert "100\u202f000,00\u202f€" in message
    assert "je confirme le dépassement" in message
    assert FundingLine.objects.count() == 1

    line = line_save(
        line=new_line(world, "400000", site=world.site_b), user=agent, confirm_over_allocation=True
    )
    line.refresh_from_db()
    assert line.over_allocation_confirmed
    assert line.over_allocation_confirmed_by == agent
    assert line.over_allocation_confirmed_at is not None
    assert AuditEntry.objects.filter(object_id=str(line.pk), action="create").exists()

    # Brought back within the envelope, the flag goes.
    line.amount_notified = D("300000.00")
    line_save(line=line, user=agent)
    line.refresh_from_db()
    assert not line.over_allocation_confirmed
    assert line.over_allocation_confirmed_by is None
    entry = AuditEntry.objects.filter(object_id=str(line.pk), action="update").get()
    assert entry.changes["amount_notified"] == {"old": "400000.00", "new": "300000.00"}


def test_the_envelope_of_another_source_or_region_does_not_count(world: World) -> None:
    EnvelopeFactory(amount_notified=D("100.00"), source=source("fir"))
    EnvelopeFactory(region_id="53", amount_notified=D("100.00"))
    line = line_save(line=new_line(world, "900000"), user=world.users["ars_a"])
    assert not line.over_allocation_confirmed


@pytest.mark.parametrize("persona", ["coordinator_a", "ars_other", "analyst", "national_admin"])
def test_only_the_region_agent_saves_lines(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        line_save(line=new_line(world, "1000"), user=world.users[persona])


def test_spent_is_declared_by_the_coordinator_after_the_year(world: World) -> None:
    last_year = timezone.localdate().year - 1
    line = FundingLineFactory(site=world.site_a, year=last_year)
    spent_declare(line=line, user=world.users["coordinator_a"], amount=D("799999.99"))
    line.refresh_from_db()
    assert line.amount_spent == D("799999.99")
    assert line.spent_declared_at is not None
    assert AuditEntry.objects.filter(object_id=str(line.pk), action="update").exists()
    with pytest.raises(PermissionDenied):
        spent_declare(line=line, user=world.users["ars_a"], amount=D("1"))
    current = FundingLineFactory(site=world.site_a, year=timezone.localdate().year)
    with pytest.raises(PermissionDenied):
        spent_declare(line=current, user=world.users["coordinator_a"], amount=D("1"))


def test_envelope_save_is_audited_and_reserved_to_the_region_agent(world: World) -> None:
    envelope = RegionalEnvelope(region_id="32", year=2026, source=source(), amount_notified=D("5"))
    envelope_save(envelope=envelope, user=world.users["ars_a"])
    assert AuditEntry.objects.filter(object_id=str(envelope.pk), action="create").exists()
    other = RegionalEnvelope(region_id="53", year=2026, source=source(), amount_notified=D("5"))
    with pytest.raises(PermissionDenied):
        envelope_save(envelope=other, user=world.users["ars_a"])


def test_indicators_are_registered_including_the_emsp_convention() -> None:
    assert {
        "occupancy",
        "reports_on_time",
        "staffing_compliance",
        "emsp_convention",
        "had_convention",
    } <= set(REGISTRY)


def test_occupancy_indicator_reads_validated_reports_only(world: World) -> None:
    overrides = {"places_installed": 10, "days_open": 30, "occupied_bed_days": 240}
    filled_report(world.site_a, CampaignFactory(month=4), ReportStatus.VALIDATED, **overrides)
    filled_report(world.site_a, CampaignFactory(month=5), ReportStatus.SUBMITTED, **overrides)
    assert REGISTRY["occupancy"].compute(world.site_a, 2026) == D("80.00")
    assert REGISTRY["occupancy"].compute(world.site_b, 2026) is None


def test_indicator_line_is_recorded_only_when_the_agent_confirms(world: World) -> None:
    scheme = IndicatorScheme.objects.get(year=2026)  # from the reference data
    simulation = simulate(world.site_a, 2026)
    assert simulation is not None
    assert simulation.scheme == scheme
    assert not FundingLine.objects.exists()  # a simulation records nothing
    with pytest.raises(PermissionDenied):
        indicator_line_record(site=world.site_a, year=2026, user=world.users["coordinator_a"])
    line = indicator_line_record(site=world.site_a, year=2026, user=world.users["ars_a"])
    assert line.kind == FundingKind.INDICATOR_BASED
    assert line.source == scheme.source
    assert line.amount_notified == simulation.amount
    assert line.nature == FundingNature.RUNNING  # compared with the reference cost
    details = line.indicator_details
    assert D(details["fixed_part"]) + D(details["variable_part"]) == simulation.amount
    assert set(details["axes"]) == {"access", "teamwork", "information"}
    with pytest.raises(ValidationError):
        indicator_line_record(site=world.site_a, year=2026, user=world.users["ars_a"])
    with pytest.raises(ValidationError):
        indicator_line_record(site=world.site_a, year=2031, user=world.users["ars_a"])


def test_a_kind_that_fixes_the_nature_refuses_another(world: World) -> None:
    line = new_line(world, "1000")
    line.nature = FundingNature.INVESTMENT  # an operating allocation is running money
    with pytest.raises(ValidationError) as error:
        line_save(line=line, user=world.users["ars_a"])
    assert "fonctionnement" in str(error.value)
    assert not FundingLine.objects.exists()
    line = new_line(world, "1000")
    line.kind, line.nature = FundingKind.NON_RECURRING, FundingNature.INVESTMENT  # free
    assert line_save(line=line, user=world.users["ars_a"]).nature == FundingNature.INVESTMENT
    line = new_line(world, "1000")
    line.kind = FundingKind.NON_RECURRING  # no nature given by code: one-off money
    assert line_save(line=line, user=world.users["ars_a"]).nature == FundingNature.START_UP


def test_year_reports_hold_what_the_models_say(world: World) -> None:
    """The house page reads the year's reports as values (funding.queries.year_reports): the
    on-time rule and the place-days are the model's."""
    import datetime as dt

    from funding.indicators import occupancy_of, reports_on_time_of
    from funding.queries import year_reports
    from masp.activity.models import place_days_expression
    from masp.models import ActivityReport

    april, may, june = (CampaignFactory(month=month) for month in (4, 5, 6))
    overrides = {"places_installed": 10, "days_open": 30, "occupied_bed_days": 240}
    on_time = filled_report(world.site_a, april, ReportStatus.VALIDATED, **overrides)
    late = filled_report(world.site_a, may, ReportStatus.SUBMITTED, **overrides)
    filled_report(world.site_a, june, ReportStatus.DRAFT, **overrides)  # never sent
    deadline_evening = dt.datetime.combine(april.deadline, dt.time(23, 30))
    on_time.submitted_at = timezone.make_aware(deadline_evening)  # local time: on time
    on_time.save()
    late.submitted_at = timezone.make_aware(dt.datetime.combine(may.deadline, dt.time(12)))
    late.submitted_at += dt.timedelta(days=1)
    late.save()
    models = list(
        ActivityReport.objects.filter(site=world.site_a)
        .annotate(p=place_days_expression())
        .select_related("campaign")
        .order_by("-campaign__period_start")
    )
    values = year_reports(world.site_a, 2026)
    assert [v.period_start for v in values] == [m.campaign.period_start for m in models]
    assert (
        [v.is_on_time for v in values]
        == [m.is_on_time for m in models]
        == [
            False,
            False,
            True,
        ]
    )
    assert [v.place_days for v in values] == [m.p for m in models]
    assert occupancy_of(values, 2026) == REGISTRY["occupancy"].compute(world.site_a, 2026)
    assert occupancy_of(values, 2026) == D("80.00")
    # Three deadlines passed (today is after June's), one report sent on time.
    assert reports_on_time_of(values, 2026) == D("33.33")
