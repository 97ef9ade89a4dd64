"""The staffing compliance engine: pure functions over plain dataclasses, no database.

`evaluate(declaration, capacity, norm_set)` checks a declared team against a norm set and says,
rule by rule, whether it is compliant, where the gap is (missing FTE, uncovered shifts, days in
a row without a psychologist, a doctor-nurse pair that never meets) and why, in French; it also
checks that the FTE declared can staff the presence grid (`warning` otherwise). Presence is read
over the declaration's rota cycle of 1 to 6 weeks (`masp.staffing.grids`). The models are turned
into these dataclasses by `masp.staffing.queries`, so the engine is table-tested without a
database (tests/masp/staffing/test_engine.py, test_golden_cases.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.utils.translation import gettext as _

from masp.staffing import grids
from masp.staffing.enums import ComplianceStatus, RuleKind, Scaling, Shift
from masp.staffing.grids import EMPTY_GRID, WEEK, Grid, day_label, day_name

ZERO = Decimal(0)
CENT = Decimal("0.01")
DAYS = WEEK
WEEKDAYS = range(5)
SHIFTS = (Shift.MORNING, Shift.AFTERNOON, Shift.NIGHT)
DAY_SHIFTS = (Shift.MORNING, Shift.AFTERNOON)
PEOPLE_BOUND = 1000
GRID = "grid"  # the kind of the grid-against-FTE results (not a rule of the norm set)
STATUS_ORDER = (
    ComplianceStatus.GAP,
    ComplianceStatus.WARNING,
    ComplianceStatus.NOT_EVALUABLE,
    ComplianceStatus.COMPLIANT,
)

__all__ = ["EMPTY_GRID", "Grid", "day_name"]


def fr_number(value: Decimal | int) -> str:
    """2.50 -> "2,5"; 2.00 -> "2" (French decimal comma)."""
    if isinstance(value, int):
        return str(value)
    text = format(value.quantize(CENT, ROUND_HALF_UP), "f").rstrip("0").rstrip(".")
    return text.replace(".", ",") or "0"


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    counts_in_fte: bool = True
    annual_cost: Decimal | None = None


@dataclass(frozen=True)
class Line:
    role: str
    fte_funded: Decimal = ZERO
    fte_filled: Decimal = ZERO
    fte_agency: Decimal = ZERO
    vacant_posts: int = 0
    presence: Grid = EMPTY_GRID


@dataclass(frozen=True)
class Declaration:
    lines: tuple[Line, ...]

    def line(self, code: str) -> Line | None:
        return next((line for line in self.lines if line.role == code), None)

    def fte(self, role: Role) -> Decimal:
        """Staff actually working: filled posts plus agency staff. Volunteers never count."""
        line = self.line(role.code)
        if line is None or not role.counts_in_fte:
            return ZERO
        return line.fte_filled + line.fte_agency

    @cached_property
    def cycle_days(self) -> int:
        """7 x the weeks of the rota cycle (the longest grid; a shorter one repeats)."""
        return max((len(line.presence) for line in self.lines), default=WEEK) or WEEK

    @property
    def weeks(self) -> int:
        return self.cycle_days // WEEK

    @cached_property
    def _grids(self) -> dict[str, Grid]:
        return {line.role: grids.stretch(line.presence, self.weeks) for line in self.lines}

    def grid(self, code: str) -> Grid:
        """A role's presence over the whole cycle (empty when the role is not declared)."""
        found = self._grids.get(code)
        return found if found is not None else grids.empty(self.weeks)

    def people(self, code: str, day: int, shift: str) -> int:
        return self.grid(code)[day][SHIFTS.index(shift)]

    @property
    def has_schedule(self) -> bool:
        return any(not grids.is_empty(line.presence) for line in self.lines)


