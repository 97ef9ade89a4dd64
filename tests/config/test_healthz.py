from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.test.utils import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_ok_in_eager_mode(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager", "cache": "ok"}


def test_healthz_is_503_when_the_broker_is_unreachable(client: Client) -> None:
    with override_settings(
        CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:1/0"
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "broker": "unavailable",
        "cache": "ok",
    }


def test_healthz_is_503_when_the_cache_fails(client: Client) -> None:
    with mock.patch("config.views.cache.set", side_effect=ConnectionError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "broker": "eager",
        "cache": "unavailable",
    }


def test_healthz_is_503_when_the_cache_loses_values(client: Client) -> None:
    with mock.patch("config.views.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"


def test_healthz_reports_an_unreachable_redis_cache(client: Client) -> None:
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"


def test_healthz_reports_a_live_broker(client: Client, settings: object) -> None:
    with override_settings(
        CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=settings.TEST_REDIS_URL
    ):  # type: ignore[attr-defined]
        response = client.get("/healthz")
    assert response.json()["broker"] == "ok"


def test_healthz_is_503_when_the_database_fails(client: Client) -> None:
    with mock.patch("config.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "broker": "eager",
        "cache": "ok",
    }


def test_healthz_only_answers_get(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
