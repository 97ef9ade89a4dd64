"""The filter form of the Exports page: selects only (export, period, territory, status), from
which it builds the download links of the files for people and of the machine files."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.exports.base import ExportError, parse_params
from common.forms import CompactSelect, PortalForm
from funding.enums import FundingKind
from masp.activity.enums import ReportStatus
from masp.sites.enums import SiteStatus
from partners.enums import ConventionStatus
from reporting.exports.specs import EXPORTS
from territories.models import Department, Region

# The first houses were authorised under the 2025 cahier des charges: no figure before.
FIRST_YEAR = 2025
# What the `status` parameter of each export filters, in French, first choice the default
# (the API's own values: tests/reporting/exports/test_forms.py checks each against its spec).
STATUSES: dict[str, tuple[Any, list[tuple[str, Any]]]] = {
    "activity-reports": (
        _("statut du rapport"),
        [("", _("validés (par défaut)")), ("all", _("tous les statuts"))]
        + [(code, label) for code, label in ReportStatus.choices if code != "validated"],
    ),
    "sites": (_("statut de la maison"), [("", _("tous")), *SiteStatus.choices]),
    "staffing": (
        _("déclarations"),
        [("", _("la dernière de chaque maison (par défaut)")), ("all", _("toutes"))],
    ),
    "funding": (_("nature du financement"), [("", _("toutes")), *FundingKind.choices]),
    "conventions": (_("état du jour"), [("", _("tous")), *ConventionStatus.choices]),
}
SEPARATOR = ":"  # a status option is "<export>:<code>": one select serves every export


def period_choices(today: dt.date) -> list[tuple[Any, Any]]:
    """Years, semesters and months since the first houses, the latest first, grouped by year."""
    choices: list[tuple[Any, Any]] = [("", _("toute la période"))]
    for year in range(today.year, FIRST_YEAR - 1, -1):
        group = [
            (str(year), _("année %(year)s") % {"year": year}),
            (f"{year}-S1", _("1er semestre %(year)s") % {"year": year}),
            (f"{year}-S2", _("2e semestre %(year)s") % {"year": year}),
        ]
        last = today.month if year == today.year else 12
        group += [
            (f"{year}-{month:02d}", date_format(dt.date(year, month, 1), "F Y"))
            for month in range(1, last + 1)
        ]
        choices.append((str(year), group))
    return choices


def period_bounds(value: str) -> tuple[str, str]:
    """A period option as the API's `from` and `to` months (AAAA-MM)."""
    if not value:
        return "", ""
    year, _dash, part = value.partition("-")
    if not part:
        return f"{year}-01", f"{year}-12"
    if part == "S1":
        return f"{year}-01", f"{year}-06"
    if part == "S2":
        return f"{year}-07", f"{year}-12"
    return value, value


def status_choices() -> list[tuple[Any, Any]]:
    choices: list[tuple[Any, Any]] = [("", _("selon l'export (par défaut)"))]
    for name, (title, options) in STATUSES.items():
        label = f"{EXPORTS[name].label} — {title}"
        choices.append((label, [(f"{name}{SEPARATOR}{code}", text) for code, text in options]))
    return choices


class ExportForm(PortalForm):
    export = forms.ChoiceField(label=_("Données"), choices=(), widget=CompactSelect)
    period = forms.ChoiceField(
        label=_("Période"),
        widget=CompactSelect,
        required=False,
        help_text=_(
            "Une année, un semestre ou un mois ; sans effet sur les maisons et la "
            "couverture, qui donnent la situation du jour."
        ),
    )
    region = forms.ChoiceField(label=_("Région"), required=False, choices=(), widget=CompactSelect)
    department = forms.ChoiceField(
        label=_("Département"), required=False, choices=(), widget=CompactSelect
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        widget=CompactSelect,
        required=False,
        help_text=_("Choisissez un statut de l'export retenu ci-dessus."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["export"].choices = [(name, spec.label) for name, spec in EXPORTS.items()]
        self.fields["period"].choices = period_choices(timezone.localdate())
        self.fields["status"].choices = status_choices()
        self.fields["region"].choices = [
            ("", _("toutes")),
            *Region.objects.order_by("name").values_list("code", "name"),
        ]
        self.fields["department"].choices = [("", _("tous"))] + [
            (code, f"{code} — {name}")
            for code, name in Department.objects.order_by("code").values_list("code", "name")
        ]

    def clean_status(self) -> str:
        value: str = self.cleaned_data["status"]
        name, _sep, code = value.partition(SEPARATOR)
        export = self.cleaned_data.get("export")
        if value and name != export:
            raise forms.ValidationError(
                _("Ce statut concerne l'export « %(other)s » : choisissez un statut de "
                  "l'export retenu, ou « selon l'export ».")
                % {"other": EXPORTS[name].label}
            )  # fmt: skip
        return code

    def query(self) -> dict[str, str]:
        data = self.cleaned_data
        start, end = period_bounds(data["period"])
        pairs = {
            "from": start,
            "to": end,
            "region": data["region"],
            "department": data["department"],
            "status": data["status"],
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

    def links(self) -> dict[str, str]:
        """The download links of the chosen export with these filters, by format."""
        name = self.cleaned_data["export"]
        query = self.query()
        return {
            "xlsx": _url("api-export", [name, "xlsx"], {**query, "lang": "fr"}),
            "csv_fr": _url("api-export", [name, "csv"], {**query, "lang": "fr"}),
            "csv": _url("api-export", [name, "csv"], query),
            "jsonl": _url("api-export", [name, "jsonl"], query),
            "schema": _url("api-export-schema", [name], {}),
            "schema_fr": _url("api-export-schema", [name], {"lang": "fr"}),
        }


def _url(route: str, args: list[str], query: dict[str, str]) -> str:
    url = reverse(route, args=args)
    return f"{url}?{urlencode(query)}" if query else url
