"""Factories of staffing declarations (the reference roles and norm sets are loaded by the
session fixture)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import factory

from masp.models import StaffingDeclaration, StaffingLine, StaffRole
from masp.staffing.demo import team
from masp.staffing.services import LineInput, line_fields
from tests.masp.factories import SiteFactory


def night_off_on_sunday() -> list[LineInput]:
    lines = team()
    lines["aide_soignant"] = LineInput(
        "aide_soignant", lines["aide_soignant"].fte_funded, lines["aide_soignant"].fte_filled,
        presence=((1, 1, 1),) * 6 + ((1, 1, 0),),
    )  # fmt: skip
    return list(lines.values())


class StaffingDeclarationFactory(factory.django.DjangoModelFactory):
    """A declaration; `lines` defaults to a team meeting both reference norm sets."""

    class Meta:
        model = StaffingDeclaration
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory, opened=True)
    declared_on = dt.date(2026, 10, 1)

    @factory.post_generation
    def lines(obj: StaffingDeclaration, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        given: Iterable[LineInput] = extracted if extracted is not None else team().values()
        roles = {role.code: role for role in StaffRole.objects.all()}
        StaffingLine.objects.bulk_create(
            StaffingLine(declaration=obj, role=roles[line.role], **line_fields(line))
            for line in given
        )
