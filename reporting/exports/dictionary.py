"""The data dictionary: every exported column, read from the export specs (one source of
truth with the files; the report figures come from `masp/activity/fields.py` through them)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from common.exports.base import ExportSpec
from reporting.exports.specs import EXPORTS

KIND_LABELS = {
    "text": _("texte"),
    "integer": _("entier"),
    "decimal": _("décimal"),
    "date": _("date (AAAA-MM-JJ)"),
    "datetime": _("date et heure (ISO 8601)"),
    "boolean": _("booléen (t/f en CSV, true/false en JSON)"),
}
HEADER = ["export", "column", "label", "type", "unit", "definition"]


@dataclass(frozen=True)
class Entry:
    export: str
    column: str
    label: str
    kind: str
    unit: str
    definition: str
    # The codes of the column and their French labels ("open : ouverte ; ..."), as the French
    # files write them; not a column of the CSV dictionary (its header is a contract).
    values: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    def as_row(self) -> list[str]:
        return [self.export, self.column, self.label, self.kind, self.unit, self.definition]


def entries(spec: ExportSpec) -> Iterator[Entry]:
    for column in spec.columns:
        yield Entry(
            spec.name,
            column.name,
            str(column.label),
            column.kind,
            column.unit,
            str(column.definition),
            values=" ; ".join(f"{code} : {label}" for code, label in column.choices),
        )


def dictionary() -> list[tuple[ExportSpec, list[Entry]]]:
    return [(spec, list(entries(spec))) for spec in EXPORTS.values()]


def dictionary_rows() -> Iterator[list[Any]]:
    yield HEADER
    for _spec, items in dictionary():
        for entry in items:
            yield entry.as_row()
