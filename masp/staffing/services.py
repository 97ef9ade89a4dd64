"""Write path of staffing: a house declares its team (validated, atomic, audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_changes, audit_record, audit_snapshot
from accounts.enums import AuditAction
from masp.models import Site, StaffingDeclaration, StaffingLine, StaffRole
from masp.staffing import grids
from masp.staffing.engine import EMPTY_GRID, SHIFTS, Grid, fr_number
from masp.staffing.enums import Shift
from masp.staffing.grids import MAX_WEEKS, WEEK, day_label

ZERO = Decimal(0)
FTE_FIELDS = {
    "fte_funded": "ETP financés",
    "fte_filled": "ETP pourvus",
    "fte_agency": "ETP en intérim ou vacation",
}


@dataclass(frozen=True)
class LineInput:
    role: str
    fte_funded: Decimal = ZERO
    fte_filled: Decimal = ZERO
    fte_agency: Decimal = ZERO
    vacant_posts: int = 0
    headcount: int = 0
    hours_per_month: int = 0
    presence: Grid = EMPTY_GRID


@dataclass
class Checked:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def max_people_per_shift(capacity: int) -> int:
    """More people of one role in one shift than places is not a plausible schedule."""
    return max(capacity, 1)


def max_fte(capacity: int) -> Decimal:
    return Decimal(capacity) * 2


def cycle_weeks_of(lines: Sequence[LineInput], weeks: int | None = None) -> int:
    """The cycle's weeks: as given, else the longest grid's (an empty grid has no say)."""
    if weeks is not None:
        return weeks
    lengths = [len(line.presence) for line in lines if not grids.is_empty(line.presence)]
    return max(1, max(lengths, default=WEEK) // WEEK)


def check_declaration(
    *, lines: Sequence[LineInput], capacity: int, roles: Mapping[str, StaffRole],
    declared_on: dt.date, cycle_weeks: int | None = None,
) -> Checked:  # fmt: skip
    """Errors block the declaration; warnings are shown with it."""
    checked = Checked()
    weeks = cycle_weeks_of(lines, cycle_weeks)
    if not 1 <= weeks <= MAX_WEEKS:
        checked.errors.append(
            _("Le cycle du planning dure de 1 à %(max)s semaines (%(weeks)s indiquées).")
            % {"max": MAX_WEEKS, "weeks": weeks}
        )
        return checked
    if declared_on > timezone.localdate():
        checked.errors.append(_("La date de la déclaration est dans le futur."))
    if not lines:
        checked.errors.append(_("La déclaration ne contient aucune fonction."))
    seen: set[str] = set()
    for line in lines:
        role = roles.get(line.role)
        if role is None:
            checked.errors.append(_("Fonction inconnue : « %(code)s ».") % {"code": line.role})
            continue
        if line.role in seen:
            checked.errors.append(_("%(role)s : fonction déclarée deux fois.") % {"role": role})
        seen.add(line.role)
        _check_line(line, role, capacity, weeks, checked)
    return checked


def _check_line(
    line: LineInput, role: StaffRole, capacity: int, weeks: int, checked: Checked
) -> None:
    names = {"role": role.label}
    for name, label in FTE_FIELDS.items():
        value = getattr(line, name)
        if value < 0:
            checked.errors.append(
                _("%(role)s : les %(field)s ne peuvent pas être négatifs.")
                % {**names, "field": label}
            )
        elif value > max_fte(capacity):
            checked.errors.append(
                _("%(role)s : %(value)s %(field)s pour %(capacity)s places n'est pas plausible.")
                % {**names, "field": label, "value": fr_number(value), "capacity": capacity}
            )
    if min(line.vacant_posts, line.headcount, line.hours_per_month) < 0:
        checked.errors.append(_("%(role)s : les nombres ne peuvent pas être négatifs.") % names)
    limits = {"vacant_posts": capacity * 2, "headcount": 500, "hours_per_month": 10_000}
    if any(getattr(line, name) > limit for name, limit in limits.items()):
        checked.errors.append(
            _("%(role)s : le nombre de postes, de personnes ou d'heures n'est pas plausible.")
            % names
        )
    if not role.counts_in_fte and any(getattr(line, name) for name in FTE_FIELDS):
        checked.errors.append(
            _("%(role)s : les bénévoles se comptent en personnes et en heures, pas en ETP.") % names
        )
    if line.fte_filled > line.fte_funded + line.fte_agency:
        checked.warnings.append(
            _(
                "%(role)s : %(filled)s ETP pourvus pour %(funded)s ETP financés et %(agency)s "
                "en intérim ; vérifiez le financement de ces postes."
            )
            % {
                **names,
                "filled": fr_number(line.fte_filled),
                "funded": fr_number(line.fte_funded),
                "agency": fr_number(line.fte_agency),
            }
        )
    _check_grid(line.presence, role, capacity, weeks, checked)


def _check_grid(grid: Any, role: StaffRole, capacity: int, weeks: int, checked: Checked) -> None:
    if any(len(day) != len(SHIFTS) for day in grid):
        checked.errors.append(
            _("%(role)s : chaque jour du planning compte 3 créneaux (matin, après-midi, nuit).")
            % {"role": role}
        )
        return
    if not grids.is_empty(grid) and len(grid) != WEEK * weeks:
        checked.errors.append(
            _(
                "%(role)s : le planning compte %(days)s jours ; le cycle de %(weeks)s semaine(s) "
                "en demande %(expected)s (7 par semaine, 1 à 6 semaines)."
            )
            % {"role": role, "days": len(grid), "weeks": weeks, "expected": WEEK * weeks}
        )
        return
    limit = max_people_per_shift(capacity)
    for day, shifts in enumerate(grid):
        for shift, people in zip(SHIFTS, shifts, strict=True):
            where = {"role": role.label, "slot": f"{day_label(day, weeks)} {Shift(shift).label}"}
            if people < 0:
                checked.errors.append(
                    _("%(role)s, %(slot)s : le nombre de personnes ne peut pas être négatif.")
                    % where
                )
            elif people > limit:
                checked.errors.append(
                    _(
                        "%(role)s, %(slot)s : %(people)s personnes présentes pour %(capacity)s "
                        "places, ce planning n'est pas plausible (au plus %(limit)s)."
                    )
                    % {**where, "people": people, "capacity": capacity, "limit": limit}
                )


@dataclass(frozen=True)
class Declared:
    declaration: StaffingDeclaration
    warnings: list[str]


@transaction.atomic
def staffing_declare(
    *, site: Site, user: Any, lines: Sequence[LineInput], declared_on: dt.date | None = None,
    comment: str = "", cycle_weeks: int | None = None,
) -> Declared:  # fmt: skip
    """Record a new declaration (earlier ones stay as history). The rota cycle lasts
    `cycle_weeks` weeks (by default the grids' length); a role without a grid gets an empty
    one of that length. Raises ValidationError with French messages; the caller checks that
    `user` may declare for `site`."""
    declared_on = declared_on or timezone.localdate()
    roles = {role.code: role for role in StaffRole.objects.all()}
    checked = check_declaration(
        lines=lines, capacity=site.capacity, roles=roles, declared_on=declared_on,
        cycle_weeks=cycle_weeks,
    )  # fmt: skip
    if checked.errors:
        raise ValidationError(checked.errors)
    weeks = cycle_weeks_of(lines, cycle_weeks)
    lines = [_fitted(line, weeks) for line in lines]
    declaration = StaffingDeclaration.objects.create(
        site=site, declared_on=declared_on, declared_by=user, comment=comment, cycle_weeks=weeks
    )
    StaffingLine.objects.bulk_create(
        StaffingLine(declaration=declaration, role=roles[line.role], **line_fields(line))
        for line in lines
    )
    # One entry for the declaration, its lines as a list (they are only ever created with it).
    recorded = {**audit_snapshot(declaration), "lines": [_line_summary(line) for line in lines]}
    audit_record(
        actor=user,
        instance=declaration,
        action=AuditAction.CREATE,
        changes=audit_changes({}, recorded),
    )
    return Declared(declaration, checked.warnings)


def _fitted(line: LineInput, weeks: int) -> LineInput:
    if grids.is_empty(line.presence) and len(line.presence) != WEEK * weeks:
        return replace(line, presence=grids.empty(weeks))
    return line


def line_fields(line: LineInput) -> dict[str, Any]:
    """What a StaffingLine stores of a line, its role apart (the declaration, the bench data
    and the test factories build their lines from it)."""
    return {
        "fte_funded": line.fte_funded,
        "fte_filled": line.fte_filled,
        "fte_agency": line.fte_agency,
        "vacant_posts": line.vacant_posts,
        "headcount": line.headcount,
        "hours_per_month": line.hours_per_month,
        "presence": [list(day) for day in line.presence],
    }


def _line_summary(line: LineInput) -> dict[str, Any]:
    return {"role": line.role, **line_fields(line)}
