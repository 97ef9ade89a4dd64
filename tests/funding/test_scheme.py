"""The indicator-based part in seed 003's shape (fixed part, three axes), computed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from funding.enums import Axis
from funding.models import IndicatorScheme
from funding.reference_data import AXES, RULES
from funding.scheme import score_scheme, simulate
from tests.personas import World

D = Decimal


def reference_scheme(values: dict, open_days: int = 365):
    """The shipped 2026 scheme (funding/reference_data.py), without the database."""
    axes = [SimpleNamespace(axis=a, amount=D(amount), source_note=n) for a, amount, n in AXES]
    rules = [
        SimpleNamespace(axis=a, indicator=c, threshold=D(t), points=p, source_note=n)
        for a, c, t, p, n in RULES
    ]
    return score_scheme(
        fixed_amount=D("20000.00"),
        axes=axes,
        rules=rules,
        values=values,
        open_days=open_days,
        year=2026,
    )


VALUES = {
    "occupancy": D("80"),
    "staffing_compliance": None,  # not measurable: no points
    "emsp_convention": D("100"),
    "had_convention": D("0"),
    "reports_on_time": D("90"),
}


def test_each_axis_earns_its_share_of_points() -> None:
    fixed, axes = reference_scheme(VALUES)
    by_axis = {axis.axis: axis for axis in axes}
    assert [axis.axis for axis in axes] == [Axis.ACCESS, Axis.TEAMWORK, Axis.INFORMATION]
    assert fixed == D("20000.00")  # open all year: the whole fixed part
    # Access: occupancy 80 ≥ 70 → 20 of 30; staffing not measurable → 0 of 30.
    # 15,000 × 20 / 60 = 5,000.00.
    access = by_axis[Axis.ACCESS]
    assert (access.points, access.max_points, access.earned) == (20, 60, D("5000.00"))
    # Team work: EMSP 30 of 30, HAD 0 of 20: 10,000 × 30 / 50 = 6,000.00.
    assert by_axis[Axis.TEAMWORK].earned == D("6000.00")
    # Information: on time 90 ≥ 80 → 20 of 30: 5,000 × 20 / 30 = 3,333.333… → 3,333.33.
    assert by_axis[Axis.INFORMATION].earned == D("3333.33")
    # Variable 5,000 + 6,000 + 3,333.33 = 14,333.33; with the fixed part 34,333.33.
    assert sum(axis.earned for axis in axes) == D("14333.33")


def test_what_would_raise_each_axis() -> None:
    _fixed, axes = reference_scheme(VALUES)
    gains = {
        (i.score.code, i.threshold): (i.points, i.amount)
        for axis in axes
        for i in axis.improvements
    }
    assert gains == {
        # Occupancy to 85 %: +10 points, access 30 / 60 → 7,500: +2,500.00.
        ("occupancy", D("85")): (10, D("2500.00")),
        # Staffing compliant: +30 points, access 50 / 60 → 12,500: +7,500.00.
        ("staffing_compliance", D("100")): (30, D("7500.00")),
        # A convention with an HAD: +20, team work 50 / 50 → 10,000: +4,000.00.
        ("had_convention", D("100")): (20, D("4000.00")),
        # 95 % on time: +10, information 30 / 30 → 5,000: +1,666.67.
        ("reports_on_time", D("95")): (10, D("1666.67")),
    }  # the EMSP convention is at its top tier: nothing to gain


def test_fixed_part_is_prorated_by_days_open() -> None:
    # Opened on 1 June 2026: 214 days of 365; 20,000 × 214 / 365 = 11,726.027… → 11,726.03.
    fixed, _axes = reference_scheme(VALUES, open_days=214)
    assert fixed == D("11726.03")


def test_nothing_measurable_earns_nothing_but_the_fixed_part() -> None:
    fixed, axes = reference_scheme({})
    assert fixed == D("20000.00")
    assert all(axis.earned == D("0.00") for axis in axes)


def test_every_amount_and_threshold_has_a_source() -> None:
    assert all(note for *_rest, note in AXES)
    assert all(note for *_rest, note in RULES)
    assert all("Hypothèse" in note for _a, code, *_r, note in RULES if code == "occupancy")


@pytest.mark.django_db
def test_the_loaded_scheme_has_the_three_axes_and_sourced_rules(world: World) -> None:
    scheme = IndicatorScheme.objects.get(year=2026)
    assert scheme.source_note.startswith("Seed 003")
    assert {a.axis for a in scheme.axes.all()} == set(Axis.values)
    assert sum(a.amount for a in scheme.axes.all()) == D("30000.00")
    assert all(rule.source_note for rule in scheme.rules.all())
    simulation = simulate(world.site_a, 2026)
    assert simulation is not None
    opened = world.site_a.opened_on
    assert opened == dt.date(2026, 3, 1)
    # 1 March to 31 December 2026: 306 days; 20,000 × 306 / 365 = 16,767.123… → 16,767.12.
    assert simulation.open_days == 306
    assert simulation.fixed_part == D("16767.12")
    assert simulation.amount == simulation.fixed_part + simulation.variable_part
