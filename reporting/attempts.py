"""One attempt of a job whose database row is the source of truth (PDF reports, large exports):
claim the row, produce the file, and on failure either hand back for a retry or mark it failed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reporting.enums import ReportStatus

logger = logging.getLogger(__name__)
Row = TypeVar("Row")


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
            status=ReportStatus.FAILED if final else ReportStatus.PENDING,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now() if final else None,
            enqueued_at=timezone.now(),
        )
        if not final:
            raise
        logger.exception("%s %s failed after %s attempts", label, request_id, request.attempts)  # type: ignore[attr-defined]
    request.refresh_from_db()  # type: ignore[attr-defined]
    return request
