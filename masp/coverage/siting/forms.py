"""The siting advisor's form (its query string is the run's address) and the scenario's name."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from common.forms import PortalForm
from masp.coverage.siting.services import (
    FRANCE,
    K_MAX,
    K_MIN,
    METHODS,
    RADIUS_MAX,
    RADIUS_MIN,
    Parameters,
    check_parameters,
)
from territories.models import Region

EXISTING_CHOICES = [
    ("open", _("ouvertes")),
    ("authorised", _("autorisées")),
    ("project", _("en projet")),
]
CANDIDATE_CHOICES = [
    ("all", _("toutes les communes du périmètre")),
    ("min_population", _("les communes d'au moins N habitants")),
    ("insee", _("une liste de codes INSEE")),
]
METHOD_CHOICES = list(
    zip(METHODS, [_("glouton (rapide, garanti à 63 %)"), _("optimum exact (HiGHS)")], strict=True)
)


class SitingForm(PortalForm):
    scope = forms.ChoiceField(label=_("Périmètre"))
    radius_km = forms.IntegerField(
        label=_("Rayon (km)"),
        min_value=RADIUS_MIN,
        max_value=RADIUS_MAX,
        initial=30,
        help_text=_("30 ou 60 km habituellement ; de 10 à 100 km."),
    )
    k = forms.IntegerField(
        label=_("Nombre de nouvelles maisons"), min_value=K_MIN, max_value=K_MAX, initial=3
    )
    existing = forms.MultipleChoiceField(
        label=_("Maisons déjà là"),
        choices=EXISTING_CHOICES,
        initial=["open"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    candidates = forms.ChoiceField(
        label=_("Lieux candidats"), choices=CANDIDATE_CHOICES, initial="all"
    )
    min_population = forms.IntegerField(
        label=_("Population minimale (N)"), min_value=0, required=False
    )
    insee = forms.CharField(
        label=_("Codes INSEE"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Séparés par des espaces ou des virgules, par exemple 59350 62041."),
    )
    one_per_department = forms.BooleanField(
        label=_("Au plus une nouvelle maison par département"), required=False
    )
    only_uncovered_departments = forms.BooleanField(
        label=_("Seulement dans les départements sans maison ouverte"), required=False
    )
    method = forms.ChoiceField(label=_("Méthode"), choices=METHOD_CHOICES, initial="greedy")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        regions = Region.objects.order_by("name")
        choices: list[tuple[str, str]] = []
        if scope.is_national:
            choices.append((FRANCE, str(_("France entière"))))
        else:
            regions = regions.filter(code__in=scope.region_codes)
        choices += [(region.code, region.name) for region in regions]
        self.fields["scope"].choices = choices
        self.fields["scope"].initial = choices[0][0] if choices else FRANCE
        self.parameters: Parameters | None = None

    def clean_insee(self) -> list[str]:
        return [code for code in re.split(r"[\s,;]+", self.cleaned_data["insee"]) if code]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        mode = data["candidates"]
        if mode == "insee" and not data["insee"]:
            self.add_error("insee", _("Indiquez au moins un code INSEE."))
            return data
        parameters = Parameters(
            scope=data["scope"],
            radius_km=data["radius_km"],
            k=data["k"],
            existing=tuple(data["existing"]),
            min_population=(data["min_population"] or 0) if mode == "min_population" else 0,
            insee=tuple(data["insee"]) if mode == "insee" else (),
            one_per_department=data["one_per_department"],
            only_uncovered_departments=data["only_uncovered_departments"],
            method=data["method"],
        )
        try:
            check_parameters(parameters)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = field
                if field == "candidates":
                    target = "insee" if mode == "insee" else "min_population"
                self.add_error(target if target in self.fields else None, messages)
            return data
        self.parameters = parameters
        return data


def initial_query(parameters: Parameters) -> dict[str, Any]:
    """The form's data for a run (a scenario's "run again" link)."""
    data: dict[str, Any] = {
        "scope": parameters.scope,
        "radius_km": int(parameters.radius_km),
        "k": parameters.k,
        "existing": list(parameters.existing),
        "candidates": "insee"
        if parameters.insee
        else ("min_population" if parameters.min_population else "all"),
        "min_population": parameters.min_population or "",
        "insee": " ".join(parameters.insee),
        "method": parameters.method,
    }
    for flag in ("one_per_department", "only_uncovered_departments"):
        if getattr(parameters, flag):
            data[flag] = "on"
    return data


class ScenarioForm(PortalForm):
    name = forms.CharField(label=_("Nom du scénario"), max_length=120)
