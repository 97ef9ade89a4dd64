"""Statistical secrecy: a count of people from 1 to 10 is never published, nor recomputable.

The usual rule for French health statistics (ATIH, SNDS open data, Santé publique France): a cell
counting 1 to 10 people is masked ("< 11" for a person, empty with a flag in a machine file);
zero may be shown. Masking one cell is not enough when totals are published too: a total minus
the other cells gives it back. So the figures are described as linear relations
(`parts` add up to `total`: a row of a table and its total, the houses of a département and the
département's figure...) and more cells are masked ("secondary suppression") until no masked
cell is determined by the published ones through any linear combination of the relations.

Amounts of money, places and houses are not people: they are simply left out of the relations.
Pure functions, no database (docs/open-data.md).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

THRESHOLD = 11  # the smallest count of people that may be published
MASKED_TEXT = "< 11"  # what a person reads in place of a masked count

Key = Hashable


def is_small(value: int | None) -> bool:
    """A count of people that must not be published (1 to 10)."""
    return value is not None and 1 <= value < THRESHOLD


def shown(value: int | None, masked: bool = False) -> str:
    """The text of a count of people in a human format (page, spreadsheet for readers)."""
    if masked or is_small(value):
        return MASKED_TEXT
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Relation:
    """Published figures that add up: sum(parts) == total."""

    parts: tuple[Key, ...]
    total: Key

    @property
    def keys(self) -> tuple[Key, ...]:
        return (*self.parts, self.total)


@dataclass(frozen=True)
class Suppression:
    values: Mapping[Key, int]
    primary: frozenset[Key]
    secondary: frozenset[Key]

    @property
    def masked(self) -> frozenset[Key]:
        return self.primary | self.secondary

    def published(self, key: Key) -> int | None:
        """The value a machine file carries: None when masked."""
        return None if key in self.masked else self.values[key]

    def shown(self, key: Key) -> str:
        return shown(self.values[key], key in self.masked)


def table_relations(rows: int, columns: int) -> list[Relation]:
    """The relations of a table with its row totals, column totals and grand total.

    Keys: ("cell", i, j), ("row", i), ("column", j), ("all",).
    """
    relations = [
        Relation(tuple(("cell", i, j) for j in range(columns)), ("row", i)) for i in range(rows)
    ]
    relations += [
        Relation(tuple(("cell", i, j) for i in range(rows)), ("column", j)) for j in range(columns)
    ]
    relations.append(Relation(tuple(("row", i) for i in range(rows)), ("all",)))
    relations.append(Relation(tuple(("column", j) for j in range(columns)), ("all",)))
    return relations


def table_values(cells: Sequence[Sequence[int]]) -> dict[Key, int]:
    """The cells of a table and its totals, keyed as in `table_relations`."""
    values: dict[Key, int] = {}
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            values["cell", i, j] = value
        values["row", i] = sum(row)
    columns = len(cells[0]) if cells else 0
    for j in range(columns):
        values["column", j] = sum(row[j] for row in cells)
    values["all",] = sum(values["row", i] for i in range(len(cells)))
    return values


def recomputable(relations: Sequence[Relation], masked: Iterable[Key]) -> set[Key]:
    """The masked keys whose value follows from the published ones (linear combinations).

    Each relation is an equation over the masked keys (published values moved to the right-hand
    side). A masked key is determined exactly when its unit vector lies in the span of these
    equations: after an exact reduced row echelon form, when some row has it as its only
    non-zero entry.
    """
    unknown = sorted(set(masked), key=repr)
    column = {key: index for index, key in enumerate(unknown)}
    rows: list[list[Fraction]] = []
    for relation in relations:
        row = [Fraction(0)] * len(unknown)
        for key in relation.parts:
            if key in column:
                row[column[key]] += 1
        if relation.total in column:
            row[column[relation.total]] -= 1
        if any(row):
            rows.append(row)
    return {unknown[index] for index in _lone_pivots(rows, len(unknown))}


def _lone_pivots(rows: list[list[Fraction]], width: int) -> set[int]:
    """Columns whose pivot row, in reduced row echelon form, has no other non-zero entry."""
    pivot_row = 0
    pivots: list[tuple[int, int]] = []
    for col in range(width):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [value / lead for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivots.append((pivot_row, col))
        pivot_row += 1
    return {col for r, col in pivots if sum(1 for value in rows[r] if value != 0) == 1}


def suppress(values: Mapping[Key, int], relations: Sequence[Relation]) -> Suppression:
    """Primary then secondary suppression of counts of people bound by these relations.

    Primary: every count from 1 to 10. Secondary: while a masked key can be recomputed, mask one
    more key of a relation through it, chosen to lose the least: a non-zero figure before a zero,
    a part before a total, the smallest first. Each round masks one more key and a fully masked
    system reveals nothing, so the loop ends.
    """
    primary = frozenset(key for key, value in values.items() if is_small(value))
    masked = set(primary)
    while revealed := recomputable(relations, masked):
        masked.add(_next_to_mask(values, relations, masked, revealed))
    return Suppression(values=values, primary=primary, secondary=frozenset(masked - primary))


def _next_to_mask(
    values: Mapping[Key, int],
    relations: Sequence[Relation],
    masked: set[Key],
    revealed: set[Key],
) -> Key:
    totals = {relation.total for relation in relations}

    def lonely_after(key: Key) -> int:
        """Relations left with one masked key (the quick sign of a revealed cell)."""
        after = masked | {key}
        return sum(1 for relation in relations if len(after.intersection(relation.keys)) == 1)

    def cost(key: Key) -> tuple[int, bool, bool, int, str]:
        return (lonely_after(key), values[key] == 0, key in totals, values[key], repr(key))

    near = _unmasked_in(relations, masked, revealed)
    if not near:  # revealed only through a chain of relations: widen to any touched relation
        near = _unmasked_in(relations, masked, masked)
    return min(near or set(values) - masked, key=cost)


def _unmasked_in(relations: Sequence[Relation], masked: set[Key], through: set[Key]) -> set[Key]:
    return {
        key
        for relation in relations
        if through.intersection(relation.keys)
        for key in relation.keys
        if key not in masked
    }
