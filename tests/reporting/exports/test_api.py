from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from masp.models import Site
from tests.masp.factories import SiteFactory
from tests.personas import World

pytestmark = pytest.mark.django_db


def export(client: Client, fmt: str = "csv", name: str = "sites", **query: str) -> bytes:
    response = client.get(reverse("api-export", args=[name, fmt]), query)
    assert response.status_code == 200, response.content
    body = response.getvalue() if not response.streaming else b"".join(response.streaming_content)
    return body


def read_csv(body: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def test_sites_csv_reads_back_to_the_same_values(world: World) -> None:
    rows = read_csv(export(world.client("analyst")))
    assert [row["site_name"] for row in rows] == ["Maison A", "Maison B", "Maison C"]
    site = Site.objects.select_related("department__region").get(name="Maison A")
    first = rows[0]
    assert first["site_id"] == str(site.pk)
    assert first["finess_et"] == site.finess_et
    assert first["region_name"] == "Hauts-de-France"
    assert first["capacity"] == str(site.capacity)
    assert first["latitude"] == str(site.latitude)
    assert first["opened_on"] == site.opened_on.isoformat()
    assert first["closed_on"] == ""


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("coordinator_a", ["Maison A"]),
        ("ars_a", ["Maison A", "Maison B"]),
        ("ars_other", ["Maison C"]),
        ("national_admin", ["Maison A", "Maison B", "Maison C"]),
    ],
)
def test_exports_are_scoped(world: World, persona: str, names: list[str]) -> None:
    rows = read_csv(export(world.client(persona)))
    assert [row["site_name"] for row in rows] == names


def test_no_user_email_or_name_in_exports(world: World) -> None:
    body = export(world.client("analyst")).decode()
    assert "@example.org" not in body.replace("contact@", "")
    for user in world.users.values():
        if user is not None:
            assert user.email not in body


def test_filters(world: World) -> None:
    client = world.client("analyst")
    assert [r["site_name"] for r in read_csv(export(client, region="53"))] == ["Maison C"]
    assert [r["site_name"] for r in read_csv(export(client, department="62"))] == ["Maison B"]
    assert read_csv(export(client, status="closed")) == []


def test_excel_options_bom_semicolon_french_header(world: World) -> None:
    body = export(world.client("analyst"), sep=";", bom="1", header="fr")
    assert body.startswith("\ufeff".encode())
    rows = read_csv(body, delimiter=";")
    assert rows[0]["nom de la maison"] == "Maison A"


def test_jsonl(world: World) -> None:
    lines = export(world.client("analyst"), "jsonl").decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["site_name"] for r in records] == ["Maison A", "Maison B", "Maison C"]
    assert isinstance(records[0]["capacity"], int)
    assert records[0]["closed_on"] is None


def test_xlsx(world: World) -> None:
    body = export(world.client("ars_a"), "xlsx")
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:2] == ("site_id", "site_name")
    assert [row[1] for row in values[1:]] == ["Maison A", "Maison B"]


@pytest.mark.parametrize(
    ("query", "message"),
    [({"from": "2026-13"}, "AAAA-MM"), ({"from": "2026-05", "to": "2026-01"}, "postérieur")],
)
def test_bad_parameters_get_a_french_json_error(world: World, query: dict, message: str) -> None:
    response = world.client("analyst").get(reverse("api-export", args=["sites", "csv"]), query)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_unknown_export_or_format_is_404(world: World) -> None:
    client = world.client("analyst")
    assert client.get(reverse("api-export", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("api-export", args=["sites", "pdf"])).status_code == 404


def test_user_without_role_is_refused(world: World) -> None:
    from tests.accounts.factories import UserFactory

    client = Client()
    client.force_login(UserFactory())
    response = client.get(reverse("api-export", args=["sites", "csv"]))
    assert response.status_code == 403


@pytest.mark.parametrize("extra", [0, 50])
def test_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, extra: int
) -> None:
    SiteFactory.create_batch(extra)
    client = world.client("analyst")
    # session, user, scope, the rows (request savepoints included)
    with django_assert_num_queries(6):
        rows = read_csv(export(client))
    assert len(rows) == 3 + extra
