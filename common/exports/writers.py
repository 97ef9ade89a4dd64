"""Streaming writers: CSV (PostgreSQL's own COPY when available), JSON Lines, XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from common.exports.base import Column, ExportParams, ExportSpec

CHUNK_ROWS = 2_000
COPY_BLOCK_BYTES = 64 * 1024
BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet ("=HYPERLINK(...)", "@SUM",
# "+cmd|..."), tab and carriage return included (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """A file-like object whose write returns the line, for csv.writer in a generator.

    The writer is given "\r\n" as its line terminator because it quotes only the characters
    of its terminator: a carriage return inside a value, left bare, would start a new row in a
    spreadsheet (and a formula with it). Rows still end with "\n", as PostgreSQL's COPY writes
    them."""

    def write(self, value: str) -> str:
        return value.removesuffix("\r\n") + "\n"


Rows = QuerySet[Any] | Iterable[tuple[Any, ...]]


def _iterate(rows: Rows) -> Iterable[Any]:
    return rows.iterator(chunk_size=CHUNK_ROWS) if isinstance(rows, QuerySet) else rows


def csv_stream(spec: ExportSpec, rows: Rows, params: ExportParams) -> Iterator[bytes]:
    delimiter = ";" if params.semicolon else ","
    writer = csv.writer(_Line(), delimiter=delimiter, lineterminator="\r\n")
    head = (BOM if params.bom else "") + writer.writerow(spec.header(params))
    yield head.encode()
    french = params.french
    # The French file's labels and decimal commas are written here, never by COPY.
    if not french and isinstance(rows, QuerySet) and connections[rows.db].vendor == "postgresql":
        yield from _copy_stream(rows, delimiter, spec)
        return
    cells = _french_cells(spec.columns, csv=True) if french else [_csv_value] * len(spec.columns)
    batch: list[str] = []
    for row in _iterate(rows):
        batch.append(writer.writerow([cell(value) for cell, value in zip(cells, row, strict=True)]))
        if len(batch) >= CHUNK_ROWS:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def _copy_stream(rows: QuerySet[Any], delimiter: str, spec: ExportSpec) -> Iterator[bytes]:
    """Let PostgreSQL format the rows itself (COPY ... TO STDOUT), streamed as it comes."""
    sql, sql_params = rows.query.sql_with_params()
    connection = connections[rows.db]
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor
        copy_sql = (
            f"COPY ({_neutralised_select(sql, spec)}) TO STDOUT "
            f"WITH (FORMAT csv, DELIMITER '{delimiter}')"
        )
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


def _neutralised_select(sql: str, spec: ExportSpec) -> str:
    """The export's query with its text columns neutralised as `_csv_value` does in Python.

    The columns are renamed by position; numbers, dates and booleans are left to COPY, so a
    negative number stays a number. PostgreSQL keeps the order of the inner query, which the
    outer one neither joins nor sorts."""
    names = [f"c{index}" for index in range(len(spec.columns))]
    starts = ", ".join(f"chr({ord(char)})" for char in FORMULA_STARTS)
    selected = [
        f"CASE WHEN left({name}::text, 1) IN ({starts}) THEN '''' || {name}::text "
        f"ELSE {name}::text END"
        if column.kind == "text"
        else name
        for name, column in zip(names, spec.columns, strict=True)
    ]
    # Django's own SQL around names and chr() codes of ours: nothing from the user.
    return f"SELECT {', '.join(selected)} FROM ({sql}) AS export_rows({', '.join(names)})"  # noqa: S608


def neutralise(value: str) -> str:
    """A text that a spreadsheet shows, never runs: an apostrophe before a would-be formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"  # as PostgreSQL's COPY writes them
    if isinstance(value, str):
        return neutralise(value)
    return value  # numbers stay numbers, a negative one included


YES, NO = "oui", "non"
# How the French CSV writes a date and time: local wall-clock time, as a French spreadsheet
# reads it (the Table Schema of the French file gives this format).
FRENCH_DATETIME = "%Y-%m-%d %H:%M:%S"
Cell = Callable[[Any], Any]


def _french_cells(columns: tuple[Column, ...], *, csv: bool) -> list[Cell]:
    """Per column, how a French file shows a value: the label of a code, "oui"/"non"; in the
    CSV also decimal commas, local date-times, and text neutralised as `_csv_value` does."""
    return [_french_cell(column, csv=csv) for column in columns]


def _french_cell(column: Column, *, csv: bool) -> Cell:
    if column.choices:
        labels = {code: str(label) for code, label in column.choices}
        return lambda value: (
            _csv_value(labels.get(value, value)) if csv else labels.get(value, value)
        )
    if column.kind == "boolean":
        return lambda value: ("" if csv else None) if value is None else (YES if value else NO)
    if not csv:
        return lambda value: value
    if column.kind == "decimal":
        return lambda value: "" if value is None else _decimal_comma(value)
    if column.kind == "datetime":
        return lambda value: "" if value is None else _local(value).strftime(FRENCH_DATETIME)
    return _csv_value


def _decimal_comma(value: Any) -> str:
    # Without trailing zeros: SQLite's REAL ratios come back as 0.801000000000000.
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else repr(value)
    return text.replace(".", ",")


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if value.tzinfo is not None else value


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


def _xlsx_value(value: Any, sheet: WriteOnlyWorksheet) -> Any:
    """Excel has no time zones: an aware datetime is written as the local wall-clock time.
    A text that openpyxl would write as a formula ("=...") or an error ("#N/A") is written as
    a text cell instead: shown as it is, never evaluated."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return timezone.make_naive(value)
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, "#")):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx_file(spec: ExportSpec, rows: Rows, params: ExportParams) -> IO[bytes]:
    """An XLSX in openpyxl's write-only mode (rows go to disk as they come)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=spec.name[:31])
    header = spec.header(params)
    if params.french:  # the header stays in view; each column wide enough for its title
        sheet.freeze_panes = "A2"
        for index, title in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(len(title) + 2, 40)
    sheet.append(header)
    cells = _french_cells(spec.columns, csv=False) if params.french else None
    for row in _iterate(rows):
        if cells is not None:
            row = [cell(value) for cell, value in zip(cells, row, strict=True)]
        sheet.append([_xlsx_value(value, sheet) for value in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (handed to FileResponse, which closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle
