"""The Table Schema of each export (`schema.json`), generated from the same columns as the
data dictionary: `?lang=fr` describes the file for people (French headers and labels, decimal
commas), without it the machine file (API names, codes, decimal points)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from common.exports.base import ExportSpec
from common.exports.tableschema import spec_schema
from reporting.exports.specs import EXPORTS


def export_spec(name: str) -> ExportSpec:
    spec = EXPORTS.get(name)
    if spec is None:
        raise Http404
    return spec


def export_schema(spec: ExportSpec, *, french: bool) -> dict[str, Any]:
    return spec_schema(spec, french=french)


def schema_filename(spec: ExportSpec, *, french: bool) -> str:
    return f"masp-{spec.name}-schema{'-fr' if french else ''}.json"