@dataclass(frozen=True)
class FteRule:
    """Required FTE = min_fte + fte_per_place x capacity inside the reference band
    (capacity_min-capacity_max); outside it, `scaling` says how the value at the nearest edge
    moves (fixed, per place, by steps of `step_fte` every `step_places` places) or that the
    rule is not evaluable there."""

    roles: tuple[str, ...]
    min_fte: Decimal = ZERO
    fte_per_place: Decimal = ZERO
    capacity_min: int | None = None
    capacity_max: int | None = None
    # Every role of the group must be staffed.
    each_role: bool = False
    label: str = ""
    kind: str = RuleKind.FTE
    scaling: str = Scaling.NONE
    step_places: int | None = None
    step_fte: Decimal = ZERO
    assumption: str = ""

    def applies(self, capacity: int) -> bool:
        low = self.capacity_min if self.capacity_min is not None else 0
        high = self.capacity_max if self.capacity_max is not None else capacity
        return low <= capacity <= high

    def required(self, capacity: int) -> Decimal:
        return (self.min_fte + self.fte_per_place * capacity).quantize(CENT, ROUND_HALF_UP)

    def edge(self, capacity: int) -> int:
        """The band's edge nearest to a capacity outside it."""
        if self.capacity_min is not None and capacity < self.capacity_min:
            return self.capacity_min
        return self.capacity_max if self.capacity_max is not None else capacity

    def distance(self, capacity: int) -> int:
        return abs(capacity - self.edge(capacity))

    def scaled(self, capacity: int) -> Decimal:
        """The required FTE at a capacity outside the band (scaling is not NONE)."""
        edge = self.edge(capacity)
        value = self.required(edge)
        if self.scaling == Scaling.PER_PLACE and edge:
            value = value * capacity / edge
        elif self.scaling == Scaling.STEPS and self.step_places:
            # A started step above the band counts, a complete one below it (-(-x // n): ceil).
            steps = -((edge - capacity) // self.step_places)
            value = max(ZERO, value + self.step_fte * steps)
        return value.quantize(CENT, ROUND_HALF_UP)

    def band(self) -> str:
        low, high = self.capacity_min, self.capacity_max
        if low is None and high is None:
            return ""
        if high is None:
            return _("à partir de %(low)s places") % {"low": low}
        if low is None:
            return _("jusqu'à %(high)s places") % {"high": high}
        return _("de %(low)s à %(high)s places") % {"low": low, "high": high}


@dataclass(frozen=True)
class PresenceRule:
    roles: tuple[str, ...]
    pattern: str
    min_days: int | None = None
    label: str = ""
    kind: str = RuleKind.PRESENCE
    assumption: str = ""


@dataclass(frozen=True)
class PairRule:
    """A doctor (`roles`) and a nurse (`partners`), both with FTE > 0, present together at
    least one half-day (morning or afternoon) of the cycle."""

    roles: tuple[str, ...]
    partners: tuple[str, ...]
    label: str = ""
    kind: str = RuleKind.PAIR
    assumption: str = ""


Rule = FteRule | PresenceRule | PairRule


@dataclass(frozen=True)
class GridHours:
    """What turns a presence grid into hours: shift lengths and the hours of one FTE a year.
    A grid needing more than the FTE declared (beyond the tolerance) gives a `warning`."""

    morning: Decimal = Decimal(6)
    afternoon: Decimal = Decimal(6)
    night: Decimal = Decimal(12)
    per_fte: Decimal = Decimal(1607)
    tolerance: Decimal = Decimal(10)  # percent

    def shift(self, index: int) -> Decimal:
        return (self.morning, self.afternoon, self.night)[index]

    def annual_hours(self, grid: Grid) -> Decimal:
        # The declaration checks bound people per shift by the places; bounded here too so
        # any input stays a number the engine can print.
        hours = sum(
            (
                min(max(people, 0), PEOPLE_BOUND) * self.shift(i)
                for day in grid
                for i, people in enumerate(day)
            ),
            ZERO,
        )
        weeks = grids.weeks_of(grid)
        return hours / weeks * 365 / WEEK

    def fte(self, grid: Grid) -> Decimal:
        return (self.annual_hours(grid) / self.per_fte).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class NormSet:
    name: str
    version: int
    rules: tuple[Rule, ...]
    roles: Mapping[str, Role]
    pk: int | None = None
    hours: GridHours | None = field(default_factory=GridHours)

    def role(self, code: str) -> Role:
        return self.roles.get(code) or Role(code, code)

    def subject(self, rule: Rule) -> str:
        codes = rule.roles + (rule.partners if isinstance(rule, PairRule) else ())
        return rule.label or " + ".join(self.role(code).label for code in codes)


@dataclass(frozen=True)
class Slot:
    day: int
    shift: str | None = None  # None: the whole day
    weeks: int = 1

    def __str__(self) -> str:
        if self.shift is None:
            return day_label(self.day, self.weeks)
        return f"{day_label(self.day, self.weeks)} {Shift(self.shift).label}"


UNITS = {
    "etp": "ETP",
    "creneaux": "créneaux",
    "jours": "jours",
    "absence": "jour(s) sans présence de suite",
    "demi_journees": "demi-journée(s) ensemble",
}


@dataclass(frozen=True)
class RuleResult:
    kind: str
    roles: tuple[str, ...]
    subject: str
    status: str
    required: Decimal | int
    measured: Decimal | int
    unit: str  # a key of UNITS
    message: str
    missing_fte: Decimal = ZERO
    uncovered: tuple[Slot, ...] = ()
    missing_roles: tuple[str, ...] = ()
    assumption: str = ""

    @property
    def required_text(self) -> str:
        if self.unit == "absence":
            return _("au plus %(n)s jour sans présence de suite") % {"n": self.required}
        if self.unit == "demi_journees":
            return _("au moins %(n)s demi-journée ensemble") % {"n": self.required}
        return f"{fr_number(self.required)} {self.unit_label}"

    @property
    def measured_text(self) -> str:
        return f"{fr_number(self.measured)} {self.unit_label}"

    @property
    def unit_label(self) -> str:
        return _(UNITS[self.unit])

    @property
    def status_label(self) -> str:
        return str(ComplianceStatus(self.status).label)

    @property
    def summary(self) -> str:
        """A few words for a table cell."""
        if self.status == ComplianceStatus.WARNING:
            return _("planning intenable avec %(fte)s ETP (%(need)s ETP nécessaires)") % {
                "fte": fr_number(self.measured),
                "need": fr_number(self.required),
            }
        if self.status != ComplianceStatus.GAP:
            return self.status_label
        if self.missing_roles:
            return _("non pourvu")
        if self.unit == "etp":
            return _("manque %(fte)s ETP") % {"fte": fr_number(self.missing_fte)}
        if self.unit == "absence":
            return _("%(days)s jours de suite sans présence") % {"days": self.measured}
        if self.unit == "demi_journees":
            return _("jamais présents ensemble")
        if self.unit == "jours":
            return _("%(measured)s jour(s) (%(required)s requis)") % {
                "measured": self.measured,
                "required": self.required,
            }
        return _("%(count)s créneau(x) non couvert(s)") % {"count": len(self.uncovered)}


@dataclass(frozen=True)
class Compliance:
    norm_set: NormSet
    capacity: int
    status: str
    results: tuple[RuleResult, ...]
    weeks: int = 1

    @property
    def status_label(self) -> str:
        return str(ComplianceStatus(self.status).label)

    def role_status(self, code: str) -> str | None:
        """The worst status of the results about a role (None when none names it)."""
        statuses = {result.status for result in self.results if code in result.roles}
        return worst(statuses) if statuses else None

    def role_results(self, code: str) -> list[RuleResult]:
        return [result for result in self.results if code in result.roles]

    @property
    def gaps(self) -> list[RuleResult]:
        return [result for result in self.results if result.status == ComplianceStatus.GAP]

    @property
    def warnings(self) -> list[RuleResult]:
        return [result for result in self.results if result.status == ComplianceStatus.WARNING]

    @property
    def problems(self) -> list[RuleResult]:
        """Gaps, then warnings: what a reader acts on."""
        return self.gaps + self.warnings

    @property
    def assumptions(self) -> list[tuple[str, str]]:
        """(subject, assumption) of the rules whose reading is an assumption."""
        return [(r.subject, r.assumption) for r in self.results if r.assumption]


def worst(statuses: Iterable[str]) -> str:
    """gap > warning > not_evaluable > compliant; nothing to judge is not evaluable."""
    found = set(statuses)
    if not found:
        return ComplianceStatus.NOT_EVALUABLE
    return next(status for status in STATUS_ORDER if status in found)


def evaluate(declaration: Declaration | None, capacity: int, norm_set: NormSet) -> Compliance:
    from masp.staffing import checks

    results = tuple(checks.results(declaration, capacity, norm_set))
    weeks = declaration.weeks if declaration else 1
    return Compliance(norm_set, capacity, worst(r.status for r in results), results, weeks)


def compare(
    declaration: Declaration | None, capacity: int, left: NormSet, right: NormSet
) -> tuple[Compliance, Compliance]:
    """The same declaration against two norm sets, side by side."""
    return evaluate(declaration, capacity, left), evaluate(declaration, capacity, right)
