"""Browser tests: Playwright drives Debian's Chromium (headless, no network) against a live
server. Screenshots go to tests/artifacts/browser/ (git-ignored)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from masp.models import ReportingCampaign
from tests.masp.factories import CampaignFactory
from tests.personas import World

CHROMIUM = Path(os.environ.get("MASP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=fr-FR",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
PASSWORD = "correct-horse-battery"  # tests/accounts/factories.py
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """One Chromium per test; Playwright's sync API runs an event loop in this thread, which
    Django would otherwise take for an async context."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium est introuvable ({CHROMIUM}) : les tests navigateur en ont besoin. "
            "Installez-le avec : MASP_BROWSER_TESTS=1 bash scripts/system-deps.sh",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def live_server(django_db_setup: None, django_db_blocker: Any, live_server: Any) -> Iterator[Any]:
    """pytest-django's live server, set up after the test database so that it stops before the
    database is dropped. On PostgreSQL a request thread of the live server may leave its
    connection idle behind it (seen: one, after a COMMIT); it would prevent dropping the test
    database, so the connections to that database (ours alone) are ended first."""
    yield live_server
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


class Session:
    """A browser context (its own cookies) with a page, for one person."""

    def __init__(self, browser: Any, base_url: str, name: str) -> None:
        self.context = browser.new_context(
            base_url=base_url, viewport=VIEWPORT, locale="fr-FR", accept_downloads=True
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.name = name
        self.console_errors: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )

    def login(self, email: str, password: str = PASSWORD) -> None:
        page = self.page
        page.goto("/comptes/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        assert "/comptes/login/" not in page.url, page.content()

    def menu(self, entry: str, link: str) -> None:
        """Open a sub-menu of the main menu (workspace/navigation.py) and follow one link."""
        self.page.click(f"#fr-navigation .fr-nav__btn >> text={entry}")
        self.page.click(f"#fr-navigation .fr-menu >> text={link}")
        self.page.wait_for_load_state()

    def shot(self, step: str, *, hide: str | None = None) -> Path:
        """A screenshot of the viewport; `hide` masks what must not end up in a picture."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}-{step}.png"
        mask = [self.page.locator(hide)] if hide else []
        self.page.screenshot(path=str(path), mask=mask, mask_color="#e5e5e5")
        return path


@pytest.fixture
def open_session(transactional_db: None, browser: Any, live_server: Any) -> Iterator[Any]:
    # The database first: the (session-wide) live server then stops before the test database
    # is dropped, with the connections of its threads.
    sessions: list[Session] = []

    def make(name: str) -> Session:
        session = Session(browser, live_server.url, name)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.context.close()


@pytest.fixture
def journey_world(live_world: World) -> World:
    world = live_world
    # Maison C stands in Brest (the factory puts every house in Lille).
    world.site_c.commune, world.site_c.latitude, world.site_c.longitude = "Brest", 48.39, -4.49
    world.site_c.save()
    return world


@pytest.fixture
def campaign(journey_world: World) -> ReportingCampaign:
    return CampaignFactory(month=10)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the current page. The script is evaluated
    through the DevTools protocol, which the page's CSP does not govern (an injected <script>
    tag would be blocked by it, as it should)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]
