"""Production observability: a request id carried from the HTTP request to the Celery tasks it
sends, one JSON log line per request, Sentry and the Prometheus metrics behind a token.

The request id lives in a context variable: the middleware sets it for the request, the
`task_prerun` handler for a task; `RequestIdFilter` copies it onto every log record, so every line
a request or a task writes carries it (docs/operations.md, "Journaux et métriques").
"""

from __future__ import annotations

import hmac
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

REQUEST_ID_HEADER = "X-Request-ID"
# Celery message header that carries the id from the request to the task.
TASK_HEADER = "request_id"
# An incoming id is kept only if it is short and plain: it goes into every log line.
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
access_logger = logging.getLogger("masp.request")


def incoming_request_id(value: str | None) -> str:
    """The proxy's id when it is a safe one, else a new one."""
    if value and SAFE_REQUEST_ID.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (empty outside a request or a task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


class RequestLogMiddleware:
    """Outermost middleware: gives the request its id (X-Request-ID in and out) and writes one
    log line when the response leaves: route name, status, duration, user id (never the email)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = incoming_request_id(request.headers.get(REQUEST_ID_HEADER))
        token = request_id_var.set(request_id)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            access_logger.info(
                "%s %s %s",
                request.method,
                _route(request),
                response.status_code,
                extra={"request_id": request_id, **_fields(request, response.status_code, start)},
            )
            return response
        finally:
            request_id_var.reset(token)


def _route(request: HttpRequest) -> str:
    """The URL pattern's name (`masp:report_edit`), not the path: no ids, no personal data."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return match.view_name or match.route or ""


def _fields(request: HttpRequest, status: int, start: float) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "method": request.method,
        "route": _route(request),
        "status": status,
        "duration_ms": round((time.perf_counter() - start) * 1000, 1),
        "user_id": user.pk if user is not None and user.is_authenticated else None,
    }


# --- Celery: the request id travels in the message headers ---------------------------------


def add_request_id_header(headers: dict[str, Any] | None = None, **_kwargs: Any) -> None:
    """`before_task_publish`: a task sent while a request (or a task) runs carries its id."""
    request_id = request_id_var.get()
    if headers is not None and request_id and not headers.get(TASK_HEADER):
        headers[TASK_HEADER] = request_id


def _task_request_id(task: Any) -> str:
    context = getattr(task, "request", None)
    value = getattr(context, TASK_HEADER, None)
    if not value:  # older protocol: custom headers under `headers`
        value = (getattr(context, "headers", None) or {}).get(TASK_HEADER)
    return str(value) if value and SAFE_REQUEST_ID.match(str(value)) else uuid.uuid4().hex


_task_tokens: dict[str, Any] = {}


def start_task_context(task_id: str = "", task: Any = None, **_kwargs: Any) -> None:
    """`task_prerun`: the task's log lines carry the id of the request that sent it."""
    _task_tokens[task_id] = request_id_var.set(_task_request_id(task))


def end_task_context(task_id: str = "", **_kwargs: Any) -> None:
    """`task_postrun`: back to no id."""
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id_var.reset(token)
    else:
        request_id_var.set("")


# --- Sentry --------------------------------------------------------------------------------


def init_sentry(dsn: str, *, environment: str, release: str, traces_sample_rate: float) -> None:
    """Errors of web requests and Celery tasks go to Sentry; no personal data (no cookies,
    user address or IP), no request bodies (forms carry passwords and reports' figures)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )


# --- Prometheus ------------------------------------------------------------------------------


def metrics_token_ok(request: HttpRequest, token: str) -> bool:
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@login_not_required
@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """django-prometheus' metrics, for the scraper that holds METRICS_TOKEN only: absent (404)
    when no token is configured, 403 without the right `Authorization: Bearer` header."""
    token = getattr(settings, "MASP_METRICS_TOKEN", "")
    if not token:
        return JsonResponse({"detail": "Page introuvable."}, status=404)
    if not metrics_token_ok(request, token):
        return JsonResponse({"detail": "Jeton de métriques absent ou invalide."}, status=403)
    from django_prometheus.exports import ExportToDjangoView

    return ExportToDjangoView(request)
