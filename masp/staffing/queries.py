"""Read path of staffing: models -> engine dataclasses, and the overviews built on them.

Every function here runs a fixed number of queries whatever the number of houses (the
overviews' query counts are pinned in tests/masp/staffing/test_views.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from masp.models import NormSet, Site, StaffingDeclaration, StaffRole
from masp.staffing import engine
from masp.staffing.enums import ComplianceStatus, RuleKind


def catalogue() -> list[StaffRole]:
    return list(StaffRole.objects.all())


def role_data(role: StaffRole) -> engine.Role:
    cost = role.annual_cost_per_fte
    return engine.Role(role.code, role.label, role.counts_in_fte, Decimal(cost) if cost else None)


def parse_grid(value: Any) -> engine.Grid:
    """The stored presence grid, or an empty week if it is missing or malformed."""
    try:
        grid = tuple((int(m), int(a), int(n)) for m, a, n in value)
    except (TypeError, ValueError):
        return engine.EMPTY_GRID
    return grid if len(grid) == engine.DAYS else engine.EMPTY_GRID


def norm_set_data(norm_set: NormSet, roles: Iterable[StaffRole]) -> engine.NormSet:
    """`norm_set` must come with its rules and their roles prefetched (`with_rules()`)."""
    rules: list[engine.Rule] = []
    for rule in norm_set.rules.all():
        codes = tuple(sorted(role.code for role in rule.roles.all()))
        if rule.kind == RuleKind.PRESENCE:
            rules.append(engine.PresenceRule(codes, rule.pattern, rule.min_days, rule.label))
        else:
            rules.append(
                engine.FteRule(
                    codes,
                    Decimal(rule.min_fte),
                    Decimal(rule.fte_per_place),
                    rule.capacity_min,
                    rule.capacity_max,
                    rule.each_role,
                    rule.label,
                )
            )
    catalogue_data = {role.code: role_data(role) for role in roles}
    return engine.NormSet(
        norm_set.name, norm_set.version, tuple(rules), catalogue_data, norm_set.pk
    )


def declaration_data(
    declaration: StaffingDeclaration, roles: Mapping[int, StaffRole]
) -> engine.Declaration:
    """`declaration` must come with its lines prefetched (`with_lines()`)."""
    return engine.Declaration(
        tuple(
            engine.Line(
                roles[line.role_id].code,
                Decimal(line.fte_funded),
                Decimal(line.fte_filled),
                Decimal(line.fte_agency),
                line.vacant_posts,
                parse_grid(line.presence),
            )
            for line in declaration.lines.all()
        )
    )


@dataclass
class Context:
    """What an evaluation needs, read once: the catalogue and the norm set."""

    roles: list[StaffRole]
    norm_set: NormSet | None
    norm_data: engine.NormSet | None = None
    by_id: dict[int, StaffRole] = field(default_factory=dict)

    @classmethod
    def load(cls, norm_set: NormSet | None = None) -> Context:
        roles = catalogue()
        norm_set = norm_set or NormSet.objects.default()
        data = norm_set_data(norm_set, roles) if norm_set else None
        return cls(roles, norm_set, data, {role.pk: role for role in roles})

    @property
    def ruled_roles(self) -> list[StaffRole]:
        """The roles the norm set has rules about (the columns of the regional overview)."""
        if self.norm_data is None:
            return []
        codes = {code for rule in self.norm_data.rules for code in rule.roles}
        return [role for role in self.roles if role.code in codes]

    def declaration(self, declaration: StaffingDeclaration | None) -> engine.Declaration | None:
        return declaration_data(declaration, self.by_id) if declaration else None

    def evaluate(
        self, declaration: StaffingDeclaration | None, capacity: int
    ) -> engine.Compliance | None:
        if self.norm_data is None:
            return None
        return engine.evaluate(self.declaration(declaration), capacity, self.norm_data)


def latest_declaration(site: Site) -> StaffingDeclaration | None:
    return site.staffing_declarations.with_lines().first()


@dataclass
class HouseRow:
    site: Site
    declaration: StaffingDeclaration | None
    compliance: engine.Compliance | None
    cells: list[tuple[StaffRole, str | None, list[engine.RuleResult]]]

    @property
    def status(self) -> str:
        return self.compliance.status if self.compliance else ComplianceStatus.NOT_EVALUABLE


def house_rows(sites: Any, context: Context) -> list[HouseRow]:
    """One row per house with its latest declaration evaluated (three queries in all)."""
    sites = list(sites.annotate(latest_id=StaffingDeclaration.objects.latest_ids()))
    ids = [site.latest_id for site in sites if site.latest_id]
    declarations = StaffingDeclaration.objects.with_lines().in_bulk(ids)
    rows = []
    for site in sites:
        declaration = declarations.get(site.latest_id)
        result = context.evaluate(declaration, site.capacity)
        cells = [
            (
                role,
                result.role_status(role.code) if result else None,
                result.role_results(role.code) if result else [],
            )
            for role in context.ruled_roles
        ]
        rows.append(HouseRow(site, declaration, result, cells))
    return rows


@dataclass
class RegionRow:
    code: str
    name: str
    houses: int = 0
    declared: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ComplianceStatus, 0))

    @property
    def compliant(self) -> int:
        return self.counts[ComplianceStatus.COMPLIANT]

    @property
    def gap(self) -> int:
        return self.counts[ComplianceStatus.GAP]

    @property
    def not_evaluable(self) -> int:
        return self.counts[ComplianceStatus.NOT_EVALUABLE]


def region_rows(houses: list[HouseRow]) -> list[RegionRow]:
    """`houses` from `house_rows(sites.select_related("department__region"), context)`."""
    rows: dict[str, RegionRow] = {}
    for house in houses:
        region = house.site.department.region
        row = rows.setdefault(region.code, RegionRow(region.code, region.name))
        row.houses += 1
        row.declared += house.declaration is not None
        row.counts[house.status] += 1
    return sorted(rows.values(), key=lambda row: row.name)
