"""The funding export: values read back, scope per persona, filters."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from funding.enums import FundingKind
from tests.funding.factories import FundingLineFactory, source
from tests.personas import World

pytestmark = pytest.mark.django_db


def rows(client: Client, **query: str) -> list[dict[str, str]]:
    response = client.get(reverse("api-export", args=["funding", "csv"]), query)
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def lines(world: World) -> None:
    FundingLineFactory(site=world.site_a, amount_notified=Decimal("800000.10"))
    FundingLineFactory(
        site=world.site_b, year=2025, kind=FundingKind.START_UP, source=source("fir"),
        amount_notified=Decimal("50000.00"), amount_paid=Decimal("50000.00"),
        amount_spent=Decimal("49999.99"),
    )  # fmt: skip
    FundingLineFactory(site=world.site_c, amount_notified=Decimal("700000.00"))


def test_values_read_back_exactly(world: World, lines: None) -> None:
    found = {row["site_name"]: row for row in rows(world.client("analyst"))}
    assert set(found) == {"Maison A", "Maison B", "Maison C"}
    assert found["Maison A"]["amount_notified"] == "800000.10"
    assert found["Maison A"]["amount_spent"] == ""
    assert found["Maison B"]["amount_spent"] == "49999.99"
    assert found["Maison B"]["source"] == "fir"
    assert found["Maison B"]["kind"] == "start_up"
    assert found["Maison B"]["nature"] == "start_up"
    assert found["Maison A"]["nature"] == "running"
    assert found["Maison A"]["region_code"] == "32"


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("coordinator_a", {"Maison A"}),
        ("ars_a", {"Maison A", "Maison B"}),
        ("ars_other", {"Maison C"}),
        ("national_admin", {"Maison A", "Maison B", "Maison C"}),
    ],
)
def test_scope(world: World, lines: None, persona: str, names: set[str]) -> None:
    assert {row["site_name"] for row in rows(world.client(persona))} == names


def test_filters_and_no_personal_data(world: World, lines: None) -> None:
    client = world.client("analyst")
    assert {r["site_name"] for r in rows(client, **{"from": "2026-01"})} == {"Maison A", "Maison C"}
    assert [r["site_name"] for r in rows(client, status="start_up")] == ["Maison B"]
    assert [r["site_name"] for r in rows(client, region="53")] == ["Maison C"]
    response = client.get(reverse("api-export", args=["funding", "csv"]), {"status": "bogus"})
    assert response.status_code == 400
    body = b"".join(
        client.get(reverse("api-export", args=["funding", "csv"])).streaming_content
    ).decode()
    assert "@example.org" not in body
