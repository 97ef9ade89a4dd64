"""The indicator charts: round ticks with gridlines, the last value written, the target band,
the national reference in a neutral grey, and the same figures as a table ("Voir le tableau")."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from common.charts import BAND, NEUTRAL, PALETTE, line_chart, nice_step, nice_ticks
from masp.activity.charts import TARGETS, indicator_charts
from masp.activity.enums import ReportStatus
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

ALARM_RED = "#E1000F"


# Ticks, computed by hand: step = the first of 1, 2, 2.5, 5, 10 x 10^n at or above peak / 4.
@pytest.mark.parametrize(
    ("peak", "ticks"),
    [
        (80, [0, 20, 40, 60, 80]),  # 80 / 4 = 20 exactly
        (87, [0, 25, 50, 75, 100]),  # 21.75 -> 25, up to 100
        (81, [0, 25, 50, 75, 100]),  # 20.25 -> 25
        (33, [0, 10, 20, 30, 40]),  # 8.25 -> 10
        (7.3, [0, 2, 4, 6, 8]),  # 1.825 -> 2
        (9, [0, 2.5, 5, 7.5, 10]),  # 2.25 -> 2.5
        (1500.5, [0, 500, 1000, 1500, 2000]),  # 375.1 -> 500
        (0.3, [0, 0.1, 0.2, 0.3]),  # 0.075 -> 0.1 (not 0.25: one decimal at most)
        (0, [0, 0.5, 1]),  # nothing to draw: still an axis, not two "0"
    ],
)
def test_ticks_are_round_values_from_zero_to_just_above_the_peak(
    peak: float, ticks: list[float]
) -> None:
    assert nice_ticks(peak) == pytest.approx(ticks)


def test_a_small_step_never_needs_two_decimals() -> None:
    assert nice_step(0.9) == pytest.approx(0.5)  # 0.225: 0.25 would be written "0,2"
    assert nice_step(9) == 2.5  # from 2.5 up, a quarter step is fine


def gridlines(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" fill="#666">([^<]+)</text>', svg)


def test_the_axis_reads_round_values_on_gridlines_and_the_last_value_is_written() -> None:
    svg = line_chart(["janv.", "févr.", "mars"], [("Maison", [61.0, 87.0, 72.5])], suffix=" %")
    assert gridlines(svg) == ["0 %", "25 %", "50 %", "75 %", "100 %"]
    assert svg.count("<line ") == 5 + 1  # the gridlines and the legend's swatch
    assert 'font-weight="bold">72,5 %</text>' in svg  # the last value, beside its point


def test_the_reference_is_a_neutral_dashed_line_never_alarm_red() -> None:
    svg = line_chart(
        ["janv.", "févr."], [("Nord", [70.0, 80.0]), ("France entière", [75.0, 78.0])], reference=1
    )
    assert ALARM_RED not in PALETTE
    assert ALARM_RED.lower() not in svg.lower()
    lines = re.findall(r'<polyline points="[^"]+" fill="none" stroke="([^"]+)"([^/]*)/>', svg)
    assert lines == [
        (PALETTE[0], ' stroke-width="1.6"'),
        (NEUTRAL, ' stroke-width="1.6" stroke-dasharray="4 2"'),
    ]
    assert f'fill="{NEUTRAL}" font-weight="bold">78</text>' in svg  # its last value, grey too


def test_the_target_band_is_drawn_behind_the_lines_and_sets_the_axis() -> None:
    svg = line_chart(["janv.", "févr."], [("Maison", [40.0, 50.0])], band=(80.0, 95.0))
    # The band reaches 95: the axis goes to 100 (not to 50, the highest value).
    assert gridlines(svg) == ["0", "25", "50", "75", "100"]
    band = re.search(r'<rect class="band" x="40" y="([\d.]+)" width="396" height="([\d.]+)"', svg)
    assert band is not None
    assert svg.index('class="band"') < svg.index("<polyline")  # behind the lines
    assert f'fill="{BAND}"' in svg
    # Default size 480 x 180: the plot is 480 - 40 - 44 = 396 wide and 180 - 10 - 40 = 130
    # tall for 0-100, so 95 sits at 10 + 130 x 0.05 = 16.5 and the band is 130 x 0.15 = 19.5.
    assert float(band[1]) == pytest.approx(10 + 130 * 0.05, abs=0.05)
    assert float(band[2]) == pytest.approx(130 * 0.15, abs=0.05)


@pytest.mark.django_db
def test_indicator_charts_give_france_the_reference_and_occupancy_its_band() -> None:
    campaigns = [CampaignFactory(month=month) for month in (3, 4)]
    selection = {campaigns[0].pk: {"occupancy": Decimal("62.5")}, campaigns[1].pk: {}}
    nation = {c.pk: {"occupancy": Decimal(70), "length_of_stay": Decimal(28)} for c in campaigns}
    occupancy, stay = indicator_charts(
        campaigns, selection, nation, name="Nord", keys=["occupancy", "length_of_stay"]
    )
    assert occupancy.rows == [("mars 26", [62.5, 70.0]), ("avr. 26", [None, 70.0])]
    assert occupancy.suffix == " %"
    assert 'class="band"' in occupancy.svg
    assert "80 à 95 %" in occupancy.note
    assert "Hypothèse de travail" in occupancy.note
    assert TARGETS["occupancy"][:2] == (80.0, 95.0)
    assert "France entière (référence)" in occupancy.note
    assert 'class="band"' not in stay.svg  # no source gives a length-of-stay target
    assert "stroke-dasharray" in stay.svg
    # The nation alone: no reference to explain.
    (alone,) = indicator_charts(campaigns, nation, nation, name=None, keys=["length_of_stay"])
    assert alone.note == ""


@pytest.mark.django_db
def test_the_chart_include_shows_the_figures_as_a_table_without_script() -> None:
    campaigns = [CampaignFactory(month=month) for month in (3, 4)]
    selection = {campaigns[0].pk: {"occupancy": Decimal("62.5")}}
    nation = {c.pk: {"occupancy": Decimal(70)} for c in campaigns}
    (chart,) = indicator_charts(campaigns, selection, nation, name="Nord <59>", keys=["occupancy"])
    html = render_to_string("masp/activity/chart.html", {"chart": chart})
    assert "<details" in html
    assert "<summary>Voir le tableau" in html
    assert "<script" not in html
    assert '<th scope="col">Nord &lt;59&gt;</th>' in html
    assert '<th scope="row">mars 26</th><td>62,5 %</td><td>70,0 %</td>' in html
    assert '<th scope="row">avr. 26</th><td>—</td><td>70,0 %</td>' in html
    assert "Hypothèse de travail" in html


@pytest.mark.django_db
@time_machine.travel("2026-06-20 09:00 +0200", tick=False)
def test_the_dashboard_draws_each_chart_with_its_table(world: World) -> None:
    campaign = CampaignFactory(month=4)
    filled_report(world.site_a, campaign=campaign, status=ReportStatus.VALIDATED)
    response = world.client("analyst").get(reverse("masp:report_dashboard"))
    html = response.content.decode()
    charts = response.context["charts"]
    assert html.count("<summary>Voir le tableau") == len(charts) > 0
    assert ALARM_RED.lower() not in html.lower()
