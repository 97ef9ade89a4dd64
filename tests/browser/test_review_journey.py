"""Journey 7 in a real browser: the region's ARS agent opens a report from the work queue,
reads what stands out beside the coordinator's justification, validates it with a comment
(kept in the history) and moves to the next report of the queue; then validates a report with
nothing standing out in bulk, after seeing it listed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, ReportingCampaign
from tests.browser.conftest import ARTIFACTS, run_axe
from tests.masp.activity.test_review import clean
from tests.masp.factories import CampaignFactory, SiteFactory
from tests.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_journey_7_agent_validates_with_a_comment_and_moves_to_the_next_report(
    open_session: Any, journey_world: World, campaign: ReportingCampaign
) -> None:
    september = CampaignFactory(month=9)
    # September at 83 % occupancy, 2 admissions; October at 27 % (a rule alert, justified)
    # and 8 admissions (+300 %): both stand out.
    clean(journey_world.site_a, september, status=ReportStatus.VALIDATED)
    first = clean(
        journey_world.site_a,
        campaign,
        occupied_bed_days=100,
        residents_start=3,
        residents_end=9,
        admissions=8,
        admissions_from_home=8,
        admissions_age_60_74=8,
        admissions_cancer=8,
        requests_received=10,
        justification="Deux chambres fermées pour travaux jusqu'au 20 octobre.",
    )
    second = clean(journey_world.site_b, campaign)
    clean(SiteFactory(opened=True, name="Maison D"), campaign, status=ReportStatus.VALIDATED)
    now = timezone.now()
    for offset, report in enumerate((first, second)):  # the queue's order: A, then B
        ActivityReport.objects.filter(pk=report.pk).update(
            submitted_at=now - dt.timedelta(days=2 - offset)
        )

    agent = open_session("journey-7")
    agent.login(journey_world.users["ars_a"].email)
    page = agent.page
    page.goto("/instruction/")
    page.click(f"a[href='/instruction/{first.pk}/']")
    page.wait_for_url(f"**/instruction/{first.pk}/")
    standouts = page.locator("[data-testid=standouts] li")
    assert standouts.first.get_attribute("data-kind") == "warning"  # the rule alert first
    assert "Deux chambres fermées" in standouts.first.inner_text()  # its justification beside
    assert "Admissions : +300 % par rapport au mois précédent" in page.inner_text("body")
    assert run_axe(page) == []
    agent.shot("review-page")
    # The README's capture (docs/img/journey-7-review.png): what stands out, the decision
    # panel and the indicators with their references, down to the detailed figures.
    clip = {"x": 0, "y": 0, "width": 1280, "height": 1400}
    page.screenshot(path=str(ARTIFACTS / "journey-7-review.png"), full_page=True, clip=clip)

    comment = "Occupation basse expliquée par les travaux : validé."
    page.fill("#id_comment", comment)
    page.click("button[name=decision][value=validate]")
    page.wait_for_url(f"**/instruction/{first.pk}/")
    body = page.inner_text("body")
    assert "Rapport validé" in body
    history = page.locator("#transitions-title + div table")
    assert comment in history.inner_text()  # the comment is in the history
    assert "Transmis → Validé" in history.inner_text()
    first.refresh_from_db()
    assert first.status == ReportStatus.VALIDATED
    assert first.transitions.get().comment == comment
    agent.shot("validated")

    page.click("a[rel=next]")
    page.wait_for_url(f"**/instruction/{second.pk}/")
    assert "Maison B" in page.inner_text("h1")
    page.click("nav.fr-breadcrumb >> text=Instruction des rapports")
    page.wait_for_url("**/instruction/")

    # Maison B has nothing standing out: offered for bulk validation, shown before confirming.
    page.check(f"#r{second.pk}", force=True)  # the DSFR checkbox is drawn over its input
    agent.shot("queue")
    page.click("text=Valider les rapports cochés")
    page.wait_for_url("**/instruction/valider/?*")
    assert "Maison B" in page.inner_text("table")
    agent.shot("bulk-confirmation")
    second.refresh_from_db()
    assert second.status == ReportStatus.SUBMITTED  # nothing validated before confirming
    page.click("text=Confirmer la validation de ce rapport")
    page.wait_for_url("**/instruction/")
    assert "1 rapport(s) validé(s)" in page.inner_text("body")
    second.refresh_from_db()
    assert second.status == ReportStatus.VALIDATED
    assert agent.console_errors == []
