"""Shared pieces of the benchmark data (`manage.py seed_bench`): the plan every
`<app>.bench_data` module receives, and bulk inserts of rows given as tuples."""

from __future__ import annotations

import datetime as dt
import json
import random
from bisect import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from math import isfinite
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from psycopg import sql
from psycopg.types.json import Jsonb

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
        return BenchRandom(key)

    def month_starts(self) -> list[dt.date]:
        """First days of the `months` reported months, oldest first."""
        current = (self.until or timezone.localdate()).replace(day=1)
        starts = []
        for _month in range(self.months):
            current = (current - dt.timedelta(days=1)).replace(day=1)
            starts.append(current)
        return starts[::-1]


class BenchRandom(random.Random):
    """random.Random drawing the same numbers (tests/bench/test_seed_bench.py holds them
    equal), faster where the report figures draw a million times (`plausible_figures`):
    randint without randrange's argument conversions, weighted choices with the cumulative
    weights kept once per set of weights."""

    def __init__(self, seed: Any = None) -> None:
        super().__init__(seed)
        self._cumulative: dict[tuple[Any, ...], tuple[list[Any], float]] = {}

    def randint(self, a: int, b: int) -> int:
        if type(a) is not int or type(b) is not int or b < a:
            return super().randint(a, b)  # its conversions and errors
        return a + self._randbelow(b - a + 1)  # type: ignore[attr-defined] # what randint calls

    def choices(
        self,
        population: Any,
        weights: Any = None,
        *,
        cum_weights: Any = None,
        k: int = 1,
    ) -> list[Any]:
        if weights is None or cum_weights is not None:
            return super().choices(population, weights, cum_weights=cum_weights, k=k)
        try:
            key = tuple(weights)
        except TypeError:
            return super().choices(population, weights, k=k)  # its error
        if key not in self._cumulative:
            cumulative = list(accumulate(weights))
            total = cumulative[-1] + 0.0 if cumulative else 0.0
            if not (total > 0.0 and isfinite(total)):
                return super().choices(population, weights, k=k)  # its errors
            self._cumulative[key] = (cumulative, total)
        cumulative, total = self._cumulative[key]
        if len(cumulative) != len(population):
            return super().choices(population, weights, k=k)  # its error
        draw, last = self.random, len(cumulative) - 1
        return [population[bisect(cumulative, draw() * total, 0, last)] for _ in range(k)]


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


def draw_keys(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys of `model`, for rows inserted by `insert_rows(keys=...)`
    (before any other row of the table): from the table's sequence on PostgreSQL, after
    its largest key elsewhere (SQLite in the tests)."""
    meta = model._meta
    assert meta.pk is not None
    if not count:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A run of `count` keys reserved at once: the sequence moved past them in one call,
            # under the table's lock (an insert takes it before its default's nextval, so no
            # other row draws a key in between).
            table = connection.ops.quote_name(meta.db_table)
            with transaction.atomic():
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
                cursor.execute(
                    "SELECT setval(seq, nextval(seq) + %s - 1) "
                    "FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) AS found",
                    [count, meta.db_table, meta.pk.column],
                )
                (last,) = cursor.fetchone()
            return list(range(last - count + 1, last + 1))
        # AUTOINCREMENT: the keys already used count, even those of rows deleted since.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table])
        used = cursor.fetchone()
    largest = model._default_manager.aggregate(largest=models.Max("pk"))["largest"]
    start = max(used[0] if used else 0, largest or 0) + 1
    return list(range(start, start + count))


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    keys: Sequence[int] | None = None,
) -> list[int]:
    """Insert `rows`, tuples of the values of `columns` (attribute names: `site_id`), and
    return their primary keys, in order: `keys` (from `draw_keys`, one per row) or new
    ones. The model's other fields take what a model instance saved by bulk_create would
    store: their default, "now" for the auto_now(_add) dates (one instant for the whole
    table). Like bulk_create, no signal is sent and no `save()` runs.

    On PostgreSQL by one `COPY FROM STDIN` (the keys drawn from the table's sequence first):
    no model instance, no SQL parameter per field and row; make bench holds seed_bench to
    three times a raw COPY of the same rows (docs/performance.md). Elsewhere (SQLite in the
    tests) by bulk_create."""
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    by_name = {field.attname: field for field in meta.concrete_fields}
    unknown = [column for column in columns if column not in by_name or column == pk.attname]
    if unknown:
        raise ValueError(f"{meta.label}: unknown or key columns {unknown}")
    if keys is None:
        rows = list(rows)
        keys = draw_keys(model, len(rows))
    if connection.vendor != "postgresql":
        return _bulk_create(model, columns, rows, keys)
    others = [
        field for field in meta.concrete_fields if field.attname not in (*columns, pk.attname)
    ]
    # What bulk_create would store in the other fields (their default; now for the
    # auto_now(_add) dates), the same for every row.
    blank = model()
    constants = tuple(
        field.get_db_prep_save(field.pre_save(blank, True), connection) for field in others
    )
    # Columns whose values PostgreSQL's COPY does not take as they are (JSON...).
    prepare: list[tuple[int, Callable[[Any], Any]]] = [
        (index, _preparer(by_name[column]))
        for index, column in enumerate(columns)
        if not isinstance(by_name[column], PLAIN_FIELDS)
    ]
    pending = iter(rows)
    if not keys:
        _check_count(model, 0, sum(1 for _row in pending))
        return []
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(meta.db_table),
        sql.SQL(", ").join(
            sql.Identifier(by_name[name].column)
            for name in (pk.attname, *columns, *(field.attname for field in others))
        ),
    )
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        write = copy.write_row
        for key, row in zip(keys, pending):  # noqa: B905 - the rows beyond the keys counted
            if prepare:
                row = list(row)
                for index, prepared in prepare:
                    row[index] = prepared(row[index])
            write((key, *row, *constants))
            written += 1
        _check_count(model, len(keys), written + sum(1 for _row in pending))
    return list(keys)


def _check_count(model: type[models.Model], count: int, rows: int) -> None:
    if rows != count:
        raise ValueError(f"{model._meta.label}: {rows} rows for {count} keys")


def _preparer(field: models.Field) -> Callable[[Any], Any]:
    """`field.get_db_prep_save`, once per value object: rows that share a value (the
    staffing lines' grids) have it prepared, and JSON encoded, once. The rows' values are
    not changed once given (a generator's rows never are)."""
    # id -> (the value, kept so that its id is not reused; what COPY receives)
    done: dict[int, tuple[Any, Any]] = {}

    def prepared(value: Any) -> Any:
        if id(value) not in done:
            ready = field.get_db_prep_save(value, connection)
            if isinstance(ready, Jsonb):  # its text, encoded here once rather than per row
                ready = (ready.dumps or json.dumps)(ready.obj)
            done[id(value)] = (value, ready)
        return done[id(value)][1]

    return prepared


def _bulk_create(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    keys: Sequence[int],
) -> list[int]:
    pk = model._meta.pk
    assert pk is not None
    objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
    _check_count(model, len(keys), len(objects))
    for obj, key in zip(objects, keys, strict=True):
        setattr(obj, pk.attname, key)
    model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)
    return list(keys)


def spread(items: Sequence[Any], index: int) -> Any:
    return items[index % len(items)]
