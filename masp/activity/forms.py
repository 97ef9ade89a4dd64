"""Forms of activity reports: the report form, transitions, queue filters, campaigns, import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import PortalForm
from masp.activity.fields import (
    AGE,
    AGE_NAMES,
    CONDITION,
    CONDITION_NAMES,
    DISCHARGE_NAMES,
    FIELD_NAMES,
    FLOWS,
    NATIONAL,
    ORIGIN,
    ORIGIN_NAMES,
    REPORT_FIELDS,
    STAY_TYPE_NAMES,
    ReportField,
)
from masp.activity.rules import ERROR, Violation
from masp.models import ActivityReport


@dataclass(frozen=True)
class Balance:
    """A live check drawn under a group as the coordinator types (static/js/report_form.js):
    `target` should equal the sum of `plus` minus the sum of `minus`."""

    key: str
    label: Any
    target: str
    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()


BALANCES = {
    str(FLOWS): Balance(
        "residents",
        _("Résidents à la fin attendus (début + admissions − sorties − décès)"),
        "residents_end",
        ("residents_start", "admissions"),
        (*DISCHARGE_NAMES, "deaths"),
    ),
    str(ORIGIN): Balance("origin", _("Total par provenance"), "admissions", ORIGIN_NAMES),
    str(AGE): Balance("age", _("Total par âge"), "admissions", AGE_NAMES),
    str(CONDITION): Balance("condition", _("Total par pathologie"), "admissions", CONDITION_NAMES),
    str(NATIONAL): Balance(
        "stay_type", _("Total par type de séjour"), "admissions", STAY_TYPE_NAMES
    ),
}


@dataclass
class FieldRow:
    """A figure of the form with the rule messages it carries (a rule speaks next to its
    first figure)."""

    field: Any
    field_errors: list[str]
    errors: list[Violation]
    warnings: list[Violation]


class ReportForm(PortalForm, forms.ModelForm):
    """The figures of the report's form version, pre-filled where they are known (`prefill`
    fills only the figures still empty)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = ActivityReport
        fields = [*FIELD_NAMES, "justification"]
        widgets = {"highlights": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, prefill: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        names = set(self.instance.field_names) if self.instance.campaign_id else set(FIELD_NAMES)
        for spec in REPORT_FIELDS:
            if spec.name not in names:
                del self.fields[spec.name]  # a later form version: not this report's field
                continue
            field = self.fields[spec.name]
            field.help_text = f"{spec.definition} ({spec.unit})" if spec.unit else spec.definition
            field.widget.attrs["class"] = "fr-input"
            if spec.is_number:
                field.widget.attrs.update(min=0, inputmode="numeric")
            if prefill and spec.name in prefill and getattr(self.instance, spec.name) is None:
                self.initial[spec.name] = prefill[spec.name]
        self.fields["justification"].widget.attrs.update(rows=3, **{"class": "fr-input"})

    def specs(self) -> list[ReportField]:
        return [spec for spec in REPORT_FIELDS if spec.name in self.fields]

    def mark(self, violations: list[Violation]) -> dict[str, FieldRow]:
        """Each figure with its messages; a figure in error gets `aria-invalid` and every
        figure is described by its definition and its messages (ids `<id>_helptext`,
        `<id>_messages`), as the error summary links to it."""
        rows: dict[str, FieldRow] = {}
        for spec in self.specs():
            bound = self[spec.name]
            rows[spec.name] = FieldRow(bound, [str(error) for error in bound.errors], [], [])
        for violation in violations:
            anchor = violation.fields[0] if violation.fields else self.specs()[0].name
            row = rows.get(anchor)
            if row is None:
                continue
            if violation.severity == ERROR:
                row.errors.append(violation)
            else:
                row.warnings.append(violation)
        for name, row in rows.items():
            attrs = self.fields[name].widget.attrs
            described = [f"{row.field.auto_id}_helptext"]
            if row.field_errors or row.errors or row.warnings:
                described.append(f"{row.field.auto_id}_messages")
            attrs["aria-describedby"] = " ".join(described)
            if row.field_errors or row.errors:
                attrs["aria-invalid"] = "true"
        return rows

    def groups(self, violations: list[Violation]) -> list[tuple[str, list[FieldRow], Any]]:
        """The figures by group, each group with its live balance (if any)."""
        rows = self.mark(violations)
        groups: dict[str, list[FieldRow]] = {}
        for spec in self.specs():
            groups.setdefault(str(spec.group), []).append(rows[spec.name])
        return [(name, items, _balance(name, self)) for name, items in groups.items()]

    def error_summary(self, violations: list[Violation]) -> list[tuple[str, str]]:
        """(anchor id, message) of every error, field errors first: the summary's links."""
        summary = [("report-form", str(error)) for error in self.non_field_errors()]
        summary += [
            (self[name].auto_id, str(error))
            for name in self.fields
            if name != "version"
            for error in self[name].errors
        ]
        for violation in violations:
            if violation.severity != ERROR:
                continue
            anchor = next((name for name in violation.fields if name in self.fields), None)
            anchor = anchor or self.specs()[0].name
            summary.append((self[anchor].auto_id, violation.message))
        return summary

    def values(self) -> dict[str, Any]:
        names = [name for name in (*FIELD_NAMES, "justification") if name in self.fields]
        return {name: self.cleaned_data.get(name) for name in names}


def _balance(group: str, form: ReportForm) -> Balance | None:
    balance = BALANCES.get(group)
    if balance is None or not all(
        name in form.fields for name in (balance.target, *balance.plus, *balance.minus)
    ):
        return None
    return balance


class CommentForm(PortalForm):
    """A transition of a report page: its comment and the version the page showed, checked
    by the service so that nobody validates figures they have not seen."""

    comment = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class YearForm(PortalForm):
    year = forms.IntegerField(label=_("Année"), min_value=2024, max_value=2040)


class ImportForm(PortalForm):
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_(
            "Une ligne par rapport : colonnes « finess » (FINESS ET de la maison), « periode » "
            "(AAAA-MM) puis les chiffres, avec les noms de colonnes du dictionnaire des données."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Le fichier doit être au format CSV ou XLSX."))
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Le fichier dépasse 2 Mo."))
        return upload
