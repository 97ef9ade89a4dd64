"""`/api/v1/sites/{id}/staffing/`: read the latest declaration and its compliance, declare."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from accounts.services import api_token_create
from masp.models import NormSet, StaffingDeclaration
from masp.staffing.reference import STUDY_2024
from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday
from tests.personas import World

pytestmark = pytest.mark.django_db


def url(world: World) -> str:
    return reverse("api_site_staffing", args=[world.site_a.pk])


def test_get_latest_declaration_and_compliance(world: World) -> None:
    StaffingDeclarationFactory(site=world.site_a, lines=night_off_on_sunday())
    body = world.client("ars_a").get(url(world)).json()
    assert body["norm_set"]["name"] == "Cahier des charges national des MASP"
    assert body["status"] == "gap"
    assert len(body["declaration"]["lines"]) == 10
    assert body["status_label"] == "écart"
    assert body["declaration"]["cycle_weeks"] == 1
    norm_rules = {rule["role"]: rule for rule in body["rules"] if rule["kind"] != "grid"}
    assert set(norm_rules) == {
        "aide_soignant",
        "infirmier+infirmier_coordinateur",
        "psychologue",
        "medecin_coordonnateur+infirmier+infirmier_coordinateur",
        "aes_av",
    }
    assert norm_rules["medecin_coordonnateur+infirmier+infirmier_coordinateur"]["kind"] == "pair"
    assert (
        "L'infirmier coordinateur est un infirmier"
        in norm_rules["infirmier+infirmier_coordinateur"]["assumption"]
    )
    night = norm_rules["aide_soignant"]
    assert {key: night[key] for key in ("kind", "required", "measured", "status")} == {
        "kind": "presence",
        "required": "21",
        "measured": "20",
        "status": "gap",
    }
    assert night["uncovered"] == [{"day": 6, "week": 1, "shift": "night"}]
    assert "dimanche nuit" in night["message"]


def test_get_against_another_norm_set_and_without_declaration(world: World) -> None:
    study = NormSet.objects.get(name=STUDY_2024["name"])
    client = world.client("analyst")
    body = client.get(url(world), {"norm_set": study.pk}).json()
    assert body["declaration"] is None
    assert body["norm_set"]["version"] == 1
    assert body["status"] == "not_evaluable"
    assert {rule["status"] for rule in body["rules"]} == {"not_evaluable"}
    StaffingDeclarationFactory(site=world.site_a)
    body = client.get(url(world), {"norm_set": study.pk}).json()
    assert body["status"] == "compliant"
    nurse = next(rule for rule in body["rules"] if rule["role"] == "aide_soignant")
    assert (nurse["kind"], nurse["required"], nurse["measured"]) == ("fte", "5.40", "5.40")
    assert client.get(url(world), {"norm_set": 999999}).status_code == 404


@pytest.mark.parametrize("count", [1, 8])
def test_get_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    for _index in range(count):
        StaffingDeclarationFactory(site=world.site_a)
    client = world.client("ars_a")
    # session, user, savepoint, scope, site, roles, norm set, rules, rule roles, rule partner
    # roles (the doctor-nurse pair), declaration, lines, release
    with django_assert_num_queries(13):
        assert client.get(url(world)).status_code == 200


PAYLOAD = {
    "declared_on": "2026-11-02",
    "comment": "Quatrième trimestre",
    "lines": [
        {"role": "infirmier", "fte_funded": "2", "fte_filled": "2.5", "presence": [[1, 1, 0]] * 7},
        {"role": "aide_soignant", "fte_funded": "5.4", "fte_filled": "5.4",
         "presence": [[1, 1, 1]] * 7},
        {"role": "benevole", "headcount": 4, "hours_per_month": 30},
    ],
}  # fmt: skip


def test_coordinator_declares_with_a_token(world: World) -> None:
    client = APIClient()
    _token, key = api_token_create(user=world.users["coordinator_a"], name="test", can_write=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post(url(world), PAYLOAD, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["declaration"]["declared_on"] == "2026-11-02"
    assert body["warnings"] == [
        "Infirmier (IDE) : 2,5 ETP pourvus pour 2 ETP financés et 0 en intérim ; "
        "vérifiez le financement de ces postes."
    ]
    assert body["status"] == "gap"  # no psychologist, no coordination pair
    declaration = StaffingDeclaration.objects.get()
    assert declaration.declared_by == world.users["coordinator_a"]
    assert declaration.lines.get(role__code="benevole").hours_per_month == 30


def test_errors_are_400_in_french_and_nothing_is_saved(world: World) -> None:
    client = world.client("coordinator_a")
    bad = {
        "lines": [
            {"role": "infirmier", "fte_funded": "-1"},
            {"role": "aide_soignant", "presence": [[30, 1, 1]] + [[1, 1, 1]] * 6},
        ]
    }
    response = client.post(url(world), bad, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == (
        [
            "Infirmier (IDE) : les ETP financés ne peuvent pas être négatifs.",
            "Aide-soignant, lundi matin : 30 personnes présentes pour 12 places, ce planning "
            "n'est pas plausible (au plus 12).",
        ]
    )
    response = client.post(
        url(world), {"lines": [{"role": "infirmier", "presence": [[1, 1]]}]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["lines"] == {
        "0": {"presence": {"0": ["Assurez-vous que ce champ a au moins 3 éléments."]}}
    }
    response = client.post(
        url(world), {"lines": [{"role": "infirmier", "presence": [[1, 1, 0]] * 10}]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["lines"] == {
        "0": {
            "presence": [
                "Le planning compte 10 jours : il en faut 7 par semaine, pour un cycle de 1 à 6 "
                "semaines (7, 14, 21, 28, 35 ou 42 jours)."
            ]
        }
    }
    response = client.post(url(world), {"lines": []}, content_type="application/json")
    assert response.status_code == 400
    assert not StaffingDeclaration.objects.exists()


def test_in_scope_readers_may_not_declare(world: World) -> None:
    response = world.client("ars_a").post(url(world), PAYLOAD, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Seule la coordination de la maison déclare ses effectifs."
    assert not StaffingDeclaration.objects.exists()


def test_a_two_week_cycle_by_the_api(world: World) -> None:
    client = world.client("coordinator_a")
    week1 = [[1, 0, 0], [0, 0, 0]] * 3 + [[1, 0, 0]]
    week2 = [[0, 0, 0], [1, 0, 0]] * 3 + [[0, 0, 0]]
    payload = {
        "cycle_weeks": 2,
        "lines": [
            {"role": "psychologue", "fte_funded": "1", "fte_filled": "1",
             "presence": week1 + week2},
            {"role": "aide_soignant", "fte_funded": "1", "fte_filled": "1",
             "presence": [[1, 1, 1]] * 14},
        ],
    }  # fmt: skip
    response = client.post(url(world), payload, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["declaration"]["cycle_weeks"] == 2
    rules = {(rule["kind"], rule["role"]): rule for rule in body["rules"]}
    assert rules[("presence", "psychologue")]["status"] == "compliant"  # alternates over 14 days
    grid = rules[("grid", "aide_soignant")]
    assert (grid["status"], grid["status_label"], grid["required"]) == (
        "warning", "avertissement", "5.45",
    )  # fmt: skip
    payload["cycle_weeks"] = 3
    response = client.post(url(world), payload, content_type="application/json")
    assert response.status_code == 400
    assert "le cycle de 3 semaine(s) en demande 21" in response.json()["errors"][0]
