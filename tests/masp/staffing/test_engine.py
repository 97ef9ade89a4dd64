"""The compliance engine, table-tested against both reference norm sets (no database)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from masp.staffing import engine
from masp.staffing.engine import Declaration, Line, Slot
from masp.staffing.enums import ComplianceStatus as S
from masp.staffing.enums import CoveragePattern, RuleKind
from masp.staffing.whatif import what_if
from tests.masp.staffing.norms import CDC, STUDY, norm_set

FULL = ((1, 1, 1),) * 7
DAYS_ONLY = ((1, 1, 0),) * 5 + ((0, 0, 0),) * 2


def with_night_off(day: int) -> tuple:
    return tuple((1, 1, 0) if index == day else (1, 1, 1) for index in range(7))


def days(count: int) -> tuple:
    return tuple((1, 0, 0) if index < count else (0, 0, 0) for index in range(7))


def on(*present: int, shift: tuple = (1, 0, 0), weeks: int = 1) -> tuple:
    """Mornings (or `shift`) on the given days of the cycle."""
    return tuple(shift if day in present else (0, 0, 0) for day in range(7 * weeks))


ALTERNATE = on(0, 2, 4, 6)  # Monday, Wednesday, Friday, Sunday: never two days off in a row


def team(**changes: Line) -> Declaration:
    """A team that satisfies both reference sets; keyword arguments replace a role's line."""
    lines = {
        "medecin_coordonnateur": Line("medecin_coordonnateur", D("0.2"), D("0.2"), presence=on(0)),
        "infirmier_coordinateur": Line("infirmier_coordinateur", D("0.5"), D("0.5")),
        "infirmier": Line("infirmier", D(2), D(2), presence=DAYS_ONLY),
        "aide_soignant": Line("aide_soignant", D("5.4"), D("5.4"), presence=FULL),
        "aes_av": Line("aes_av", D("2.7"), D("2.7"), presence=DAYS_ONLY),
        "assistant_social": Line("assistant_social", D("0.5"), D("0.5")),
        "psychologue": Line("psychologue", D(1), D(1), presence=ALTERNATE),
    }
    lines.update(changes)
    return Declaration(tuple(lines.values()))


def result(compliance: engine.Compliance, role: str) -> engine.RuleResult:
    """The result of the norm set's rule about a role (not the grid check)."""
    (found,) = [r for r in compliance.role_results(role) if r.kind != engine.GRID]
    return found


def result_of(compliance: engine.Compliance, role: str, kind: str) -> engine.RuleResult:
    (found,) = [r for r in compliance.role_results(role) if r.kind == kind]
    return found


@pytest.mark.parametrize(
    ("norm", "capacity", "declaration", "status"),
    [
        (CDC, 12, team(), S.COMPLIANT),
        (CDC, 8, team(), S.COMPLIANT),  # presence rules do not depend on the capacity
        (CDC, 20, team(), S.COMPLIANT),
        (STUDY, 12, team(), S.COMPLIANT),  # lower band edge
        (STUDY, 15, team(), S.COMPLIANT),  # upper band edge
        # Outside 12-15 places the 2024 model scales (per place; the 24/7 post is fixed).
        (STUDY, 11, team(), S.COMPLIANT),
        (STUDY, 8, team(), S.COMPLIANT),
        (STUDY, 16, team(), S.GAP),  # doctor 0.2 x 16 / 15 = 0.21 > 0.2
        (STUDY, 20, team(), S.GAP),
        (CDC, 12, None, S.NOT_EVALUABLE),
        (STUDY, 12, None, S.NOT_EVALUABLE),
        (CDC, 12, team(aide_soignant=Line("aide_soignant", presence=with_night_off(6))), S.GAP),
        (STUDY, 12, team(aide_soignant=Line("aide_soignant", D(6), D("5.39"))), S.GAP),
    ],
)
def test_overall_status(
    norm: engine.NormSet, capacity: int, declaration: Declaration | None, status: str
) -> None:
    assert engine.evaluate(declaration, capacity, norm).status == status


def test_night_shift_uncovered_on_one_day_only() -> None:
    declaration = team(
        aide_soignant=Line("aide_soignant", D("5.4"), D("5.4"), presence=with_night_off(6))
    )
    compliance = engine.evaluate(declaration, 12, CDC)
    found = result(compliance, "aide_soignant")
    assert found.status == S.GAP
    assert found.uncovered == (Slot(6, "night"),)
    assert (found.required, found.measured, found.unit) == (21, 20, "creneaux")
    assert "1 créneau(x) non couvert(s) sur 21 (semaine type) : dimanche nuit" in found.message
    assert [gap.roles for gap in compliance.gaps] == [("aide_soignant",)]


