"""The issue's finding on the demo data, and the open data built from it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import frictionless
import pytest
from django.core.management import call_command

from masp.activity.enums import ReportStatus
from masp.activity.fields import AGE_NAMES, CONDITION_NAMES
from masp.models import ActivityReport
from reporting.opendata.dataset import PEOPLE, build
from reporting.opendata.files import write
from tests.reporting.opendata.test_secrecy_property import determined

pytestmark = pytest.mark.django_db


def test_most_small_demo_counts_are_one_or_two_and_none_is_published(tmp_path: Path) -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    # The finding: the validated demo reports' monthly counts by age (4), pathology (4) and
    # deaths. Counted on the seeded data (57 validated reports x 9 figures = 513 counts):
    # 236 of them are 1 or 2, 236 / 513 = 46.0 %.
    names = (*AGE_NAMES, *CONDITION_NAMES, "deaths")
    reports = ActivityReport.objects.filter(status=ReportStatus.VALIDATED)
    counts = [value for values in reports.values_list(*names) for value in values]
    one_or_two = [value for value in counts if value in (1, 2)]
    assert (len(counts), len(one_or_two)) == (513, 236)
    assert round(100 * len(one_or_two) / len(counts)) == 46

    dataset = build()
    write(tmp_path, dataset)
    assert frictionless.validate(str(tmp_path / "datapackage.json")).valid
    published = {
        name: list(csv.DictReader(io.StringIO((tmp_path / name).read_text(encoding="utf-8"))))
        for name in ("maisons-semestres.csv", "departements-annees.csv")
    }
    figures = [row[name] for table in published.values() for row in table for name in PEOPLE]
    assert figures, "the demo data publishes figures"
    assert [value for value in figures if value and 1 <= int(value) <= 10] == []
    # Houses' semesters summed into the département's year: what a reader can combine.
    by_department: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in published["maisons-semestres.csv"]:
        by_department.setdefault((row["year"], row["department_code"]), []).append(row)
    for row in published["departements-annees.csv"]:
        houses = by_department[row["year"], row["department_code"]]
        assert determined(houses, row) == [], row["department_code"]
