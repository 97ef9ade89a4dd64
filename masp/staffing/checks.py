"""The checks behind `engine.evaluate`: one function per kind of rule, and the grid against
the FTE declared. Pure, like the engine; a presence rule is read over the whole rota cycle."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from masp.staffing import grids
from masp.staffing.engine import (
    DAY_SHIFTS,
    GRID,
    SHIFTS,
    WEEKDAYS,
    ZERO,
    Declaration,
    FteRule,
    NormSet,
    PairRule,
    PresenceRule,
    Rule,
    RuleResult,
    Slot,
    fr_number,
)
from masp.staffing.enums import ComplianceStatus, CoveragePattern, Scaling

S = ComplianceStatus


def results(
    declaration: Declaration | None, capacity: int, norm_set: NormSet
) -> Iterable[RuleResult]:
    seen: set[tuple[str, ...]] = set()
    for rule in norm_set.rules:
        if declaration is None:
            yield not_evaluable(rule, norm_set, _("aucune déclaration d'effectifs."))
        elif isinstance(rule, PresenceRule):
            yield presence(declaration, rule, norm_set)
        elif isinstance(rule, PairRule):
            yield pair(declaration, rule, norm_set)
        elif rule.roles not in seen:
            # FTE rules about the same roles are capacity bands: evaluate the one that applies.
            seen.add(rule.roles)
            yield from fte_subject(declaration, capacity, rule.roles, norm_set)
    if declaration is not None:
        yield from grid_against_fte(declaration, norm_set)


def not_evaluable(rule: Rule, norm_set: NormSet, reason: str) -> RuleResult:
    subject = norm_set.subject(rule)
    unit = "etp" if isinstance(rule, FteRule) else "creneaux"
    return RuleResult(
        rule.kind,
        _codes(rule),
        subject,
        S.NOT_EVALUABLE,
        ZERO if unit == "etp" else 0,
        ZERO if unit == "etp" else 0,
        unit,
        _("%(subject)s : non évaluable, %(reason)s") % {"subject": subject, "reason": reason},
        assumption=rule.assumption,
    )


def _codes(rule: Rule) -> tuple[str, ...]:
    return rule.roles + (rule.partners if isinstance(rule, PairRule) else ())


# FTE rules ------------------------------------------------------------------------------------


def fte_subject(
    declaration: Declaration, capacity: int, roles: tuple[str, ...], norm_set: NormSet
) -> Iterable[RuleResult]:
    bands = [r for r in norm_set.rules if isinstance(r, FteRule) and r.roles == roles]
    applicable = [rule for rule in bands if rule.applies(capacity)]
    if applicable:
        for rule in applicable:
            yield fte(declaration, capacity, rule, norm_set, rule.required(capacity), "")
        return
    scalable = [rule for rule in bands if rule.scaling != Scaling.NONE]
    if not scalable:
        covered = ", ".join(rule.band() for rule in bands)
        reason = _("le référentiel ne prévoit pas de valeur pour %(capacity)s places (%(bands)s).")
        yield not_evaluable(bands[0], norm_set, reason % {"capacity": capacity, "bands": covered})
        return
    rule = min(scalable, key=lambda r: r.distance(capacity))
    basis = _("valeur de référence %(band)s, %(scaling)s, pour %(capacity)s places") % {
        "band": rule.band(),
        "scaling": Scaling(rule.scaling).label,
        "capacity": capacity,
    }
    yield fte(declaration, capacity, rule, norm_set, rule.scaled(capacity), basis)


def fte(
    declaration: Declaration,
    capacity: int,
    rule: FteRule,
    norm_set: NormSet,
    needed: Decimal,
    basis: str,
) -> RuleResult:
    roles = [norm_set.role(code) for code in rule.roles]
    subject = norm_set.subject(rule)
    if not any(role.counts_in_fte for role in roles):
        reason = _("les bénévoles se comptent en personnes et en heures, pas en ETP.")
        return not_evaluable(rule, norm_set, reason)
    measured = sum((declaration.fte(role) for role in roles), ZERO)
    missing = max(ZERO, needed - measured)
    empty = tuple(r.code for r in roles if rule.each_role and declaration.fte(r) <= 0)
    band = basis or rule.band()
    values = {
        "subject": subject,
        "measured": fr_number(measured),
        "required": fr_number(needed),
        "missing": fr_number(missing),
        "band": f" ({band})" if band else "",
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
    elif needed:
        message = _("%(subject)s : %(measured)s ETP pour %(required)s ETP requis%(band)s.") % values
    else:
        message = _("%(subject)s : pourvu (%(measured)s ETP).") % values
    return RuleResult(
        rule.kind,
        rule.roles,
        subject,
        S.GAP if missing or empty else S.COMPLIANT,
        needed,
        measured,
        "etp",
        message,
        missing_fte=missing,
        missing_roles=empty,
        assumption=rule.assumption if basis or rule.assumption else "",
    )


# Presence rules -------------------------------------------------------------------------------


def present(declaration: Declaration, roles: tuple[str, ...], day: int, shift: str) -> bool:
    return sum(declaration.people(code, day, shift) for code in roles) > 0


def presence(declaration: Declaration, rule: PresenceRule, norm_set: NormSet) -> RuleResult:
    if not declaration.has_schedule:
        return not_evaluable(rule, norm_set, _("planning de présence non renseigné."))
    if rule.pattern in (CoveragePattern.ALWAYS, CoveragePattern.WEEKDAYS_DAY):
        return coverage(declaration, rule, norm_set)
    if rule.pattern == CoveragePattern.ONE_DAY_IN_TWO:
        return one_day_in_two(declaration, rule, norm_set)
    return min_days(declaration, rule, norm_set)


def _cycle(declaration: Declaration) -> str:
    weeks = declaration.weeks
    if weeks == 1:
        return _("semaine type")
    return _("cycle de %(weeks)s semaines") % {"weeks": weeks}


def coverage(declaration: Declaration, rule: PresenceRule, norm_set: NormSet) -> RuleResult:
    always = rule.pattern == CoveragePattern.ALWAYS
    weeks = declaration.weeks
    slots = [
        Slot(day, shift, weeks)
        for day in range(declaration.cycle_days)
        if always or day % grids.WEEK in WEEKDAYS
        for shift in (SHIFTS if always else DAY_SHIFTS)
    ]
    uncovered = tuple(
        s for s in slots if not present(declaration, rule.roles, s.day, s.shift or "")
    )
    subject = norm_set.subject(rule)
    values = {
        "subject": subject,
        "pattern": CoveragePattern(rule.pattern).label,
        "count": len(uncovered),
        "total": len(slots),
        "slots": ", ".join(str(slot) for slot in uncovered),
        "cycle": _cycle(declaration),
    }
    if uncovered:
        message = (
            _(
                "%(subject)s : présence requise %(pattern)s non assurée, "
                "%(count)s créneau(x) non couvert(s) sur %(total)s (%(cycle)s) : %(slots)s."
            )
            % values
        )
    else:
        message = _("%(subject)s : présence assurée %(pattern)s (%(cycle)s).") % values
    return RuleResult(
        rule.kind,
        rule.roles,
        subject,
        S.GAP if uncovered else S.COMPLIANT,
        len(slots),
        len(slots) - len(uncovered),
        "creneaux",
        message,
        uncovered=uncovered,
        assumption=rule.assumption,
    )


def _daytime(declaration: Declaration, roles: tuple[str, ...]) -> list[bool]:
    return grids.daytime_days((declaration.grid(code) for code in roles), declaration.cycle_days)


def one_day_in_two(declaration: Declaration, rule: PresenceRule, norm_set: NormSet) -> RuleResult:
    """Never two days in a row without a daytime presence, the cycle read as a circle."""
    days = _daytime(declaration, rule.roles)
    runs = grids.absent_runs(days)
    longest = max((len(run) for run in runs), default=0)
    weeks = declaration.weeks
    uncovered = tuple(Slot(day, None, weeks) for run in runs if len(run) > 1 for day in run)
    subject = norm_set.subject(rule)
    values = {
        "subject": subject,
        "present": sum(days),
        "total": len(days),
        "longest": longest,
        "absent": ", ".join(str(slot) for slot in uncovered),
    }
    if longest > 1:
        message = (
            _(
                "%(subject)s : présent %(present)s jour(s) sur %(total)s en journée, mais "
                "%(longest)s jours de suite sans présence (%(absent)s) ; requis : au moins un "
                "jour sur deux, jamais deux jours de suite sans présence en journée."
            )
            % values
        )
    else:
        message = (
            _(
                "%(subject)s : présent %(present)s jour(s) sur %(total)s en journée, jamais "
                "deux jours de suite sans présence (au moins un jour sur deux)."
            )
            % values
        )
    return RuleResult(
        rule.kind,
        rule.roles,
        subject,
        S.GAP if longest > 1 else S.COMPLIANT,
        1,
        longest,
        "absence",
        message,
        uncovered=uncovered,
        assumption=rule.assumption,
    )


def min_days(declaration: Declaration, rule: PresenceRule, norm_set: NormSet) -> RuleResult:
    """At least `min_days` days with a daytime presence per week, on average over the cycle."""
    days = _daytime(declaration, rule.roles)
    weeks = declaration.weeks
    needed = max(1, min(grids.WEEK, rule.min_days or 1)) * weeks
    absent = tuple(Slot(day, None, weeks) for day, here in enumerate(days) if not here)
    subject = norm_set.subject(rule)
    values = {
        "subject": subject,
        "present": sum(days),
        "total": len(days),
        "needed": needed,
        "absent": ", ".join(str(slot) for slot in absent),
    }
    if sum(days) < needed:
        message = (
            _(
                "%(subject)s : présent %(present)s jour(s) sur %(total)s en journée, au moins "
                "%(needed)s requis ; absent : %(absent)s."
            )
            % values
        )
    else:
        message = (
            _(
                "%(subject)s : présent %(present)s jour(s) sur %(total)s en journée, au moins "
                "%(needed)s requis."
            )
            % values
        )
    short = sum(days) < needed
    return RuleResult(
        rule.kind,
        rule.roles,
        subject,
        S.GAP if short else S.COMPLIANT,
        needed,
        sum(days),
        "jours",
        message,
        uncovered=absent if short else (),
        assumption=rule.assumption,
    )


# The doctor-nurse pair ------------------------------------------------------------------------


def pair(declaration: Declaration, rule: PairRule, norm_set: NormSet) -> RuleResult:
    subject = norm_set.subject(rule)
    codes = _codes(rule)
    sides = (rule.roles, rule.partners)
    staffed = [
        sum((declaration.fte(norm_set.role(code)) for code in side), ZERO) > 0 for side in sides
    ]
    if not all(staffed):
        missing = tuple(
            code for side, ok in zip(sides, staffed, strict=True) if not ok for code in side
        )
        names = " / ".join(norm_set.role(code).label.lower() for code in missing)
        return RuleResult(
            rule.kind, codes, subject, S.GAP, 1, 0, "demi_journees",
            _("%(subject)s : incomplet, aucun ETP pour : %(names)s.")
            % {"subject": subject, "names": names},
            missing_roles=missing, assumption=rule.assumption,
        )  # fmt: skip
    if not declaration.has_schedule:
        return not_evaluable(rule, norm_set, _("planning de présence non renseigné."))
    weeks = declaration.weeks
    together = [
        Slot(day, shift, weeks)
        for day in range(declaration.cycle_days)
        for shift in DAY_SHIFTS
        if all(present(declaration, side, day, shift) for side in sides)
    ]
    values = {
        "subject": subject,
        "count": len(together),
        "cycle": _cycle(declaration),
        "first": str(together[0]) if together else "",
    }
    if together:
        message = (
            _(
                "%(subject)s : présents ensemble %(count)s demi-journée(s) (%(cycle)s), dont "
                "%(first)s."
            )
            % values
        )
    else:
        message = (
            _(
                "%(subject)s : le médecin et l'infirmier ne sont jamais présents ensemble "
                "(%(cycle)s) ; il faut au moins une demi-journée commune."
            )
            % values
        )
    return RuleResult(
        rule.kind,
        codes,
        subject,
        S.COMPLIANT if together else S.GAP,
        1,
        len(together),
        "demi_journees",
        message,
        assumption=rule.assumption,
    )


# The grid against the FTE declared -------------------------------------------------------------


def grid_against_fte(declaration: Declaration, norm_set: NormSet) -> Iterable[RuleResult]:
    """Per role with a grid: the FTE its hours need (shift lengths and hours per FTE of the
    norm set) against the FTE declared; beyond the tolerance the grid cannot be staffed."""
    hours = norm_set.hours
    if hours is None:
        return
    for line in declaration.lines:
        role = norm_set.role(line.role)
        if not role.counts_in_fte or grids.is_empty(line.presence):
            continue
        needed = hours.fte(line.presence)
        declared = declaration.fte(role)
        limit = declared * (1 + hours.tolerance / 100)
        subject = _("%(role)s (planning et ETP)") % {"role": role.label}
        values = {
            "subject": subject,
            "needed": fr_number(needed),
            "declared": fr_number(declared),
            "hours": fr_number(hours.annual_hours(line.presence).quantize(ZERO)),
            "per_fte": fr_number(hours.per_fte),
        }
        if needed > limit:
            status = S.WARNING
            message = (
                _(
                    "%(subject)s : le planning représente %(hours)s h par an, soit %(needed)s "
                    "ETP à %(per_fte)s h par ETP ; %(declared)s ETP déclarés ne peuvent pas le "
                    "tenir."
                )
                % values
            )
        else:
            status = S.COMPLIANT
            message = (
                _(
                    "%(subject)s : le planning représente %(needed)s ETP, tenable avec "
                    "%(declared)s ETP déclarés."
                )
                % values
            )
        yield RuleResult(
            GRID,
            (line.role,),
            subject,
            status,
            needed,
            declared,
            "etp",
            message,
            missing_fte=max(ZERO, needed - declared),
        )
