"""Project-level views: the health probe and the benchmarks' floor."""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("healthz: database unavailable", exc_info=True)
        return "unavailable"
    return "ok"


def broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except (redis.RedisError, ValueError):
        # The URL may hold a password: log the failure, never the URL.
        logger.warning("healthz: broker unavailable")
        return "unavailable"
    return "ok"


@login_not_required
@never_cache
@require_GET
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    database = database_status()
    body = {"status": "ok", "database": database, "broker": broker_status()}
    if database != "ok":
        body["status"] = "error"
    return JsonResponse(body, status=200 if database == "ok" else 503)


@require_GET
def bench_floor(request: HttpRequest) -> HttpResponse:
    """The benchmarks' floor: a logged-in page through the whole middleware stack and the
    portal's layout (header, navigation, footer), with nothing of its own. Page times are
    measured as ratios to it (docs/performance.md), so the ratio is what a page adds."""
    return render(request, "config/bench_floor.html")
