"""Every output that leaves the restricted circle: the public directory, `/api/v1/public/...`
and the open data never show a count of people from 1 to 10; restricted outputs keep raw figures
and say "diffusion restreinte"."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masp.activity.enums import ReportStatus
from masp.activity.fields import FIGURE_NAMES
from masp.models import ActivityReport
from reporting.opendata.dataset import PEOPLE
from tests.masp.factories import CampaignFactory, SiteFactory, filled_report

pytestmark = pytest.mark.django_db

NONCE = re.compile(rb'nonce="[^"]*"')


def public_outputs() -> dict[str, bytes]:
    client = Client()
    outputs = {
        "directory": client.get(reverse("masp:directory")).content,
        "api-json": client.get(reverse("api-public-departments")).content,
        "api-csv": client.get(reverse("api-public-departments"), {"format": "csv"}).content,
        "opendata": client.get(reverse("opendata:index")).content,
    }
    return {name: NONCE.sub(b"", content) for name, content in outputs.items()}


def preview_counts(page: bytes) -> list[str]:
    """The counts of people of the open-data page's preview (columns 5 to 8 of its rows)."""
    rows = re.findall(rb"<tr>\s*<td>(.*?)</tr>", page, re.S)
    cells = [re.findall(rb"<td>(.*?)</td>", b"<td>" + row) for row in rows]
    return [cell.decode() for row in cells for cell in row[4:8]]


def open_data_counts() -> list[str]:
    client = Client()
    values = []
    for name in ("maisons-semestres.csv", "departements-annees.csv"):
        content = client.get(reverse("opendata:download", args=[name])).content.decode()
        values += [row[f] for row in csv.DictReader(io.StringIO(content)) for f in PEOPLE]
    return values


@pytest.fixture
def houses() -> list[Any]:
    sites = [SiteFactory(opened=True, department_id=code) for code in ("59", "59", "62")]
    for month in (1, 2, 7):
        campaign = CampaignFactory(month=month)
        for site in sites:
            filled_report(site, campaign, ReportStatus.VALIDATED)
    return sites


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(0, 10), min_size=len(FIGURE_NAMES), max_size=len(FIGURE_NAMES)))
def test_small_counts_never_reach_a_public_output(houses: list[Any], small: list[int]) -> None:
    """Whatever small counts the houses report, the directory and the public API do not change
    (they publish no activity count), and the open data publishes none from 1 to 10."""
    before = public_outputs()
    people = dict(zip(FIGURE_NAMES, small, strict=True))
    ActivityReport.objects.update(**{n: people[n] for n in PEOPLE if n in people})
    after = public_outputs()
    assert after["directory"] == before["directory"]
    assert after["api-json"] == before["api-json"]
    assert after["api-csv"] == before["api-csv"]
    counts = open_data_counts()
    assert counts
    shown = preview_counts(after["opendata"])
    assert len(shown) == 4 * 2  # two départements (59, 62), four counts each
    counts += [value for value in shown if value != "&lt; 11"]
    assert [value for value in counts if value and 1 <= int(value) <= 10] == []


def test_the_pdf_cover_and_the_exports_page_say_restricted(superuser_client: Client) -> None:
    cover = render_to_string(
        "reporting/pdf/sections/cover.html",
        {
            "data": {
                "title": "Synthèse régionale",
                "scope": "Hauts-de-France",
                "period_start": None,
                "period_end": None,
                "authority": "ARS",
                "experimentation": "MASP",
            },
            "generated_at": None,
        },
    )
    assert "Diffusion restreinte" in cover
    page = superuser_client.get(reverse("exports:index")).content.decode()
    assert "Diffusion restreinte" in page
    assert reverse("opendata:index") in page
