"""The Celery application; tasks run eagerly in-process when no broker is configured."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("masp")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live in feature packages (masp.activity, reporting.pdf, ...), not only at apps' roots.
app.autodiscover_tasks()
app.autodiscover_tasks(["masp.activity", "reporting.pdf", "reporting.exports"])
