"""Existing declarations and reference norm sets migrate without loss: data made with the
schema before the staffing cycles (masp 0008), migrated forward (0008 then 0009), checked.

django-test-migrations is not installed: the test drives Django's MigrationExecutor itself,
back to the node before 0008, writes rows with the historical models, then forward. It commits
(schema changes), so it is transactional and leaves the database at the latest migrations."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.masp.factories import SiteFactory
from tests.migrations import migrate, parent_of

CYCLES = ("masp", "0008_staffing_cycles_scaling_warning")
CORRECTIONS = ("masp", "0009_staffing_reference_corrections")
OLD_GRID = [[2, 2, 1]] * 6 + [[2, 2, 0]]

pytestmark = pytest.mark.usefixtures("migration_db")


def old_norm_sets(apps: object) -> None:
    """The two reference sets as loaded before issue 22."""
    StaffRole = apps.get_model("masp", "StaffRole")  # type: ignore[attr-defined]
    NormSet = apps.get_model("masp", "NormSet")  # type: ignore[attr-defined]
    NormRule = apps.get_model("masp", "NormRule")  # type: ignore[attr-defined]
    NormSet.objects.all().delete()
    roles = {role.code: role for role in StaffRole.objects.all()}
    cdc = NormSet.objects.create(name="Cahier des charges national des MASP", version=1, source="x")
    for position, (kind, codes, extra) in enumerate(
        [
            ("presence", ["aide_soignant"], {"pattern": "24_7"}),
            ("presence", ["infirmier"], {"pattern": "weekdays_day"}),
            ("presence", ["psychologue"], {"pattern": "one_day_in_two"}),
            ("fte", ["medecin_coordonnateur", "infirmier_coordinateur"], {"each_role": True}),
            ("fte", ["aes_av"], {"each_role": True}),
        ]
    ):
        rule = NormRule.objects.create(norm_set=cdc, kind=kind, position=position, **extra)
        rule.roles.set([roles[code] for code in codes])
    study = NormSet.objects.create(name="Modèle de l'étude d'impact 2024", version=1, source="x")
    for code, fte in [("infirmier", "2"), ("aide_soignant", "5.4"), ("psychologue", "1")]:
        rule = NormRule.objects.create(
            norm_set=study, kind="fte", min_fte=D(fte), capacity_min=12, capacity_max=15
        )
        rule.roles.set([roles[code]])


def test_declarations_and_norm_sets_migrate_without_loss() -> None:
    site = SiteFactory(opened=True)
    apps = migrate([parent_of(CYCLES)])
    Declaration = apps.get_model("masp", "StaffingDeclaration")
    Line = apps.get_model("masp", "StaffingLine")
    StaffRole = apps.get_model("masp", "StaffRole")
    declaration = Declaration.objects.create(
        site_id=site.pk, declared_on="2026-10-01", comment="T3"
    )
    Line.objects.create(
        declaration=declaration, role=StaffRole.objects.get(code="aide_soignant"),
        fte_funded=D("5.4"), fte_filled=D("5.4"), presence=OLD_GRID,
    )  # fmt: skip
    Line.objects.create(
        declaration=declaration, role=StaffRole.objects.get(code="benevole"), headcount=6,
        hours_per_month=40, presence=[],
    )  # fmt: skip
    old_norm_sets(apps)
    apps = migrate([CORRECTIONS])
    _check_declaration(apps, declaration.pk)
    _check_norm_sets(apps)


def _check_declaration(apps: object, pk: int) -> None:
    Declaration = apps.get_model("masp", "StaffingDeclaration")  # type: ignore[attr-defined]
    declaration = Declaration.objects.get(pk=pk)
    # The 7-day grid is a one-week cycle, kept as it was, and nothing else moved.
    assert declaration.cycle_weeks == 1
    assert declaration.comment == "T3"
    lines = {line.role.code: line for line in declaration.lines.select_related("role")}
    assert lines["aide_soignant"].presence == OLD_GRID
    assert lines["aide_soignant"].fte_filled == D("5.4")
    assert (lines["benevole"].headcount, lines["benevole"].hours_per_month) == (6, 40)


def _check_norm_sets(apps: object) -> None:
    NormSet = apps.get_model("masp", "NormSet")  # type: ignore[attr-defined]
    cdc = NormSet.objects.get(name="Cahier des charges national des MASP", version=1)
    pair = cdc.rules.get(kind="pair")
    assert [role.code for role in pair.roles.all()] == ["medecin_coordonnateur"]
    assert {role.code for role in pair.partner_roles.all()} == {
        "infirmier", "infirmier_coordinateur",
    }  # fmt: skip
    nurse = cdc.rules.get(pattern="weekdays_day")
    assert {role.code for role in nurse.roles.all()} == {"infirmier", "infirmier_coordinateur"}
    assert "jamais deux jours de suite" in cdc.rules.get(pattern="one_day_in_two").assumption
    assert (cdc.night_hours, cdc.hours_per_fte) == (D(12), D(1607))
    study = NormSet.objects.get(name="Modèle de l'étude d'impact 2024", version=1)
    scaling = {
        "+".join(sorted(role.code for role in rule.roles.all())): rule.scaling
        for rule in study.rules.all()
    }
    assert scaling == {
        "infirmier+infirmier_coordinateur": "per_place",
        "aide_soignant": "fixed",
        "psychologue": "per_place",
    }
