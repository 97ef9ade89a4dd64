"""The indicator-based part in seed 003's shape: a fixed part, and a variable part earned on
three axes, each with indicators, thresholds and points (a simulation; nothing is written).

`score_scheme` is pure (rules and indicator values in, results out), tested by hand;
`simulate` loads the year's scheme and the house's indicator values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from funding.cache import year_reference
from funding.enums import Axis
from funding.figures import ZERO, cents, days_open_by_month, prorated
from funding.indicators import REGISTRY
from funding.queries import YearReport, year_reports
from masp.models import Site


class RuleLike(Protocol):
    axis: str
    indicator: str
    threshold: Decimal
    points: int
    source_note: str


class AxisLike(Protocol):
    axis: str
    amount: Decimal
    source_note: str


@dataclass(frozen=True)
class Score:
    """One indicator: its value, the points of the highest tier reached, and its tiers."""

    code: str
    label: Any
    value: Decimal | None
    points: int
    max_points: int
    tiers: tuple[RuleLike, ...]  # by threshold

    @property
    def next_tier(self) -> RuleLike | None:
        """The lowest tier that would give more points than now."""
        return next((rule for rule in self.tiers if rule.points > self.points), None)


@dataclass(frozen=True)
class Improvement:
    """What reaching the next tier of an indicator would add."""

    score: Score
    threshold: Decimal
    points: int
    amount: Decimal


@dataclass(frozen=True)
class AxisResult:
    axis: str
    amount: Decimal  # the most the axis pays
    source_note: str
    scores: list[Score]

    @property
    def label(self) -> Any:
        return Axis(self.axis).label

    @property
    def points(self) -> int:
        return sum(score.points for score in self.scores)

    @property
    def max_points(self) -> int:
        return sum(score.max_points for score in self.scores)

    def pays(self, points: int) -> Decimal:
        """Axis amount × points ÷ the axis's possible points, to the cent."""
        return cents(self.amount * points / self.max_points) if self.max_points else ZERO

    @property
    def earned(self) -> Decimal:
        return self.pays(self.points)

    @property
    def improvements(self) -> list[Improvement]:
        result = []
        for score in self.scores:
            tier = score.next_tier
            if tier is not None:
                extra = tier.points - score.points
                gain = self.pays(self.points + extra) - self.earned
                result.append(Improvement(score, tier.threshold, extra, gain))
        return result


@dataclass(frozen=True)
class Simulation:
    scheme: Any
    open_days: int
    fixed_part: Decimal
    axes: list[AxisResult]

    @property
    def variable_part(self) -> Decimal:
        return sum((axis.earned for axis in self.axes), ZERO)

    @property
    def amount(self) -> Decimal:
        return self.fixed_part + self.variable_part

    @property
    def variable_max(self) -> Decimal:
        return sum((axis.amount for axis in self.axes), ZERO)

    def details(self) -> dict[str, Any]:
        """What is kept on the recorded line (JSON: decimals as strings)."""
        return {
            "scheme": self.scheme.pk,
            "open_days": self.open_days,
            "fixed_part": str(self.fixed_part),
            "variable_part": str(self.variable_part),
            "axes": {
                axis.axis: {
                    "amount": str(axis.amount),
                    "earned": str(axis.earned),
                    "points": axis.points,
                    "max_points": axis.max_points,
                    "indicators": {
                        s.code: {
                            "value": None if s.value is None else str(s.value),
                            "points": s.points,
                        }
                        for s in axis.scores
                    },
                }
                for axis in self.axes
            },
        }


def score_indicators(
    rules: Iterable[RuleLike], values: dict[str, Decimal | None]
) -> dict[str, list[Score]]:
    """Per axis, per indicator, the highest tier reached (no value: no points)."""
    tiers: dict[tuple[str, str], list[RuleLike]] = {}
    for rule in rules:
        tiers.setdefault((rule.axis, rule.indicator), []).append(rule)
    scores: dict[str, list[Score]] = {}
    for (axis, code), code_rules in sorted(tiers.items()):
        code_rules.sort(key=lambda rule: rule.threshold)
        value = values.get(code)
        reached = [r.points for r in code_rules if value is not None and value >= r.threshold]
        indicator = REGISTRY.get(code)
        scores.setdefault(axis, []).append(
            Score(
                code=code,
                label=indicator.label if indicator else code,
                value=value,
                points=max(reached, default=0),
                max_points=max(r.points for r in code_rules),
                tiers=tuple(code_rules),
            )
        )
    return scores


def score_scheme(
    *,
    fixed_amount: Decimal,
    axes: Iterable[AxisLike],
    rules: Iterable[RuleLike],
    values: dict[str, Decimal | None],
    open_days: int,
    year: int,
) -> tuple[Decimal, list[AxisResult]]:
    """The fixed part prorated by the days open in the year; each axis in seed 003's order."""
    amounts = {axis.axis: axis for axis in axes}
    scores = score_indicators(rules, values)
    results = []
    for axis in Axis:
        row = amounts.get(axis.value)
        if row is None and axis.value not in scores:
            continue
        results.append(
            AxisResult(
                axis=axis.value,
                amount=Decimal(row.amount) if row else ZERO,
                source_note=row.source_note if row else "",
                scores=scores.get(axis.value, []),
            )
        )
    return prorated(fixed_amount, open_days, year), results


def indicator_values(
    site: Site,
    year: int,
    codes: Iterable[str],
    loaded: dict[Callable[..., Any], Any] | None = None,
) -> dict[str, Decimal | None]:
    """Each indicator's value (None for an unknown code). The indicators that share a loader
    read its rows once (`loaded`: what the caller has already read, by loader)."""
    loaded = dict(loaded or {})
    values: dict[str, Decimal | None] = {}
    for code in sorted(codes):
        indicator = REGISTRY.get(code)
        if indicator is None:
            values[code] = None
        elif indicator.loader is not None and indicator.from_loaded is not None:
            if indicator.loader not in loaded:
                loaded[indicator.loader] = indicator.loader(site, year)
            values[code] = indicator.from_loaded(loaded[indicator.loader], year)
        else:
            values[code] = indicator.compute(site, year)
    return values


def simulate(
    site: Site, year: int, *, reports: list[YearReport] | None = None
) -> Simulation | None:
    """None when no scheme is defined for the year. `reports`: `year_reports(site, year)`
    when the caller has already read them."""
    reference = year_reference(year)
    scheme = reference.scheme
    if scheme is None:
        return None
    rules = reference.rules
    loaded: dict[Callable[..., Any], Any] = {year_reports: reports} if reports is not None else {}
    values = indicator_values(site, year, {rule.indicator for rule in rules}, loaded)
    open_days = sum(days_open_by_month(site.opened_on, site.closed_on, year).values())
    fixed, axes = score_scheme(
        fixed_amount=scheme.fixed_amount,
        axes=reference.axes,
        rules=rules,
        values=values,
        open_days=open_days,
        year=year,
    )
    return Simulation(scheme, open_days, fixed, axes)
