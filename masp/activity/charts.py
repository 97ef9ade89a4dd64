"""The indicators of the activity reports month by month, a scope against France, as line
charts: the dashboard's and the PDF reports' (drawn by common.charts)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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
        svg = line_chart(
            labels,
            [(line["name"], line["values"]) for line in series],
            width=WIDTH,
            height=HEIGHT,
            suffix=SUFFIXES[key],
            label=TITLES[key],
        )
        charts.append(Chart(title=TITLES[key], series=series, svg=mark_safe(svg)))  # noqa: S308
    return charts


def _values(figures: Figures, campaigns: list[ReportingCampaign], key: str) -> list[float | None]:
    values = [figures.get(campaign.pk, {}).get(key) for campaign in campaigns]
    return [None if value is None else float(value) for value in values]
