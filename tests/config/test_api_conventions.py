"""The REST API's shared conventions: JSON errors in French, throttling of token users,
`?ordering=`, pagination, and an OpenAPI schema that validates."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from openapi_spec_validator import validate

from accounts.services import api_token_create
from masp.activity.enums import ReportStatus
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db


def token_client(world: World, persona: str) -> Client:
    _token, key = api_token_create(user=world.users[persona], name="script")
    return Client(headers={"Authorization": f"Token {key}"})


def test_errors_are_json_with_a_french_detail_and_a_code(world: World) -> None:
    anonymous = Client().get("/api/v1/sites/")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_authenticated"
    assert "Authentification requise" in anonymous.json()["detail"]
    analyst = world.client("analyst")
    missing = analyst.get("/api/v1/sites/999999/")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert "introuvable" in missing.json()["detail"]
    outside = world.client("coordinator_a").get(f"/api/v1/sites/{world.site_c.pk}/")
    assert outside.status_code == 404
    not_allowed = analyst.delete("/api/v1/sites/")
    assert (not_allowed.status_code, not_allowed.json()["code"]) == (405, "method_not_allowed")
    broken = world.client("national_admin").post(
        "/api/v1/reports/", "{not json", content_type="application/json"
    )
    assert (broken.status_code, broken.json()["code"]) == (400, "parse_error")
    invalid = world.client("national_admin").post(
        "/api/v1/reports/", {"kind": "site"}, content_type="application/json"
    )
    assert invalid.status_code == 400
    assert invalid.json()["code"] == "invalid"
    assert "period_start" in invalid.json()  # field errors alongside
    forbidden = world.client("analyst").post(
        "/api/v1/campaigns/create-year/", {"year": 2027}, content_type="application/json"
    )
    assert forbidden.status_code == 403
    assert forbidden.json()["code"] == "forbidden"
    assert forbidden.json()["detail"]


def test_wrong_state_is_a_json_409(world: World) -> None:
    report = filled_report(world.site_a, CampaignFactory(month=3), status=ReportStatus.VALIDATED)
    response = world.client("ars_a").post(
        f"/api/v1/activity-reports/{report.pk}/validate/", {}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_state"
    assert response.json()["detail"]


def test_token_users_are_throttled_in_french(world: World, settings: Any) -> None:
    settings.MASP_API_TOKEN_RATE = "3/minute"
    cache.clear()
    client = token_client(world, "analyst")
    statuses = [client.get("/api/v1/sites/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/sites/")
    assert response.json()["code"] == "throttled"
    assert "Trop de requêtes" in response.json()["detail"]
    assert "Retry-After" in response.headers
    # A browser session is not throttled.
    session = world.client("analyst")
    assert {session.get("/api/v1/sites/").status_code for _ in range(5)} == {200}
    cache.clear()


def test_ordering_and_pagination(world: World) -> None:
    client = world.client("analyst")
    body = client.get("/api/v1/sites/", {"ordering": "-name"}).json()
    assert set(body) >= {"count", "next", "previous", "results"}
    assert [site["name"] for site in body["results"]] == ["Maison C", "Maison B", "Maison A"]
    ascending = client.get("/api/v1/sites/", {"ordering": "name"}).json()["results"]
    assert [site["name"] for site in ascending] == ["Maison A", "Maison B", "Maison C"]
    filtered = client.get("/api/v1/sites/", {"region": "53"}).json()["results"]
    assert [site["name"] for site in filtered] == ["Maison C"]


def schema_document() -> dict[str, Any]:
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_openapi_schema_validates_and_has_examples() -> None:
    document = schema_document()
    validate(document)  # raises on an invalid OpenAPI 3 document
    paths = document["paths"]
    assert "/api/v1/exports/{name}.{fmt}" in paths
    assert "/api/v1/exports/dictionary.csv" in paths
    examples = json.dumps(document).count('"examples"')
    assert examples >= 4
    ordering = [p["name"] for p in paths["/api/v1/sites/"]["get"]["parameters"]]
    assert "ordering" in ordering
