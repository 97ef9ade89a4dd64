"""Forms of the funding app."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import PortalForm, PortalModelForm
from common.uploads import validate_pdf_upload
from funding.models import FundingLine, RegionalEnvelope


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


CONFIRM_LABEL = _("Je confirme le dépassement de l'enveloppe régionale")


class FundingLineForm(PortalModelForm):
    confirm_over_allocation = forms.BooleanField(label=CONFIRM_LABEL, required=False)

    class Meta:
        model = FundingLine
        fields = [
            "year",
            "source",
            "kind",
            "nature",
            "amount_notified",
            "amount_paid",
            "decision_reference",
            "decision_date",
            "decision_document",
            "comment",
        ]
        widgets = {"decision_date": DateInput()}

    def __init__(self, *args: Any, site: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.site = site
        self.fields["decision_document"].validators = [validate_pdf_upload]


class SpentForm(PortalForm):
    amount_spent = forms.DecimalField(
        label=_("Montant consommé (€)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
    )


class EnvelopeForm(PortalModelForm):
    class Meta:
        model = RegionalEnvelope
        fields = ["year", "source", "amount_notified", "notified_on", "comment"]
        widgets = {"notified_on": DateInput()}

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.region = region


class IndicatorConfirmForm(PortalForm):
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2024, max_value=2040)
    confirm_over_allocation = forms.BooleanField(label=CONFIRM_LABEL, required=False)
