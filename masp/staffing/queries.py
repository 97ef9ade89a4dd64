"""Read path of staffing: models -> engine dataclasses, and the overviews built on them.

Every function here runs a fixed number of queries whatever the number of houses (the
overviews' query counts are pinned in tests/masp/staffing/test_views.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.utils.translation import gettext as _

from masp.models import NormRule, NormSet, Site, StaffingDeclaration, StaffRole
from masp.staffing import engine, grids
from masp.staffing.enums import ComplianceStatus, RuleKind


def catalogue() -> list[StaffRole]:
    return list(StaffRole.objects.all())


def role_data(role: StaffRole) -> engine.Role:
    cost = role.annual_cost_per_fte
    return engine.Role(role.code, role.label, role.counts_in_fte, Decimal(cost) if cost else None)


def parse_grid(value: Any) -> engine.Grid:
    """The stored presence grid (7 x n days), or an empty week if missing or malformed."""
    return grids.parse(value)


def rule_data(rule: NormRule) -> engine.Rule:
    codes = tuple(sorted(role.code for role in rule.roles.all()))
    if rule.kind == RuleKind.PRESENCE:
        return engine.PresenceRule(
            codes, rule.pattern, rule.min_days, rule.label, assumption=rule.assumption
        )
    if rule.kind == RuleKind.PAIR:
        partners = tuple(sorted(role.code for role in rule.partner_roles.all()))
        return engine.PairRule(codes, partners, rule.label, assumption=rule.assumption)
    return engine.FteRule(
        codes,
        Decimal(rule.min_fte),
        Decimal(rule.fte_per_place),
        rule.capacity_min,
        rule.capacity_max,
        rule.each_role,
        rule.label,
        scaling=rule.scaling,
        step_places=rule.step_places,
        step_fte=Decimal(rule.step_fte),
        assumption=rule.assumption,
    )


def hours_data(norm_set: NormSet) -> engine.GridHours | None:
    if not norm_set.hours_per_fte:
        return None
    return engine.GridHours(
        Decimal(norm_set.morning_hours),
        Decimal(norm_set.afternoon_hours),
        Decimal(norm_set.night_hours),
        Decimal(norm_set.hours_per_fte),
        Decimal(norm_set.grid_tolerance),
    )


def norm_set_data(norm_set: NormSet, roles: Iterable[StaffRole]) -> engine.NormSet:
    """`norm_set` must come with its rules and their roles prefetched (`with_rules()`)."""
    rules = tuple(rule_data(rule) for rule in norm_set.rules.all())
    catalogue_data = {role.code: role_data(role) for role in roles}
    return engine.NormSet(
        norm_set.name, norm_set.version, rules, catalogue_data, norm_set.pk, hours_data(norm_set)
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
        codes = {code for rule in self.norm_data.rules for code in _rule_codes(rule)}
        return [role for role in self.roles if role.code in codes]

    def declaration(self, declaration: StaffingDeclaration | None) -> engine.Declaration | None:
        return declaration_data(declaration, self.by_id) if declaration else None

    def evaluate(
        self, declaration: StaffingDeclaration | None, capacity: int
    ) -> engine.Compliance | None:
        if self.norm_data is None:
            return None
        return engine.evaluate(self.declaration(declaration), capacity, self.norm_data)


def _rule_codes(rule: engine.Rule) -> tuple[str, ...]:
    return rule.roles + (rule.partners if isinstance(rule, engine.PairRule) else ())


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


# Rows as this process last evaluated them, by (version token, SQL of the houses, norm set):
# evaluating a thousand declarations takes seconds (docs/performance.md). The token is the
# dashboard's, renewed by every save or delete of a house, a declaration, a line, a role, a
# norm set or a rule, which is all an evaluation reads; entries also expire after
# ROWS_SECONDS, for changes saved by another process when the cache is not shared.
ROWS_SECONDS = 300
ROWS_MAX = 64
_evaluated: dict[tuple[str, str, int | None], tuple[float, list[HouseRow]]] = {}


def house_rows(sites: Any, context: Context) -> list[HouseRow]:
    """One row per house with its latest declaration evaluated (three queries in all, one
    when this process evaluated the same houses since the last change). The list is shared:
    callers read it, never change it."""
    from masp.activity.cache import TOKEN  # the dashboard's token follows the same models

    try:
        sql, params = sites.query.sql_with_params()
    except EmptyResultSet:
        return _house_rows(sites, context)
    key = (TOKEN.current(), f"{sql} {params!r}", context.norm_set.pk if context.norm_set else None)
    now = time.monotonic()
    found = _evaluated.get(key)
    if found is not None and now - found[0] < ROWS_SECONDS:
        return found[1]
    rows = _house_rows(sites, context)
    if len(_evaluated) >= ROWS_MAX:
        _evaluated.clear()
    _evaluated[key] = (now, rows)
    return rows


def _house_rows(sites: Any, context: Context) -> list[HouseRow]:
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
    def warning(self) -> int:
        return self.counts[ComplianceStatus.WARNING]

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


@dataclass(frozen=True)
class GridCell:
    people: int
    state: str  # "present", "absent" or "missing" (a presence rule finds nobody there)
    label: str  # for screen readers and the tooltip: day, shift, what the colour says


@dataclass(frozen=True)
class WeekGrid:
    number: int
    rows: list[tuple[str, list[GridCell]]]


STATE_LABELS = {"present": "présent", "absent": "personne", "missing": "manquant (règle)"}


def week_grids(
    declaration: engine.Declaration | None, compliance: engine.Compliance | None, context: Context
) -> list[WeekGrid]:
    """The declared presence, one table per week of the cycle: a row per role, a cell per day
    and shift, marked where a presence rule of the evaluation finds nobody."""
    if declaration is None or not declaration.has_schedule:
        return []
    missing: dict[str, set[tuple[int, int]]] = {}
    for result in compliance.results if compliance else ():
        for slot in result.uncovered:
            shifts = [engine.SHIFTS.index(slot.shift)] if slot.shift else [0, 1]
            for code in result.roles:
                missing.setdefault(code, set()).update((slot.day, s) for s in shifts)
    labels = {role.code: role.label for role in context.roles}
    codes = [line.role for line in declaration.lines if not grids.is_empty(line.presence)]
    codes += [code for code in missing if code not in codes and declaration.line(code)]
    weeks = declaration.weeks
    return [
        WeekGrid(
            week + 1,
            [
                (
                    labels.get(code, code),
                    _week_cells(declaration.grid(code), week, weeks, missing.get(code, set())),
                )
                for code in codes
            ],
        )
        for week in range(weeks)
    ]


def _week_cells(
    grid: engine.Grid, week: int, weeks: int, missing: set[tuple[int, int]]
) -> list[GridCell]:
    cells = []
    for day in range(grids.WEEK * week, grids.WEEK * (week + 1)):
        for index, shift in enumerate(engine.SHIFTS):
            people = grid[day][index]
            state = "missing" if (day, index) in missing else "present" if people else "absent"
            where = f"{grids.day_label(day, weeks)} {engine.Shift(shift).label}"
            cells.append(GridCell(people, state, f"{where} : {people} ({_(STATE_LABELS[state])})"))
    return cells
