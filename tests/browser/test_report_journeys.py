"""Journeys 1 and 2 in a real browser: a coordinator files a report (inline rule error, fixed,
submitted); the region's ARS agent returns it, the coordinator corrects it, the agent
validates it. Also the report form's keyboard navigation and focus styles."""

from __future__ import annotations

from typing import Any

import pytest

from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, ReportingCampaign
from tests.browser.conftest import Session, run_axe
from tests.masp.factories import filled_report, valid_figures
from tests.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_figures(session: Session, figures: dict[str, Any]) -> None:
    for name, value in figures.items():
        session.page.fill(f"#id_{name}", str(value))


def test_journey_1_coordinator_fills_fixes_and_submits_a_report(
    open_session: Any, journey_world: World, campaign: ReportingCampaign
) -> None:
    coordinator = open_session("journey-1")
    coordinator.login(journey_world.users["coordinator_a"].email)
    page = coordinator.page
    coordinator.menu("Rapports", "Mes rapports d'activité")
    page.click("text=Commencer la saisie")
    page.wait_for_url("**/modifier/")
    figures = valid_figures(journey_world.site_a, campaign, seed=1)
    # Open 40 days in a 31-day month: a rule error.
    fill_figures(coordinator, {**figures, "days_open": 40})
    page.fill("#id_justification", "Montée en charge de la maison.")
    page.click("text=Enregistrer et transmettre")
    inline = page.locator("[data-rule=days_open_within_period]")
    inline.wait_for()
    assert "jours d'ouverture devraient être au plus 31" in inline.inner_text()
    assert "corrigez-les avant de le transmettre" in page.inner_text("body")
    inline.scroll_into_view_if_needed()
    coordinator.shot("1-inline-error")
    report = ActivityReport.objects.get(site=journey_world.site_a, campaign=campaign)
    assert report.status == ReportStatus.DRAFT
    assert report.days_open == 40  # the draft keeps what was typed

    page.fill("#id_days_open", str(figures["days_open"]))
    page.click("text=Enregistrer et transmettre")
    page.wait_for_url(f"**/rapports/{report.pk}/")
    assert "Rapport transmis à l'ARS." in page.inner_text("body")
    coordinator.shot("2-submitted")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.days_open == figures["days_open"]
    assert coordinator.console_errors == []


def test_journey_2_agent_returns_coordinator_corrects_agent_validates(
    open_session: Any, journey_world: World, campaign: ReportingCampaign
) -> None:
    report = filled_report(
        site=journey_world.site_a, campaign=campaign, status=ReportStatus.SUBMITTED
    )
    agent = open_session("journey-2-agent")
    agent.login(journey_world.users["ars_a"].email)
    agent.page.goto("/instruction/")
    agent.page.click(f"a[href='/instruction/{report.pk}/']")  # the review page
    agent.page.wait_for_url(f"**/instruction/{report.pk}/")
    comment = "Les journées semblent basses : vérifiez octobre."
    agent.page.fill("#id_comment", comment)  # the decision panel's one comment
    agent.page.click("button[name=decision][value=return]")
    agent.page.wait_for_load_state()
    assert "Rapport renvoyé à la maison" in agent.page.inner_text("body")
    agent.shot("1-returned")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    coordinator = open_session("journey-2-coordinator")
    coordinator.login(journey_world.users["coordinator_a"].email)
    coordinator.page.goto("/rapports/")
    coordinator.page.click(f"a[href='/rapports/{report.pk}/modifier/']")
    assert comment in coordinator.page.inner_text("body")  # the agent's comment is shown
    coordinator.shot("2-comment-seen")
    coordinator.page.fill("#id_justification", "Vérifié : deux chambres fermées pour travaux.")
    coordinator.page.click("text=Enregistrer et transmettre")
    coordinator.page.wait_for_url(f"**/rapports/{report.pk}/")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    agent.page.goto(f"/instruction/{report.pk}/")
    agent.page.click("button[name=decision][value=validate]")
    agent.page.wait_for_load_state()
    assert "Rapport validé" in agent.page.inner_text("body")
    agent.shot("3-validated")
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED
    assert list(report.transitions.order_by("at").values_list("to_status", flat=True)) == [
        ReportStatus.RETURNED,
        ReportStatus.SUBMITTED,
        ReportStatus.VALIDATED,
    ]


def focus_outline(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
            return {id: e.id, tag: e.tagName, style: s.outlineStyle, width: s.outlineWidth,
                    color: s.outlineColor}; }"""
    )


def test_report_form_is_usable_with_the_keyboard_and_shows_focus(
    open_session: Any, journey_world: World, campaign: ReportingCampaign
) -> None:
    report = filled_report(site=journey_world.site_a, campaign=campaign)
    coordinator = open_session("keyboard")
    coordinator.login(journey_world.users["coordinator_a"].email)
    page = coordinator.page
    page.goto(f"/rapports/{report.pk}/modifier/")
    page.focus("#id_places_installed")
    visited = []
    for _step in range(6):
        state = focus_outline(page)
        visited.append(state["id"])
        # DSFR draws a visible focus ring (2px solid, blue) on every focusable field.
        assert state["style"] == "solid", state
        assert float(state["width"].removesuffix("px")) >= 2, state
        page.keyboard.press("Tab")
    assert all(name.startswith("id_") for name in visited), visited
    assert len(set(visited)) == len(visited)  # Tab moves forward, field to field
    coordinator.shot("focus")
    # Typing and submitting from the keyboard alone.
    page.focus("#id_days_open")
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    page.keyboard.press("Enter")  # the first submit button: save the draft
    page.locator("[data-rule=days_open_within_period]").wait_for()
    report.refresh_from_db()
    assert report.days_open == 40
    assert run_axe(page) == []
