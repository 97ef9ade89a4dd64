"""Celery tasks of the reporting app: thin wrappers that take ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from reporting import services
from reporting.exports import services as export_services


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=60,
    retry_jitter=True,
    # One more than the attempts the row allows: the service marks the last one failed itself.
    max_retries=settings.MASP_REPORT_MAX_ATTEMPTS,
    soft_time_limit=settings.MASP_REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.MASP_REPORT_TIME_LIMIT,
)
def render_report(request_id: int) -> None:
    services.report_render(request_id=request_id)


@shared_task
def sweep_reports() -> dict[str, int]:
    return services.reports_sweep(now=timezone.now())


@shared_task
def request_semester_reports() -> int:
    return len(services.reports_request_semester(today=timezone.localdate()))


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=settings.MASP_REPORT_MAX_ATTEMPTS,
    soft_time_limit=settings.MASP_EXPORT_SOFT_TIME_LIMIT,
    time_limit=settings.MASP_EXPORT_TIME_LIMIT,
)
def build_export(request_id: int) -> None:
    export_services.export_build(request_id=request_id)


@shared_task
def sweep_exports() -> dict[str, int]:
    return export_services.exports_sweep(now=timezone.now())


@shared_task
def purge_exports() -> int:
    return export_services.exports_purge(now=timezone.now())
