"""Run functions at the same moment in threads, each with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL (SQLite serialises whole-database writes); CI runs it",
)


def race(*calls: Callable[[], Any], timeout: float = 30) -> list[Any]:
    """Start every call behind a barrier; return each one's result or raised exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # the caller inspects it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a racing call did not finish"
    return results


def held_for(seconds: float, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, then a pause: whoever got a lock keeps it long enough for the other racer
    to arrive, so the test does not depend on scheduling luck."""
    import time

    def slow(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        time.sleep(seconds)
        return result

    return slow
