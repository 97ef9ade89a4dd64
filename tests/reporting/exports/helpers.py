"""Helpers of the export tests: fetch an export, read it back."""

from __future__ import annotations

import csv
import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook


def export(client: Client, fmt: str = "csv", name: str = "sites", **query: str) -> bytes:
    response = client.get(reverse("api-export", args=[name, fmt]), query)
    assert response.status_code == 200, response.content
    return response.getvalue() if not response.streaming else b"".join(response.streaming_content)


def read_csv(body: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def read_xlsx(body: bytes) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]
