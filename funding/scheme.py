"""The indicator-based part: score a house against the year's scheme (a simulation)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from funding.figures import cents
from funding.indicators import REGISTRY
from funding.models import IndicatorRule, IndicatorScheme
from masp.models import Site


@dataclass(frozen=True)
class Score:
    code: str
    label: Any
    value: Decimal | None
    points: int
    max_points: int


@dataclass(frozen=True)
class Simulation:
    scheme: IndicatorScheme
    scores: list[Score]
    amount: Decimal

    @property
    def points(self) -> int:
        return sum(score.points for score in self.scores)

    @property
    def max_points(self) -> int:
        return sum(score.max_points for score in self.scores)

    def details(self) -> dict[str, Any]:
        """What is kept on the recorded line (JSON: decimals as strings)."""
        return {
            "scheme": self.scheme.pk,
            "points": self.points,
            "max_points": self.max_points,
            "indicators": {
                s.code: {"value": None if s.value is None else str(s.value), "points": s.points}
                for s in self.scores
            },
        }


def score(
    rules: Iterable[IndicatorRule], values: dict[str, Decimal | None], max_amount: Decimal
) -> tuple[list[Score], Decimal]:
    """Per indicator, the highest tier reached; the amount is the maximum amount times the
    share of points earned, rounded to the cent."""
    tiers: dict[str, list[IndicatorRule]] = {}
    for rule in rules:
        tiers.setdefault(rule.indicator, []).append(rule)
    scores = []
    for code, code_rules in sorted(tiers.items()):
        value = values.get(code)
        reached = [r.points for r in code_rules if value is not None and value >= r.threshold]
        indicator = REGISTRY.get(code)
        label = indicator.label if indicator else code
        scores.append(
            Score(code, label, value, max(reached, default=0), max(r.points for r in code_rules))
        )
    possible = sum(s.max_points for s in scores)
    earned = sum(s.points for s in scores)
    amount = cents(Decimal(max_amount) * earned / possible) if possible else Decimal("0.00")
    return scores, amount


def simulate(site: Site, year: int) -> Simulation | None:
    """None when no scheme is defined for the year."""
    scheme = IndicatorScheme.objects.filter(year=year).select_related("source").first()
    if scheme is None:
        return None
    rules = list(scheme.rules.all())
    values = {
        code: REGISTRY[code].compute(site, year) if code in REGISTRY else None
        for code in {rule.indicator for rule in rules}
    }
    scores, amount = score(rules, values, scheme.max_amount)
    return Simulation(scheme, scores, amount)
