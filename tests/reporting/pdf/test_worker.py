"""End to end with a real Redis broker and a real Celery worker process (solo pool): from the
API call to the downloaded PDF."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from pypdf import PdfReader

from reporting.pdf.tasks import render_report
from territories.models import Region
from tests.personas import World
from tests.reporting.conftest import RedisServer

WORKER_TIMEOUT = 90
WORKER_STARTUP_TIMEOUT = 180


def database_url() -> str:
    """The test database, as the worker process must reach it."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        assert "memory" not in name, "the worker process needs a file database"
        return f"sqlite:///{name}"
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


def use_broker(url: str, *, eager: bool, queue: str = "celery") -> None:
    app = render_report.app
    app.conf.broker_url = url
    app.conf.task_always_eager = eager
    # A queue of its own, so that test runs sharing one Redis never take each other's tasks.
    app.conf.task_default_queue = queue
    # Drop connections made with the previous broker.
    app._pool = None
    app.amqp._producer_pool = None


def wait_until_ready(process: subprocess.Popen[bytes], log: Path) -> None:
    """A loaded machine can take a minute to start a worker: the tests' own clock starts
    once it says it is ready."""
    deadline = time.monotonic() + WORKER_STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, "the worker died while starting"
        if b" ready." in log.read_bytes():
            return
        time.sleep(0.5)
    pytest.fail(f"the worker did not start within {WORKER_STARTUP_TIMEOUT} s")


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    """Stops a worker process the test started: asked first, killed if it does not stop."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def worker(
    private_storage: Path, tmp_path: Path, own_redis: RedisServer
) -> Iterator[subprocess.Popen[bytes]]:
    # A Redis of its own: no message of another test run (or another checkout) to take.
    broker = own_redis.url
    queue = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker,
        "PRIVATE_MEDIA_ROOT": str(private_storage),
        "EMAIL_URL": "consolemail://",
    }
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--loglevel=INFO", "--queues", queue],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    use_broker(broker, eager=False, queue=queue)
    try:
        wait_until_ready(process, tmp_path / "worker.log")
        yield process
    finally:
        use_broker("memory://", eager=True)
        stop_worker(process)
        log.close()
        print((tmp_path / "worker.log").read_text(errors="replace")[-4000:])  # shown on failure


@pytest.fixture
def reference_data() -> None:
    # A transactional test empties the database after itself; tests of that kind run last.
    if not Region.objects.exists():
        call_command("load_reference_data", stdout=io.StringIO())


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_a_request_from_the_api_to_a_pdf(
    reference_data: None, world: World, worker: subprocess.Popen[bytes]
) -> None:
    client = world.client("ars_a")
    response = client.post(
        "/api/v1/reports/",
        {"kind": "region", "region": "32", "period_start": "2026-01-01",
         "period_end": "2026-06-30"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "pending"
    report_id = response.json()["id"]

    body: dict[str, Any] = {}
    deadline = time.monotonic() + WORKER_TIMEOUT
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the worker died"
        body = client.get(f"/api/v1/reports/{report_id}/").json()
        if body["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert body["status"] == "done", body
    assert body["attempts"] == 1

    download = client.get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    pdf = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert len(pdf) == body["size"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Hauts-de-France" in text
    assert "Maison A" in text
    # Another region's agent does not see it.
    assert world.client("ars_other").get(body["download_url"]).status_code == 404


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_completes_a_lost_request_after_the_sweep(
    reference_data: None, world: World, worker: subprocess.Popen[bytes]
) -> None:
    from django.utils import timezone

    from reporting.enums import JobStatus
    from reporting.models import ReportRequest
    from reporting.pdf.services import reports_sweep
    from tests.reporting.factories import ReportRequestFactory

    # A request whose message never reached the broker.
    lost = ReportRequestFactory(site=world.site_a)
    later = timezone.now() + datetime.timedelta(minutes=10)
    assert reports_sweep(now=later)["requeued"] == 1
    deadline = time.monotonic() + WORKER_TIMEOUT
    while time.monotonic() < deadline and lost.status != JobStatus.DONE:
        assert worker.poll() is None, "the worker died"
        time.sleep(0.5)
        lost.refresh_from_db()
    assert lost.status == JobStatus.DONE
    assert lost.file.size == lost.size
    assert ReportRequest.objects.get(pk=lost.pk).attempts == 1
