"""The "Générer un rapport" form: kinds, houses and regions limited to the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from common.forms import PortalForm
from masp.models import Site, SitingScenario
from reporting.enums import ReportKind
from reporting.pdf.services import check_parameters, check_scenario, previous_semester
from territories.models import Region


class DateInput(forms.DateInput):
    input_type = "date"


class ReportRequestForm(PortalForm):
    kind = forms.ChoiceField(label=_("Type de rapport"), choices=ReportKind.choices)
    site = forms.ModelChoiceField(
        label=_("Maison (rapport de maison)"), queryset=Site.objects.none(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Région (rapport régional)"), queryset=Region.objects.none(), required=False
    )
    siting_scenario = forms.ModelChoiceField(
        label=_("Scénario d'implantation à joindre (rapport régional)"),
        queryset=SitingScenario.objects.none(),
        required=False,
    )
    period_start = forms.DateField(label=_("Début de la période"), widget=DateInput)
    period_end = forms.DateField(label=_("Fin de la période"), widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        start, end = previous_semester(timezone.localdate())
        kwargs.setdefault("initial", {"period_start": start, "period_end": end})
        super().__init__(*args, **kwargs)
        self.user = user
        scope = scope_for(user)
        kinds = [ReportKind.SITE]
        if scope.is_national:
            kinds = list(ReportKind)
        elif scope.region_codes:
            kinds = [ReportKind.REGION, ReportKind.SITE]
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        site_field: Any = self.fields["site"]
        site_field.queryset = Site.objects.visible_to(user).select_related("department")
        regions = Region.objects.all()
        if not scope.is_national:
            regions = regions.filter(code__in=scope.region_codes)
        region_field: Any = self.fields["region"]
        region_field.queryset = regions
        if ReportKind.REGION in kinds:
            scenario_field: Any = self.fields["siting_scenario"]
            scenario_field.queryset = (
                SitingScenario.objects.visible_to(user)
                .filter(region__isnull=False)
                .select_related("region")
            )
        else:  # a house's coordinator asks for site reports only
            del self.fields["siting_scenario"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("period_start")
        end: dt.date | None = data.get("period_end")
        if data.get("kind") and start and end:
            try:
                check_parameters(
                    kind=data["kind"],
                    site=data.get("site"),
                    region=data.get("region"),
                    period_start=start,
                    period_end=end,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        if data.get("siting_scenario") and data.get("kind"):
            try:
                check_scenario(
                    user=self.user,
                    kind=data["kind"],
                    region=data.get("region"),
                    scenario=data["siting_scenario"],
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return data
