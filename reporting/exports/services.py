"""Write paths of large exports: request, build (by a worker), sweep.

The same pattern as the PDF reports (`reporting.pdf.services`): the `ExportRequest` row is the
source of truth, a Celery message only says "look at row N", a build claims the row with a
conditional update (a message delivered twice builds once), and the sweeper re-enqueues what a
lost message or a dead worker left behind.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exports.base import parse_params
from common.exports.writers import xlsx_file
from reporting.attempts import claim_row, dispatch, own_row, run_attempt, sweep
from reporting.enums import JobStatus
from reporting.exports.specs import EXPORTS
from reporting.models import ExportRequest

logger = logging.getLogger(__name__)

# The query parameters a worker replays (the others are meaningless for an XLSX).
REPLAYED = ("from", "to", "region", "department", "status", "header", "lang")


def enqueue_export(request_id: int) -> None:
    from reporting.exports.tasks import build_export  # the task module imports this one

    dispatch(build_export, request_id)


@transaction.atomic
def export_request(*, user: Any, name: str, query: Any, rows: int) -> ExportRequest:
    """Ask a worker for an export; the parameters must have been checked by the caller."""
    params = {key: query.get(key) for key in REPLAYED if query.get(key)}
    request = ExportRequest.objects.create(
        name=name,
        fmt="xlsx",
        params=params,
        requested_by=user,
        rows=rows,
        enqueued_at=timezone.now(),
    )
    transaction.on_commit(lambda: enqueue_export(request.pk), robust=True)
    return request


def _claim(request_id: int) -> ExportRequest | None:
    return claim_row(ExportRequest.objects.select_related("requested_by"), request_id)


def export_build(*, request_id: int) -> ExportRequest | None:
    """Build a claimed request's file. Raises when the attempt failed and another one is
    allowed (the task retries); on the last attempt marks the row failed."""
    return run_attempt(
        request_id, claim=_claim, mine=own_row, produce=_produce, label="export request"
    )


def _produce(request: ExportRequest) -> None:
    spec = EXPORTS[request.name]
    params = parse_params(request.params)
    # The requester's scope, read now: a membership removed meanwhile narrows the file.
    with xlsx_file(spec, spec.values(request.requested_by, params), params) as handle:
        path = f"exports/{timezone.now():%Y/%m}/export-{request.pk}-{request.name}.xlsx"
        name = default_storage.save(path, File(handle))
        size = default_storage.size(name)
    done = own_row(request).update(
        status=JobStatus.DONE, file=name, size=size, finished_at=timezone.now(), error=""
    )
    if not done:  # another attempt owns the row now: leave no second file behind
        default_storage.delete(name)


def exports_purge(*, now: dt.datetime) -> int:
    """Delete the requests finished more than `MASP_EXPORT_RETENTION_DAYS` ago, then their
    files once the deletion is committed (a rollback keeps both)."""
    with transaction.atomic():
        expired = list(
            ExportRequest.objects.expired(now).select_for_update().values_list("pk", "file")
        )
        ExportRequest.objects.filter(pk__in=[pk for pk, _name in expired]).delete()
        files = [name for _pk, name in expired if name]
        transaction.on_commit(lambda: _delete_files(files))
    if expired:
        logger.info("export purge: %s requests, %s files", len(expired), len(files))
    return len(expired)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def exports_sweep(*, now: dt.datetime) -> dict[str, int]:
    """Re-enqueue requests left pending (lost message); retry or fail those running past the
    hard time limit (dead worker)."""
    return sweep(
        ExportRequest.objects.all(),
        now=now,
        enqueue=enqueue_export,
        timed_out=_("L'export a dépassé le délai maximal à chaque tentative."),
        label="export",
    )
