"""The staffing section of the PDF reports on its own (reporting/pdf/sections/staffing.py):
the four statuses, the warning's French label and alert, the region rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from masp.staffing.demo import team
from masp.staffing.services import LineInput
from reporting.enums import ReportKind
from reporting.pdf.sections import ReportContext
from reporting.pdf.sections import staffing as section
from territories.models import Region
from tests.masp.factories import SiteFactory
from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def unstaffable() -> list[LineInput]:
    """Golden case 6: aides-soignants 24/7 (5.45 FTE of hours) on 1.0 FTE."""
    lines = team()
    lines["aide_soignant"] = LineInput("aide_soignant", D(1), D(1), presence=((1, 1, 1),) * 7)
    return list(lines.values())


def test_four_statuses_with_french_labels_and_alerts() -> None:
    for name, lines in [("Complète", None), ("Lacunaire", night_off_on_sunday()),
                        ("Intenable", unstaffable())]:  # fmt: skip
        StaffingDeclarationFactory(
            site=SiteFactory(opened=True, name=f"Maison {name}"), lines=lines
        )
    SiteFactory(opened=True, name="Maison Muette")
    context = ReportContext(ReportKind.REGION, START, END, region=Region.objects.get(code="32"))
    data = section.gather(context)
    houses = {house["name"]: house for house in data["houses"]}
    assert data["counts"] == {"compliant": 1, "warning": 1, "gap": 1, "not_evaluable": 1}
    warned = houses["Maison Intenable"]
    assert (warned["status"], warned["status_label"]) == ("warning", "avertissement")
    (item,) = warned["gaps"]
    assert item["status_label"] == "avertissement"
    assert "1 ETP déclarés ne peuvent pas le tenir" in item["message"]
    assert houses["Maison Lacunaire"]["status_label"] == "écart"
    found = {(a.subject, a.level): a.message for a in section.alerts(context)}
    assert found[("Maison Intenable", "warning")].startswith("Planning de présence")
    assert ("Maison Lacunaire", "error") in found
    national = section.gather(ReportContext(ReportKind.NATIONAL, START, END))
    (row,) = [r for r in national["regions"] if r["name"] == "Hauts-de-France"]
    assert (row["compliant"], row["warning"], row["gap"], row["not_evaluable"]) == (1, 1, 1, 1)
