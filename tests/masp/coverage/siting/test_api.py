"""`POST /api/v1/siting/`: the contract, the scope, French errors naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from tests.personas import World

pytestmark = pytest.mark.django_db
URL = "/api/v1/siting/"
CONTRACT = {
    "scope": "32",
    "radius_km": 30,
    "k": 3,
    "existing": ["open"],
    "candidates": {"min_population": 0},
    "one_per_department": False,
    "only_uncovered_departments": False,
    "method": "greedy",
}
PROPOSAL_KEYS = {
    "insee",
    "commune",
    "department",
    "new_population",
    "covered_population",
    "covered_share",
    "nearest_house_km",
    "nearest_usp_km",
}


def post(world: World, persona: str, body: dict[str, Any]) -> Any:
    return world.client(persona).post(URL, body, content_type="application/json")


def test_the_contract(world: World) -> None:
    response = post(world, "ars_a", CONTRACT)
    assert response.status_code == 200
    data = response.json()
    assert data["method"] == "greedy"
    assert 0 <= data["optimality_gap"] < 1
    assert data["seconds"] >= 0
    assert data["scope_population"] > 5_000_000  # Hauts-de-France
    assert len(data["proposals"]) == 3
    assert all(set(proposal) == PROPOSAL_KEYS for proposal in data["proposals"])
    first, second, _third = data["proposals"]
    assert second["covered_population"] == first["covered_population"] + second["new_population"]
    assert first["department"] in {"02", "59", "60", "62", "80"}
    # Houses A and B (Lille, Arras) are open: the first proposal is at a distance from one.
    assert first["nearest_house_km"] > 0
    assert first["nearest_usp_km"] is None


def test_national_roles_run_on_france_and_insee_candidates(world: World) -> None:
    body = {**CONTRACT, "scope": "FR", "k": 2, "candidates": {"insee": ["75056", "13055"]}}
    response = post(world, "analyst", body)
    assert response.status_code == 200
    assert {p["insee"] for p in response.json()["proposals"]} == {"75056", "13055"}


def test_exact_method(world: World) -> None:
    body = {**CONTRACT, "k": 1, "candidates": {"insee": ["59350", "80021"]}, "method": "exact"}
    data = post(world, "national_admin", body).json()
    assert data["method"] == "exact"
    assert data["status"] == "optimal"
    assert data["optimality_gap"] == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"radius_km": 150}, "radius_km"),
        ({"radius_km": "loin"}, "radius_km"),
        ({"k": 0}, "k"),
        ({"k": 21}, "k"),
        ({"existing": ["closed"]}, "existing"),
        ({"candidates": {"min_population": -1}}, "candidates"),
        ({"candidates": {"insee": ["abc"]}}, "candidates"),
        ({"candidates": {"insee": ["29019"]}}, "candidates"),  # Brest is not in region 32
        ({"candidates": {}}, "candidates"),
        ({"method": "simplex"}, "method"),
        ({"one_per_department": True, "k": 6}, "k"),  # five départements
    ],
)
def test_invalid_input_is_a_400_naming_the_field(
    world: World, change: dict[str, Any], field: str
) -> None:
    response = post(world, "ars_a", {**CONTRACT, **change})
    assert response.status_code == 400
    data = response.json()
    assert field in data
    assert data["detail"].startswith("Les données envoyées sont invalides")


def test_an_unknown_region(world: World) -> None:
    # For a national role, a code that names no region; for an ARS agent, out of scope.
    response = post(world, "national_admin", {**CONTRACT, "scope": "99"})
    assert response.status_code == 400
    assert "Périmètre inconnu" in response.json()["scope"][0]
    assert post(world, "ars_a", {**CONTRACT, "scope": "99"}).status_code == 404


def test_a_missing_field_and_a_body_that_is_not_json(world: World) -> None:
    response = post(world, "ars_a", {"scope": "32"})
    assert response.status_code == 400
    assert set(response.json()) >= {"radius_km", "k"}
    client = world.client("ars_a")
    broken = client.post(URL, "{", content_type="application/json")
    assert broken.status_code == 400


def test_scope(world: World) -> None:
    assert post(world, "ars_other", CONTRACT).status_code == 404
    assert post(world, "ars_a", {**CONTRACT, "scope": "FR"}).status_code == 404
    assert post(world, "coordinator_a", CONTRACT).status_code == 403
    assert post(world, "coordinator_a", {"nonsense": 1}).status_code == 403
    assert post(world, "anonymous", CONTRACT).status_code == 401
