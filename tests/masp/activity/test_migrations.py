"""Migration 0007 (form version 2, capacity change): campaigns and reports built on the
previous schema keep every figure, their campaigns keep form version 1, and the new figures
stay empty; a campaign created afterwards gets version 2."""

from __future__ import annotations

import datetime as dt

from masp.activity.fields import FIGURE_NAMES, NATIONAL_NAMES, field_names_for
from masp.activity.rules import Period, evaluate
from tests.masp.factories import SiteFactory
from tests.migrations import migrate

BEFORE = [("masp", "0006_siting_scenarios")]
AFTER = [("masp", "0007_activity_form_v2_capacity_change")]
NEW = {"places_start", "place_days", *NATIONAL_NAMES}
OLD_NAMES = [name for name in FIGURE_NAMES if name not in NEW]


def test_reports_filed_before_keep_their_figures_and_their_form_version(
    migration_db: None,
) -> None:
    site = SiteFactory(opened=True)
    old = migrate(BEFORE)
    Campaign = old.get_model("masp", "ReportingCampaign")
    Report = old.get_model("masp", "ActivityReport")
    march = Campaign.objects.create(
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 3, 31),
        opens_at=dt.date(2026, 4, 1),
        deadline=dt.date(2026, 4, 15),
        review_deadline=dt.date(2026, 4, 30),
        corrections_until=dt.date(2026, 5, 30),
    )
    # Every figure of the old schema, each with its own value (1, 2, 3...).
    figures = {name: index for index, name in enumerate(OLD_NAMES, 1)}
    report = Report.objects.create(
        site_id=site.pk, campaign=march, status="validated", highlights="Fête.", **figures
    )
    new = migrate(AFTER)
    Campaign = new.get_model("masp", "ReportingCampaign")
    Report = new.get_model("masp", "ActivityReport")
    assert Campaign.objects.get(pk=march.pk).form_version == 1
    migrated = Report.objects.get(pk=report.pk)
    assert {name: getattr(migrated, name) for name in OLD_NAMES} == figures
    assert (migrated.status, migrated.highlights) == ("validated", "Fête.")
    assert all(getattr(migrated, name) is None for name in NEW)
    # Its version's figures are all there: nothing is missing for version 1.
    assert set(OLD_NAMES) <= set(field_names_for(1))
    period = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    values = {name: getattr(migrated, name) for name in FIGURE_NAMES}
    codes = [v.code for v in evaluate(values, period, complete=True, version=1)]
    assert "missing_figures" not in codes
    april = Campaign.objects.create(
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2026, 4, 30),
        opens_at=dt.date(2026, 5, 1),
        deadline=dt.date(2026, 5, 15),
        review_deadline=dt.date(2026, 5, 30),
        corrections_until=dt.date(2026, 6, 30),
    )
    assert april.form_version == 2