def test_nurse_weekday_afternoon_missing() -> None:
    grid = tuple((1, 0, 0) if day == 2 else (1, 1, 0) for day in range(5)) + ((0, 0, 0),) * 2
    declaration = team(infirmier=Line("infirmier", presence=grid))
    found = result_of(engine.evaluate(declaration, 12, CDC), "infirmier", "presence")
    assert found.status == S.GAP
    assert found.uncovered == (Slot(2, "afternoon"),)
    assert "mercredi après-midi" in found.message


@pytest.mark.parametrize(
    ("grid", "status", "longest"),
    [
        (ALTERNATE, S.COMPLIANT, 1),
        (days(7), S.COMPLIANT, 0),
        (days(5), S.GAP, 2),  # Saturday and Sunday
        (on(1, 3, 5), S.GAP, 2),  # Sunday and Monday, across the end of the week
        (on(0, 2, 4, 6, shift=(0, 0, 1)), S.GAP, 7),  # nights only: no day of presence
    ],
)
def test_psychologist_one_day_in_two(grid: tuple, status: str, longest: int) -> None:
    declaration = team(psychologue=Line("psychologue", D(1), D(1), presence=grid))
    found = result_of(engine.evaluate(declaration, 12, CDC), "psychologue", "presence")
    assert (found.status, found.required, found.measured, found.unit) == (
        status,
        1,
        longest,
        "absence",
    )
    if status == S.GAP:
        assert "jours de suite sans présence" in found.message


def test_coordination_pair_needs_a_doctor_and_a_nurse() -> None:
    declaration = team(medecin_coordonnateur=Line("medecin_coordonnateur", D("0.2"), D(0)))
    found = result_of(engine.evaluate(declaration, 12, CDC), "medecin_coordonnateur", "pair")
    assert found.status == S.GAP
    assert found.missing_roles == ("medecin_coordonnateur",)
    assert found.message == (
        "Binôme de coordination médecin-infirmier : incomplet, "
        "aucun ETP pour : médecin (coordonnateur)."
    )


def test_coordination_pair_must_meet_one_half_day() -> None:
    doctor = Line("medecin_coordonnateur", D("0.2"), D("0.2"), presence=on(5))  # Saturday
    found = result_of(
        engine.evaluate(team(medecin_coordonnateur=doctor), 12, CDC), "infirmier", "pair"
    )
    assert (found.status, found.measured) == (S.GAP, 0)
    assert "jamais présents ensemble" in found.message


def test_presence_without_schedule_is_not_evaluable() -> None:
    lines = tuple(Line(line.role, line.fte_funded, line.fte_filled) for line in team().lines)
    compliance = engine.evaluate(Declaration(lines), 12, CDC)
    statuses = {r.roles: r.status for r in compliance.results}
    assert statuses[("aide_soignant",)] == S.NOT_EVALUABLE
    assert statuses[("aes_av",)] == S.COMPLIANT
    assert compliance.status == S.NOT_EVALUABLE
    assert "planning de présence non renseigné" in result(compliance, "psychologue").message


@pytest.mark.parametrize(
    ("filled", "agency", "status", "missing"),
    [("5.4", "0", S.COMPLIANT, "0"), ("5.39", "0", S.GAP, "0.01"), ("4.4", "1", S.COMPLIANT, "0"),
     ("3", "0", S.GAP, "2.4")],
)  # fmt: skip
def test_study_fte_edges_and_agency(filled: str, agency: str, status: str, missing: str) -> None:
    line = Line("aide_soignant", D(6), D(filled), D(agency))
    found = result(engine.evaluate(team(aide_soignant=line), 14, STUDY), "aide_soignant")
    assert (found.status, found.missing_fte, found.required) == (status, D(missing), D("5.40"))
    if status == S.GAP:
        assert found.message.endswith(f"il manque {missing.replace('.', ',')} ETP.")


@pytest.mark.parametrize(
    ("capacity", "doctor", "nurses", "aides"),
    [(8, "0.13", "1.33", "5.4"), (12, "0.2", "2", "5.4"), (20, "0.27", "2.67", "5.4")],
)
def test_study_scales_outside_its_band(capacity: int, doctor: str, nurses: str, aides: str) -> None:
    # 0.2 x 8 / 12 = 0.133; 2 x 20 / 15 = 2.667; the 24/7 post is fixed.
    compliance = engine.evaluate(team(), capacity, STUDY)
    assert result(compliance, "medecin_coordonnateur").required == D(doctor)
    assert result(compliance, "infirmier").required == D(nurses)
    assert result(compliance, "aide_soignant").required == D(aides)
    if capacity != 12:
        assert "valeur de référence de 12 à 15 places" in result(compliance, "infirmier").message


