"""Findings 15 and 17a: production refuses to start on development defaults (weak key,
per-process cache, unsent email), and its API schema and docs need a login."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated

from config.api_docs import ApiDocsView
from tests.personas import World

pytestmark = pytest.mark.security

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": "Zq3-v9Lr_2mXc8KpT0w7bNf4Hs6Jd1Ye5Ua-Gi9Oo3Ql7Rk2Vt8Wx4Pz6Cn0Mb",
    "ALLOWED_HOSTS": "testserver",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://portal:pw@smtp.example.org:587",
}
# What the subprocess runs with the production settings: their import, then two requests.
PROBE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
print("schema", client.get("/api/schema/", secure=True).status_code)
docs = client.get("/api/docs/", secure=True)
print("docs", docs.status_code, docs.get("Location"))
print("serve", settings.SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"])
"""


def run_production(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {*GOOD, "SECRET_KEY_FALLBACKS", "DATABASE_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        # Never touched by the probe (no query), but never the developer's database either.
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def refused(result: subprocess.CompletedProcess[str], *words: str) -> bool:
    """The process stopped on ImproperlyConfigured, with a message holding `words`."""
    return (
        result.returncode != 0
        and "ImproperlyConfigured" in result.stderr
        and all(word in result.stderr for word in words)
    )


def test_production_starts_with_a_strong_key_a_shared_cache_and_smtp(tmp_path: Path) -> None:
    result = run_production(tmp_path, **GOOD)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [
        ("locmemcache://masp", "LocMemCache"),
        ("dummycache://", "DummyCache"),
        ("filecache:///tmp/masp-cache", "FileBasedCache"),
    ],
)
def test_a_per_process_cache_is_refused(tmp_path: Path, cache_url: str, backend: str) -> None:
    result = run_production(tmp_path, **{**GOOD, "CACHE_URL": cache_url})
    assert refused(result, "CACHE_URL", backend, "Redis")


def test_a_missing_cache_url_is_refused(tmp_path: Path) -> None:
    environment = {k: v for k, v in GOOD.items() if k != "CACHE_URL"}
    result = run_production(tmp_path, **environment)
    assert refused(result, "CACHE_URL")


@pytest.mark.parametrize(
    "email_url", ["consolemail://", "memorymail://", "dummymail://", "filemail:///tmp/mails"]
)
def test_an_email_backend_that_sends_nothing_is_refused(tmp_path: Path, email_url: str) -> None:
    result = run_production(tmp_path, **{**GOOD, "EMAIL_URL": email_url})
    assert refused(result, "EMAIL_URL", "SMTP")


def test_a_missing_email_url_is_refused(tmp_path: Path) -> None:
    environment = {k: v for k, v in GOOD.items() if k != "EMAIL_URL"}
    result = run_production(tmp_path, **environment)
    assert refused(result, "EMAIL_URL")


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("django-insecure-dev-only-masp-portal-never-in-prod", "développement"),
        ("django-insecure-" + "k3y" * 20, "développement"),
        ("a-short-but-random-looking-key-8Hq2", "il en faut au moins 50"),
        ("ab" * 40, "caractères distincts"),
        ("01234567" * 8, "caractères distincts"),
    ],
)
def test_a_weak_secret_key_is_refused(tmp_path: Path, key: str, reason: str) -> None:
    result = run_production(tmp_path, **{**GOOD, "SECRET_KEY": key})
    assert refused(result, "SECRET_KEY trop faible", reason)
    assert key not in result.stderr  # the message never prints the key itself


def test_a_weak_fallback_key_is_refused(tmp_path: Path) -> None:
    environment = {**GOOD, "SECRET_KEY_FALLBACKS": f"{GOOD['SECRET_KEY'][::-1]},old"}
    result = run_production(tmp_path, **environment)
    assert refused(result, "SECRET_KEY_FALLBACKS[1]")
    assert "SECRET_KEY_FALLBACKS[0]" not in result.stderr


def test_all_problems_are_listed_at_once(tmp_path: Path) -> None:
    result = run_production(
        tmp_path,
        **{
            **GOOD,
            "SECRET_KEY": "x" * 60,
            "CACHE_URL": "locmemcache://",
            "EMAIL_URL": "consolemail://",
        },
    )
    assert refused(result, "SECRET_KEY", "CACHE_URL", "EMAIL_URL")


def test_the_schema_and_docs_need_a_login_in_production(tmp_path: Path) -> None:
    result = run_production(tmp_path, **GOOD)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "schema 401" in lines  # API clients: 401, as every endpoint
    assert "docs 302 /comptes/login/?next=/api/docs/" in lines  # people: the login page
    assert "serve ['rest_framework.permissions.IsAuthenticated']" in lines


@pytest.mark.django_db
def test_logged_in_users_read_the_schema_and_docs_under_the_production_rule(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The production rule applied here (drf-spectacular reads `SERVE_PERMISSIONS` when it is
    imported, so the views are given it directly): anonymous visitors are refused, logged-in
    users served."""
    for view in (SpectacularAPIView, ApiDocsView):
        monkeypatch.setattr(view, "permission_classes", [IsAuthenticated])
    anonymous = world.client("anonymous")
    assert anonymous.get("/api/schema/").status_code == 401
    docs = anonymous.get("/api/docs/")
    assert (docs.status_code, docs["Location"]) == (302, "/comptes/login/?next=/api/docs/")
    user = world.client("coordinator_a")
    assert user.get("/api/schema/").status_code == 200
    assert "swagger-ui" in user.get("/api/docs/").content.decode()
