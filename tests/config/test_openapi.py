from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_schema_is_valid_without_warnings(tmp_path: Path) -> None:
    target = tmp_path / "schema.yml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(target), stderr=io.StringIO()
    )
    text = target.read_text()
    assert "/api/v1/sites/" in text
    assert "/api/v1/me/" in text


def test_docs_are_served_without_a_cdn(client: Client) -> None:
    content = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in content
    assert "cdn.jsdelivr" not in content
