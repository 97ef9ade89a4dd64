"""Streaming writers: CSV (PostgreSQL's own COPY when available), JSON Lines, XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
import time
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from common.exports.base import ExportParams, ExportSpec

CHUNK_ROWS = 2_000
COPY_BLOCK_BYTES = 64 * 1024
BOM = "\ufeff"


class _Line:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


Rows = QuerySet[Any] | Iterable[tuple[Any, ...]]


def _iterate(rows: Rows) -> Iterable[Any]:
    return rows.iterator(chunk_size=CHUNK_ROWS) if isinstance(rows, QuerySet) else rows


def csv_stream(spec: ExportSpec, rows: Rows, params: ExportParams) -> Iterator[bytes]:
    delimiter = ";" if params.semicolon else ","
    writer = csv.writer(_Line(), delimiter=delimiter, lineterminator="\n")
    head = (BOM if params.bom else "") + writer.writerow(spec.header(params))
    yield head.encode()
    if isinstance(rows, QuerySet) and connections[rows.db].vendor == "postgresql":
        yield from _copy_stream(rows, delimiter)
        return
    batch: list[str] = []
    for row in _iterate(rows):
        batch.append(writer.writerow([_csv_value(value) for value in row]))
        if len(batch) >= CHUNK_ROWS:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def _copy_stream(rows: QuerySet[Any], delimiter: str) -> Iterator[bytes]:
    """Let PostgreSQL format the rows itself (COPY ... TO STDOUT), streamed as it comes."""
    sql, sql_params = rows.query.sql_with_params()
    connection = connections[rows.db]
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor
        copy_sql = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, DELIMITER '{delimiter}')"
        started = time.monotonic()
        with raw.copy(copy_sql, sql_params) as copy:
            # COPY hands over one row per chunk: send them in blocks, not one write per row.
            block = bytearray()
            for chunk in copy:
                block += chunk
                if len(block) >= COPY_BLOCK_BYTES:
                    yield bytes(block)
                    block.clear()
            if block:
                yield bytes(block)
        if connection.queries_logged:
            # The raw cursor bypasses Django's query log; record it so counts stay honest.
            elapsed = f"{time.monotonic() - started:.3f}"
            connection.queries_log.append({"sql": copy_sql, "time": elapsed})


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"  # as PostgreSQL's COPY writes them
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def jsonl_stream(spec: ExportSpec, rows: Rows, params: ExportParams) -> Iterator[bytes]:
    names = spec.header(params)
    batch: list[str] = []
    for row in _iterate(rows):
        record = {name: _json_value(value) for name, value in zip(names, row, strict=True)}
        batch.append(json.dumps(record, ensure_ascii=False) + "\n")
        if len(batch) >= CHUNK_ROWS:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def _xlsx_value(value: Any) -> Any:
    """Excel has no time zones: an aware datetime is written as the local wall-clock time."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return timezone.make_naive(value)
    return value


def xlsx_file(spec: ExportSpec, rows: Rows, params: ExportParams) -> IO[bytes]:
    """An XLSX in openpyxl's write-only mode (rows go to disk as they come)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=spec.name[:31])
    sheet.append(spec.header(params))
    for row in _iterate(rows):
        sheet.append([_xlsx_value(value) for value in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (handed to FileResponse, which closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle
