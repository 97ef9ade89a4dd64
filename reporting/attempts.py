"""One attempt of a job whose database row is the source of truth (PDF reports, large exports):
claim the row, produce the file, and on failure either hand back for a retry or mark it failed."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from celery.exceptions import Retry
from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from reporting.enums import JobStatus

if TYPE_CHECKING:
    from reporting.models import JobQuerySet

logger = logging.getLogger(__name__)
Row = TypeVar("Row")


def dispatch(task: Any, request_id: int) -> None:
    """Send the task to the workers; without a broker, run its attempts here, one after the
    other (Celery's eager mode raises `Retry` instead of retrying)."""
    if not task.app.conf.task_always_eager:
        task.delay(request_id)
        return
    for _attempt in range(settings.MASP_REPORT_MAX_ATTEMPTS):
        try:
            task.apply(args=[request_id], throw=True)
        except Retry:
            continue
        return


def claim_row(queryset: models.QuerySet[Any], request_id: int) -> Any:
    """pending -> running, atomically: only one delivery of a message gets the row."""
    claimed = queryset.filter(pk=request_id, status=JobStatus.PENDING).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
        finished_at=None,
    )
    return queryset.get(pk=request_id) if claimed else None


def own_row(request: Any) -> models.QuerySet[Any]:
    """The row as long as this attempt still owns it (the sweeper may have taken it over)."""
    return type(request).objects.filter(
        pk=request.pk, status=JobStatus.RUNNING, attempts=request.attempts
    )


def run_attempt(
    request_id: int,
    *,
    claim: Callable[[int], Row | None],
    mine: Callable[[Row], Any],
    produce: Callable[[Row], None],
    label: str,
) -> Row | None:
    """`claim` takes the row (None: nothing to do), `mine` is the queryset of this very
    attempt, `produce` writes the file. Raises when the attempt failed and another one is
    allowed (the task retries); on the last attempt marks the row failed."""
    with transaction.atomic():
        request = claim(request_id)
    if request is None:
        logger.info("%s %s: nothing to do", label, request_id)
        return None
    try:
        produce(request)
    except Exception as error:
        final = request.attempts >= settings.MASP_REPORT_MAX_ATTEMPTS  # type: ignore[attr-defined]
        mine(request).update(
            status=JobStatus.FAILED if final else JobStatus.PENDING,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now() if final else None,
            enqueued_at=timezone.now(),
        )
        if not final:
            raise
        logger.exception("%s %s failed after %s attempts", label, request_id, request.attempts)  # type: ignore[attr-defined]
    request.refresh_from_db()  # type: ignore[attr-defined]
    return request


def sweep(
    rows: JobQuerySet[Any],
    *,
    now: dt.datetime,
    enqueue: Callable[[int], None],
    timed_out: str,
    label: str,
) -> dict[str, int]:
    """Recover what the broker or a worker lost among `rows`: re-enqueue
    those left pending for more than a few minutes (lost message); retry, or fail after the
    last attempt with the message `timed_out`, those running past the hard time limit (dead
    worker)."""
    counts = {"requeued": 0, "retried": 0, "failed": 0}

    def requeue(pk: int, status: str, attempts: int | None = None) -> int:
        found = rows.filter(pk=pk, status=status)
        if attempts is not None:
            found = found.filter(attempts=attempts)
        changed: int = found.update(status=JobStatus.PENDING, enqueued_at=now)
        if changed:
            transaction.on_commit(lambda: enqueue(pk), robust=True)
        return changed

    with transaction.atomic():
        for pk in list(rows.stale_pending(now).values_list("pk", flat=True)):
            counts["requeued"] += requeue(pk, JobStatus.PENDING)
        for request in rows.stuck_running(now):
            if request.attempts >= settings.MASP_REPORT_MAX_ATTEMPTS:
                counts["failed"] += own_row(request).update(
                    status=JobStatus.FAILED, error=timed_out, finished_at=now
                )
            else:
                counts["retried"] += requeue(request.pk, JobStatus.RUNNING, request.attempts)
    if any(counts.values()):
        logger.warning("%s sweep: %s", label, counts)
    return counts


def job_task_options(*, soft_time_limit: int, time_limit: int) -> dict[str, Any]:
    """Celery options of a job task: retried with backoff on any error, one more time than the
    attempts the row allows (the service marks the last attempt failed itself)."""
    return {
        "acks_late": True,
        "autoretry_for": (Exception,),
        "retry_backoff": True,
        "retry_backoff_max": 60,
        "retry_jitter": True,
        "max_retries": settings.MASP_REPORT_MAX_ATTEMPTS,
        "soft_time_limit": soft_time_limit,
        "time_limit": time_limit,
    }
