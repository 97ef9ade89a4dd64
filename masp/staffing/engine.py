"""The staffing compliance engine: pure functions over plain dataclasses, no database.

`evaluate(declaration, capacity, norm_set)` checks a declared team against a norm set and says,
rule by rule, whether it is compliant, where the gap is (missing FTE, uncovered shifts) and why,
in French (`masp.staffing.whatif` adds the FTE and cost required at another capacity). The
models are turned into these dataclasses by `masp.staffing.queries`, so the engine is
table-tested without a database (tests/masp/staffing/test_engine.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from masp.staffing.enums import ComplianceStatus, CoveragePattern, RuleKind, Shift

ZERO = Decimal(0)
CENT = Decimal("0.01")
DAYS = 7
WEEKDAYS = range(5)
SHIFTS = (Shift.MORNING, Shift.AFTERNOON, Shift.NIGHT)
DAY_SHIFTS = (Shift.MORNING, Shift.AFTERNOON)
Grid = tuple[tuple[int, int, int], ...]
EMPTY_GRID: Grid = ((0, 0, 0),) * DAYS


def day_name(day: int) -> str:
    return [
        _("lundi"),
        _("mardi"),
        _("mercredi"),
        _("jeudi"),
        _("vendredi"),
        _("samedi"),
        _("dimanche"),
    ][day]


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

    def people(self, code: str, day: int, shift: str) -> int:
        line = self.line(code)
        return line.presence[day][SHIFTS.index(shift)] if line else 0

    @property
    def has_schedule(self) -> bool:
        return any(any(any(day) for day in line.presence) for line in self.lines)


@dataclass(frozen=True)
class FteRule:
    roles: tuple[str, ...]
    min_fte: Decimal = ZERO
    fte_per_place: Decimal = ZERO
    capacity_min: int | None = None
    capacity_max: int | None = None
    # Every role of the group must be staffed (the doctor-nurse coordination pair).
    each_role: bool = False
    label: str = ""
    kind: str = RuleKind.FTE

    def applies(self, capacity: int) -> bool:
        low = self.capacity_min if self.capacity_min is not None else 0
        high = self.capacity_max if self.capacity_max is not None else capacity
        return low <= capacity <= high

    def required(self, capacity: int) -> Decimal:
        return (self.min_fte + self.fte_per_place * capacity).quantize(CENT, ROUND_HALF_UP)

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

    def days_needed(self) -> int:
        if self.pattern == CoveragePattern.ONE_DAY_IN_TWO:
            return (DAYS + 1) // 2
        return max(1, min(DAYS, self.min_days or 1))


Rule = FteRule | PresenceRule


@dataclass(frozen=True)
class NormSet:
    name: str
    version: int
    rules: tuple[Rule, ...]
    roles: Mapping[str, Role]
    pk: int | None = None

    def role(self, code: str) -> Role:
        return self.roles.get(code) or Role(code, code)

    def subject(self, rule: Rule) -> str:
        return rule.label or " + ".join(self.role(code).label for code in rule.roles)


@dataclass(frozen=True)
class Slot:
    day: int
    shift: str | None = None  # None: the whole day

    def __str__(self) -> str:
        if self.shift is None:
            return day_name(self.day)
        return f"{day_name(self.day)} {Shift(self.shift).label}"


@dataclass(frozen=True)
class RuleResult:
    kind: str
    roles: tuple[str, ...]
    subject: str
    status: str
    required: Decimal | int
    measured: Decimal | int
    unit: str  # "etp", "creneaux" or "jours"
    message: str
    missing_fte: Decimal = ZERO
    uncovered: tuple[Slot, ...] = ()
    missing_roles: tuple[str, ...] = ()

    @property
    def required_text(self) -> str:
        return f"{fr_number(self.required)} {self.unit_label}"

    @property
    def measured_text(self) -> str:
        return f"{fr_number(self.measured)} {self.unit_label}"

    @property
    def unit_label(self) -> str:
        return {"etp": _("ETP"), "creneaux": _("créneaux"), "jours": _("jours")}[self.unit]

    @property
    def summary(self) -> str:
        """A few words for a table cell."""
        if self.status != ComplianceStatus.GAP:
            return str(ComplianceStatus(self.status).label)
        if self.missing_roles:
            return _("non pourvu")
        if self.unit == "etp":
            return _("manque %(fte)s ETP") % {"fte": fr_number(self.missing_fte)}
        if self.unit == "jours":
            return _("%(measured)s j/7 (%(required)s requis)") % {
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

    def role_status(self, code: str) -> str | None:
        """The worst status of the rules about a role (None when no rule names it)."""
        statuses = {result.status for result in self.results if code in result.roles}
        return worst(statuses) if statuses else None

    def role_results(self, code: str) -> list[RuleResult]:
        return [result for result in self.results if code in result.roles]

    @property
    def gaps(self) -> list[RuleResult]:
        return [result for result in self.results if result.status == ComplianceStatus.GAP]


def worst(statuses: Iterable[str]) -> str:
    found = set(statuses)
    if ComplianceStatus.GAP in found:
        return ComplianceStatus.GAP
    if not found or ComplianceStatus.NOT_EVALUABLE in found:
        return ComplianceStatus.NOT_EVALUABLE
    return ComplianceStatus.COMPLIANT


def evaluate(declaration: Declaration | None, capacity: int, norm_set: NormSet) -> Compliance:
    results = tuple(_results(declaration, capacity, norm_set))
    return Compliance(norm_set, capacity, worst(r.status for r in results), results)


def compare(
    declaration: Declaration | None, capacity: int, left: NormSet, right: NormSet
) -> tuple[Compliance, Compliance]:
    """The same declaration against two norm sets, side by side."""
    return evaluate(declaration, capacity, left), evaluate(declaration, capacity, right)


def _results(
    declaration: Declaration | None, capacity: int, norm_set: NormSet
) -> Iterable[RuleResult]:
    seen: set[tuple[str, ...]] = set()
    for rule in norm_set.rules:
        if declaration is None:
            yield _not_evaluable(rule, norm_set, _("aucune déclaration d'effectifs."))
        elif isinstance(rule, PresenceRule):
            yield _presence(declaration, rule, norm_set)
        elif rule.roles not in seen:
            # FTE rules about the same roles are capacity bands: evaluate the one that applies.
            seen.add(rule.roles)
            yield from _fte_subject(declaration, capacity, rule.roles, norm_set)


def _not_evaluable(rule: Rule, norm_set: NormSet, reason: str) -> RuleResult:
    subject = norm_set.subject(rule)
    unit = "etp" if isinstance(rule, FteRule) else "creneaux"
    return RuleResult(
        rule.kind,
        rule.roles,
        subject,
        ComplianceStatus.NOT_EVALUABLE,
        ZERO if unit == "etp" else 0,
        ZERO if unit == "etp" else 0,
        unit,
        _("%(subject)s : non évaluable, %(reason)s") % {"subject": subject, "reason": reason},
    )


def _fte_subject(
    declaration: Declaration, capacity: int, roles: tuple[str, ...], norm_set: NormSet
) -> Iterable[RuleResult]:
    bands = [r for r in norm_set.rules if isinstance(r, FteRule) and r.roles == roles]
    applicable = [rule for rule in bands if rule.applies(capacity)]
    if not applicable:
        covered = ", ".join(rule.band() for rule in bands)
        reason = _("le référentiel ne prévoit pas de valeur pour %(capacity)s places (%(bands)s).")
        yield _not_evaluable(bands[0], norm_set, reason % {"capacity": capacity, "bands": covered})
        return
    for rule in applicable:
        yield _fte(declaration, capacity, rule, norm_set)


def _fte(declaration: Declaration, capacity: int, rule: FteRule, norm_set: NormSet) -> RuleResult:
    roles = [norm_set.role(code) for code in rule.roles]
    subject = norm_set.subject(rule)
    if not any(role.counts_in_fte for role in roles):
        reason = _("les bénévoles se comptent en personnes et en heures, pas en ETP.")
        return _not_evaluable(rule, norm_set, reason)
    measured = sum((declaration.fte(role) for role in roles), ZERO)
    required = rule.required(capacity)
    missing = max(ZERO, required - measured)
    empty = tuple(r.code for r in roles if rule.each_role and declaration.fte(r) <= 0)
    values = {
        "subject": subject,
        "measured": fr_number(measured),
        "required": fr_number(required),
        "missing": fr_number(missing),
        "band": f" ({rule.band()})" if rule.band() else "",
        "empty": ", ".join(norm_set.role(code).label.lower() for code in empty),
    }
    if empty:
        message = _("%(subject)s : incomplet, fonction non pourvue : %(empty)s.") % values
    elif missing:
        message = (
            _(
                "%(subject)s : %(measured)s ETP pour %(required)s ETP requis%(band)s, "
                "il manque %(missing)s ETP."
            )
            % values
        )
    elif required:
        message = _("%(subject)s : %(measured)s ETP pour %(required)s ETP requis%(band)s.") % values
    else:
        message = _("%(subject)s : pourvu (%(measured)s ETP).") % values
    status = ComplianceStatus.GAP if missing or empty else ComplianceStatus.COMPLIANT
    return RuleResult(
        rule.kind,
        rule.roles,
        subject,
        status,
        required,
        measured,
        "etp",
        message,
        missing_fte=missing,
        missing_roles=empty,
    )


def _present(declaration: Declaration, rule: PresenceRule, day: int, shift: str) -> bool:
    return sum(declaration.people(code, day, shift) for code in rule.roles) > 0


def _presence(declaration: Declaration, rule: PresenceRule, norm_set: NormSet) -> RuleResult:
    if not declaration.has_schedule:
        return _not_evaluable(rule, norm_set, _("planning de présence non renseigné."))
    if rule.pattern in (CoveragePattern.ALWAYS, CoveragePattern.WEEKDAYS_DAY):
        return _coverage(declaration, rule, norm_set)
    return _days(declaration, rule, norm_set)


def _coverage(declaration: Declaration, rule: PresenceRule, norm_set: NormSet) -> RuleResult:
    always = rule.pattern == CoveragePattern.ALWAYS
    slots = [
        Slot(day, shift)
        for day in (range(DAYS) if always else WEEKDAYS)
        for shift in (SHIFTS if always else DAY_SHIFTS)
    ]
    uncovered = tuple(s for s in slots if not _present(declaration, rule, s.day, s.shift or ""))
    subject = norm_set.subject(rule)
    values = {
        "subject": subject,
        "pattern": CoveragePattern(rule.pattern).label,
        "count": len(uncovered),
        "total": len(slots),
        "slots": ", ".join(str(slot) for slot in uncovered),
    }
    if uncovered:
        message = (
            _(
                "%(subject)s : présence requise %(pattern)s non assurée, "
                "%(count)s créneau(x) non couvert(s) sur %(total)s : %(slots)s."
            )
            % values
        )
    else:
        message = _("%(subject)s : présence assurée %(pattern)s.") % values
    status = ComplianceStatus.GAP if uncovered else ComplianceStatus.COMPLIANT
    covered = len(slots) - len(uncovered)
    return RuleResult(
        rule.kind,
        rule.roles,
        subject,
        status,
        len(slots),
        covered,
        "creneaux",
        message,
        uncovered=uncovered,
    )


def _days(declaration: Declaration, rule: PresenceRule, norm_set: NormSet) -> RuleResult:
    present = [
        day
        for day in range(DAYS)
        if any(_present(declaration, rule, day, shift) for shift in SHIFTS)
    ]
    needed = rule.days_needed()
    absent = tuple(Slot(day) for day in range(DAYS) if day not in present)
    subject = norm_set.subject(rule)
    values = {
        "subject": subject,
        "present": len(present),
        "needed": needed,
        "pattern": CoveragePattern(rule.pattern).label,
        "absent": ", ".join(str(slot) for slot in absent),
    }
    if len(present) < needed:
        message = (
            _(
                "%(subject)s : présent %(present)s jour(s) sur 7, au moins %(needed)s requis "
                "(%(pattern)s) ; absent : %(absent)s."
            )
            % values
        )
        status, uncovered = ComplianceStatus.GAP, absent
    else:
        message = _("%(subject)s : présent %(present)s jour(s) sur 7 (%(pattern)s).") % values
        status, uncovered = ComplianceStatus.COMPLIANT, ()
    return RuleResult(
        rule.kind,
        rule.roles,
        subject,
        status,
        needed,
        len(present),
        "jours",
        message,
        uncovered=uncovered,
    )
