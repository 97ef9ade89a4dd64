"""Issue 24 in a real browser: each role starts at `/` ("Mes actions") and reaches its first task
in one click; the menu has at most six top-level entries, none wrapped, at 1366 and 390 px;
axe finds no serious violation on the homes and the house hub. The homes' captures are the
README tour's (docs/img/home-*.png, copied from tests/artifacts/browser/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Invitation
from masp.activity.enums import ReportStatus
from masp.models import ReportingCampaign
from tests.browser.conftest import run_axe
from tests.masp.factories import filled_report
from tests.personas import PERSONAS, World
from workspace.actions import home_for
from workspace.navigation import MAX_ENTRIES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The role's capture: docs/img/home-<name>.png.
ROLES = {
    "coordinator_a": "coordinator",
    "ars_a": "ars",
    "analyst": "analyst",
    "national_admin": "admin",
}
WIDTHS = (1366, 390)

# Each top-level label of the menu: how many lines its text takes (a Range over the text gives
# one client rect per line box), its entry count, and the entries' texts.
MEASURE = """() => {
    const items = [...document.querySelectorAll('#fr-navigation > .fr-nav__list > .fr-nav__item')];
    return items.map(item => {
        const label = item.querySelector(':scope > .fr-nav__link, :scope > .fr-nav__btn');
        const text = [...label.childNodes].find(
            n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
        const range = document.createRange();
        range.selectNodeContents(text);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        const lines = new Set(rects.map(r => Math.round(r.top)));
        const box = label.getBoundingClientRect();
        return {label: text.textContent.trim(), lines: lines.size, height: box.height,
                right: box.right, width: document.documentElement.clientWidth};
    });
}"""


@pytest.fixture
def tasks(journey_world: World, campaign: ReportingCampaign) -> World:
    """Something to do for every role: house B's report submitted (ARS), house A's not started
    (coordinator), an invitation pending (national administrator)."""
    report = filled_report(journey_world.site_b, campaign, status=ReportStatus.SUBMITTED)
    report.submitted_at = timezone.now()
    report.save()
    Invitation.objects.create(
        email="invitee@example.org",
        role=Role.ANALYST,
        invited_by=journey_world.users["national_admin"],
        token_hash="b" * 64,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    return journey_world


@pytest.mark.parametrize("persona", list(ROLES))
def test_each_role_reaches_its_first_task_in_one_click(
    open_session: Any, tasks: World, persona: str
) -> None:
    user = tasks.users[persona]
    first = home_for(user, timezone.localdate()).actions[0]
    session = open_session(f"home-{ROLES[persona]}")
    session.login(user.email)
    page = session.page
    response = page.goto("/")
    assert response.status == 200
    assert page.inner_text("h1") == "Mes actions"
    card = page.locator(".masp-actions > li").first
    assert first.label in card.inner_text()
    session.shot("home")
    card.locator("h2 a").click()
    page.wait_for_load_state()
    assert page.url.endswith(first.url), (page.url, first.url)
    assert session.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_menu_has_six_entries_at_most_none_wrapped(
    open_session: Any, tasks: World, width: int
) -> None:
    found = {}
    for persona in PERSONAS:
        session = open_session(f"menu-{persona}-{width}")
        session.page.set_viewport_size({"width": width, "height": 900})
        if tasks.users[persona] is not None:
            session.login(tasks.users[persona].email)
        session.page.goto("/")
        if width < 992:  # the DSFR collapses the menu behind its button below 992 px
            session.page.click("#fr-btn-menu-mobile")
            session.page.locator("#fr-navigation").wait_for()
        found[persona] = session.page.evaluate(MEASURE)
        if persona == "ars_a":
            session.shot("open")
    for persona, labels in found.items():
        assert 1 <= len(labels) <= MAX_ENTRIES, (persona, labels)
        wrapped = [item["label"] for item in labels if item["lines"] != 1]
        assert wrapped == [], (persona, width, wrapped)
        outside = [item["label"] for item in labels if item["right"] > item["width"] + 0.5]
        assert outside == [], (persona, width, outside)


def test_the_homes_and_the_hub_have_no_serious_violation(open_session: Any, tasks: World) -> None:
    found: dict[str, Any] = {}
    for persona in ROLES:
        session = open_session(f"axe-home-{persona}")
        session.login(tasks.users[persona].email)
        for path in ("/", tasks.site_a.get_absolute_url()):
            response = session.page.goto(path)
            assert response.status == 200, (persona, path)
            # The sub-menus closed and one opened: both states are scanned.
            violations = run_axe(session.page)
            buttons = session.page.locator("#fr-navigation .fr-nav__btn")
            if buttons.count():
                buttons.first.click()
                violations += run_axe(session.page)
            if violations:
                found[f"{persona} {path}"] = violations
        assert session.console_errors == [], (persona, session.console_errors)
    assert found == {}


def test_the_hub_is_captured(open_session: Any, tasks: World) -> None:
    session = open_session("hub")
    session.login(tasks.users["ars_a"].email)
    session.page.goto(tasks.site_b.get_absolute_url())
    assert "Prochaine échéance" in session.page.inner_text("main")
    session.shot("ars")
