"""Bad input: staffing declarations under any figures and schedules (hypothesis). The form,
the declaration checks and the compliance engine never raise and answer in French; more staff
or more presence never creates a gap (more presence on the same FTE may give a warning: the
grid can no longer be staffed), over cycles of one to six weeks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from masp.models import StaffRole
from masp.staffing import engine
from masp.staffing.engine import DAYS, SHIFTS
from masp.staffing.enums import ComplianceStatus
from masp.staffing.forms import StaffingDeclarationForm, cell_name
from masp.staffing.reference import ROLES, VOLUNTEER
from masp.staffing.services import LineInput, check_declaration
from tests.masp.staffing.norms import CDC, STUDY

CODES = [code for code, _label, _counts, _cost in ROLES]
STAFF_ROLES = {
    code: StaffRole(code=code, label=label, counts_in_fte=counts)
    for code, label, counts, _cost in ROLES
}
TODAY = dt.date(2026, 11, 2)
# The forms and the API take FTE with 6 digits, 2 decimal places.
fte = st.decimals(min_value=Decimal("-9999.99"), max_value=Decimal("9999.99"), places=2)
people = st.one_of(st.integers(), st.integers(0, 3))
grid = st.tuples(*[st.tuples(people, people, people)] * DAYS)
any_grid = st.one_of(grid, st.lists(st.lists(st.integers(), max_size=4), max_size=9))


def line_inputs(roles: st.SearchStrategy[str], grids: st.SearchStrategy[Any]) -> Any:
    return st.builds(
        LineInput,
        role=roles,
        fte_funded=fte,
        fte_filled=fte,
        fte_agency=fte,
        vacant_posts=st.integers(),
        headcount=st.integers(),
        hours_per_month=st.integers(),
        presence=grids,
    )


def is_negative(line: LineInput) -> bool:
    numbers = [line.fte_funded, line.fte_filled, line.fte_agency, line.vacant_posts]
    numbers += [line.headcount, line.hours_per_month]
    cells = [cell for day in line.presence for cell in day]
    return min(numbers + cells) < 0


def to_engine(lines: list[LineInput]) -> engine.Declaration:
    return engine.Declaration(
        tuple(
            engine.Line(
                line.role,
                line.fte_funded,
                line.fte_filled,
                line.fte_agency,
                line.vacant_posts,
                tuple(tuple(day) for day in line.presence),  # type: ignore[misc]
            )
            for line in lines
        )
    )


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(line_inputs(st.sampled_from([*CODES, "inconnu"]), any_grid), max_size=4),
    capacity=st.integers(0, 60),
    declared_on=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_any_declaration_is_checked_in_french_never_an_exception(
    lines: list[LineInput], capacity: int, declared_on: dt.date
) -> None:
    checked = check_declaration(
        lines=lines, capacity=capacity, roles=STAFF_ROLES, declared_on=declared_on
    )
    for message in checked.errors + checked.warnings:
        assert isinstance(message, str)
        assert message.strip()
    well_formed = [line for line in lines if line.role in STAFF_ROLES]
    if any(is_negative(line) for line in well_formed if len(line.presence) == DAYS):
        assert any("négati" in message for message in checked.errors), checked.errors
    if not checked.errors:
        # What passes the checks is always something the engine can evaluate.
        for norm_set in (CDC, STUDY):
            compliance = engine.evaluate(to_engine(lines), capacity, norm_set)
            assert compliance.status in ComplianceStatus.values


@settings(max_examples=100, deadline=None)
@given(
    lines=st.lists(line_inputs(st.sampled_from(CODES), grid), max_size=6),
    capacity=st.integers(0, 60),
    norm_set=st.sampled_from([CDC, STUDY]),
    declared=st.booleans(),
)
def test_the_engine_answers_any_declaration_with_a_known_status(
    lines: list[LineInput], capacity: int, norm_set: engine.NormSet, declared: bool
) -> None:
    compliance = engine.evaluate(to_engine(lines) if declared else None, capacity, norm_set)
    assert compliance.status in ComplianceStatus.values
    assert compliance.status == engine.worst(result.status for result in compliance.results)
    for result in compliance.results:
        assert result.status in ComplianceStatus.values
        assert result.message.startswith(result.subject)
        assert result.summary
        assert result.required_text
        assert result.measured_text


non_negative_fte = st.decimals(min_value=Decimal(0), max_value=Decimal("30"), places=2)
non_negative_day = st.tuples(*[st.integers(0, 3)] * len(SHIFTS))
# One to six weeks; lines of different lengths repeat to the longest (a shorter rota).
non_negative_grid = st.integers(1, 6).flatmap(
    lambda weeks: st.tuples(*[non_negative_day] * (DAYS * weeks))
)
valid_lines = st.lists(
    st.builds(
        LineInput,
        role=st.sampled_from(CODES),
        fte_filled=non_negative_fte,
        fte_agency=non_negative_fte,
        presence=non_negative_grid,
    ),
    min_size=1,
    max_size=len(CODES),
    unique_by=lambda line: line.role,
)


@settings(max_examples=100, deadline=None)
@given(
    lines=valid_lines,
    capacity=st.integers(0, 60),
    norm_set=st.sampled_from([CDC, STUDY]),
    index=st.integers(0, len(CODES) - 1),
    extra_filled=non_negative_fte,
    extra_agency=non_negative_fte,
)
def test_more_fte_never_turns_compliant_into_a_gap(
    lines: list[LineInput],
    capacity: int,
    norm_set: engine.NormSet,
    index: int,
    extra_filled: Decimal,
    extra_agency: Decimal,
) -> None:
    before = engine.evaluate(to_engine(lines), capacity, norm_set)
    more = list(lines)
    line = more[index % len(more)]
    more[index % len(more)] = LineInput(
        line.role,
        fte_filled=line.fte_filled + extra_filled,
        fte_agency=line.fte_agency + extra_agency,
        presence=line.presence,
    )
    after = engine.evaluate(to_engine(more), capacity, norm_set)
    assert len(before.results) == len(after.results)
    for old, new in zip(before.results, after.results, strict=True):
        assert (old.kind, old.roles) == (new.kind, new.roles)
        if old.status == ComplianceStatus.COMPLIANT:
            assert new.status == ComplianceStatus.COMPLIANT, new.message
        if old.status == ComplianceStatus.WARNING:
            assert new.status in (ComplianceStatus.COMPLIANT, ComplianceStatus.WARNING)
        if old.unit == "etp" and old.status != ComplianceStatus.NOT_EVALUABLE:
            assert new.missing_fte <= old.missing_fte
    if before.status == ComplianceStatus.COMPLIANT:
        assert after.status == ComplianceStatus.COMPLIANT
    if before.status == ComplianceStatus.WARNING:
        assert after.status in (ComplianceStatus.COMPLIANT, ComplianceStatus.WARNING)


@settings(max_examples=100, deadline=None)
@given(
    lines=valid_lines,
    norm_set=st.sampled_from([CDC, STUDY]),
    index=st.integers(0, len(CODES) - 1),
    day=st.integers(0, DAYS * 6 - 1),
    shift=st.integers(0, len(SHIFTS) - 1),
    added=st.integers(1, 3),
)
def test_more_people_on_a_schedule_never_uncovers_a_shift(
    lines: list[LineInput], norm_set: engine.NormSet, index: int, day: int, shift: int, added: int
) -> None:
    before = engine.evaluate(to_engine(lines), 12, norm_set)
    more = list(lines)
    line = more[index % len(more)]
    presence = [list(cells) for cells in line.presence]
    presence[day % len(presence)][shift] += added
    more[index % len(more)] = LineInput(
        line.role,
        fte_filled=line.fte_filled,
        fte_agency=line.fte_agency,
        presence=tuple(tuple(cells) for cells in presence),  # type: ignore[arg-type]
    )
    after = engine.evaluate(to_engine(more), 12, norm_set)
    # The norm set's rules: same list before and after (the grid checks follow the grids).
    old_rules = [result for result in before.results if result.kind != engine.GRID]
    new_rules = [result for result in after.results if result.kind != engine.GRID]
    for old, new in zip(old_rules, new_rules, strict=True):
        assert (old.kind, old.roles) == (new.kind, new.roles)
        if old.status == ComplianceStatus.COMPLIANT:
            assert new.status == ComplianceStatus.COMPLIANT, new.message
        if old.status == ComplianceStatus.GAP and old.unit not in ("etp", "absence"):
            assert len(new.uncovered) <= len(old.uncovered)
        if old.unit == "absence" and old.status != ComplianceStatus.NOT_EVALUABLE:
            assert new.measured <= old.measured  # the longest run without presence
    # More presence may make a grid unstaffable (a warning), never a gap.
    if before.status in (ComplianceStatus.COMPLIANT, ComplianceStatus.WARNING):
        assert after.status != ComplianceStatus.GAP


FORM_ROLES = [STAFF_ROLES["infirmier"], STAFF_ROLES["aide_soignant"], STAFF_ROLES[VOLUNTEER]]
FORM_FIELDS = [
    name
    for role in FORM_ROLES
    for name in (
        *(f"{role.code}-{field}" for field in ("fte_funded", "fte_filled", "fte_agency")),
        *(f"{role.code}-{field}" for field in ("vacant_posts", "headcount", "hours_per_month")),
        *(cell_name(role.code, d, s) for d in range(DAYS) for s in range(len(SHIFTS))),
    )
]
raw = st.one_of(
    st.text(max_size=8),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "0", "1", "-1", "1,5", "1e9", "NaN", "Infinity", " 2 "]),
)


@settings(max_examples=100, deadline=None)
@given(
    data=st.fixed_dictionaries({}, optional=dict.fromkeys(FORM_FIELDS, raw)),
    declared_on=st.one_of(st.text(max_size=12), st.dates().map(dt.date.isoformat)),
)
def test_the_declaration_form_takes_any_post_without_an_exception(
    data: dict[str, str], declared_on: str
) -> None:
    form = StaffingDeclarationForm({**data, "declared_on": declared_on}, roles=FORM_ROLES, lines={})
    if not form.is_valid():
        assert all(message.strip() for errors in form.errors.values() for message in errors)
        return
    lines = form.lines()
    checked = check_declaration(
        lines=lines,
        capacity=12,
        roles=STAFF_ROLES,
        declared_on=form.cleaned_data["declared_on"],
    )
    assert all(message.strip() for message in checked.errors + checked.warnings)
    if not checked.errors:
        assert engine.evaluate(to_engine(lines), 12, CDC).status in ComplianceStatus.values
