"""Issue 23's funding migrations (0002-0004): rows built on the previous schema, migrated,
checked against the mapping written and reviewed in 0003."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.masp.factories import SiteFactory
from tests.migrations import latest, migrate

pytestmark = pytest.mark.usefixtures("migration_db")
D = Decimal
BEFORE = [("funding", "0001_initial_funding")]
SHIPPED_RULES = [
    ("occupancy", "70", 20),
    ("occupancy", "85", 30),
    ("reports_on_time", "80", 20),
    ("emsp_convention", "100", 25),
    ("staffing_compliance", "100", 25),
]
# (source, kind before) -> (kind after, nature after)
CASES = {
    ("ondam_ms", "operating_allocation"): ("operating_allocation", "running"),
    ("fir", "indicator_based"): ("indicator_based", "running"),
    ("fir", "non_recurring"): ("non_recurring", "start_up"),
    ("fiss", "start_up"): ("start_up", "start_up"),
    ("ondam_ms", "investment"): ("investment", "investment"),
    # A local authority funds the building, not the running cost (domain.md).
    ("collectivite", "operating_allocation"): ("investment", "investment"),
    ("collectivite", "non_recurring"): ("investment", "investment"),
    ("collectivite", "start_up"): ("start_up", "start_up"),
}


def build_old_rows(apps, site_pk):
    Source = apps.get_model("funding", "FundingSource")
    Line = apps.get_model("funding", "FundingLine")
    Reference = apps.get_model("funding", "ReferenceCost")
    Scheme = apps.get_model("funding", "IndicatorScheme")
    Rule = apps.get_model("funding", "IndicatorRule")
    sources = {s.code: s for s in Source.objects.all()}
    ids = {}
    for code, kind in CASES:
        line = Line.objects.create(
            site_id=site_pk, year=2026, source=sources[code], kind=kind, amount_notified=D("1")
        )
        ids[line.pk] = (code, kind)
    Reference.objects.create(
        year=2024,
        annual_cost=D("1000000"),
        capacity_min=12,
        capacity_max=15,
        daily_fee=D("20.00"),
        source_note="Étude d'impact 2024",
    )
    shipped = Scheme.objects.create(
        year=2026, name="Part variable 2026", max_amount=D("50000.00"), source=sources["fir"]
    )
    for indicator, threshold, points in SHIPPED_RULES:
        Rule.objects.create(
            scheme=shipped, indicator=indicator, threshold=D(threshold), points=points
        )
    edited = Scheme.objects.create(
        year=2027, name="Barème ARS", max_amount=D("40000.00"), source=sources["fir"]
    )
    for indicator, threshold, points in [
        ("occupancy", "70", 20),
        ("emsp_convention", "100", 25),
        ("reports_on_time", "80", 15),
    ]:
        Rule.objects.create(
            scheme=edited, indicator=indicator, threshold=D(threshold), points=points
        )
    return ids


def test_lines_fees_and_schemes_are_migrated_as_reviewed() -> None:
    from funding.models import (
        FundingLine,
        IndicatorScheme,
        ReferenceCost,
        RegionalEnvelope,
        ResidentDailyFee,
    )

    site = SiteFactory(opened=True)
    for model in (FundingLine, IndicatorScheme, RegionalEnvelope, ReferenceCost, ResidentDailyFee):
        model.objects.all().delete()
    ids = build_old_rows(migrate(BEFORE), site.pk)

    apps = migrate(latest())
    Line = apps.get_model("funding", "FundingLine")
    for pk, case in ids.items():
        line = Line.objects.get(pk=pk)
        assert (line.kind, line.nature) == CASES[case], case
    (fee,) = apps.get_model("funding", "ResidentDailyFee").objects.all()
    assert (str(fee.valid_from), fee.amount, fee.source_note) == (
        "2024-01-01",
        D("20.00"),
        "Étude d'impact 2024",
    )
    Scheme = apps.get_model("funding", "IndicatorScheme")
    # The unedited shipped scheme is retired (load_reference_data recreates it, sourced).
    assert not Scheme.objects.filter(year=2026).exists()
    edited = Scheme.objects.get(year=2027)
    assert edited.fixed_amount == D("0.00")
    assert "sans source" in edited.source_note
    # 40,000 shared by points: access 20, team work 25, information 15 (of 60):
    # 40,000 × 20 / 60 = 13,333.33; × 25 / 60 = 16,666.67; the rest 10,000.00.
    amounts = {a.axis: a.amount for a in edited.axes.all()}
    assert amounts == {
        "access": D("13333.33"),
        "teamwork": D("16666.67"),
        "information": D("10000.00"),
    }
    assert sum(amounts.values()) == D("40000.00")
    axes = {r.indicator: r.axis for r in edited.rules.all()}
    assert axes == {
        "occupancy": "access",
        "emsp_convention": "teamwork",
        "reports_on_time": "information",
    }
    assert all("sans source" in r.source_note for r in edited.rules.all())
