"""Evaluations are cached per house (`masp.staffing.queries`): keyed by the declaration, the
capacity, the norms and the catalogue, so saving a house evaluates nothing again, and a change
of any of these shows on the next request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from masp.models import NormRule, NormSet, Site, StaffingLine, StaffRole
from masp.staffing import engine
from masp.staffing.enums import CoveragePattern, RuleKind
from masp.staffing.queries import EDITS, ROWS, Context, house_rows
from masp.staffing.reference import CDC_2025, STUDY_2024
from tests.masp.factories import SiteFactory
from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday
from tests.personas import World

pytestmark = pytest.mark.django_db
# session, user, savepoint, scope, houses, release: the norms are read again only once they
# changed, the declarations and lines only for houses not evaluated yet.
OVERVIEW = 6


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The engine's evaluations, counted."""
    calls: list[int] = []
    evaluate: Callable[..., engine.Compliance] = engine.evaluate

    def counted(*args: Any, **kwargs: Any) -> engine.Compliance:
        calls.append(1)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(engine, "evaluate", counted)
    return calls


def gaps(world: World) -> dict[str, int]:
    response = world.client("analyst").get(reverse("masp:staffing_overview"))
    return {row.code: row.gap for row in response.context["rows"]}


def breton_houses(count: int) -> list[Site]:
    sites = list(SiteFactory.create_batch(count, opened=True, department_id="29", capacity=12))
    for site in sites:
        StaffingDeclarationFactory(
            site=site, declared_on=dt.date(2026, 10, 1), lines=night_off_on_sunday()
        )
    return sites


def test_saving_a_house_evaluates_nothing_again(
    world: World, evaluations: list[int], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    site, *_others = breton_houses(3)
    client = world.client("analyst")
    url = reverse("masp:staffing_overview")
    client.get(url)
    assert evaluations
    assert gaps(world)["53"] == 3
    evaluations.clear()
    site.name = "Maison renommée"
    site.save(update_fields=["name"])
    with django_assert_num_queries(OVERVIEW):  # the houses again, not their declarations
        response = client.get(url)
    assert evaluations == []
    assert ">Maison renommée</a> (Bretagne) :" in response.content.decode()
    assert {row.code: row.gap for row in response.context["rows"]}["53"] == 3


def test_a_new_declaration_evaluates_one_house(world: World, evaluations: list[int]) -> None:
    site, *_others = breton_houses(3)
    assert gaps(world)["53"] == 3
    evaluations.clear()
    StaffingDeclarationFactory(site=site, declared_on=dt.date(2026, 11, 1))  # a full team
    assert gaps(world)["53"] == 2
    assert len(evaluations) == 1


def test_a_line_changed_in_place_changes_the_verdict(world: World) -> None:
    (site,) = breton_houses(1)
    assert gaps(world)["53"] == 1
    line = StaffingLine.objects.get(declaration__site=site, role__code="aide_soignant")
    line.presence = [[1, 1, 1]] * 7  # the Sunday night covered
    line.save()
    assert gaps(world)["53"] == 0


def test_a_changed_capacity_changes_the_verdict(world: World) -> None:
    StaffingDeclarationFactory(site=world.site_a)  # a full team for 12 to 15 places
    study = NormSet.objects.get(name=STUDY_2024["name"], version=1)
    url = reverse("masp:staffing_detail", args=[world.site_a.pk])
    client = world.client("analyst")
    assert client.get(url, {"referentiel": study.pk}).context["compliance"].status == "compliant"
    world.site_a.capacity = 20  # the 2024 model asks for more staff at 20 places
    world.site_a.save()
    assert client.get(url, {"referentiel": study.pk}).context["compliance"].status == "gap"


def test_a_changed_rule_changes_the_verdict(world: World) -> None:
    breton_houses(2)
    assert gaps(world)["53"] == 2
    in_force = NormSet.objects.get(name=CDC_2025["name"], version=1)
    rule = in_force.rules.get(kind=RuleKind.PRESENCE, pattern=CoveragePattern.ALWAYS)
    rule.pattern = CoveragePattern.WEEKDAYS_DAY  # nights no longer required
    rule.save()
    assert gaps(world)["53"] == 0
    rule.pattern = CoveragePattern.ALWAYS
    rule.save()
    assert gaps(world)["53"] == 2
    # A rule's roles are a many-to-many relation: no save of the rule when they change.
    rule.roles.set([StaffRole.objects.get(code="psychologue")])  # no psychologist at night
    response = world.client("analyst").get(reverse("masp:staffing_overview"))
    assert "Psychologue, 17 créneau(x) non couvert(s)" in response.content.decode()


def test_a_role_renamed_shows_at_once(world: World) -> None:
    breton_houses(1)
    client = world.client("analyst")
    url = reverse("masp:staffing_overview")
    assert "Aide-soignant, 1 créneau(x) non couvert(s)" in client.get(url).content.decode()
    role = StaffRole.objects.get(code="aide_soignant")
    role.label = "Aide-soignant(e)"
    role.save()
    assert "Aide-soignant(e), 1 créneau(x) non couvert(s)" in client.get(url).content.decode()


def test_evaluations_follow_the_norms_as_read(world: World) -> None:
    """An evaluation's key holds the norms as read from the database: a change that sends no
    signal (a queryset's update) is seen by the next `Context.load`."""
    (site,) = breton_houses(1)
    houses = Site.objects.filter(pk=site.pk)
    assert house_rows(houses, Context.load())[0].status == "gap"
    NormRule.objects.filter(pattern=CoveragePattern.ALWAYS).update(
        pattern=CoveragePattern.WEEKDAYS_DAY
    )
    assert house_rows(houses, Context.load())[0].status == "compliant"
    StaffRole.objects.filter(code="aide_soignant").update(label="Aide-soignant(e)")
    NormRule.objects.filter(roles__code="aide_soignant").update(pattern=CoveragePattern.ALWAYS)
    (gap,) = house_rows(houses, Context.load())[0].compliance.gaps  # type: ignore[union-attr]
    assert gap.subject == "Aide-soignant(e)"


def test_the_context_is_kept_until_the_norms_change(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    first = Context.cached()
    with django_assert_num_queries(0):
        assert Context.cached() is first
    rule = NormRule.objects.filter(norm_set=first.norm_set, kind=RuleKind.PAIR).first()
    assert rule is not None
    rule.partner_roles.add(StaffRole.objects.get(code="psychologue"))  # many-to-many
    second = Context.cached()
    assert second is not first
    assert second.digest != first.digest
    role = StaffRole.objects.get(code="psychologue")
    role.save()
    assert Context.cached() is not second


def test_rows_without_a_norm_set_keep_the_declarations(world: World) -> None:
    (site,) = breton_houses(1)
    rows = house_rows(Site.objects.filter(pk=site.pk), Context([], None))
    assert rows[0].compliance is None
    assert rows[0].declaration is not None
    assert rows[0].declaration.declared_on == dt.date(2026, 10, 1)
    assert rows[0].status == "not_evaluable"


def test_deletions_renew_the_tokens_once(world: World) -> None:
    """A line deleted on its own changes its declaration; lines deleted with their
    declaration or house change nothing that is still named."""
    site, other = breton_houses(2)
    edits, rows = EDITS.current(), ROWS.current()
    site.delete()
    assert EDITS.current() == edits
    assert ROWS.current() != rows
    StaffingLine.objects.filter(declaration__site=other, role__code="psychologue").delete()
    assert EDITS.current() != edits
    assert gaps(world)["53"] == 1
