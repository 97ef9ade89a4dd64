"""The Celery application; tasks run eagerly in-process when no broker is configured."""

from __future__ import annotations

import logging.config
import os

from celery import Celery, signals

from config import observability

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("masp")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live in feature packages (masp.activity, reporting.pdf, ...), not only at apps' roots.
app.autodiscover_tasks()
app.autodiscover_tasks(["masp.activity", "reporting.pdf", "reporting.exports"])


# The request id of the HTTP request that sent a task goes with it (config/observability.py).
signals.before_task_publish.connect(observability.add_request_id_header, weak=False)
signals.task_prerun.connect(observability.start_task_context, weak=False)
signals.task_postrun.connect(observability.end_task_context, weak=False)


@signals.setup_logging.connect(weak=False)
def use_django_logging(**_kwargs: object) -> None:
    """Worker and beat log like the web processes (settings.LOGGING: JSON lines with the
    request id in production) instead of Celery's own format."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
