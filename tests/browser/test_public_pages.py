"""The public pages and the error pages in a real browser: axe-core finds no serious or
critical violation (under the pages' CSP), no console error, and the footer's links lead to
them. The captures docs/img/public-*.png come from here (copied from tests/artifacts/browser/)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import run_axe
from tests.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = (
    "/mentions-legales/",
    "/accessibilite/",
    "/donnees-personnelles/",
    "/cookies/",
    "/plan-du-site/",
    "/annuaire/?department=80",  # no house in the Somme: the nearest ones
)
FOOTER_LINKS = ("Plan du site", "Accessibilité : non conforme", "Mentions légales")


def scan(session: Any, url: str, status: int) -> list[dict[str, Any]]:
    response = session.page.goto(url)
    assert response.status == status, url
    return run_axe(session.page)


def test_public_pages_have_no_serious_violation(open_session: Any, journey_world: World) -> None:
    session = open_session("public")
    found = {url: violations for url in PUBLIC if (violations := scan(session, url, 200))}
    session.page.goto("/accessibilite/")
    session.shot("accessibility")
    session.page.goto("/annuaire/?department=80")
    session.shot("directory-nearest")
    for name in ("donnees-personnelles", "cookies", "plan-du-site"):
        session.page.goto(f"/{name}/")
        session.page.set_viewport_size({"width": 1280, "height": 1400})
        session.shot(name)
    assert found == {}
    assert session.console_errors == []


def test_the_footer_leads_to_the_public_pages(open_session: Any, journey_world: World) -> None:
    session = open_session("footer")
    for label in FOOTER_LINKS:
        session.page.goto("/")
        session.page.click(f"footer .fr-footer__bottom-link >> text={label}")
        session.page.wait_for_load_state()
        assert session.page.locator("main h1").count() == 1
        assert session.page.url.endswith(
            ("/plan-du-site/", "/accessibilite/", "/mentions-legales/")
        )


def test_signed_in_site_map_has_no_serious_violation(
    open_session: Any, journey_world: World
) -> None:
    session = open_session("sitemap-ars")
    session.login(journey_world.users["ars_a"].email)
    assert scan(session, "/plan-du-site/", 200) == []
    session.page.set_viewport_size({"width": 1280, "height": 1400})
    session.shot("plan-du-site")
    assert session.page.locator("main a", has_text="Instruction").count() >= 1


def test_error_pages_have_no_serious_violation(
    open_session: Any, journey_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_session("errors")
    found = {}
    if violations := scan(session, "/cette-page-n-existe-pas/", 404):
        found["404"] = violations
    session.shot("404")
    session.login(journey_world.users["coordinator_a"].email)
    if violations := scan(session, "/invitations/", 403):
        found["403"] = violations

    # The live server runs in this process: a view made to fail gives the real 500 page.
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("panne simulée")

    monkeypatch.setattr("workspace.public.views.sitemap_for", broken)
    if violations := scan(session, "/plan-du-site/", 500):
        found["500"] = violations
    assert "Erreur inattendue" in session.page.inner_text("main")
    session.shot("500")
    assert found == {}
    assert [
        e for e in session.console_errors if "status of 40" not in e and "status of 50" not in e
    ] == []
