"""Security headers, Content-Security-Policy, cookie flags and session expiry after inactivity."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import ACTIVITY_KEY
from tests.personas import World

pytestmark = pytest.mark.django_db
# Settings whose production value the header and cookie tests apply.
PRODUCTION_KNOBS = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS",
)


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict_page(response) -> None:
    assert response.status_code == 200
    directives = csp_directives(response)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    nonces = [value for value in directives["script-src"] if value.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the DSFR scripts are on every page"
    for tag in scripts:
        # Every executable script carries the nonce; inline code has none to carry.
        assert f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html), "no inline script"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_page_sends_a_strict_policy(client: Client) -> None:
    assert_strict_page(client.get(reverse("masp:home")))


def test_logged_in_page_sends_a_strict_policy(world: World) -> None:
    assert_strict_page(world.client("coordinator_a").get(reverse("masp:site_list")))


def test_each_response_gets_its_own_nonce(client: Client) -> None:
    first = csp_directives(client.get(reverse("masp:home")))["script-src"]
    second = csp_directives(client.get(reverse("masp:home")))["script-src"]
    assert first != second


def test_no_template_uses_inline_styles_or_handlers() -> None:
    """A `style=` attribute or an `onclick=` would be blocked by the policy in the browser."""
    from django.conf import settings

    offenders = []
    templates = settings.BASE_DIR / "templates"
    pdf = templates / "reporting" / "pdf"
    printed = {pdf / "document.html", pdf / "includes" / "bars.html"}
    for template in templates.rglob("*.html"):
        if template in printed or template.is_relative_to(pdf / "sections"):
            continue  # PDF documents rendered by WeasyPrint, never served to a browser
        text = template.read_text()
        if re.search(r"\sstyle=|\son[a-z]+=|<style\b|hx-on|javascript:", text):
            offenders.append(str(template))
    assert offenders == []


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-used-only-by-this-test-0123456789")
    monkeypatch.setenv("ALLOWED_HOSTS", "masp.example.org")
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/0")  # production refuses locmem
    monkeypatch.setenv("EMAIL_URL", "smtp://127.0.0.1:25")  # ... and the console backend
    sys.modules.pop("config.settings.production", None)
    try:
        yield importlib.import_module("config.settings.production")
    finally:
        sys.modules.pop("config.settings.production", None)


def test_production_settings_values(production: ModuleType) -> None:
    assert production.DEBUG is False
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_HSTS_SECONDS >= 31_536_000
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert production.SESSION_COOKIE_SECURE is True
    assert production.SESSION_COOKIE_HTTPONLY is True
    assert production.SESSION_COOKIE_SAMESITE == "Lax"
    assert production.CSRF_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_HTTPONLY is True
    assert production.X_FRAME_OPTIONS == "DENY"
    assert production.SECURE_REFERRER_POLICY == "same-origin"
    assert production.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert production.MASP_ENFORCE_MFA is True
    assert "'unsafe-inline'" not in production.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
    assert "csp.middleware.CSPMiddleware" in production.MIDDLEWARE


def test_production_headers_and_cookie_flags(production: ModuleType, world: World) -> None:
    cache.clear()  # login rate limits
    user = world.users["coordinator_a"]
    knobs = {name: getattr(production, name) for name in PRODUCTION_KNOBS}
    with override_settings(**knobs):
        client = Client()
        response = client.post(
            reverse("account_login"),
            {"login": user.email, "password": "correct-horse-battery"},
            secure=True,
        )
        assert response.status_code == 302
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        cookie = response.cookies["sessionid"]
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        csrf = response.cookies["csrftoken"]  # rotated at login
        assert csrf["secure"] is True
        assert csrf["httponly"] is True
        assert csrf["samesite"] == "Lax"


URL = "accounts:account"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_session_expires_after_two_hours_of_inactivity_not_after_login(world: World) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = world.client("coordinator_a")
        assert client.get(reverse(URL)).status_code == 200
        # Active every 90 minutes: still logged in 3 hours after login.
        for _ in range(2):
            traveller.shift(dt.timedelta(minutes=90))
            assert client.get(reverse(URL)).status_code == 200
        # Then idle for just over two hours: logged out.
        traveller.shift(dt.timedelta(hours=2, minutes=1))
        response = client.get(reverse(URL))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_idle_session_expires_at_two_hours(world: World) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = world.client("coordinator_a")
        traveller.shift(dt.timedelta(minutes=119))
        assert client.get(reverse(URL)).status_code == 200
        traveller.shift(dt.timedelta(hours=2, minutes=1))
        assert client.get(reverse(URL)).status_code == 302


def session_writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE")
    ]


def test_the_session_is_written_at_most_once_per_refresh_period(world: World) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = world.client("coordinator_a")
        assert ACTIVITY_KEY in client.session  # stamped at login: no write on the next page
        client.get(reverse(URL))
        with CaptureQueriesContext(connection) as quiet:
            client.get(reverse(URL))
        traveller.shift(dt.timedelta(minutes=6))
        with CaptureQueriesContext(connection) as refreshed:
            client.get(reverse(URL))
    assert session_writes(quiet) == []
    assert len(session_writes(refreshed)) == 1


def test_admin_pages_need_no_inline_script_or_style(world: World) -> None:
    client = world.client("national_admin")
    membership = world.users["ars_a"].memberships.get()
    urls = [
        reverse("admin:index"),
        reverse("admin:masp_site_changelist"),
        reverse("admin:masp_site_change", args=[world.site_a.pk]),
        reverse("admin:accounts_membership_change", args=[membership.pk]),
        reverse("admin:accounts_auditentry_changelist"),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert not re.search(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html), url
        assert not re.search(r"\sstyle=\"|<style\b|\son[a-z]+=\"", html), url
