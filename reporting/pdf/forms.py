"""The "Générer un rapport" form: kinds, houses and regions limited to the user's scope (a
house's coordinator sees no region, an agent of one region has it chosen), semester and year
presets, and the "Avis de l'ARS" for those who speak for the authority."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from common.forms import CompactSelect, NamedChoiceField, PortalForm
from masp.models import Site, SitingScenario
from reporting.enums import ReportKind
from reporting.models import OPINION_MAX_LENGTH
from reporting.pdf.periods import preset_period, presets
from reporting.pdf.services import check_parameters, check_scenario, previous_semester
from reporting.perms import can_give_opinion
from territories.models import Region


class DateInput(forms.DateInput):
    input_type = "date"


class ReportRequestForm(PortalForm):
    kind = forms.ChoiceField(
        label=_("Type de rapport"), choices=ReportKind.choices, widget=CompactSelect
    )
    site = NamedChoiceField(
        label=_("Maison (rapport de maison)"), queryset=Site.objects.none(), required=False
    )
    region = NamedChoiceField(
        label=_("Région (rapport régional)"), queryset=Region.objects.none(), required=False
    )
    siting_scenario = NamedChoiceField(
        label=_("Scénario d'implantation à joindre (rapport régional)"),
        queryset=SitingScenario.objects.none(),
        required=False,
    )
    # A semester or a year; dates typed below win over it (a preset fills empty dates only).
    preset = forms.ChoiceField(
        label=_("Période"),
        required=False,
        widget=CompactSelect,
        help_text=_("Un semestre ou une année ; ou « Période libre » et les dates ci-dessous."),
    )
    period_start = forms.DateField(
        label=_("Début de la période"),
        widget=DateInput,
        required=False,
        help_text=_("Laissez vide pour la période choisie ci-dessus."),
    )
    period_end = forms.DateField(
        label=_("Fin de la période"),
        widget=DateInput,
        required=False,
        help_text=_("Laissez vide pour la période choisie ci-dessus."),
    )
    opinion = forms.CharField(
        label=_("Avis de l'ARS (facultatif)"),
        required=False,
        max_length=OPINION_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Imprimé sur la page de synthèse, juste après la couverture, sous les messages clés. "
            "%(max)s caractères au plus."
        )
        % {"max": "2 000"},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        start, _end = previous_semester(today)
        kwargs.setdefault("initial", {"preset": f"{start.year}-S{1 if start.month == 1 else 2}"})
        super().__init__(*args, **kwargs)
        self.user = user
        free = ("", _("Période libre (dates ci-dessous)"))
        self.fields["preset"].choices = [free, *presets(today)]
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
            del self.fields["region"]
        # One region or one house to choose from: already chosen (from the scope, no query).
        if "region" in self.fields and len(scope.region_codes) == 1 and not scope.is_national:
            (self.fields["region"].initial,) = scope.region_codes
        if kinds == [ReportKind.SITE] and len(scope.site_ids) == 1:
            (self.fields["site"].initial,) = scope.site_ids
        if not can_give_opinion(user):
            del self.fields["opinion"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("site", None)
        data.setdefault("region", None)
        self._period(data)
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

    def _period(self, data: dict[str, Any]) -> None:
        """Typed dates win; a preset fills the dates left empty; neither is an error."""
        preset = preset_period(data.get("preset") or "")
        if preset is not None:
            data["period_start"] = data.get("period_start") or preset[0]
            data["period_end"] = data.get("period_end") or preset[1]
        for name in ("period_start", "period_end"):
            if not data.get(name) and name not in self.errors:
                self.add_error(
                    name, _("Choisissez un semestre ou une année, ou saisissez cette date.")
                )
