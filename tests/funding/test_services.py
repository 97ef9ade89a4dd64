"""Write paths: envelope over-allocation, spending declarations, the indicator-based line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEntry
from funding.enums import FundingKind
from funding.indicators import REGISTRY
from funding.models import FundingLine, IndicatorRule, IndicatorScheme, RegionalEnvelope
from funding.scheme import score, simulate
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


def rule(indicator: str, threshold: str, points: int) -> IndicatorRule:
    return IndicatorRule(indicator=indicator, threshold=D(threshold), points=points)


def test_score_takes_the_highest_tier_and_prorates_the_amount() -> None:
    rules = [
        rule("occupancy", "70", 20),
        rule("occupancy", "85", 30),
        rule("reports_on_time", "80", 20),
        rule("emsp_convention", "100", 25),
        rule("staffing_compliance", "100", 25),
    ]
    values = {
        "occupancy": D("80"),
        "reports_on_time": D("90"),
        "emsp_convention": D("100"),
        "staffing_compliance": None,  # not measurable: no points
    }
    scores, amount = score(rules, values, D("50000.00"))
    by_code = {s.code: (s.points, s.max_points) for s in scores}
    assert by_code["occupancy"] == (20, 30)
    assert by_code["staffing_compliance"] == (0, 25)
    assert amount == D("32500.00")  # 50,000 × 65 / 100
    _scores, third = score(
        [rule("occupancy", "0", 1), rule("emsp_convention", "100", 2)],
        {"occupancy": D(5), "emsp_convention": D(0)},
        D("10000"),
    )
    assert third == D("3333.33")


def test_indicators_are_registered_including_the_emsp_convention() -> None:
    assert {"occupancy", "reports_on_time", "staffing_compliance", "emsp_convention"} <= set(
        REGISTRY
    )


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
    assert line.indicator_details["max_points"] == simulation.max_points
    with pytest.raises(ValidationError):
        indicator_line_record(site=world.site_a, year=2026, user=world.users["ars_a"])
    with pytest.raises(ValidationError):
        indicator_line_record(site=world.site_a, year=2031, user=world.users["ars_a"])
