"""Project-level views: the health probe and the benchmarks' floor."""

from __future__ import annotations

import logging
import uuid

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
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
    except DatabaseError as error:
        # An expected outage: one line, no traceback (log scans treat those as bugs).
        logger.warning("healthz: database unavailable (%s)", type(error).__name__)
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


def cache_status() -> str:
    """The shared cache (Redis in production) takes a value and gives it back."""
    probe = uuid.uuid4().hex
    try:
        cache.set("healthz:probe", probe, timeout=10)
        same = cache.get("healthz:probe") == probe
    except Exception:
        logger.warning("healthz: cache unavailable")  # never the URL (it may hold a password)
        return "unavailable"
    return "ok" if same else "unavailable"


@login_not_required
@never_cache
@require_GET
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the cache and the broker answer (the broker is "eager" without
    one: tasks run in the process), 503 with the failing one marked "unavailable"."""
    body = {
        "status": "ok",
        "database": database_status(),
        "broker": broker_status(),
        "cache": cache_status(),
    }
    healthy = all(body[part] in ("ok", "eager") for part in ("database", "broker", "cache"))
    if not healthy:
        body["status"] = "error"
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def bench_floor(request: HttpRequest) -> HttpResponse:
    """The benchmarks' floor: a logged-in page through the whole middleware stack and the
    portal's layout (header, navigation, footer), with nothing of its own. Page times are
    measured as ratios to it (docs/performance.md), so the ratio is what a page adds."""
    return render(request, "config/bench_floor.html")
