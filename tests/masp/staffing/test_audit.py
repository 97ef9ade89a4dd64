"""The audit log of staffing declarations: one entry with the declaration and its lines;
a refused declaration leaves no entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from accounts.enums import AuditAction
from accounts.models import AuditEntry
from masp.models import StaffingDeclaration
from masp.staffing.demo import team
from masp.staffing.services import LineInput, staffing_declare
from tests.personas import World

pytestmark = pytest.mark.django_db
DECLARED_ON = dt.date(2026, 10, 1)


def test_a_declaration_is_recorded_with_its_lines(world: World) -> None:
    coordinator = world.users["coordinator_a"]
    lines = list(team().values())
    declared = staffing_declare(
        site=world.site_a, user=coordinator, lines=lines, declared_on=DECLARED_ON, comment="T4"
    )
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(StaffingDeclaration),
        object_id=str(declared.declaration.pk),
    )
    assert (entry.actor, entry.action) == (coordinator, AuditAction.CREATE)
    assert entry.changes["site"] == {"old": None, "new": world.site_a.pk}
    assert entry.changes["declared_by"] == {"old": None, "new": coordinator.pk}
    assert entry.changes["declared_on"] == {"old": None, "new": "2026-10-01"}
    assert entry.changes["comment"] == {"old": None, "new": "[texte libre]"}  # never its text
    recorded = entry.changes["lines"]["new"]
    assert [line["role"] for line in recorded] == [line.role for line in lines]
    nurse = next(line for line in recorded if line["role"] == "aide_soignant")
    assert nurse["fte_filled"] == "5.4"  # decimals as strings, as everywhere in the log
    assert nurse["presence"] == [[1, 1, 1]] * 7


def test_a_refused_declaration_records_nothing(world: World) -> None:
    negative = LineInput("infirmier", fte_funded=Decimal(-1))
    with pytest.raises(ValidationError):
        staffing_declare(
            site=world.site_a,
            user=world.users["coordinator_a"],
            lines=[negative],
            declared_on=DECLARED_ON,
        )
    assert not StaffingDeclaration.objects.exists()
    assert not AuditEntry.objects.exists()
