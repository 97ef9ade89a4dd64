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
# How the French file (`lang=fr`, common.exports.writers) writes them, and its date-times.
FRENCH_TRUE_VALUES = ["oui"]
FRENCH_FALSE_VALUES = ["non"]
FRENCH_DATETIME = "%Y-%m-%d %H:%M:%S"


def field(
    column: Column, *, french_header: bool = False, french_labels: bool = False
) -> dict[str, Any]:
    """The Table Schema field of one column (`name` is the header the file carries; with
    `french_labels`, coded values are their French labels, booleans "oui"/"non")."""
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
        spec["trueValues"] = FRENCH_TRUE_VALUES if french_labels else TRUE_VALUES
        spec["falseValues"] = FRENCH_FALSE_VALUES if french_labels else FALSE_VALUES
    if kind == "number":
        spec["bareNumber"] = True
    if kind == "datetime" and french_labels:
        spec["format"] = FRENCH_DATETIME
    if column.choices:
        values = [str(label) if french_labels else code for code, label in column.choices]
        spec["constraints"] = {"enum": values}
        if not french_labels:  # the machine file's codes, each with what it means
            meaning = ", ".join(f"{code} ({label})" for code, label in column.choices)
            spec["description"] = f"{spec.get('description', '')} Valeurs : {meaning}.".strip()
    return spec


def table_schema(
    columns: Iterable[Column],
    *,
    french_header: bool = False,
    decimal_char: str = ".",
    missing_values: Iterable[str] = ("",),
    primary_key: Iterable[str] = (),
    french: bool = False,
) -> dict[str, Any]:
    """A Table Schema descriptor (a plain dict, ready for `json.dumps`) for these columns.

    `french` describes the file for people (`lang=fr`): French headers, French labels for the
    codes, "oui"/"non", decimal commas, local date-times."""
    if french:
        french_header, decimal_char = True, ","
    fields = [
        field(column, french_header=french_header, french_labels=french) for column in columns
    ]
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
