"""The filter form of the Exports page: it builds the download URL of an export."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.exports.base import ExportError, parse_params
from common.forms import PortalForm
from reporting.exports.specs import EXPORTS
from territories.models import Department, Region

FORMATS = [("csv", "CSV"), ("xlsx", "XLSX (Excel)"), ("jsonl", "JSON Lines")]


class MonthInput(forms.TextInput):
    input_type = "month"


class ExportForm(PortalForm):
    export = forms.ChoiceField(label=_("Export"), choices=())
    fmt = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="csv")
    period_from = forms.CharField(
        label=_("Du mois"), required=False, widget=MonthInput, help_text=_("AAAA-MM")
    )
    period_to = forms.CharField(
        label=_("Au mois"), required=False, widget=MonthInput, help_text=_("AAAA-MM")
    )
    region = forms.ChoiceField(label=_("Région"), required=False, choices=())
    department = forms.ChoiceField(label=_("Département"), required=False, choices=())
    status = forms.CharField(
        label=_("Statut"),
        required=False,
        help_text=_("Rapports : validés par défaut, « all » pour tous ; effectifs : « all » "
                    "pour toutes les déclarations."),
    )  # fmt: skip
    french_header = forms.BooleanField(label=_("En-tête en français"), required=False)
    semicolon = forms.BooleanField(label=_("Séparateur « ; » (CSV)"), required=False)
    bom = forms.BooleanField(label=_("Marque BOM pour Excel (CSV)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["export"].choices = [(name, spec.label) for name, spec in EXPORTS.items()]
        blank = [("", _("Toutes"))]
        self.fields["region"].choices = blank + [
            (r.code, r.name) for r in Region.objects.order_by("name")
        ]
        self.fields["department"].choices = [("", _("Tous"))] + [
            (d.code, f"{d.code} — {d.name}") for d in Department.objects.order_by("code")
        ]

    def query(self) -> dict[str, str]:
        data = self.cleaned_data
        pairs = {
            "from": data["period_from"],
            "to": data["period_to"],
            "region": data["region"],
            "department": data["department"],
            "status": data["status"].strip(),
            "header": "fr" if data["french_header"] else "",
            "sep": ";" if data["semicolon"] else "",
            "bom": "1" if data["bom"] else "",
        }
        return {key: value for key, value in pairs.items() if value}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            try:
                parse_params(self.query())
            except ExportError as error:
                raise forms.ValidationError(str(error)) from error
        return data

    def download_url(self) -> str:
        data = self.cleaned_data
        url = reverse("api-export", args=[data["export"], data["fmt"]])
        query = self.query()
        return f"{url}?{urlencode(query)}" if query else url
