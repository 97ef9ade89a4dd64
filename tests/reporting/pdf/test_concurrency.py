"""Two identical PDF requests at the same moment (threads, PostgreSQL): one request row, one
rendering."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

from reporting.models import ReportRequest
from reporting.pdf import services
from territories.models import Region
from tests.concurrency import race, requires_postgresql
from tests.personas import World
from tests.reporting.conftest import FakeRenderer

pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]


def test_two_identical_requests_at_once_give_one_rendering(
    live_world: World, renderer: FakeRenderer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both requests have gathered their data (and computed the same fingerprint) before either
    # looks for an existing request: the worst interleaving, every time.
    gathered = threading.Barrier(2)
    gather = services.gather_report
    waiting = threading.Semaphore(2)  # the two requests wait; the rendering does not

    def gather_together(context: Any) -> Any:
        result = gather(context)
        if waiting.acquire(blocking=False):
            gathered.wait(timeout=10)
        return result

    monkeypatch.setattr(services, "gather_report", gather_together)
    agent = live_world.users["ars_a"]

    def ask() -> ReportRequest:
        return services.report_request(
            user=agent,
            kind="region",
            region=Region.objects.get(code="32"),
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 6, 30),
        )

    first, second = race(ask, ask)
    assert isinstance(first, ReportRequest), first
    assert isinstance(second, ReportRequest), second
    assert first.pk == second.pk
    assert ReportRequest.objects.count() == 1
    assert renderer.calls == 1
    assert ReportRequest.objects.get().status == "done"
