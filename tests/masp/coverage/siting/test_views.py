"""The advisor's pages: run, map, downloads, save, compare; errors as form errors."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from masp.coverage.siting.models import SitingScenario
from tests.masp.coverage.siting.factories import scenario
from tests.personas import World

pytestmark = pytest.mark.django_db
RUN = {
    "scope": "32",
    "radius_km": "30",
    "k": "2",
    "existing": "open",
    "candidates": "all",
    "method": "greedy",
}


def test_the_form_alone_defaults_to_the_agents_region(world: World) -> None:
    response = world.client("ars_a").get(reverse("masp:siting"))
    assert response.status_code == 200
    choices = [value for value, _label in response.context["form"].fields["scope"].choices]
    assert choices == ["32"]
    national = world.client("analyst").get(reverse("masp:siting")).context["form"]
    assert national.fields["scope"].choices[0] == ("FR", "France entière")


def test_a_run_shows_the_proposals_the_map_and_the_method(world: World) -> None:
    response = world.client("ars_a").get(reverse("masp:siting"), RUN)
    assert response.status_code == 200
    result = response.context["result"]
    assert len(result.proposals) == 2
    page = response.content.decode()
    assert result.proposals[0].commune in page
    assert 'class="masp-map"' in page
    assert "#000091" in page  # the proposals' markers
    assert "Algorithme glouton" in page
    assert "Enregistrer ce scénario" in page


def test_invalid_input_is_shown_on_the_form(world: World) -> None:
    response = world.client("ars_a").get(reverse("masp:siting"), {**RUN, "k": "40"})
    assert response.status_code == 400
    assert "k" in response.context["form"].errors
    listed = {**RUN, "candidates": "insee", "insee": "29019"}
    response = world.client("ars_a").get(reverse("masp:siting"), listed)
    assert response.status_code == 400
    assert "hors du périmètre" in str(response.context["form"].errors["insee"])


def test_downloads(world: World) -> None:
    client = world.client("ars_a")
    page = client.get(reverse("masp:siting"), RUN).context["result"]
    response = client.get(reverse("masp:siting_export", args=["csv"]), RUN)
    assert response["Content-Disposition"] == 'attachment; filename="masp-implantation.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["rank", "insee", "commune"]
    assert [row[1] for row in rows[1:]] == [p.insee for p in page.proposals]
    response = client.get(reverse("masp:siting_export", args=["xlsx"]), RUN)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        p.insee for p in page.proposals
    ]
    bad = client.get(reverse("masp:siting_export", args=["csv"]), {**RUN, "radius_km": "1"})
    assert bad.status_code == 400


def test_save_then_read_a_scenario(world: World) -> None:
    client = world.client("ars_a")
    shown = client.get(reverse("masp:siting"), RUN).context["result"]
    response = client.post(reverse("masp:siting_scenarios"), {**RUN, "name": "Deux maisons"})
    saved = SitingScenario.objects.get()
    assert response.url == reverse("masp:siting_scenario", args=[saved.pk])
    assert saved.region_id == "32"
    assert saved.author == world.users["ars_a"]
    assert saved.parameters["k"] == 2
    assert [p["insee"] for p in saved.result["proposals"]] == [p.insee for p in shown.proposals]
    detail = client.get(response.url)
    assert "Deux maisons" in detail.content.decode()
    assert "Relancer avec les données actuelles" in detail.content.decode()
    # The stored result stays as saved, whatever the houses become.
    assert world.client("analyst").get(response.url).status_code == 200
    assert world.client("ars_other").get(response.url).status_code == 404


def test_saving_needs_a_name_and_valid_parameters(world: World) -> None:
    client = world.client("ars_a")
    client.post(reverse("masp:siting_scenarios"), {**RUN, "name": " "})
    client.post(reverse("masp:siting_scenarios"), {**RUN, "k": "0", "name": "Faux"})
    assert not SitingScenario.objects.exists()


def test_compare_two_scenarios(world: World) -> None:
    first, second = scenario("32", name="Premier"), scenario("32", name="Second")
    client = world.client("ars_a")
    response = client.get(reverse("masp:siting_compare"), {"a": first.pk, "b": second.pk})
    assert response.status_code == 200
    assert [column["scenario"] for column in response.context["columns"]] == [first, second]
    other = scenario("53")
    assert client.get(reverse("masp:siting_compare"), {"a": other.pk}).status_code == 404
    assert client.get(reverse("masp:siting_compare"), {"a": "x"}).status_code == 404


def test_query_counts(world: World, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    client = world.client("ars_a")
    for region in ("32", "32", "32", "53"):
        scenario(region, author=world.users["ars_a"])
    client.get(reverse("masp:siting"), RUN)  # computed and cached
    # Session, user, the request's savepoint and its release, scope; the run is cached: the
    # form's regions and the region check are all that is left.
    with django_assert_num_queries(7):
        client.get(reverse("masp:siting"), RUN)
    # Session, user, savepoint, release, scope, the scenarios with their region and author
    # (one join): whatever their number.
    with django_assert_num_queries(6):
        client.get(reverse("masp:siting_scenarios"))
