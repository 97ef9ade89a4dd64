"""Celery tasks of the large exports: thin wrappers that take ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from reporting.attempts import job_task_options
from reporting.exports import services


@shared_task(
    **job_task_options(
        soft_time_limit=settings.MASP_EXPORT_SOFT_TIME_LIMIT,
        time_limit=settings.MASP_EXPORT_TIME_LIMIT,
    )
)
def build_export(request_id: int) -> None:
    services.export_build(request_id=request_id)


@shared_task
def sweep_exports() -> dict[str, int]:
    return services.exports_sweep(now=timezone.now())


@shared_task
def purge_exports() -> int:
    return services.exports_purge(now=timezone.now())
