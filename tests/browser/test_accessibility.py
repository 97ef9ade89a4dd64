"""axe-core over the main pages, as each persona sees them: no serious or critical violation
(RGAA). The scan runs under the pages' strict CSP."""

from __future__ import annotations

from typing import Any

import pytest

from masp.activity.enums import ReportStatus
from masp.models import ReportingCampaign
from tests.browser.conftest import run_axe
from tests.masp.factories import filled_report
from tests.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    None: ["/", "/annuaire/", "/annuaire/?q=29200", "/comptes/login/", "/partenaires/nationaux/"],
    "coordinator_a": ["/rapports/", "/rapports/{draft}/modifier/", "/maisons/{site_a}/"],
    "ars_a": [
        "/maisons/",
        "/instruction/",
        "/rapports/{submitted}/",
        "/rapports-pdf/",
        "/couverture/",
        "/effectifs/",
        "/invitations/",
        "/rapports/tableau-de-bord/",
    ],
}


def test_main_pages_have_no_serious_or_critical_violation(
    open_session: Any, journey_world: World, campaign: ReportingCampaign
) -> None:
    draft = filled_report(site=journey_world.site_a, campaign=campaign)
    submitted = filled_report(
        site=journey_world.site_b, campaign=campaign, status=ReportStatus.SUBMITTED
    )
    ids = {"draft": draft.pk, "submitted": submitted.pk, "site_a": journey_world.site_a.pk}
    found: dict[str, Any] = {}
    for persona, paths in PAGES.items():
        session = open_session(f"axe-{persona or 'public'}")
        if persona:
            session.login(journey_world.users[persona].email)
        for path in paths:
            url = path.format(**ids)
            response = session.page.goto(url)
            assert response.status == 200, url
            violations = run_axe(session.page)
            if violations:
                found[url] = violations
        assert session.console_errors == [], (persona, session.console_errors)
    assert found == {}


def test_the_scan_runs_under_the_csp_and_reports_violations(
    open_session: Any, journey_world: World
) -> None:
    """The scan is not silently empty: a picture without text alternative on a portal page
    (served with its CSP) is reported as critical."""
    session = open_session("axe-self-check")
    response = session.page.goto("/annuaire/")
    assert "script-src" in response.headers["content-security-policy"]
    session.page.evaluate(
        "() => document.querySelector('main').append(document.createElement('img'))"
    )
    assert [v["id"] for v in run_axe(session.page)] == ["image-alt"]
