"""Forms of staffing: the declaration with its week grid, and the evaluation options."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import PortalForm
from masp.models import CAPACITY_MAX, CAPACITY_MIN, NormSet, StaffRole
from masp.staffing import grids
from masp.staffing.engine import SHIFTS, WEEKDAYS
from masp.staffing.enums import Shift
from masp.staffing.grids import DAY_SHORT, MAX_WEEKS, WEEK, day_label
from masp.staffing.queries import norm_sets
from masp.staffing.services import LineInput

FTE_FIELDS = [
    ("fte_funded", _("ETP financés")),
    ("fte_filled", _("ETP pourvus")),
    ("vacant_posts", _("Postes vacants")),
    ("fte_agency", _("ETP intérim ou vacation")),
]
VOLUNTEER_FIELDS = [("headcount", _("Personnes")), ("hours_per_month", _("Heures par mois"))]
WEEK_CHOICES = [
    (weeks, _("1 semaine") if weeks == 1 else _("%(n)s semaines") % {"n": weeks})
    for weeks in range(1, MAX_WEEKS + 1)
]


def cell_name(code: str, day: int, shift: int) -> str:
    return f"{code}-p{day}{shift}"


def posted_weeks(data: QueryDict | None, default: int) -> int:
    """The cycle length a posted form asks for (1 to 6 weeks), else `default`."""
    try:
        weeks = int(data.get("cycle_weeks", default) if data is not None else default)
    except (TypeError, ValueError):
        return default
    return weeks if 1 <= weeks <= MAX_WEEKS else default


def copy_monday(data: QueryDict, command: str, weeks: int = 1) -> QueryDict:
    """ "<role>:week" or "<role>:weekdays": the first Monday's three shifts copied to every day
    or every weekday of the cycle (the no-JavaScript path of the grid helpers;
    static/js/staffing.js does it in place)."""
    data = data.copy()
    code, _sep, target = command.partition(":")
    days = {
        "week": list(range(1, WEEK * weeks)),
        "weekdays": [day for day in range(1, WEEK * weeks) if day % WEEK in WEEKDAYS],
    }.get(target, [])
    for day in days:
        for shift in range(len(SHIFTS)):
            data[cell_name(code, day, shift)] = data.get(cell_name(code, 0, shift), "0")
    return data


def resize_cycle(data: QueryDict, codes: Sequence[str], weeks: int) -> QueryDict:
    """A longer cycle starts as the shorter one repeated (the days not posted yet take the
    value of the same day of the cycle shown before)."""
    data = data.copy()
    shown = posted_weeks(QueryDict(f"cycle_weeks={data.get('shown_weeks', '1')}"), 1)
    for code in codes:
        for day in range(WEEK * shown, WEEK * weeks):
            for shift in range(len(SHIFTS)):
                source = cell_name(code, day % (WEEK * shown), shift)
                data[cell_name(code, day, shift)] = data.get(source, "0")
    data["shown_weeks"] = str(weeks)
    return data


class StaffingDeclarationForm(PortalForm):
    declared_on = forms.DateField(
        label=_("Date de la déclaration"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    comment = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cycle_weeks = forms.TypedChoiceField(
        label=_("Durée du cycle de travail"),
        choices=WEEK_CHOICES,
        coerce=int,
        help_text=_(
            "Le planning couvre un cycle de 1 à 6 semaines qui se répète ; changez la durée "
            "puis « Afficher les semaines » pour remplir chaque semaine."
        ),
    )
    shown_weeks = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        roles: Sequence[StaffRole],
        lines: dict[str, LineInput],
        weeks: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.roles = list(roles)
        self.weeks = weeks
        self.fields["declared_on"].initial = timezone.localdate()
        self.fields["cycle_weeks"].initial = weeks
        self.fields["shown_weeks"].initial = weeks
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
        presence = grids.stretch(line.presence, self.weeks)
        for day in range(WEEK * self.weeks):
            for index, shift in enumerate(SHIFTS):
                cell = f"{role.label}, {day_label(day, self.weeks)} {Shift(shift).label}"
                self.fields[cell_name(role.code, day, index)] = forms.IntegerField(
                    label=cell,
                    required=False,
                    initial=presence[day][index],
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
                "weeks": [(week + 1, self._week_rows(role, week)) for week in range(self.weeks)],
            }
            for role in self.roles
        ]

    def _week_rows(self, role: StaffRole, week: int) -> list[tuple[str, list[tuple[Any, bool]]]]:
        """Per shift: the week's seven cells, each with whether someone is there (colour)."""
        rows = []
        for i, shift in enumerate(SHIFTS):
            cells = []
            for day in range(WEEK * week, WEEK * (week + 1)):
                field = self[cell_name(role.code, day, i)]
                cells.append((field, str(field.value() or "0").strip() not in ("", "0")))
            rows.append((str(Shift(shift).label), cells))
        return rows

    @staticmethod
    def day_headers() -> tuple[str, ...]:
        return tuple(str(_(day)) for day in DAY_SHORT)

    def lines(self) -> list[LineInput]:
        """The declared lines (a role left entirely empty is not declared)."""
        data, lines = self.cleaned_data, []
        for role in self.roles:
            grid = tuple(
                tuple(data.get(cell_name(role.code, d, i)) or 0 for i in range(len(SHIFTS)))
                for d in range(WEEK * self.weeks)
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


class _Listed(forms.models.ModelChoiceIterator):
    """A choice field's choices from the list its form read (`NormSetField.listed`)."""

    field: NormSetField

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for norm_set in self.field.listed:
            yield self.choice(norm_set)

    def __len__(self) -> int:
        return len(self.field.listed) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.field.listed)


class NormSetField(forms.ModelChoiceField):
    """A norm set among those the form read once (two lists, one query: a model choice
    field reads its queryset each time it is rendered)."""

    iterator = _Listed
    listed: Sequence[NormSet] = ()


class EvaluationForm(PortalForm):
    """Which norm set, a second one side by side, and a capacity for the what-if."""

    referentiel = NormSetField(
        label=_("Référentiel"),
        queryset=NormSet.objects.all(),
        required=False,
        empty_label=_("Celui en vigueur"),
    )
    comparer = NormSetField(
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed = norm_sets()
        for name in ("referentiel", "comparer"):
            field = self.fields[name]
            assert isinstance(field, NormSetField)
            field.listed = listed
            field.widget.choices = field.choices

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None
