"""Fault drill: the database connection drops between two requests (a PostgreSQL restart, a
proxy's idle timeout). With persistent connections and CONN_HEALTH_CHECKS, the next request
opens a new connection and succeeds."""

from __future__ import annotations

import io
from typing import Any

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from tests.personas import World

# SQLite runs in-process: there is no server-side connection to lose (and its backend's
# is_usable() is always true). CI runs this on PostgreSQL.
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a database server"),
    pytest.mark.django_db(transaction=True),
]


def get(path: str) -> tuple[str, str]:
    """A request through the real WSGI handler: unlike the test client, it sends the
    request_started signal that checks the connection before use."""
    environ = RequestFactory().get(path).environ
    environ["wsgi.input"] = io.BytesIO()
    answer: dict[str, str] = {}

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        answer["status"] = status

    body = b"".join(WSGIHandler()(environ, start_response))
    return answer["status"], body.decode()


def drop_the_connection() -> None:
    """Cut the app's connection from the server side, as a restart would."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def persistent_connections() -> Any:
    settings_dict = connection.settings_dict
    saved = settings_dict["CONN_MAX_AGE"], settings_dict["CONN_HEALTH_CHECKS"]
    settings_dict["CONN_MAX_AGE"] = 600
    connection.close()  # reopened with the settings above
    yield settings_dict
    settings_dict["CONN_MAX_AGE"], settings_dict["CONN_HEALTH_CHECKS"] = saved
    connection.close()


def test_the_next_request_succeeds_after_the_connection_dropped(
    live_world: World, persistent_connections: dict[str, Any]
) -> None:
    assert persistent_connections["CONN_HEALTH_CHECKS"] is True  # config/settings/base.py
    status, body = get("/annuaire/")
    assert status.startswith("200"), body
    assert connection.connection is not None  # kept open between requests
    before = connection.connection
    drop_the_connection()
    status, body = get("/annuaire/")
    assert status.startswith("200"), body
    assert "Maison A" in body
    assert connection.connection is not before  # a fresh connection


def test_without_health_checks_the_same_drop_fails_the_request(
    live_world: World, persistent_connections: dict[str, Any]
) -> None:
    """The drill's control: it is the health check that saves the request."""
    persistent_connections["CONN_HEALTH_CHECKS"] = False
    status, _body = get("/annuaire/")
    assert status.startswith("200")
    drop_the_connection()
    status, _body = get("/annuaire/")
    assert status.startswith("500")
