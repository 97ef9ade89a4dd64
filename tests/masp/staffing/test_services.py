"""Declaring a team: validation (errors and warnings, in French) and atomicity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from masp.models import StaffingDeclaration, StaffingLine
from masp.staffing.demo import team
from masp.staffing.services import Declared, LineInput, staffing_declare
from tests.masp.factories import SiteFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)


def declare(lines: list[LineInput], capacity: int = 12, **kwargs: object) -> Declared:
    site = SiteFactory(capacity=capacity, opened=True)
    kwargs.setdefault("declared_on", TODAY)
    return staffing_declare(site=site, user=None, lines=lines, **kwargs)  # type: ignore[arg-type]


def errors_of(lines: list[LineInput], capacity: int = 12, **kwargs: object) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        declare(lines, capacity, **kwargs)
    assert not StaffingDeclaration.objects.exists()
    assert not StaffingLine.objects.exists()
    return raised.value.messages


def test_a_full_team_is_recorded_without_warning() -> None:
    declared = declare(list(team().values()), comment="T4")
    assert declared.warnings == []
    declaration = declared.declaration
    assert (declaration.declared_on, declaration.comment) == (TODAY, "T4")
    assert declaration.lines.count() == 10
    nurse = declaration.lines.get(role__code="aide_soignant")
    assert nurse.fte_filled == D("5.4")
    assert nurse.presence == [[1, 1, 1]] * 7
    assert declaration.cycle_weeks == 1


@pytest.mark.parametrize(
    ("funded", "filled", "agency", "warned"),
    [("2", "2", "0", False), ("1.5", "2", "0.5", False), ("1.5", "2", "0.25", True)],
)
def test_filled_above_funded_plus_agency_is_a_warning(
    funded: str, filled: str, agency: str, warned: bool
) -> None:
    line = LineInput("infirmier", D(funded), D(filled), D(agency))
    declared = declare([line])
    assert StaffingDeclaration.objects.count() == 1
    if warned:
        assert declared.warnings == [
            "Infirmier (IDE) : 2 ETP pourvus pour 1,5 ETP financés et 0,25 en intérim ; "
            "vérifiez le financement de ces postes."
        ]
    else:
        assert declared.warnings == []


def test_negative_values_are_errors() -> None:
    lines = [
        LineInput("infirmier", D(-1), D(1)),
        LineInput("psychologue", vacant_posts=-1),
        LineInput("aide_soignant", presence=((1, 1, -1),) + ((1, 1, 1),) * 6),
    ]
    assert errors_of(lines) == [
        "Infirmier (IDE) : les ETP financés ne peuvent pas être négatifs.",
        "Psychologue : les nombres ne peuvent pas être négatifs.",
        "Aide-soignant, lundi nuit : le nombre de personnes ne peut pas être négatif.",
    ]


@pytest.mark.parametrize("capacity", [8, 20])
def test_more_people_than_places_in_a_shift_is_an_error(capacity: int) -> None:
    at_limit = LineInput("aide_soignant", presence=((capacity, 1, 1),) * 7)
    assert declare([at_limit], capacity).warnings == []
    StaffingDeclaration.objects.all().delete()
    above = LineInput("aide_soignant", presence=((1, 1, 1),) * 6 + ((1, 1, capacity + 1),))
    assert errors_of([above], capacity) == [
        f"Aide-soignant, dimanche nuit : {capacity + 1} personnes présentes pour {capacity} "
        f"places, ce planning n'est pas plausible (au plus {capacity})."
    ]


def test_implausible_fte_is_an_error() -> None:
    assert errors_of([LineInput("infirmier", D(30), D(30))]) == [
        "Infirmier (IDE) : 30 ETP financés pour 12 places n'est pas plausible.",
        "Infirmier (IDE) : 30 ETP pourvus pour 12 places n'est pas plausible.",
    ]


def test_implausible_counts_are_errors() -> None:
    assert errors_of([LineInput("benevole", headcount=40000, hours_per_month=40000)]) == [
        "Bénévole d'accompagnement : le nombre de postes, de personnes ou d'heures n'est pas "
        "plausible."
    ]


def test_volunteers_are_counted_in_people_not_fte() -> None:
    assert errors_of([LineInput("benevole", fte_filled=D(1))]) == [
        "Bénévole d'accompagnement : les bénévoles se comptent en personnes et en heures, "
        "pas en ETP."
    ]
    declared = declare([LineInput("benevole", headcount=6, hours_per_month=40)])
    assert declared.declaration.lines.get().headcount == 6


def test_structural_errors() -> None:
    lines = [
        LineInput("chirurgien"),
        LineInput("infirmier", D(1), D(1)),
        LineInput("infirmier", D(1), D(1)),
        LineInput("psychologue", presence=((1, 1, 1),) * 3),
    ]
    assert errors_of(lines, declared_on=dt.date(2099, 1, 1)) == [
        "La date de la déclaration est dans le futur.",
        "Fonction inconnue : « chirurgien ».",
        "Infirmier (IDE) : fonction déclarée deux fois.",
        "Psychologue : le planning compte 3 jours ; le cycle de 1 semaine(s) en demande 7 "
        "(7 par semaine, 1 à 6 semaines).",
    ]
    assert errors_of([]) == ["La déclaration ne contient aucune fonction."]


def test_declarations_are_kept_as_history() -> None:
    site = SiteFactory(opened=True)
    for day in (dt.date(2026, 4, 1), dt.date(2026, 7, 1)):
        staffing_declare(site=site, user=None, lines=list(team().values()), declared_on=day)
    assert list(site.staffing_declarations.values_list("declared_on", flat=True)) == [
        dt.date(2026, 7, 1),
        dt.date(2026, 4, 1),
    ]
