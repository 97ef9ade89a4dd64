"""Fault drills with real processes: the broker (our own redis-server on a free port) stops
while a report is requested, and a worker process is killed (SIGKILL) mid-rendering. The
tests start and stop only the processes they started."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from reporting.enums import JobStatus
from reporting.models import ReportRequest
from reporting.pdf.services import reports_sweep
from reporting.pdf.tasks import sweep_reports
from tests.personas import World
from tests.reporting.conftest import RedisServer
from tests.reporting.pdf.test_worker import (
    WORKER_TIMEOUT,
    database_url,
    stop_worker,
    use_broker,
)

pytestmark = [pytest.mark.celery_worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REPORT = {
    "kind": "region",
    "region": "32",
    "period_start": "2026-01-01",
    "period_end": "2026-06-30",
}


Worker = Callable[..., subprocess.Popen[bytes]]


@pytest.fixture
def start_worker(private_storage: Path, tmp_path: Path) -> Iterator[Worker]:
    """Start a Celery worker process on a broker, as the worker test does (tests/reporting/
    test_worker.py), with extra environment and the pool of our choice."""
    started: list[subprocess.Popen[bytes]] = []
    log_path = tmp_path / "worker.log"

    def start(broker: str, *, pool: str = "solo", env: dict[str, str] | None = None,
              include: str | None = None) -> subprocess.Popen[bytes]:  # fmt: skip
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker,
            "PRIVATE_MEDIA_ROOT": str(private_storage),
            "EMAIL_URL": "consolemail://",
            **(env or {}),
        }
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}",
                   "--concurrency=1", "--without-gossip", "--without-mingle",
                   "--without-heartbeat", "--loglevel=INFO"]  # fmt: skip
        if include:
            command.append(f"--include={include}")
        log = log_path.open("ab")
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        started.append(process)
        use_broker(broker, eager=False)
        return process

    start.log = log_path  # type: ignore[attr-defined]
    yield start
    use_broker("memory://", eager=True)
    for process in started:
        stop_worker(process)
    if log_path.exists():
        print(log_path.read_text(errors="replace")[-6000:])  # shown on failure


def wait_for(condition: Callable[[], bool], what: str, timeout: float = WORKER_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}", False)


def status_of(pk: int) -> str:
    return ReportRequest.objects.get(pk=pk).status


def test_redis_stopped_while_a_report_is_requested(
    live_world: World, own_redis: RedisServer, start_worker: Worker
) -> None:
    worker = start_worker(own_redis.url, env={"REPORT_PENDING_GRACE": "1"})
    own_redis.stop()

    client = live_world.client("ars_a")
    began = time.monotonic()
    response = client.post("/api/v1/reports/", REPORT, content_type="application/json")
    assert response.status_code == 202, response.content  # the request is kept...
    assert time.monotonic() - began < 15  # ...without hanging on the dead broker
    pk = response.json()["id"]
    assert status_of(pk) == JobStatus.PENDING
    page = client.get("/rapports-pdf/").content.decode()
    assert f'id="report-{pk}"' in page
    assert "en attente" in page  # the page says it waits (and htmx keeps polling)
    assert "every 2s" in page

    own_redis.start()  # same port: the worker reconnects by itself
    time.sleep(float(os.environ.get("MASP_DRILL_PAUSE", "1.5")))  # older than the grace
    # Celery beat sends the sweep every five minutes; here, once, now.
    sweep_reports.delay()
    wait_for(lambda: status_of(pk) == JobStatus.DONE, "the report after Redis came back")
    assert worker.poll() is None
    report = ReportRequest.objects.get(pk=pk)
    assert report.attempts == 1
    assert report.file.size == report.size
    assert "prêt" in client.get("/rapports-pdf/").content.decode()


def test_a_worker_killed_mid_rendering_gives_exactly_one_file(
    live_world: World, own_redis: RedisServer, start_worker: Worker, tmp_path: Path,
    private_storage: Path,
) -> None:  # fmt: skip
    pidfile = tmp_path / "render.pid"
    worker = start_worker(
        own_redis.url,
        pool="prefork",
        env={"MASP_TEST_RENDER_PIDFILE": str(pidfile)},
        include="tests.reporting.pdf.slow_render",
    )
    client = live_world.client("ars_a")
    response = client.post("/api/v1/reports/", REPORT, content_type="application/json")
    assert response.status_code == 202, response.content
    pk = response.json()["id"]
    wait_for(pidfile.exists, "the rendering to start")
    wait_for(lambda: pidfile.read_text().strip() != "", "the render pid")
    child = int(pidfile.read_text())
    assert child != worker.pid  # the pool's process, ours by descent
    assert status_of(pk) == JobStatus.RUNNING
    os.kill(child, signal.SIGKILL)

    # reject_on_worker_lost: the message goes back to the queue and is delivered again; the
    # row is still claimed by the dead attempt, so the new delivery renders nothing.
    log: Path = start_worker.log  # type: ignore[attr-defined]
    wait_for(lambda: f"report request {pk}: nothing to do" in log.read_text(errors="replace"),
             "the redelivered message")  # fmt: skip
    assert status_of(pk) == JobStatus.RUNNING
    # The sweeper, once the hard time limit has passed, hands the row to a new attempt.
    later = timezone.now() + dt.timedelta(seconds=settings.MASP_REPORT_TIME_LIMIT + 120)
    assert reports_sweep(now=later)["retried"] == 1
    wait_for(lambda: status_of(pk) == JobStatus.DONE, "the second attempt")
    assert worker.poll() is None
    report = ReportRequest.objects.get(pk=pk)
    assert report.attempts == 2
    files = [path for path in private_storage.rglob("*.pdf") if path.is_file()]
    assert len(files) == 1, files
    assert files[0].read_bytes().startswith(b"%PDF-1.7 drill ")
    assert report.file.size == report.size
