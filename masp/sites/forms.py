"""Forms of the house registry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.forms import CompactSelect, PlainChoices, PortalForm
from masp.models import SiteQuerySet
from masp.sites.enums import SiteStatus
from territories.forms import DepartmentFilterField, RegionFilterField


class SiteFilterForm(PortalForm):
    q = forms.CharField(label=_("Recherche"), required=False, max_length=100)
    region = RegionFilterField()
    department = DepartmentFilterField()
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[("", _("Tous")), *SiteStatus.choices],
        required=False,
        widget=CompactSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("region", "department", "status"):
            field: Any = self.fields[name]
            # The catalogue read once, in canonical form: not again for the widget, the
            # rendering and the validation.
            field.choices = PlainChoices(field.choices)

    def filter(self, sites: SiteQuerySet) -> SiteQuerySet:
        """Apply the valid filters; an invalid form leaves the list unfiltered."""
        if not self.is_valid():
            return sites
        data = self.cleaned_data
        if data["q"]:
            term = data["q"].strip()
            sites = sites.filter(
                Q(name__icontains=term)
                | Q(commune__icontains=term)
                | Q(finess_et__startswith=term)
                | Q(postcode__startswith=term)
            )
        if data["region"]:
            sites = sites.in_region(data["region"])
        if data["department"]:
            sites = sites.filter(department_id=data["department"])
        if data["status"]:
            sites = sites.filter(status=data["status"])
        return sites


class DirectorySearchForm(PortalForm):
    """Search of the public directory: a commune or a postcode, and/or a département."""

    q = forms.CharField(
        label=_("Commune ou code postal"),
        help_text=_("Par exemple : Rennes ou 35000"),
        required=False,
        max_length=100,
    )
    department = DepartmentFilterField()
