"""What-if of the staffing engine: the FTE and annual cost a norm set's FTE rules require at
another capacity (for example 12 -> 15 places). Pure, like `masp.staffing.engine`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from masp.staffing.engine import ZERO, Declaration, FteRule, NormSet
from masp.staffing.enums import Scaling


@dataclass(frozen=True)
class WhatIfLine:
    subject: str
    roles: tuple[str, ...]
    measured: Decimal
    required_now: Decimal | None  # None: the norm set has no value at that capacity
    required_then: Decimal | None
    annual_cost: Decimal | None  # per FTE
    missing_then: Decimal = ZERO

    @property
    def cost_then(self) -> Decimal | None:
        if self.required_then is None or self.annual_cost is None:
            return None
        return (self.required_then * self.annual_cost).quantize(Decimal(1))

    @property
    def extra_cost(self) -> Decimal | None:
        if self.annual_cost is None:
            return None
        return (self.missing_then * self.annual_cost).quantize(Decimal(1))


@dataclass(frozen=True)
class WhatIf:
    capacity_now: int
    capacity_then: int
    lines: tuple[WhatIfLine, ...] = field(default_factory=tuple)

    @property
    def total_required_then(self) -> Decimal:
        return sum((line.required_then or ZERO for line in self.lines), ZERO)

    @property
    def total_cost_then(self) -> Decimal:
        return sum((line.cost_then or ZERO for line in self.lines), ZERO)

    @property
    def total_extra_cost(self) -> Decimal:
        return sum((line.extra_cost or ZERO for line in self.lines), ZERO)

    @property
    def incomplete(self) -> bool:
        """Some FTE rule has no value at the target capacity, or a role has no cost."""
        return any(line.required_then is None or line.annual_cost is None for line in self.lines)


def what_if(
    declaration: Declaration | None, capacity_now: int, capacity_then: int, norm_set: NormSet
) -> WhatIf:
    """FTE and annual cost the FTE rules require at another capacity (presence rules do not
    depend on the capacity). A group of roles is costed at the mean cost of its roles."""
    declaration = declaration or Declaration(())
    lines = []
    for roles in dict.fromkeys(r.roles for r in norm_set.rules if isinstance(r, FteRule)):
        bands = [r for r in norm_set.rules if isinstance(r, FteRule) and r.roles == roles]
        members = [norm_set.role(code) for code in roles if norm_set.role(code).counts_in_fte]
        if not members:
            continue
        costs = [role.annual_cost for role in members if role.annual_cost is not None]
        measured = sum((declaration.fte(role) for role in members), ZERO)
        now, then = (_required(bands, capacity) for capacity in (capacity_now, capacity_then))
        if not (now or then) and any(rule.each_role for rule in bands):
            continue  # "staffed" rules (the coordination pair) carry no figure to cost
        lines.append(
            WhatIfLine(
                subject=norm_set.subject(bands[0]),
                roles=roles,
                measured=measured,
                required_now=now,
                required_then=then,
                annual_cost=sum(costs, ZERO) / len(costs) if len(costs) == len(members) else None,
                missing_then=max(ZERO, (then or ZERO) - measured),
            )
        )
    return WhatIf(capacity_now, capacity_then, tuple(lines))


def _required(bands: list[FteRule], capacity: int) -> Decimal | None:
    """As the engine reads it: the band that applies, else the nearest band that scales."""
    applicable = [rule.required(capacity) for rule in bands if rule.applies(capacity)]
    if applicable:
        return max(applicable)
    scalable = [rule for rule in bands if rule.scaling != Scaling.NONE]
    if not scalable:
        return None
    return min(scalable, key=lambda rule: rule.distance(capacity)).scaled(capacity)
