"""Forms of activity reports: the report form, transitions, queue filters, campaigns, import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import PortalForm
from masp.activity.fields import FIELD_NAMES, REPORT_FIELDS
from masp.activity.rules import Violation
from masp.models import ActivityReport


class ReportForm(PortalForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = ActivityReport
        fields = [*FIELD_NAMES, "justification"]
        widgets = {"highlights": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for spec in REPORT_FIELDS:
            field = self.fields[spec.name]
            field.help_text = f"{spec.definition} ({spec.unit})" if spec.unit else spec.definition
            if spec.is_number:
                field.widget.attrs.update(min=0, inputmode="numeric")
        self.fields["justification"].widget.attrs["rows"] = 3

    def groups(self, violations: list[Violation]) -> list[tuple[str, list[tuple[Any, list]]]]:
        """The fields by group, each with the rule messages whose first field it is (a rule
        speaks next to the figure it is about)."""
        by_field: dict[str, list[Violation]] = {}
        for violation in violations:
            anchor = violation.fields[0] if violation.fields else "places_installed"
            by_field.setdefault(anchor, []).append(violation)
        groups: dict[str, list[tuple[Any, list]]] = {}
        for spec in REPORT_FIELDS:
            groups.setdefault(str(spec.group), []).append(
                (self[spec.name], by_field.get(spec.name, []))
            )
        return list(groups.items())

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in (*FIELD_NAMES, "justification")}


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
