"""Celery tasks of the PDF syntheses: thin wrappers that take ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from reporting.attempts import job_task_options
from reporting.pdf import services


@shared_task(
    **job_task_options(
        soft_time_limit=settings.MASP_REPORT_SOFT_TIME_LIMIT,
        time_limit=settings.MASP_REPORT_TIME_LIMIT,
    )
)
def render_report(request_id: int) -> None:
    services.report_render(request_id=request_id)


@shared_task
def sweep_reports() -> dict[str, int]:
    return services.reports_sweep(now=timezone.now())


@shared_task
def request_semester_reports() -> int:
    return len(services.reports_request_semester(today=timezone.localdate()))
