"""Issue 26 in a real browser: an ARS agent runs the siting advisor for their region, saves the
scenario and finds it in the regional PDF."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from masp.coverage.siting.models import SitingScenario
from reporting.models import ReportRequest
from reporting.pdf import services
from tests.browser.conftest import run_axe
from tests.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_runs_the_advisor_saves_the_scenario_and_sees_it_in_the_pdf(
    open_session: Any, journey_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    held: list[int] = []
    monkeypatch.setattr(services, "enqueue", held.append)  # no worker: rendered below
    agent = open_session("siting")
    agent.login(journey_world.users["ars_a"].email)
    page = agent.page
    page.goto("/couverture/implantation/")
    assert page.locator("#id_scope").input_value() == "32"  # the agent's region
    page.fill("#id_k", "3")
    page.click("text=Calculer")
    page.wait_for_load_state()
    rows = page.locator("#propositions tbody tr")
    assert rows.count() == 3
    first = rows.nth(0).locator("td").nth(1).inner_text()
    assert page.locator("svg.masp-map circle[fill='#000091']").count() == 3
    assert run_axe(page) == []
    agent.shot("1-result")

    page.fill("#id_name", "Trois maisons pour les Hauts-de-France")
    page.click("text=Enregistrer ce scénario")
    page.wait_for_load_state()
    scenario = SitingScenario.objects.get()
    assert page.url.endswith(f"/couverture/implantation/scenarios/{scenario.pk}/")
    assert "Trois maisons pour les Hauts-de-France" in page.inner_text("h1")
    agent.shot("2-scenario")

    agent.menu("Outils", "Synthèses PDF")
    page.select_option("#id_kind", "region")
    page.select_option("#id_region", "32")
    page.select_option("#id_siting_scenario", str(scenario.pk))
    page.fill("#id_period_start", "2026-01-01")
    page.fill("#id_period_end", "2026-06-30")
    page.click("text=Générer le rapport")
    page.wait_for_load_state()
    request = ReportRequest.objects.get()
    assert request.siting_scenario == scenario
    assert held == [request.pk]
    services.report_render(request_id=request.pk)  # what the worker would do
    row = page.locator(f"#report-{request.pk}")
    row.locator("text=Télécharger").wait_for(timeout=20_000)
    with page.expect_download() as info:
        row.locator("text=Télécharger").click()
    with open(info.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    text = re.sub(r"[\u202f\xa0\s]+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "Scénario d'implantation : Trois maisons pour les Hauts-de-France" in text
    assert first.split(" (")[0] in text
    assert agent.console_errors == []
