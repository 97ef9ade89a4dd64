"""The reference norm sets as engine dataclasses, without a database (engine and golden-case
tests): built from the same specs `masp.staffing.reference` loads."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from masp.staffing import engine
from masp.staffing.enums import RuleKind, Scaling
from masp.staffing.reference import CDC_2025_RULES, ROLES, STUDY_2024_RULES

CATALOGUE = {
    code: engine.Role(code, label, counts, D(cost) if cost else None)
    for code, label, counts, cost in ROLES
}


def rule(spec: dict[str, Any]) -> engine.Rule:
    roles = tuple(sorted(spec["roles"]))
    if spec["kind"] == RuleKind.PRESENCE:
        return engine.PresenceRule(
            roles, spec["pattern"], spec.get("min_days"), spec.get("label", "")
        )
    if spec["kind"] == RuleKind.PAIR:
        partners = tuple(sorted(spec["partner_roles"]))
        return engine.PairRule(roles, partners, spec.get("label", ""))
    return engine.FteRule(
        roles,
        spec.get("min_fte", D(0)),
        spec.get("fte_per_place", D(0)),
        spec.get("capacity_min"),
        spec.get("capacity_max"),
        spec.get("each_role", False),
        spec.get("label", ""),
        scaling=spec.get("scaling", Scaling.NONE),
        step_places=spec.get("step_places"),
        step_fte=spec.get("step_fte", D(0)),
    )


def norm_set(
    rules: list[dict[str, Any]], name: str = "test", hours: engine.GridHours | None = None
) -> engine.NormSet:
    return engine.NormSet(name, 1, tuple(rule(spec) for spec in rules), CATALOGUE, None, hours)


CDC = norm_set(CDC_2025_RULES, "cdc 2025", engine.GridHours())
STUDY = norm_set(STUDY_2024_RULES, "étude 2024", engine.GridHours())
