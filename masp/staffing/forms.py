"""Forms of staffing: the declaration with its week grid, and the evaluation options."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import PortalForm
from masp.models import CAPACITY_MAX, CAPACITY_MIN, NormSet, StaffRole
from masp.staffing.engine import DAYS, SHIFTS, WEEKDAYS, day_name
from masp.staffing.enums import Shift
from masp.staffing.services import LineInput

FTE_FIELDS = [
    ("fte_funded", _("ETP financés")),
    ("fte_filled", _("ETP pourvus")),
    ("vacant_posts", _("Postes vacants")),
    ("fte_agency", _("ETP intérim ou vacation")),
]
VOLUNTEER_FIELDS = [("headcount", _("Personnes")), ("hours_per_month", _("Heures par mois"))]
COPIES = {"week": range(DAYS), "weekdays": WEEKDAYS}


def cell_name(code: str, day: int, shift: int) -> str:
    return f"{code}-p{day}{shift}"


def copy_monday(data: QueryDict, command: str) -> QueryDict:
    """ "<role>:week" or "<role>:weekdays": Monday's three shifts copied to the other days
    (the no-JavaScript path of the grid helpers; static/js/staffing.js does it in place)."""
    data = data.copy()
    code, _sep, target = command.partition(":")
    for day in COPIES.get(target, ()):
        for shift in range(len(SHIFTS)):
            data[cell_name(code, day, shift)] = data.get(cell_name(code, 0, shift), "0")
    return data


class StaffingDeclarationForm(PortalForm):
    declared_on = forms.DateField(
        label=_("Date de la déclaration"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    comment = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, roles: Sequence[StaffRole], lines: dict[str, LineInput], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.roles = list(roles)
        self.fields["declared_on"].initial = timezone.localdate()
        for role in self.roles:
            self._add_role(role, lines.get(role.code) or LineInput(role.code))

    def _add_role(self, role: StaffRole, line: LineInput) -> None:
        for name, label in FTE_FIELDS if role.counts_in_fte else VOLUNTEER_FIELDS:
            field: forms.Field
            if name.startswith("fte"):
                field = forms.DecimalField(label=label, max_digits=6, decimal_places=2)
            else:
                field = forms.IntegerField(label=label)
            field.required, field.initial = False, getattr(line, name)
            self.fields[f"{role.code}-{name}"] = field
        for day in range(DAYS):
            for index, shift in enumerate(SHIFTS):
                cell = f"{role.label}, {day_name(day)} {Shift(shift).label}"
                self.fields[cell_name(role.code, day, index)] = forms.IntegerField(
                    label=cell,
                    required=False,
                    initial=line.presence[day][index],
                    widget=forms.NumberInput(
                        attrs={"aria-label": cell, "min": 0, "class": "fr-input masp-cell"}
                    ),
                )

    def role_sections(self) -> list[dict[str, Any]]:
        return [
            {
                "role": role,
                "figures": [
                    self[f"{role.code}-{name}"]
                    for name, _label in (FTE_FIELDS if role.counts_in_fte else VOLUNTEER_FIELDS)
                ],
                "shifts": [
                    (Shift(shift).label, [self[cell_name(role.code, d, i)] for d in range(DAYS)])
                    for i, shift in enumerate(SHIFTS)
                ],
            }
            for role in self.roles
        ]

    def lines(self) -> list[LineInput]:
        """The declared lines (a role left entirely empty is not declared)."""
        data, lines = self.cleaned_data, []
        for role in self.roles:
            grid = tuple(
                tuple(data.get(cell_name(role.code, d, i)) or 0 for i in range(len(SHIFTS)))
                for d in range(DAYS)
            )
            names = [name for name, _label in FTE_FIELDS + VOLUNTEER_FIELDS]
            values = {
                name: data.get(f"{role.code}-{name}") or 0
                for name in names
                if f"{role.code}-{name}" in self.fields
            }
            if any(values.values()) or any(any(day) for day in grid):
                values = {k: Decimal(v) if k.startswith("fte") else v for k, v in values.items()}
                lines.append(LineInput(role.code, presence=grid, **values))  # type: ignore[arg-type]
        return lines


class EvaluationForm(PortalForm):
    """Which norm set, a second one side by side, and a capacity for the what-if."""

    referentiel = forms.ModelChoiceField(
        label=_("Référentiel"),
        queryset=NormSet.objects.all(),
        required=False,
        empty_label=_("Celui en vigueur"),
    )
    comparer = forms.ModelChoiceField(
        label=_("Comparer avec"),
        queryset=NormSet.objects.all(),
        required=False,
        empty_label=_("Aucun"),
    )
    capacite = forms.IntegerField(
        label=_("Simuler une capacité de (places)"),
        required=False,
        min_value=CAPACITY_MIN,
        max_value=CAPACITY_MAX,
    )

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None
