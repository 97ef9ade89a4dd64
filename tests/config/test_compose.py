"""Issue 28: `make prod-smoke` runs web, worker and beat with the very commands of
docker-compose.yml, so the smoke proves the stack that is deployed."""

from __future__ import annotations

import importlib.util
import json
import shlex
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def smoke() -> ModuleType:
    spec = importlib.util.spec_from_file_location("prod_smoke", ROOT / "scripts" / "prod_smoke.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["prod_smoke"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def compose_services() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_the_smoke_runs_each_service_with_its_compose_command(
    smoke: ModuleType, service: str
) -> None:
    launched: dict[str, list[str]] = {}
    stack = smoke.Stack(env={})
    stack.start = lambda name, argv, env=None: launched.__setitem__(name, argv)
    stack.start_app(service)
    # compose hands `$$` to the container's shell as `$`, and splits the string like a shell.
    expected = shlex.split(compose_services()[service]["command"].replace("$$", "$"))
    assert launched == {service: expected}


def test_the_compose_commands_are_the_production_shape(smoke: ModuleType) -> None:
    commands = smoke.service_commands()
    assert commands["web"].startswith("sh -c ")
    web = shlex.split(commands["web"])[2]
    assert "python manage.py migrate --noinput" in web
    assert "gunicorn config.wsgi --bind 0.0.0.0:${PORT:-8000} --workers 2" in web
    assert commands["worker"] == "celery -A config worker --loglevel=INFO --concurrency=2"
    assert commands["beat"] == "celery -A config beat --loglevel=INFO"


def test_the_smoke_uses_the_image_settings_module(smoke: ModuleType) -> None:
    assert smoke.dockerfile_settings_module() == "config.settings.production"
    env = smoke.environment("token")
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    # Every variable compose gives the app containers is given by the smoke too.
    compose_env = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["x-app"]["environment"]
    assert set(compose_env) - {"SECURE_SSL_REDIRECT"} <= set(env)


def test_the_smoke_checks_hashed_static_names(smoke: ModuleType) -> None:
    assert smoke.HASHED_STATIC.search("/static/css/portal.3f2a9c1b7d4e.css")
    assert not smoke.HASHED_STATIC.search("/static/css/portal.css")
    page = '<link href="/static/css/portal.css"><script src="/static/js/a.0123456789ab.js">'
    assert smoke.STATIC_REF.findall(page) == [
        "/static/css/portal.css",
        "/static/js/a.0123456789ab.js",
    ]


def test_totp_codes_follow_rfc_6238(smoke: ModuleType) -> None:
    # RFC 6238 appendix B (SHA-1 seed "12345678901234567890"), last six digits.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert smoke.totp(secret, at=59) == "287082"
    assert smoke.totp(secret, at=1111111109) == "081804"


def test_the_smoke_fails_on_a_traceback_or_a_500(smoke: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "beat.log").write_text("beat: Starting...\n")
    assert smoke.scan_logs(tmp_path) == []
    ok = {"logger": "masp.request", "route": "healthz", "status": 503}
    (tmp_path / "web.log").write_text(json.dumps(ok) + "\n")
    assert smoke.scan_logs(tmp_path) == []  # /healthz says 503 during the drills, by design
    failed = {"logger": "masp.request", "route": "reporting:list", "status": 500}
    (tmp_path / "web.log").write_text(json.dumps(failed) + "\n")
    (tmp_path / "worker.log").write_text("Traceback (most recent call last):\n")
    problems = smoke.scan_logs(tmp_path)
    assert len(problems) == 2
    assert "worker.log" in problems[1]


def test_the_smoke_fails_on_an_unhashed_static_file(smoke: ModuleType) -> None:
    page = '<script src="/static/js/report_request_form.js"></script>'
    with pytest.raises(smoke.SmokeFailure, match="sans empreinte"):
        smoke.check_static(None, page, "/rapports-pdf/")