def test_a_band_without_scaling_is_not_evaluable_outside() -> None:
    compliance = engine.evaluate(Declaration((Line("infirmier", D(2), D(2)),)), 25, BANDED)
    nurse = result(compliance, "infirmier")
    assert nurse.status == S.NOT_EVALUABLE
    assert "pas de valeur pour 25 places" in nurse.message


def test_volunteers_are_ignored_for_fte() -> None:
    rules = [
        {"kind": RuleKind.FTE, "roles": ["aide_soignant", "benevole"], "min_fte": D(5)},
        {"kind": RuleKind.FTE, "roles": ["benevole"], "min_fte": D(1)},
        {"kind": RuleKind.PRESENCE, "roles": ["aide_soignant"], "pattern": CoveragePattern.ALWAYS},
    ]
    declaration = Declaration(
        (Line("aide_soignant", D(4), D(4)), Line("benevole", D(9), D(9), presence=FULL))
    )
    compliance = engine.evaluate(declaration, 12, norm_set(rules))
    group, volunteers, presence = compliance.results
    assert (group.status, group.measured, group.missing_fte) == (S.GAP, D(4), D(1))
    assert volunteers.status == S.NOT_EVALUABLE
    assert "pas en ETP" in volunteers.message
    # Volunteers present around the clock do not cover the aide-soignant's shifts.
    assert (presence.status, presence.measured) == (S.GAP, 0)


BANDED = norm_set(
    [
        {"kind": RuleKind.FTE, "roles": ["infirmier"], "min_fte": D(1), "fte_per_place": D("0.1"),
         "capacity_min": 8, "capacity_max": 11},
        {"kind": RuleKind.FTE, "roles": ["infirmier"], "min_fte": D(2), "capacity_min": 12,
         "capacity_max": 15},
        {"kind": RuleKind.FTE, "roles": ["infirmier"], "fte_per_place": D("0.15"),
         "capacity_min": 16, "capacity_max": 20},
        {"kind": RuleKind.PRESENCE, "roles": ["psychologue"], "pattern": CoveragePattern.MIN_DAYS,
         "min_days": 2},
    ]
)  # fmt: skip


@pytest.mark.parametrize(
    ("capacity", "required"),
    [(8, "1.8"), (11, "2.1"), (12, "2"), (15, "2"), (16, "2.4"), (20, "3")],
)
def test_capacity_bands_per_place(capacity: int, required: str) -> None:
    declaration = Declaration(
        (Line("infirmier", D(2), D("2.4")), Line("psychologue", presence=days(2)))
    )
    compliance = engine.evaluate(declaration, capacity, BANDED)
    nurse = result(compliance, "infirmier")
    assert nurse.required == D(required)
    expected = S.COMPLIANT if D(required) <= D("2.4") else S.GAP
    assert nurse.status == expected
    assert result(compliance, "psychologue").status == S.COMPLIANT


def test_compare_two_norm_sets() -> None:
    declaration = team(aide_soignant=Line("aide_soignant", D(3), D(3), presence=FULL))
    cdc, study = engine.compare(declaration, 13, CDC, STUDY)
    # 3 FTE cannot staff a 24/7 grid (5.45 FTE): a warning against the cahier des charges.
    assert (cdc.status, study.status) == (S.WARNING, S.GAP)
    assert result(study, "aide_soignant").missing_fte == D("2.4")


def test_what_if_study_12_to_15_and_beyond() -> None:
    declaration = team(aide_soignant=Line("aide_soignant", D(5), D(5), presence=FULL))
    plan = what_if(declaration, 12, 15, STUDY)
    assert plan.total_required_then == D("11.8")
    nurse = next(line for line in plan.lines if line.roles == ("aide_soignant",))
    assert (nurse.required_now, nurse.required_then, nurse.missing_then) == (
        D("5.4"),
        D("5.4"),
        D("0.4"),
    )
    assert nurse.extra_cost == D(18000)
    # Nurses (IDE + coordinating nurse) at the mean of their costs: 2 x 58,500.
    assert plan.total_cost_then == D(30000 + 117000 + 243000 + 113400 + 25000 + 58000)
    assert not plan.incomplete
    assert not what_if(declaration, 12, 20, STUDY).incomplete  # the model scales to 20


def test_what_if_per_place() -> None:
    plan = what_if(Declaration((Line("infirmier", D(2), D(2)),)), 8, 20, BANDED)
    (line,) = plan.lines
    assert (line.required_now, line.required_then, line.missing_then) == (D("1.8"), D(3), D(1))
    assert (line.cost_then, line.extra_cost) == (D(165000), D(55000))


def test_french_numbers() -> None:
    assert [engine.fr_number(D(x)) for x in ("2.00", "0.50", "5.4", "0", "10")] == [
        "2", "0,5", "5,4", "0", "10",
    ]  # fmt: skip
