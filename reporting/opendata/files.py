"""The open-data files as bytes (CSV, one Table Schema per CSV, `datapackage.json`), for the
`export_open_data` command and the public download page."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from reporting.opendata.dataset import Dataset, Published, build
from reporting.opendata.schema import DEPARTMENTS, HOUSES, RESOURCES, Resource, datapackage


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_bytes(resource: Resource, items: list[Published]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column.name for column in resource.columns])
    writer.writerows([_cell(value) for value in resource.row(item)] for item in items)
    return out.getvalue().encode("utf-8")


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _sorted(resource: Resource, items: list[Published]) -> list[Published]:
    # The primary key's columns come first in each row: sorting on them is stable across runs.
    width = len(resource.primary_key) + (1 if resource is HOUSES else 0)
    return sorted(items, key=lambda item: [str(v) for v in resource.row(item)[:width]])


def files(dataset: Dataset | None = None) -> dict[str, bytes]:
    """Every file of the dataset by name, in publication order."""
    dataset = dataset if dataset is not None else build()
    rows = {HOUSES.name: dataset.houses, DEPARTMENTS.name: dataset.departments}
    out: dict[str, bytes] = {}
    for resource in RESOURCES:
        out[resource.path] = csv_bytes(resource, _sorted(resource, rows[resource.name]))
        out[resource.schema_path] = _json(resource.schema())
    out["datapackage.json"] = _json(datapackage(timezone.now().replace(microsecond=0).isoformat()))
    return out


def write(directory: Path, dataset: Dataset | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files(dataset).items():
        path = directory / name
        path.write_bytes(content)
        written.append(path)
    return written
