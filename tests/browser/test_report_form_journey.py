"""Issue 25's form journey in a real browser: a coordinator files a month from the pre-filled
form, watches the live balances, fixes one error from the summary's link, justifies a warning
in the box beside it, and submits. The form with an error and a warning is captured for the
README (docs/img/report-form-error-warning.png)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from masp.activity.demo import plausible_figures
from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, ReportingCampaign
from tests.browser.conftest import Session
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
PREFILLED = ("places_installed", "days_open", "residents_start")


def fill(session: Session, figures: dict[str, Any]) -> None:
    for name, value in figures.items():
        if value is not None:
            session.page.fill(f"#id_{name}", str(value))


def test_a_coordinator_files_a_month_from_the_prefilled_form(
    open_session: Any, journey_world: World, campaign: ReportingCampaign
) -> None:
    site = journey_world.site_a  # 12 places, opened on 1 March 2026
    filled_report(site, campaign=CampaignFactory(month=9), residents_end=7)
    coordinator = open_session("report-form")
    coordinator.login(journey_world.users["coordinator_a"].email)
    page = coordinator.page
    page.goto("/rapports/")
    page.click("text=Commencer la saisie")
    page.wait_for_url("**/modifier/")

    # Pre-filled: the house's 12 places, October's 31 days, September's 7 residents at the end.
    assert page.input_value("#id_places_installed") == "12"
    assert page.input_value("#id_days_open") == "31"
    assert page.input_value("#id_residents_start") == "7"
    figures = plausible_figures(
        random.Random(3), capacity=12, period=campaign.period, residents_start=7
    )
    typed = {name: value for name, value in figures.items() if name not in PREFILLED}
    # One admission too many by origin (an error), and more relatives' nights than bed-days
    # (a warning to justify).
    typed["admissions_from_home"] += 1
    typed["relatives_overnight_nights"] = figures["occupied_bed_days"] + 5
    fill(coordinator, typed)

    # The live balance says it before saving.
    origin = page.locator("[data-balance=origin]")
    assert f"(saisi : {figures['admissions']})" in origin.inner_text()
    residents = page.locator("[data-balance=residents]")
    assert "✓" in residents.inner_text()

    page.click("text=Enregistrer le brouillon")
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert "1 erreur à corriger" in summary.inner_text()
    assert page.locator(".fr-alert--error").count() == 1  # one banner, not two
    warning = page.locator("#warnings .fr-alert--warning")
    assert "Nuitées de proches" in warning.inner_text()
    assert page.locator("#warnings #id_justification").count() == 1  # the box beside it
    field = page.locator("#id_admissions")
    assert field.get_attribute("aria-invalid") == "true"
    page.locator("#error-summary").scroll_into_view_if_needed()
    path = coordinator.shot("error-warning")
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, DOCS_IMG / "report-form-error-warning.png")

    # The summary's link leads to the field in error.
    summary.locator("a").first.click()
    assert page.url.endswith("#id_admissions")
    page.fill("#id_admissions_from_home", str(figures["admissions_from_home"]))
    assert "✓" in origin.inner_text()
    page.fill("#id_justification", "Un proche a veillé son parent chaque nuit.")
    page.click("text=Enregistrer et transmettre")
    page.wait_for_load_state()
    report = ActivityReport.objects.get(site=site, campaign=campaign)
    assert f"/rapports/{report.pk}/" in page.url, page.url
    assert "Rapport transmis à l'ARS." in page.inner_text("body")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert (report.residents_start, report.places_installed, report.days_open) == (7, 12, 31)
    assert coordinator.console_errors == []
