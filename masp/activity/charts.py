"""The indicators of the activity reports month by month, a scope against France, as line
charts: the dashboard's and the PDF reports' (drawn by common.charts)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.charts import line_chart, short_month
from masp.activity.queries import INDICATORS
from masp.models import ReportingCampaign

TITLES = dict(INDICATORS)
# Written after the last value of a line; the titles give the units too.
SUFFIXES = {
    "occupancy": " %",
    "length_of_stay": " j",
    "deaths": " %",
    "home": " %",
    "refusals": " %",
    "respite": " %",
    "emsp": " %",
    "other_department": " %",
}
WIDTH, HEIGHT = 340, 190  # two charts side by side, on a page as in a report
# Target bands shaded behind a chart's lines, with the sentence that says where they come from.
# Neither the cahier des charges nor the 2024 impact study sets an occupancy target: 80-95 % is
# a working assumption (a small house cannot be full every night: admissions wait for a
# discharge or a death), written as such under the chart. The report rules warn below 50 %.
TARGETS: dict[str, tuple[float, float, Any]] = {
    "occupancy": (
        80.0,
        95.0,
        gettext_lazy(
            "Bande bleutée : taux d'occupation cible de 80 à 95 %. Hypothèse de travail : ni le "
            "cahier des charges ni l'étude d'impact de 2024 ne fixent de cible ; les rapports "
            "signalent un taux sous 50 %."
        ),
    ),
}
REFERENCE_NOTE = gettext_lazy("Trait gris pointillé : France entière (référence).")

# Figures per campaign id: those of `indicators_by_campaign` or of `indicator_sums`.
Figures = Mapping[Any, Mapping[str, Any]]


class Series(TypedDict):
    name: str
    values: list[float | None]


@dataclass(frozen=True)
class Chart:
    title: str
    series: list[Series]
    svg: SafeString  # escaped by line_chart
    # The x labels (months) and the unit: the same figures as a table ("voir le tableau").
    labels: list[str] = field(default_factory=list)
    suffix: str = ""
    # What the reader needs to read the drawing: the reference line, the target band.
    note: str = ""

    @property
    def rows(self) -> list[tuple[str, list[float | None]]]:
        """One row per month, one value per series: the chart as a table."""
        return [
            (label, [line["values"][index] for line in self.series])
            for index, label in enumerate(self.labels)
        ]


def indicator_charts(
    campaigns: Iterable[ReportingCampaign],
    selection: Figures,
    nation: Figures,
    *,
    name: str | None,
    keys: Iterable[str] = TITLES,
) -> list[Chart]:
    """A chart per indicator of `keys`, oldest campaign first: the line of the selection
    (`name`; none for the nation itself) and that of France."""
    ordered = sorted(campaigns, key=lambda campaign: campaign.period_start)
    labels = [short_month(campaign.period_start) for campaign in ordered]
    charts = []
    for key in keys:
        series: list[Series] = []
        if name is not None:
            series.append({"name": name, "values": _values(selection, ordered, key)})
        series.append({"name": _("France entière"), "values": _values(nation, ordered, key)})
        target = TARGETS.get(key)
        svg = line_chart(
            labels,
            [(line["name"], line["values"]) for line in series],
            width=WIDTH,
            height=HEIGHT,
            suffix=SUFFIXES[key],
            label=TITLES[key],
            reference=len(series) - 1,  # France, always last
            band=target[:2] if target else None,
        )
        notes = [str(REFERENCE_NOTE)] if name is not None else []
        notes += [str(target[2])] if target else []
        charts.append(
            Chart(
                title=TITLES[key],
                series=series,
                svg=mark_safe(svg),  # noqa: S308
                labels=labels,
                suffix=SUFFIXES[key],
                note=" ".join(notes),
            )
        )
    return charts


def _values(figures: Figures, campaigns: list[ReportingCampaign], key: str) -> list[float | None]:
    values = [figures.get(campaign.pk, {}).get(key) for campaign in campaigns]
    return [None if value is None else float(value) for value in values]
