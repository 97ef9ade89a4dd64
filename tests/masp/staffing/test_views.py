"""Staffing pages: the house's page, the declaration form, history and the overviews."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from masp.models import NormSet, StaffingDeclaration
from masp.staffing.demo import team
from masp.staffing.reference import STUDY_2024
from masp.staffing.services import LineInput
from tests.masp.factories import SiteFactory
from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday
from tests.personas import World

pytestmark = pytest.mark.django_db


def study() -> NormSet:
    return NormSet.objects.get(name=STUDY_2024["name"], version=1)


def test_house_page_shows_team_and_gaps(world: World) -> None:
    StaffingDeclarationFactory(site=world.site_a, lines=night_off_on_sunday())
    response = world.client("ars_a").get(reverse("masp:staffing_detail", args=[world.site_a.pk]))
    content = response.content.decode()
    assert response.context["compliance"].status == "gap"
    assert "Cahier des charges national des MASP" in content
    assert "1 créneau(x) non couvert(s) sur 21 (semaine type) : dimanche nuit" in content
    assert "Déclarer les effectifs" not in content  # ARS agents read
    page = world.client("coordinator_a").get(
        reverse("masp:staffing_detail", args=[world.site_a.pk])
    )
    assert "Déclarer les effectifs" in page.content.decode()


def test_house_page_side_by_side_and_what_if(world: World) -> None:
    StaffingDeclarationFactory(site=world.site_a)
    url = reverse("masp:staffing_detail", args=[world.site_a.pk])
    response = world.client("analyst").get(url, {"comparer": study().pk, "capacite": 15})
    assert response.context["compliance"].status == "compliant"
    assert response.context["other"].norm_set.name == STUDY_2024["name"]
    assert response.context["other"].status == "compliant"  # 12 places: within 12-15
    # The in-force set has only presence and pair rules: nothing scales with the capacity.
    assert response.context["plan"].capacity_then == 15
    response = world.client("analyst").get(url, {"referentiel": study().pk, "capacite": 20})
    plan = response.context["plan"]
    assert not plan.incomplete  # the 2024 model scales to 20 places (assumptions shown)
    assert "Simulation : de 12 à 20 places" in response.content.decode()
    response = world.client("analyst").get(url, {"referentiel": study().pk, "capacite": 15})
    assert response.context["plan"].total_required_then == D("11.8")
    # Nurses (IDE + coordinating nurse) costed at the mean of their two costs: 2 x 58,500.
    assert response.context["plan"].total_cost_then == D(586400)


def test_house_page_without_declaration_and_bad_options(world: World) -> None:
    url = reverse("masp:staffing_detail", args=[world.site_a.pk])
    response = world.client("ars_a").get(url, {"referentiel": "zz", "capacite": "-3"})
    assert response.status_code == 200
    assert "Aucune déclaration d'effectifs" in response.content.decode()
    assert response.context["compliance"].status == "not_evaluable"


def test_house_page_shows_an_older_declaration(world: World) -> None:
    old = StaffingDeclarationFactory(site=world.site_a, declared_on=dt.date(2026, 1, 5))
    StaffingDeclarationFactory(site=world.site_a, lines=night_off_on_sunday())
    url = reverse("masp:staffing_detail", args=[world.site_a.pk])
    response = world.client("ars_a").get(url, {"declaration": old.pk})
    assert response.context["declaration"] == old
    assert response.context["compliance"].status == "compliant"
    other = StaffingDeclarationFactory(site=world.site_c)
    assert world.client("ars_a").get(url, {"declaration": other.pk}).status_code == 404


def form_data(lines: list[LineInput], **extra: str) -> dict[str, str]:
    data = {"declared_on": "2026-11-02", "comment": "", "cycle_weeks": "1"}
    for line in lines:
        for name in ("fte_funded", "fte_filled", "vacant_posts", "fte_agency"):
            data[f"{line.role}-{name}"] = str(getattr(line, name))
        for day, shifts in enumerate(line.presence):
            for index, people in enumerate(shifts):
                data[f"{line.role}-p{day}{index}"] = str(people)
    return {**data, **extra}


def test_coordinator_declares_through_the_form(world: World) -> None:
    client = world.client("coordinator_a")
    url = reverse("masp:staffing_declare", args=[world.site_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'type="date"' in page.content.decode()
    assert 'value="20' in page.content.decode()  # ISO date, as the date input expects
    assert "js/staffing.js" in page.content.decode()
    lines = [line for line in team().values() if line.role != "benevole"]
    data = form_data(lines, **{"infirmier-fte_filled": "2.5", "benevole-headcount": "5"})
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("masp:staffing_detail", args=[world.site_a.pk])
    content = response.content.decode()
    assert "La déclaration d'effectifs est enregistrée." in content
    assert "2,5 ETP pourvus pour 2 ETP financés" in content  # the warning
    declaration = StaffingDeclaration.objects.get(site=world.site_a)
    assert declaration.declared_by == world.users["coordinator_a"]
    assert declaration.lines.count() == 10
    assert declaration.lines.get(role__code="benevole").headcount == 5
    # The next declaration starts from this one.
    form = client.get(url).context["form"]
    assert form["aide_soignant-p62"].initial == 1
    assert form["infirmier-fte_filled"].initial == D("2.5")


def test_form_errors_are_shown_and_nothing_is_saved(world: World) -> None:
    client = world.client("coordinator_a")
    url = reverse("masp:staffing_declare", args=[world.site_a.pk])
    data = form_data(
        list(team().values()), **{"infirmier-fte_funded": "-1", "psychologue-p00": "40"}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "La déclaration n'est pas enregistrée" in content
    assert "Infirmier (IDE) : les ETP financés ne peuvent pas être négatifs." in content
    assert "Psychologue, lundi matin : 40 personnes présentes pour 12 places" in content
    assert not StaffingDeclaration.objects.exists()
    response = client.post(url, {"declared_on": "pas une date", "infirmier-fte_filled": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_copy_monday_without_javascript(world: World) -> None:
    client = world.client("coordinator_a")
    url = reverse("masp:staffing_declare", args=[world.site_a.pk])
    data = form_data([LineInput("infirmier", presence=((1, 1, 0),) + ((0, 0, 0),) * 6)])
    response = client.post(url, {**data, "copy": "infirmier:weekdays"})
    form = response.context["form"]
    assert [form[f"infirmier-p{day}1"].value() for day in range(7)] == ["1"] * 5 + ["0"] * 2
    response = client.post(url, {**data, "copy": "infirmier:week"})
    assert [response.context["form"][f"infirmier-p{d}0"].value() for d in range(7)] == ["1"] * 7
    assert not StaffingDeclaration.objects.exists()


def test_only_the_coordinator_may_post(world: World) -> None:
    url = reverse("masp:staffing_declare", args=[world.site_a.pk])
    data = form_data(list(team().values()))
    for persona in ("ars_a", "analyst", "national_admin"):
        assert world.client(persona).post(url, data).status_code == 403
    assert world.client("coordinator_b").post(url, data).status_code == 404
    assert not StaffingDeclaration.objects.exists()


@pytest.mark.parametrize("count", [2, 25])
def test_history_lists_declarations_with_constant_queries(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    for index in range(count):
        lines = night_off_on_sunday() if index % 2 else None
        StaffingDeclarationFactory(
            site=world.site_a,
            declared_on=dt.date(2026, 1, 1) + dt.timedelta(days=index),
            lines=lines,
        )
    client = world.client("ars_a")
    url = reverse("masp:staffing_history", args=[world.site_a.pk])
    # session, user, savepoint, scope, site, roles, norm set, rules, rule roles, rule partner
    # roles, count, page, lines, release
    with django_assert_num_queries(14):
        response = client.get(url)
    rows = response.context["rows"]
    assert len(rows) == min(count, 20)
    statuses = {result.status for _declaration, result in rows}
    assert statuses == {"compliant", "gap"}
    assert "Aide-soignant : 1 créneau(x) non couvert(s)" in response.content.decode()


def houses(count: int, department: str = "59") -> None:
    for index in range(count):
        site = SiteFactory(opened=True, department_id=department, capacity=8 + index % 13)
        lines = night_off_on_sunday() if index % 2 else None
        StaffingDeclarationFactory(site=site, declared_on=dt.date(2026, 9, 1), lines=lines)
        StaffingDeclarationFactory(site=site, declared_on=dt.date(2026, 10, 1), lines=lines)


@pytest.mark.parametrize("count", [2, 12])
def test_regional_overview_with_constant_queries(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    houses(count)
    houses(1, department="29")  # Bretagne: not on the page
    client = world.client("ars_a")
    url = reverse("masp:staffing_region", args=["32"])
    # session, user, savepoint, region, scope, roles, norm set, rules, rule roles, rule partner
    # roles, houses, declarations, lines, release
    with django_assert_num_queries(14):
        response = client.get(url)
    rows = response.context["rows"]
    assert len(rows) == count + 2  # with houses A and B, never declared
    statuses = [row.status for row in rows]
    assert statuses.count("gap") == count // 2
    assert statuses.count("not_evaluable") == 2
    content = response.content.decode()
    assert "créneau(x) non couvert(s)" in content
    assert "Maison C" not in content


def test_coordinator_sees_only_their_house_in_the_region(world: World) -> None:
    houses(2)
    response = world.client("coordinator_a").get(reverse("masp:staffing_region", args=["32"]))
    assert [row.site for row in response.context["rows"]] == [world.site_a]


@pytest.mark.parametrize("count", [1, 6])
def test_national_overview_with_constant_queries(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    houses(count)
    houses(count, department="29")
    client = world.client("analyst")
    # session, user, savepoint, scope, roles, norm set, rules, rule roles, rule partner roles,
    # houses, declarations, lines, release
    with django_assert_num_queries(13):
        response = client.get(reverse("masp:staffing_overview"))
    rows = {row.code: row for row in response.context["rows"]}
    assert set(rows) == {"32", "53"}
    assert (rows["32"].houses, rows["32"].declared) == (count + 2, count)
    assert rows["53"].gap == count // 2
    assert rows["53"].compliant == count - count // 2
    flagged = response.context["flagged"]
    assert len(flagged) == 2 * (count // 2)
    if flagged:
        assert "Aide-soignant, 1 créneau(x) non couvert(s)" in response.content.decode()
    response = world.client("ars_a").get(reverse("masp:staffing_overview"))
    assert [row.code for row in response.context["rows"]] == ["32"]


def test_a_two_week_cycle_through_the_form(world: World) -> None:
    client = world.client("coordinator_a")
    url = reverse("masp:staffing_declare", args=[world.site_a.pk])
    lines = [line for line in team().values() if line.role != "benevole"]
    data = form_data(lines)
    # "Afficher les semaines du cycle" without JavaScript: week 2 starts as week 1 repeated.
    response = client.post(url, {**data, "cycle_weeks": "2", "shown_weeks": "1", "resize": "1"})
    form = response.context["form"]
    assert form.weeks == 2
    assert form["aide_soignant-p132"].value() == "1"  # Sunday night of week 2
    assert "Présence, semaine 2 sur 2" in response.content.decode()
    assert not StaffingDeclaration.objects.exists()
    # Week 2 without the psychologist on Saturday (day 12) and Sunday (day 13).
    data = {key: value for key, value in form.data.items() if key != "resize"}
    data.update({"psychologue-p130": "0", "psychologue-p120": "0"})
    client.post(url, data)
    declaration = StaffingDeclaration.objects.get(site=world.site_a)
    assert declaration.cycle_weeks == 2
    assert len(declaration.lines.get(role__code="psychologue").presence) == 14
    page = client.get(reverse("masp:staffing_detail", args=[world.site_a.pk]))
    assert [week.number for week in page.context["week_grids"]] == [1, 2]
    content = page.content.decode()
    assert "Planning de présence : cycle de 2 semaines" in content
    assert "samedi (semaine 2), dimanche (semaine 2)" in content  # the psychologist's gap
    assert "masp-slot--missing" in content  # the coloured grid marks those days
