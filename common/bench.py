"""Shared pieces of the benchmark data (`manage.py seed_bench`): the plan every
`<app>.bench_data` module receives, and batched bulk inserts."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone
from psycopg import sql

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
    """Insert `objects` in batches; returns them saved, with their pk. On PostgreSQL by
    `COPY FROM STDIN` (the keys drawn from the table's sequence first): building the SQL of
    bulk_create, a placeholder and an adapted value per field and row, took most of
    seed_bench's time, which make bench holds to three times a raw COPY of the same rows
    (docs/performance.md). Elsewhere (SQLite in the tests) by bulk_create. Like bulk_create,
    no signal is sent and no `save()` runs."""
    insert = _copy if connection.vendor == "postgresql" else _bulk_create
    saved: list[Any] = []
    batch: list[Any] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH_SIZE:
            saved += insert(model, batch)
            batch = []
    if batch:
        saved += insert(model, batch)
    return saved


def _bulk_create(model: type[models.Model], batch: list[Any]) -> list[Any]:
    return model._default_manager.bulk_create(batch)


# Values PostgreSQL's COPY takes as Python gives them (psycopg adapts them); other fields'
# values go through get_db_prep_save (JSON, files, ...).
PLAIN_FIELDS = (
    models.IntegerField,  # the auto fields too
    models.CharField,  # email, slug
    models.TextField,
    models.BooleanField,
    models.DateField,  # and DateTimeField
    models.DecimalField,
    models.FloatField,
    models.ForeignKey,
)


def _copy(model: type[models.Model], batch: list[Any]) -> list[Any]:
    meta = model._meta
    fields = list(meta.concrete_fields)
    pk = meta.pk
    assert pk is not None
    plain = [isinstance(field, PLAIN_FIELDS) for field in fields]
    for obj in batch:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    with connection.cursor() as cursor:
        missing = [obj for obj in batch if obj.pk is None]
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(missing)],
            )
            for obj, (key,) in zip(missing, cursor.fetchall(), strict=True):
                obj.pk = key
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(meta.db_table),
            sql.SQL(", ").join(sql.Identifier(field.column) for field in fields),
        )
        with cursor.cursor.copy(statement) as copy:
            for obj in batch:
                copy.write_row(
                    [
                        field.pre_save(obj, True)
                        if is_plain
                        else field.get_db_prep_save(field.pre_save(obj, True), connection)
                        for field, is_plain in zip(fields, plain, strict=True)
                    ]
                )
    for obj in batch:
        obj._state.adding = False
        obj._state.db = connection.alias
    return batch


def spread(items: Sequence[Any], index: int) -> Any:
    return items[index % len(items)]
