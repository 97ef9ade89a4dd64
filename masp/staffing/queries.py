"""Read path of staffing: models -> engine dataclasses, and the overviews built on them.

Every function here runs a fixed number of queries whatever the number of houses (the
overviews' query counts are pinned in tests/masp/staffing/test_views.py).

Evaluations are cached per house, in each process (`Context.evaluate`, `house_rows`):
evaluating a thousand declarations takes seconds (docs/performance.md), and most changes
(a house renamed, a report sent) change none of them. An evaluation reads a declaration's
lines, the house's capacity, the norm set with its rules and the role catalogue, and nothing
else (the engine is pure), so the key holds exactly that:

- the declaration's id: a declaration is never edited once made (the declaration form and the
  API create a new one with its lines, the admin is read only) and ids are never reused;
  a change in place all the same (a line saved or deleted, a declaration saved again, from a
  shell or a data fix) renews the `EDITS` token, which is part of the key;
- the capacity, read with the houses on every request;
- a digest of the norm set and the catalogue as the context read them: a new version, a
  rule, a role or a cost changed, or another set in force from today, gives other keys;
- the active language (the engine writes its messages in it).

The context itself (`Context.load`: five queries) is read on every call; the staffing pages
use `Context.cached`, kept by the process until the `NORMS` token is renewed (a norm set, a
rule, a rule's roles or a role saved or deleted), the day changes, or CONTEXT_SECONDS pass.

The dictionary is per process and bounded (EVALUATIONS_MAX, the oldest entries go first). It
is correct across processes because its keys name the data rather than a moment: what another
process changes either makes new keys (a new declaration, capacity, rule) or renews `EDITS`,
kept in Django's cache, which production shares between processes (Redis, required by
config/settings/production.py). A process evaluates each house once after it starts or after
the norms change, then saving a house evaluates nothing, and a new declaration one house.

On top of it, `house_rows` keeps the rows it built (houses, latest declarations, verdicts)
under `ROWS`, a token renewed by every save or delete of a house, a declaration or a line,
and the same norms digest, for ROWS_SECONDS. The tokens are renewed at once and again at
commit: a request reading between the two (without the change) keeps what it read under a
token that is gone after the commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.cache import CommitToken, IdentityMemo, ProcessMemo, deletion_origin
from masp.models import (
    NormRule,
    NormSet,
    Site,
    StaffingDeclaration,
    StaffingLine,
    StaffRole,
)
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


# Renewed by a declaration or a line changed in place (never done by the portal; a shell or
# a data fix may): the declarations' ids then no longer name their content.
EDITS = CommitToken("masp:staffing:edits", ())
# Renewed by what `house_rows` reads besides the norms: the houses, their declarations.
ROWS = CommitToken("masp:staffing:rows", (Site, StaffingDeclaration, StaffingLine))


def _edited(sender: type, created: bool = False, **kwargs: Any) -> None:
    if created and sender is StaffingDeclaration:
        return  # a new declaration is a new id
    if deletion_origin(kwargs) not in (None, StaffingLine):
        return  # lines deleted with their declaration: its id names nothing any more
    EDITS.renew()


post_save.connect(_edited, sender=StaffingLine, dispatch_uid="masp:staffing:edits-line-save")
post_delete.connect(_edited, sender=StaffingLine, dispatch_uid="masp:staffing:edits-line-del")
post_save.connect(
    _edited, sender=StaffingDeclaration, dispatch_uid="masp:staffing:edits-declaration-save"
)

# Renewed by what `Context.load` reads: the norm sets, their rules and the rules' roles (a
# many-to-many relation: no save of the rule when they change), the role catalogue.
NORMS = CommitToken("masp:staffing:norms", (NormSet, NormRule, StaffRole))
for _through in (NormRule.roles.through, NormRule.partner_roles.through):
    m2m_changed.connect(
        NORMS.renew, sender=_through, dispatch_uid=f"masp:staffing:norms-{_through.__name__}"
    )
CONTEXT_SECONDS = 60
_contexts: ProcessMemo[Context] = ProcessMemo(CONTEXT_SECONDS, size=8)
_norm_sets: ProcessMemo[list[NormSet]] = ProcessMemo(CONTEXT_SECONDS, size=1)


def norm_sets() -> list[NormSet]:
    """Every norm set (the choices of the evaluation options), kept by this process as
    `Context.cached` keeps the context. Shared: callers read it, never change it."""
    return _norm_sets.get(NORMS.current(), lambda: list(NormSet.objects.all()))


EVALUATIONS_MAX = 5_000  # five national sets of houses; about 10 kB each, 50 MB at most
_evaluations: dict[tuple[Any, ...], tuple[Any, engine.Compliance]] = {}
_lock = threading.Lock()


def _remember(key: tuple[Any, ...], declared_on: Any, compliance: engine.Compliance) -> None:
    with _lock:
        while len(_evaluations) >= EVALUATIONS_MAX:
            del _evaluations[next(iter(_evaluations))]  # the oldest
        _evaluations[key] = (declared_on, compliance)


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

    @classmethod
    def cached(cls) -> Context:
        """`load()`: the catalogue and the norm set in force today, as this process read them
        last, until a norm set, a rule, a rule's roles or a role is saved or deleted (NORMS),
        the day changes (the set in force with it) or CONTEXT_SECONDS pass (a change that
        sends no signal, a queryset's update; or saved by another process when the cache is
        not shared). Shared between requests: callers read it, never change it."""
        return _contexts.get((NORMS.current(), timezone.localdate()), cls.load)

    @cached_property
    def ruled_roles(self) -> list[StaffRole]:
        """The roles the norm set has rules about (the columns of the regional overview)."""
        if self.norm_data is None:
            return []
        codes = {code for rule in self.norm_data.rules for code in _rule_codes(rule)}
        return [role for role in self.roles if role.code in codes]

    @cached_property
    def digest(self) -> str:
        """Everything an evaluation reads besides the declaration and the capacity: the norm
        set (rules, roles, hours: the engine's dataclasses print all their fields) and the
        catalogue's ids, as read from the database by `load`."""
        codes = sorted((pk, role.code) for pk, role in self.by_id.items())
        return hashlib.sha256(repr((self.norm_data, codes)).encode()).hexdigest()

    def key(self) -> tuple[str, str, str]:
        """The part of an evaluation's key that is not the declaration's nor the house's."""
        return (self.digest, translation.get_language() or "", EDITS.current())

    def declaration(self, declaration: StaffingDeclaration | None) -> engine.Declaration | None:
        return declaration_data(declaration, self.by_id) if declaration else None

    def evaluate(
        self, declaration: StaffingDeclaration | None, capacity: int
    ) -> engine.Compliance | None:
        """The verdict on a declaration saved in the database (its lines prefetched, read
        only if this process has not evaluated it yet) or None (nothing declared)."""
        return self._evaluate(declaration, capacity, self.key())

    def _evaluate(
        self, declaration: StaffingDeclaration | None, capacity: int, prefix: tuple[str, ...]
    ) -> engine.Compliance | None:
        if self.norm_data is None:
            return None
        if declaration is not None and declaration.pk is None:  # not saved: not cached
            return engine.evaluate(self.declaration(declaration), capacity, self.norm_data)
        key = (*prefix, declaration.pk if declaration else None, capacity)
        found = _evaluations.get(key)
        if found is not None:
            return found[1]
        result = engine.evaluate(self.declaration(declaration), capacity, self.norm_data)
        _remember(key, declaration.declared_on if declaration else None, result)
        return result


def _rule_codes(rule: engine.Rule) -> tuple[str, ...]:
    return rule.roles + (rule.partners if isinstance(rule, engine.PairRule) else ())


def latest_declaration(site: Site) -> StaffingDeclaration | None:
    """The house's latest declaration (the model's order), without its lines: `Context.evaluate`
    reads them only when this process has not evaluated that declaration yet."""
    return site.staffing_declarations.first()


@dataclass
class HouseRow:
    site: Site
    compliance: engine.Compliance | None
    declaration_id: int | None = None  # the latest declaration's, None without one
    declared_on: dt.date | None = None
    roles: list[StaffRole] = field(default_factory=list, repr=False)  # the ruled roles

    @property
    def status(self) -> str:
        return self.compliance.status if self.compliance else ComplianceStatus.NOT_EVALUABLE

    @cached_property
    def declaration(self) -> StaffingDeclaration | None:
        """The latest declaration, its id, house and date loaded (built on first access: a
        thousand model instances cost more than the rows' other work)."""
        if self.declaration_id is None:
            return None
        fields, values = (
            ["id", "site_id", "declared_on"],
            (
                self.declaration_id,
                self.site.pk,
                self.declared_on,
            ),
        )
        return StaffingDeclaration.from_db(self.site._state.db, fields, values)

    @cached_property
    def cells(self) -> list[tuple[StaffRole, str | None, list[engine.RuleResult]]]:
        """Per ruled role: its worst status and its results (the regional overview)."""
        result = self.compliance
        return [
            (
                role,
                result.role_status(role.code) if result else None,
                result.role_results(role.code) if result else [],
            )
            for role in self.roles
        ]


# Rows as this process last built them, by (ROWS token, SQL of the houses, norms digest,
# language, EDITS token): the houses' query and a thousand rows built cost more than the page
# without them. Entries also expire after ROWS_SECONDS, for a change of what the token does not
# follow (a department or a region renamed) or saved by another process when the cache is not
# shared.
ROWS_SECONDS = 300
ROWS_MAX = 64
_rows: ProcessMemo[list[HouseRow]] = ProcessMemo(ROWS_SECONDS, ROWS_MAX)


def house_rows(sites: Any, context: Context) -> list[HouseRow]:
    """One row per house with its latest declaration evaluated: one query, plus two for the
    declarations this process has not evaluated yet (none when it built the same rows since
    the last change). The list is shared: callers read it, never change it. A row's house
    has ROW_FIELDS loaded (with what `sites` selects related), its declaration its id, house
    and date: any other field would be read on access, one query per row."""
    try:
        sql, params = sites.query.sql_with_params()
    except EmptyResultSet:
        return _house_rows(sites, context)
    key = (ROWS.current(), f"{sql} {params!r}", *context.key())
    return _rows.get(key, lambda: _house_rows(sites, context))


# What the rows' readers use of a house (and `get_absolute_url`, the pk): reading the other
# columns of a thousand houses would double the cost of rebuilding the rows after a change.
ROW_FIELDS = ("name", "capacity", "status", "department")


def _house_rows(sites: Any, context: Context) -> list[HouseRow]:
    latest = StaffingDeclaration.objects.latest_ids()
    sites = list(sites.only(*ROW_FIELDS).annotate(latest_id=latest))
    prefix = context.key()
    verdicts = _verdicts(sites, context, prefix)
    rows = []
    roles = context.ruled_roles
    for site in sites:
        declared_on, result = verdicts.get(site.latest_id, (None, None))
        # No date: no declaration, or one deleted since the houses were read.
        declaration_id = site.latest_id if declared_on is not None else None
        if result is None:
            result = context._evaluate(None, site.capacity, prefix)
        rows.append(HouseRow(site, result, declaration_id, declared_on, roles))
    return rows


def _verdicts(
    sites: list[Any], context: Context, prefix: tuple[str, ...]
) -> dict[int, tuple[Any, engine.Compliance | None]]:
    """Latest declaration id -> (its date, its verdict) for the houses of `sites` that have
    one; the declarations and their lines are read only for those this process has not
    evaluated yet (the ids are the houses' own: two houses never share one)."""
    verdicts: dict[int, tuple[Any, engine.Compliance | None]] = {}
    missing: list[Any] = []
    for site in sites:
        if site.latest_id is None:
            continue
        found = _evaluations.get((*prefix, site.latest_id, site.capacity))
        if found is not None and context.norm_data is not None:
            verdicts[site.latest_id] = found
        else:
            missing.append(site)
    if not missing:
        return verdicts
    if context.norm_data is None:  # nothing to evaluate: the dates alone
        declared = StaffingDeclaration.objects.filter(pk__in=[s.latest_id for s in missing])
        verdicts.update((pk, (on, None)) for pk, on in declared.values_list("pk", "declared_on"))
        return verdicts
    declarations = StaffingDeclaration.objects.with_lines().in_bulk(
        [site.latest_id for site in missing]
    )
    for site in missing:
        declaration = declarations.get(site.latest_id)
        if declaration is not None:
            verdict = context._evaluate(declaration, site.capacity, prefix)
            verdicts[site.latest_id] = (declaration.declared_on, verdict)
    return verdicts


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


# The regions' rows as last counted, by rows (kept with them: an id is only unique while its
# object lives): the rows `house_rows` keeps are never changed.
_regions: IdentityMemo[list[RegionRow]] = IdentityMemo(ROWS_MAX)


def region_rows(houses: list[HouseRow]) -> list[RegionRow]:
    """`houses` from `house_rows(sites.select_related("department__region"), context)`. The
    list is shared: callers read it, never change it."""
    return _regions.get(houses, lambda: _region_rows(houses))


def _region_rows(houses: list[HouseRow]) -> list[RegionRow]:
    rows: dict[str, RegionRow] = {}
    for house in houses:
        region = house.site.department.region
        row = rows.setdefault(region.code, RegionRow(region.code, region.name))
        row.houses += 1
        row.declared += house.declaration_id is not None
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

    @property
    def body(self) -> str:
        """The rows as HTML (a hundred cells and more: written in Python)."""
        from masp.staffing.rendering import week_body  # the HTML side imports this module

        return week_body(self)


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
    # Each slot's and state's words, written once rather than in each cell.
    shift_words = [str(engine.Shift(shift).label) for shift in engine.SHIFTS]
    where = [
        [f"{grids.day_label(day, weeks)} {shift}" for shift in shift_words]
        for day in range(grids.WEEK * weeks)
    ]
    states = {state: _(label) for state, label in STATE_LABELS.items()}
    return [
        WeekGrid(
            week + 1,
            [
                (
                    labels.get(code, code),
                    _week_cells(
                        declaration.grid(code), week, missing.get(code, set()), where, states
                    ),
                )
                for code in codes
            ],
        )
        for week in range(weeks)
    ]


def _week_cells(
    grid: engine.Grid,
    week: int,
    missing: set[tuple[int, int]],
    where: list[list[str]],
    states: dict[str, str],
) -> list[GridCell]:
    cells = []
    for day in range(grids.WEEK * week, grids.WEEK * (week + 1)):
        for index in range(len(engine.SHIFTS)):
            people = grid[day][index]
            state = "missing" if (day, index) in missing else "present" if people else "absent"
            cells.append(
                GridCell(people, state, f"{where[day][index]} : {people} ({states[state]})")
            )
    return cells
