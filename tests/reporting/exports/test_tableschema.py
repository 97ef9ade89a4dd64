"""Every export publishes its Table Schema, and `frictionless validate` passes on every export
with its schema: the machine CSV (API names, codes, decimal points) and the French CSV (French
headers and labels, `;`, BOM, decimal commas), on the demo data."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from frictionless import Dialect, Resource, Schema, formats

from accounts.enums import Role
from common.exports.tableschema import spec_schema
from reporting.exports.specs import EXPORTS
from tests.accounts.factories import UserFactory
from tests.personas import World, grant
from tests.reporting.exports.helpers import export

pytestmark = pytest.mark.django_db


def validate(body: bytes, schema: dict[str, Any], path: Path, *, french: bool) -> list[str]:
    """What frictionless finds wrong in a file read with its schema (empty: valid)."""
    path.write_bytes(body)
    resource = Resource(
        path=path.name,
        basepath=str(path.parent),  # frictionless reads relative paths only
        schema=Schema.from_descriptor(schema),
        encoding="utf-8-sig" if french else "utf-8",
        dialect=Dialect(controls=[formats.CsvControl(delimiter=";" if french else ",")]),
    )
    report = resource.validate()
    return [error.message for task in report.tasks for error in task.errors][:5]


def fetch_schema(client: Client, name: str, **query: str) -> dict[str, Any]:
    response = client.get(reverse("api-export-schema", args=[name]), query)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


@pytest.fixture
def national() -> Client:
    # The demo's houses, staffing, activity reports, funding, partners and conventions.
    call_command("seed_demo", "--force", stdout=io.StringIO())
    user = UserFactory()
    grant(user, Role.NATIONAL_ADMIN)
    client = Client()
    client.force_login(user)
    return client


def test_every_export_validates_against_its_schema_on_demo_data(
    national: Client, tmp_path: Path
) -> None:
    problems: dict[str, list[str]] = {}
    for name, spec in EXPORTS.items():
        # status=all: every report state, so that every code of the column is exercised.
        query = {"status": "all"} if name in ("activity-reports", "staffing") else {}
        for french in (False, True):
            schema = fetch_schema(national, name, **({"lang": "fr"} if french else {}))
            assert schema == spec_schema(spec, french=french)
            assert Schema.validate_descriptor(schema).valid, name
            body = export(national, "csv", name, **query, **({"lang": "fr"} if french else {}))
            assert body.count(b"\n") > 1, f"{name}: no demo rows to validate"
            label = f"{name}{' (fr)' if french else ''}"
            problems[label] = validate(body, schema, tmp_path / f"{name}.csv", french=french)
    assert {label: errors for label, errors in problems.items() if errors} == {}


def test_a_wrong_file_fails_its_schema(world: World, tmp_path: Path) -> None:
    """The check bites: an unknown code, a decimal point in the French file, a text in a number
    column are each reported."""
    client = world.client("analyst")
    schema = fetch_schema(client, "sites")
    body = export(client, "csv", "sites").decode()
    assert validate(body.encode(), schema, tmp_path / "ok.csv", french=False) == []
    tampered = body.replace(",open,", ",ouverte,", 1)
    assert validate(tampered.encode(), schema, tmp_path / "code.csv", french=False)
    french_schema = fetch_schema(client, "sites", lang="fr")
    french = export(client, "csv", "sites", lang="fr").decode("utf-8-sig")
    assert validate(french.encode(), french_schema, tmp_path / "fr.csv", french=True) == []
    lines = french.split("\n")
    cells = lines[1].split(";")
    latitude = [c.strip('"') for c in lines[0].split(";")].index("latitude")
    cells[latitude] = cells[latitude].replace(",", ".")
    broken = "\n".join([lines[0], ";".join(cells), *lines[2:]])
    assert validate(broken.encode(), french_schema, tmp_path / "point.csv", french=True)


def test_schema_fields_follow_the_dictionary(world: World) -> None:
    client = world.client("coordinator_a")
    schema = fetch_schema(client, "sites")
    fields = {field["name"]: field for field in schema["fields"]}
    spec = EXPORTS["sites"]
    assert list(fields) == [column.name for column in spec.columns]
    assert fields["capacity"]["type"] == "integer"
    assert fields["latitude"] == {
        "name": "latitude",
        "title": "latitude",
        "type": "number",
        "description": "Unité : degrés.",
        "bareNumber": True,
    }
    assert fields["status"]["constraints"]["enum"] == [
        "project",
        "authorised",
        "open",
        "suspended",
        "closed",
    ]
    assert "open (ouverte)" in fields["status"]["description"]
    french = fetch_schema(client, "sites", lang="fr")
    by_name = {field["name"]: field for field in french["fields"]}
    assert by_name["statut du gestionnaire"]["constraints"]["enum"] == [
        "public",
        "privé non lucratif",
    ]
    assert by_name["latitude"]["decimalChar"] == ","
    assert french["missingValues"] == [""]


def test_schema_urls_for_people_and_the_api(world: World) -> None:
    client = world.client("analyst")
    page = client.get(reverse("exports:schema", args=["funding"]), {"lang": "fr"})
    assert page.status_code == 200
    assert page["Content-Type"].startswith("application/json")
    assert json.loads(page.content) == spec_schema(EXPORTS["funding"], french=True)
    assert json.loads(client.get(reverse("exports:schema", args=["funding"])).content) == (
        spec_schema(EXPORTS["funding"])
    )
    assert client.get(reverse("exports:schema", args=["nothing"])).status_code == 404
    assert client.get(reverse("api-export-schema", args=["nothing"])).status_code == 404
    bad = client.get(reverse("api-export-schema", args=["sites"]), {"lang": "en"})
    assert bad.status_code == 400
    assert "inconnue" in bad.json()["detail"]
    assert client.get(reverse("exports:schema", args=["sites"]), {"lang": "en"}).status_code == 400
