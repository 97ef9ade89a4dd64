"""Funding pages: content, the over-allocation flow, downloads, pinned query counts."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from funding.models import FundingLine
from masp.activity.enums import ReportStatus
from tests.funding.factories import EnvelopeFactory, FundingLineFactory, source
from tests.masp.factories import CampaignFactory, SiteFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db
D = Decimal


def line_data(**overrides: object) -> dict:
    return {
        "year": 2026,
        "source": source().pk,
        "kind": "operating_allocation",
        "nature": "running",
        "amount_notified": "600000.00",
        "amount_paid": "0",
        "decision_reference": "ARS-1",
        **overrides,
    }


def test_over_allocation_form_refuses_then_accepts_when_confirmed(world: World) -> None:
    EnvelopeFactory(amount_notified=D("500000.00"))
    client = world.client("ars_a")
    url = reverse("funding:line_create", args=[world.site_a.pk])
    response = client.post(url, line_data())
    assert response.status_code == 200
    assert "dépasse l&#x27;enveloppe régionale" in response.content.decode()
    assert not FundingLine.objects.exists()
    response = client.post(url, line_data(confirm_over_allocation="on"))
    assert response.status_code == 302
    line = FundingLine.objects.get()
    assert line.over_allocation_confirmed
    page = client.get(reverse("funding:site", args=[world.site_a.pk]) + "?year=2026")
    assert "enveloppe confirmé" in page.content.decode()
    table = client.get(reverse("funding:region", args=["32"]) + "?year=2026")
    assert "dépassement" in table.content.decode()


def test_site_page_shows_the_figures_and_the_simulation(world: World) -> None:
    FundingLineFactory(site=world.site_a, amount_notified=D("833333.33"))
    response = world.client("analyst").get(
        reverse("funding:site", args=[world.site_a.pk]) + "?year=2026"
    )
    content = response.content.decode()
    assert "833\u202f333,33\u202f€" in content  # notified
    # Reference pro rata of 306 days (opened 1 March): 1,000,000 × 306 / 365 = 838,356.16.
    assert "838\u202f356,16\u202f€" in content
    assert "306 sur 365" in content
    assert "Part variable 2026" in content
    # The three axes of seed 003, what would raise them, and the sources of the thresholds.
    assert "Accès aux soins et continuité des soins —" in content
    assert "Travail en équipe et coordination —" in content
    assert "Système d&#x27;information partagé —" in content
    assert "Ce qui ferait progresser cet axe" in content
    assert "Hypothèse du portail, la source ne fixe aucun seuil" in content
    assert "Enregistrer la part variable" not in content  # analysts read only


def test_site_page_separates_natures_and_shows_the_residents_contributions(world: World) -> None:
    FundingLineFactory(site=world.site_a, amount_notified=D("800000.00"))
    FundingLineFactory(
        site=world.site_a,
        source=source("collectivite"),
        kind="investment",
        nature="investment",
        amount_notified=D("250000.00"),
        amount_paid=D("0"),
    )
    validated = {"places_installed": 12, "days_open": 30, "occupied_bed_days": 300}
    filled_report(world.site_a, CampaignFactory(month=4), ReportStatus.VALIDATED, **validated)
    content = (
        world.client("ars_a")
        .get(reverse("funding:site", args=[world.site_a.pk]) + "?year=2026")
        .content.decode()
    )
    # Gap on running money only: 800,000 − 838,356.16 = −38,356.16 (not +211,643.84).
    assert "-38\u202f356,16\u202f€" in content
    assert "250\u202f000,00\u202f€" in content  # the investment, in its own row
    # 300 bed-days × 20 € = 6,000.00; with the running money 806,000.00.
    assert "6\u202f000,00\u202f€" in content
    assert "806\u202f000,00\u202f€" in content
    assert "Étude d&#x27;impact 2024" in content  # the fee's source


def test_bad_year_falls_back_to_the_current_year(world: World) -> None:
    response = world.client("ars_a").get(reverse("funding:region", args=["32"]) + "?year=abc")
    assert response.status_code == 200


def test_coordinator_sees_only_their_house_in_the_region_table(world: World) -> None:
    FundingLineFactory(site=world.site_a)
    FundingLineFactory(site=world.site_b)
    content = world.client("coordinator_a").get(reverse("funding:region", args=["32"])).content
    assert b"Maison A" in content
    assert b"Maison B" not in content


def test_region_csv_and_xlsx_match_the_table(world: World) -> None:
    FundingLineFactory(site=world.site_a, amount_notified=D("0.10"), amount_paid=D("0"))
    FundingLineFactory(site=world.site_a, amount_notified=D("0.20"), source=source("fir"))
    FundingLineFactory(site=world.site_c, amount_notified=D("5.00"))
    client = world.client("ars_a")
    url = reverse("funding:region_export", args=["32", "csv"]) + "?year=2026"
    response = client.get(url)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_name = {row["site_name"]: row for row in rows}
    assert set(by_name) == {"Maison A", "Maison B"}
    assert D(by_name["Maison A"]["notified_ondam_ms"]) == D("0.10")
    assert D(by_name["Maison A"]["total_notified"]) == D("0.30")  # exact, no float drift
    assert D(by_name["Maison A"]["notified_running"]) == D("0.30")
    assert D(by_name["Maison A"]["notified_investment"]) == D("0.00")
    xlsx = client.get(url.replace("csv", "xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    header = [cell.value for cell in next(sheet.iter_rows())]
    assert "total_notified" in header


def test_national_csv_is_scoped(world: World) -> None:
    EnvelopeFactory(amount_notified=D("10.00"))
    EnvelopeFactory(region_id="53", amount_notified=D("20.00"))
    FundingLineFactory(site=world.site_a, amount_notified=D("4.00"))
    url = reverse("funding:national_export", args=["csv"]) + "?year=2026"
    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(world.client("ars_a").get(url).streaming_content).decode())
        )
    )
    assert [row["region_code"] for row in rows] == ["32"]
    assert D(rows[0]["remaining"]) == D("6.00")
    assert D(rows[0]["allocated_running"]) == D("4.00")
    assert D(rows[0]["allocated_start_up"]) == D("0.00")
    national = b"".join(world.client("analyst").get(url).streaming_content).decode()
    assert len(list(csv.DictReader(io.StringIO(national)))) == 18


def test_unknown_export_format_is_404(world: World) -> None:
    client = world.client("analyst")
    assert client.get(reverse("funding:national_export", args=["pdf"])).status_code == 404
    assert client.get(reverse("funding:region_export", args=["32", "pdf"])).status_code == 404


def populate(world: World, houses: int) -> None:
    for index in range(houses):
        site = SiteFactory(opened=True, department_id="59")
        FundingLineFactory(site=site)
        FundingLineFactory(site=site, source=source("fir"), amount_notified=D(index))
    EnvelopeFactory()


@pytest.mark.parametrize("houses", [2, 12])
def test_region_table_query_count_is_pinned(world, django_assert_num_queries, houses) -> None:
    populate(world, houses)
    client = world.client("ars_a")
    client.get(reverse("funding:region", args=["32"]))  # warm the session
    # The envelopes are read once, for the table and the agent's links.
    with django_assert_num_queries(10):
        assert client.get(reverse("funding:region", args=["32"]) + "?year=2026").status_code == 200


@pytest.mark.parametrize("houses", [2, 12])
def test_national_page_query_count_is_pinned(world, django_assert_num_queries, houses) -> None:
    populate(world, houses)
    client = world.client("analyst")
    client.get(reverse("funding:national"))
    with django_assert_num_queries(9):
        assert client.get(reverse("funding:national") + "?year=2026").status_code == 200


def test_region_table_rows_are_escaped_and_complete(world: World) -> None:
    """The houses' rows are written by the view (funding/views/tables.py), not the template."""
    site = SiteFactory(opened=True, department_id="59", name="Maison <b>A & B</b>")
    FundingLineFactory(site=site, amount_notified=D("1234.50"), amount_paid=D("0"))
    content = (
        world.client("ars_a")
        .get(reverse("funding:region", args=["32"]) + "?year=2026")
        .content.decode()
    )
    link = reverse("funding:site", args=[site.pk])
    row = content.split(f'<tr><td><a href="{link}?year=2026">', 1)[1].split("</tr>", 1)[0]
    assert row.startswith("Maison &lt;b&gt;A &amp; B&lt;/b&gt;</a></td>")
    cells = [cell.strip() for cell in row.split("<td>")[1:]]
    # One cell per source in use (ONDAM first, the others "—"), running, investment,
    # start-up, total notified, paid, spent (none declared).
    assert cells[0] == "1\u202f234,50\u202f€</td>"
    assert "<td>—</td>" in row
    assert cells[-6:] == [
        "1\u202f234,50\u202f€</td>",
        "0,00\u202f€</td>",
        "0,00\u202f€</td>",
        "1\u202f234,50\u202f€</td>",
        "0,00\u202f€</td>",
        "non disponible</td>",
    ]


def test_simulation_rows_show_values_points_tiers_and_gains(world: World) -> None:
    """The indicators' rows and the gains are written by funding/views/sites.py."""
    overrides = {"places_installed": 10, "days_open": 30, "occupied_bed_days": 240}
    filled_report(world.site_a, CampaignFactory(month=4), ReportStatus.VALIDATED, **overrides)
    content = (
        world.client("analyst")
        .get(reverse("funding:site", args=[world.site_a.pk]) + "?year=2026")
        .content.decode()
    )
    # 240 / 300 = 80 %: the 70 % tier (20 points of 30), not the 85 % one.
    assert "<tr><td>Taux d&#x27;occupation</td><td>80,00 %</td><td>20 / 30</td>" in content
    assert "<li>≥ 70,00 % : 20 points — Hypothèse du portail" in content
    assert "<li>≥ 85,00 % : 30 points — Hypothèse du portail" in content
    assert "<li>Taux d&#x27;occupation à 85,00 % ou plus : +10 points, soit +" in content
    assert "<td>non mesurable</td><td>0 / 30</td>" in content  # no staffing declaration
