"""Table Schema (frictionless) for an export spec: one source of truth with the files.

A published file comes with its `schema.json` (https://specs.frictionlessdata.io/table-schema/)
so that `frictionless validate` and data.gouv.fr read its columns, their French titles and
descriptions, their types and the values that stand for "no figure". The schema is generated from
the spec's columns (the same ones the data dictionary shows), never written by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from common.exports.base import Column, ExportSpec

# Column kinds (common.exports.base.Column.kind) -> Table Schema types.
TYPES = {
    "text": "string",
    "integer": "integer",
    "decimal": "number",
    "date": "date",
    "datetime": "datetime",
    "boolean": "boolean",
}
# How the machine CSV writes booleans (PostgreSQL's COPY and the Python writer agree on t/f).
TRUE_VALUES = ["t", "true"]
FALSE_VALUES = ["f", "false"]


def field(column: Column, *, french_header: bool = False) -> dict[str, Any]:
    """The Table Schema field of one column (`name` is the header the file carries)."""
    kind = TYPES.get(column.kind, "string")
    description = str(column.definition)
    if column.unit:
        sentence = description.rstrip()
        if sentence and not sentence.endswith("."):
            sentence += "."
        description = f"{sentence} Unité : {column.unit}.".strip()
    spec: dict[str, Any] = {
        "name": str(column.label) if french_header else column.name,
        "title": str(column.label),
        "type": kind,
    }
    if description:
        spec["description"] = description
    if kind == "boolean":
        spec["trueValues"] = TRUE_VALUES
        spec["falseValues"] = FALSE_VALUES
    if kind == "number":
        spec["bareNumber"] = True
    return spec


def table_schema(
    columns: Iterable[Column],
    *,
    french_header: bool = False,
    decimal_char: str = ".",
    missing_values: Iterable[str] = ("",),
    primary_key: Iterable[str] = (),
) -> dict[str, Any]:
    """A Table Schema descriptor (a plain dict, ready for `json.dumps`) for these columns."""
    fields = [field(column, french_header=french_header) for column in columns]
    if decimal_char != ".":
        for spec in fields:
            if spec["type"] == "number":
                spec["decimalChar"] = decimal_char
    schema: dict[str, Any] = {"fields": fields, "missingValues": list(missing_values)}
    keys = list(primary_key)
    if keys:
        schema["primaryKey"] = keys
    return schema


def spec_schema(spec: ExportSpec, **options: Any) -> dict[str, Any]:
    """The Table Schema of an export spec's file."""
    return table_schema(spec.columns, **options)
