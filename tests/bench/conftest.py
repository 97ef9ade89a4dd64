"""The benchmarks' floor page, mounted for the tests that measure it as bench/run.py mounts it."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import override_settings
from django.urls import clear_url_caches


def rebuild_urls() -> None:
    """Re-run `config.urls` under the current settings: it reads MASP_BENCH_FLOOR on import."""
    import config.urls

    importlib.reload(config.urls)
    clear_url_caches()


@contextmanager
def floor_mounted(mounted: bool = True) -> Iterator[None]:
    try:
        with override_settings(MASP_BENCH_FLOOR=mounted):
            rebuild_urls()
            yield
    finally:
        rebuild_urls()  # back to the URLs of the test settings


@pytest.fixture
def bench_floor() -> Iterator[None]:
    with floor_mounted():
        yield
