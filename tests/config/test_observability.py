"""Issue 28: one log line per request with its id, the id carried to Celery tasks, Sentry
without personal data, and the Prometheus metrics behind a token."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings

from config import observability
from config.observability import (
    RequestIdFilter,
    add_request_id_header,
    end_task_context,
    incoming_request_id,
    request_id_var,
    start_task_context,
)
from tests.config.test_production_settings import GOOD

ROOT = Path(__file__).resolve().parents[2]
LOGGED = override_settings(
    MIDDLEWARE=["config.observability.RequestLogMiddleware", *settings.MIDDLEWARE]
)


def test_a_safe_incoming_request_id_is_kept() -> None:
    assert incoming_request_id("req-42.a:b_c") == "req-42.a:b_c"


@pytest.mark.parametrize("value", [None, "", "a b", "x" * 65, "id\nforged line", "é"])
def test_an_unsafe_or_missing_request_id_is_replaced(value: str | None) -> None:
    generated = incoming_request_id(value)
    assert generated != value
    assert len(generated) == 32
    int(generated, 16)


@pytest.mark.django_db
@LOGGED
def test_one_line_per_request_with_id_route_status_and_duration(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="masp.request"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-123")
    assert response["X-Request-ID"] == "proxy-123"
    (record,) = [r for r in caplog.records if r.name == "masp.request"]
    assert record.request_id == "proxy-123"  # type: ignore[attr-defined]
    assert record.route == "healthz"  # type: ignore[attr-defined]
    assert record.status == 200  # type: ignore[attr-defined]
    assert record.method == "GET"  # type: ignore[attr-defined]
    assert record.user_id is None  # type: ignore[attr-defined]
    assert isinstance(record.duration_ms, float)  # type: ignore[attr-defined]
    assert request_id_var.get() == ""  # nothing leaks to the next request


@pytest.mark.django_db
@LOGGED
def test_the_line_names_the_user_by_id_and_the_route_by_name(
    client: Client, caplog: pytest.LogCaptureFixture, django_user_model: type
) -> None:
    user = django_user_model.objects.create_user(email="someone@example.org", password="x" * 14)
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="masp.request"):
        response = client.get("/rapports-pdf/", HTTP_X_REQUEST_ID="bad id")
    (record,) = [r for r in caplog.records if r.name == "masp.request"]
    assert record.user_id == user.pk  # type: ignore[attr-defined]
    assert record.route == "reporting:list"  # type: ignore[attr-defined]
    assert record.status == response.status_code  # type: ignore[attr-defined]
    assert record.request_id == response["X-Request-ID"] != "bad id"  # type: ignore[attr-defined]
    assert "someone@example.org" not in record.getMessage()


def test_every_log_record_gets_the_current_request_id() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    token = request_id_var.set("abc")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    assert record.request_id == "abc"  # type: ignore[attr-defined]


def test_a_task_sent_during_a_request_carries_its_id() -> None:
    headers: dict[str, str] = {}
    token = request_id_var.set("req-1")
    try:
        add_request_id_header(headers=headers, body=None)
    finally:
        request_id_var.reset(token)
    assert headers == {"request_id": "req-1"}
    untouched: dict[str, str] = {}
    add_request_id_header(headers=untouched)  # no request: no header
    assert untouched == {}


def test_the_task_logs_with_the_id_of_the_request_that_sent_it() -> None:
    task = SimpleNamespace(request=SimpleNamespace(request_id="req-1", headers=None))
    start_task_context(task_id="t1", task=task)
    try:
        assert request_id_var.get() == "req-1"
    finally:
        end_task_context(task_id="t1")
    assert request_id_var.get() == ""
    # Protocol 1 put custom headers under `headers`; a task without one gets a fresh id.
    old = SimpleNamespace(request=SimpleNamespace(headers={"request_id": "req-2"}))
    start_task_context(task_id="t2", task=old)
    assert request_id_var.get() == "req-2"
    end_task_context(task_id="t2")
    start_task_context(task_id="t3", task=SimpleNamespace(request=SimpleNamespace()))
    assert len(request_id_var.get()) == 32
    end_task_context(task_id="t3")


def test_the_celery_app_wires_the_request_id_signals() -> None:
    from celery import signals

    def receivers(signal: object) -> list[object]:
        return [receiver for _key, receiver in signal.receivers]  # type: ignore[attr-defined]

    assert observability.add_request_id_header in receivers(signals.before_task_publish)
    assert observability.start_task_context in receivers(signals.task_prerun)
    assert observability.end_task_context in receivers(signals.task_postrun)


@pytest.mark.django_db
def test_metrics_are_absent_without_a_token(client: Client) -> None:
    with override_settings(MASP_METRICS_TOKEN=""):
        assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
@override_settings(MASP_METRICS_TOKEN="s3cret-token")
@pytest.mark.parametrize("header", [None, "Bearer wrong", "s3cret-token", "Bearer s3cret-token "])
def test_metrics_refuse_a_missing_or_wrong_token(client: Client, header: str | None) -> None:
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.get("/metrics", **extra)
    assert response.status_code == 403
    assert "jeton" in response.json()["detail"].lower()


@pytest.mark.django_db
@override_settings(MASP_METRICS_TOKEN="s3cret-token")
def test_metrics_are_served_with_the_token(client: Client) -> None:
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert b"# TYPE" in response.content
    assert client.post("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 405


def test_sentry_is_initialised_without_personal_data() -> None:
    with mock.patch("sentry_sdk.init") as init:
        observability.init_sentry(
            "https://key@sentry.example.org/1", environment="prod", release="", traces_sample_rate=0
        )
    options = init.call_args.kwargs
    assert options["dsn"] == "https://key@sentry.example.org/1"
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
    assert options["release"] is None
    names = {type(integration).__name__ for integration in options["integrations"]}
    assert names == {"DjangoIntegration", "CeleryIntegration"}


# The production settings, in a process of their own: JSON lines on stderr, Sentry, metrics.
PROBE = """
import django, logging
django.setup()
from django.conf import settings
from django.test import Client
import sentry_sdk
client = Client()
# /metrics renders no template and reads no table: 404 without METRICS_TOKEN, else 403.
response = client.get("/metrics", secure=True, HTTP_X_REQUEST_ID="probe-1")
print("status", response.status_code, response["X-Request-ID"])
print("sentry", sentry_sdk.get_client().is_active())
print("prometheus", "django_prometheus" in settings.INSTALLED_APPS)
print("dsn-setting", any("SENTRY" in name for name in dir(settings)))
logging.getLogger("masp.test").warning("a line")
"""


def run_probe(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "METRICS_TOKEN"}}
    environment.update(
        GOOD,
        DJANGO_SETTINGS_MODULE="config.settings.production",
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


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_production_logs_one_json_line_per_request(tmp_path: Path) -> None:
    result = run_probe(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "status 404 probe-1" in result.stdout
    lines = json_lines(result.stderr)
    (request,) = [line for line in lines if line["logger"] == "masp.request"]
    assert request["request_id"] == "probe-1"
    assert request["status"] == 404
    assert request["route"] == "metrics"
    assert request["method"] == "GET"
    assert request["user_id"] is None
    assert request["level"] == "INFO"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", request["time"])
    assert set(request) >= {"time", "message", "route", "duration_ms"}
    other = next(line for line in lines if line["logger"] == "masp.test")
    assert other["request_id"] == ""  # outside a request: present, empty
    assert "sentry False" in result.stdout
    assert "prometheus False" in result.stdout


def test_production_wires_sentry_and_metrics_when_configured(tmp_path: Path) -> None:
    result = run_probe(
        tmp_path, SENTRY_DSN="https://public@sentry.example.org/1", METRICS_TOKEN="t" * 32
    )
    assert result.returncode == 0, result.stderr
    assert "status 403 probe-1" in result.stdout
    assert "sentry True" in result.stdout
    assert "prometheus True" in result.stdout
    assert "dsn-setting False" in result.stdout  # the DSN is not a setting anyone can print
