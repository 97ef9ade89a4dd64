"""The PDF for decision makers and the charts, in a real browser: the region's ARS agent picks
the first semester from the presets (the dates fill themselves), types the "Avis de l'ARS",
downloads `masp-synthese-hauts-de-france-2026-S1.pdf` whose page 2 is the summary; on the
dashboard, a chart opens its table ("Voir le tableau"). Captures for the README tour:
docs/img/chart-occupancy.png (copied from tests/artifacts/browser/)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from masp.activity.enums import ReportStatus
from reporting.models import ReportRequest
from reporting.pdf import services
from tests.browser.conftest import ARTIFACTS, run_axe
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_agent_asks_for_the_semester_with_an_opinion_and_reads_the_summary(
    open_session: Any, journey_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    held: list[int] = []
    monkeypatch.setattr(services, "enqueue", held.append)
    for month in (3, 4, 5):
        filled_report(journey_world.site_a, CampaignFactory(month=month), ReportStatus.VALIDATED)
    agent = open_session("pdf-summary")
    agent.login(journey_world.users["ars_a"].email)
    page = agent.page
    agent.menu("Outils", "Synthèses PDF")
    # One region in the agent's scope: already chosen; the house appears for a house report.
    assert page.input_value("#id_region") == "32"
    assert page.is_visible("#id_region")
    assert not page.is_visible("#id_site")
    page.select_option("#id_kind", "site")
    assert page.is_visible("#id_site")
    assert not page.is_visible("#id_region")
    page.select_option("#id_kind", "region")
    # A preset fills the dates; a date typed by hand makes the period free.
    page.select_option("#id_preset", "2026-S1")
    assert page.input_value("#id_period_start") == "2026-01-01"
    assert page.input_value("#id_period_end") == "2026-06-30"
    page.fill("#id_period_end", "2026-03-31")
    page.dispatch_event("#id_period_end", "change")
    assert page.input_value("#id_preset") == ""
    page.select_option("#id_preset", "2026-S1")
    assert page.input_value("#id_period_end") == "2026-06-30"
    page.fill("#id_opinion", "Avis favorable : <poursuivre> l'expérimentation.")
    assert run_axe(page) == []
    assert agent.console_errors == []  # the script ran under the CSP nonce
    agent.shot("request-form")
    page.click("text=Générer le rapport")
    page.wait_for_load_state()
    request = ReportRequest.objects.get()
    assert request.opinion == "Avis favorable : <poursuivre> l'expérimentation."
    services.report_render(request_id=request.pk)  # what the worker would do
    row = page.locator(f"#report-{request.pk}")
    row.locator("text=Télécharger").wait_for(timeout=20_000)
    with page.expect_download() as info:
        row.locator("text=Télécharger").click()
    assert info.value.suggested_filename == "masp-synthese-hauts-de-france-2026-S1.pdf"
    with open(info.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    summary = re.sub(r"[\u202f\xa0\s]+", " ", reader.pages[1].extract_text())
    assert "Synthèse pour la décision" in summary
    assert "Avis favorable : <poursuivre> l'expérimentation." in summary
    assert "Taux d'occupation de" in summary
    assert "Décisions attendues" in summary


def test_a_chart_shows_its_figures_as_a_table(open_session: Any, journey_world: World) -> None:
    for month, bed_days in ((3, 200), (4, 230), (5, 260), (6, 275)):
        campaign = CampaignFactory(month=month)
        filled_report(
            journey_world.site_a,
            campaign,
            ReportStatus.VALIDATED,
            places_installed=10,
            days_open=30,
            occupied_bed_days=bed_days,
        )
        filled_report(
            journey_world.site_c,
            campaign,
            ReportStatus.VALIDATED,
            places_installed=10,
            days_open=30,
            occupied_bed_days=240,
        )
    agent = open_session("chart")
    agent.login(journey_world.users["ars_a"].email)
    page = agent.page
    page.goto("/rapports/tableau-de-bord/")
    chart = page.locator(".masp-chart").first
    chart.scroll_into_view_if_needed()
    assert "Taux d'occupation" in chart.inner_text()
    table = page.locator("details.masp-chart-table").first
    assert not table.locator("table").is_visible()
    table.locator("summary").click()
    assert table.locator("table").is_visible()
    assert "91,7 %" in table.inner_text()  # June: 275 / 300
    assert run_axe(page) == []
    block = page.locator(".fr-grid-row .fr-col-md-6").first  # the occupancy chart, its table
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    block.screenshot(path=str(ARTIFACTS / "chart-occupancy.png"))
