"""Shared pieces of the benchmark data (`manage.py seed_bench`): the plan every
`<app>.bench_data` module receives, and batched bulk inserts."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

BATCH_SIZE = 2_000
BENCH_DOMAIN = "bench.example.org"


@dataclass(frozen=True)
class BenchPlan:
    """How much to create: `sites` houses with `months` monthly reports each, the last one
    being the month before `until` (the current month by default)."""

    sites: int
    months: int
    seed: int = 2026
    until: dt.date | None = None

    def rng(self, *parts: object) -> random.Random:
        """A generator of its own for each (app, object): adding an app or a house does not
        shift the figures of the others."""
        key = "-".join(str(part) for part in (self.seed, *parts))
        return random.Random(key)  # noqa: S311 - synthetic data, not security

    def month_starts(self) -> list[dt.date]:
        """First days of the `months` reported months, oldest first."""
        current = (self.until or timezone.localdate()).replace(day=1)
        starts = []
        for _month in range(self.months):
            current = (current - dt.timedelta(days=1)).replace(day=1)
            starts.append(current)
        return starts[::-1]


def bulk_insert(model: type[models.Model], objects: Iterable[Any]) -> list[Any]:
    """bulk_create in batches; returns the saved objects (with their pk on PostgreSQL and
    SQLite, which both support RETURNING)."""
    saved: list[Any] = []
    batch: list[Any] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH_SIZE:
            saved += model._default_manager.bulk_create(batch)
            batch = []
    if batch:
        saved += model._default_manager.bulk_create(batch)
    return saved


def spread(items: Sequence[Any], index: int) -> Any:
    return items[index % len(items)]
