"""Statistical secrecy (common/secrecy.py): hand-computed maskings and property tests.

The property tests check the result with an independent method: numpy's rank. A masked cell
is recomputable from the published ones exactly when adding its unit vector to the equations
(restricted to the masked cells) does not raise their rank.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from common.secrecy import (
    MASKED_TEXT,
    Relation,
    is_small,
    recomputable,
    shown,
    suppress,
    table_relations,
    table_values,
)


def determined_by_rank(relations: list[Relation], masked: set) -> set:
    unknown = sorted(masked, key=repr)
    index = {key: i for i, key in enumerate(unknown)}
    rows = []
    for relation in relations:
        row = np.zeros(len(unknown))
        for key in relation.parts:
            if key in index:
                row[index[key]] += 1
        if relation.total in index:
            row[index[relation.total]] -= 1
        rows.append(row)
    if not unknown:
        return set()
    matrix = np.array(rows) if rows else np.zeros((0, len(unknown)))
    rank = np.linalg.matrix_rank(matrix) if len(matrix) else 0
    found = set()
    for key, i in index.items():
        unit = np.zeros(len(unknown))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.add(key)
    return found


def grid(result, rows: int, columns: int) -> list[list[str]]:
    """The table as a reader sees it, totals last."""
    lines = [
        [result.shown(("cell", i, j)) for j in range(columns)] + [result.shown(("row", i))]
        for i in range(rows)
    ]
    lines.append([result.shown(("column", j)) for j in range(columns)] + [result.shown(("all",))])
    return lines


def test_the_threshold_masks_one_to_ten_and_shows_zero() -> None:
    assert [is_small(n) for n in (None, 0, 1, 10, 11)] == [False, False, True, True, False]
    assert [shown(n) for n in (0, 1, 10, 11, None)] == ["0", "< 11", "< 11", "11", ""]
    assert shown(40, masked=True) == MASKED_TEXT


def test_a_single_small_cell_takes_a_rectangle_of_four() -> None:
    # Admissions of three houses (rows) by age group (columns), with totals:
    #        18-59  60-74  75+ | total
    #  A       20      3   15  |   38
    #  B       12     14   30  |   56
    #  C       25     18   40  |   83
    #  total   57     35   85  |  177
    # Primary: 3 (A, 60-74). Masked alone, 38 - 20 - 15 gives it back.
    # Secondary, by hand: row A and column 60-74 each hold one masked cell. Masking 14 (the
    # smallest figure of column 60-74 whose row has no masked cell yet) fixes the column but
    # leaves row B alone; 12 (the smallest of row B) then leaves column 18-59 alone; 20 closes
    # the rectangle {A, B} x {18-59, 60-74}. The equations left:
    #   a + 3' = 23, b + c = 26, a + b = 32, 3' + c = 17  -> rank 3 for 4 unknowns: none found.
    cells = [[20, 3, 15], [12, 14, 30], [25, 18, 40]]
    result = suppress(table_values(cells), table_relations(3, 3))
    assert result.primary == {("cell", 0, 1)}
    assert result.secondary == {("cell", 0, 0), ("cell", 1, 0), ("cell", 1, 1)}
    assert grid(result, 3, 3) == [
        ["< 11", "< 11", "15", "38"],
        ["< 11", "< 11", "30", "56"],
        ["25", "18", "40", "83"],
        ["57", "35", "85", "177"],
    ]
    assert recomputable(table_relations(3, 3), result.masked) == set()


def test_a_small_row_total_masks_its_row_and_a_second_row() -> None:
    # Two houses, deaths and discharges:
    #        deaths  discharges | total
    #  A        4        3      |    7
    #  B       30       25      |   55
    #  total   34       28      |   62
    # Primary: 4, 3 and 7 (all of row A). By hand, what else the published figures give back:
    # - column "deaths": 34 - 30 = 4, so 30 is masked (column "discharges" likewise: 25);
    # - then 55 - 30 - 25 says nothing alone, but the grand total does: 62 - 55 = 7 (row A's
    #   total), so 55 is masked as well.
    # Left: a + b = r, c + d = s, a + c = 34, b + d = 28, r + s = 62: five equations, one
    # redundant (the columns' sum is the rows' sum), six unknowns: no cell is determined.
    cells = [[4, 3], [30, 25]]
    relations = table_relations(2, 2)
    result = suppress(table_values(cells), relations)
    assert result.primary == {("cell", 0, 0), ("cell", 0, 1), ("row", 0)}
    assert result.secondary == {("cell", 1, 0), ("cell", 1, 1), ("row", 1)}
    assert grid(result, 2, 2) == [
        ["< 11", "< 11", "< 11"],
        ["< 11", "< 11", "< 11"],
        ["34", "28", "62"],
    ]
    assert recomputable(relations, result.masked) == set()


def test_zero_is_shown_and_needs_no_partner() -> None:
    cells = [[0, 12], [15, 0]]
    result = suppress(table_values(cells), table_relations(2, 2))
    assert result.masked == frozenset()
    assert grid(result, 2, 2) == [["0", "12", "12"], ["15", "0", "15"], ["15", "12", "27"]]


def test_a_cell_revealed_only_by_combining_relations_is_found() -> None:
    # x + y = 20 and x - y = 4 (x + z = 24 with z = -y... here: y + w = 16, x + w = 20 gives
    # x - y = 4): x alone is not in one relation with a single unknown, yet x = 12.
    relations = [
        Relation(("x", "y"), "s1"),
        Relation(("y", "w"), "s2"),
        Relation(("x", "w"), "s3"),
    ]
    # s1 = x + y, s2 = y + w, s3 = x + w: three equations, three unknowns: all determined.
    assert recomputable(relations, {"x", "y", "w"}) == {"x", "y", "w"}
    values = {"x": 5, "y": 15, "w": 30, "s1": 20, "s2": 45, "s3": 35}
    result = suppress(values, relations)
    assert "x" in result.masked
    assert recomputable(relations, result.masked) == set()


tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda rows: st.integers(min_value=1, max_value=4).flatmap(
        lambda columns: st.lists(
            st.lists(
                st.one_of(st.integers(0, 12), st.integers(0, 60)),
                min_size=columns,
                max_size=columns,
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(tables)
def test_no_small_count_is_published_nor_recomputable(cells: list[list[int]]) -> None:
    relations = table_relations(len(cells), len(cells[0]))
    result = suppress(table_values(cells), relations)
    published = [result.published(key) for key in result.values]
    assert not [value for value in published if is_small(value)]
    assert determined_by_rank(relations, set(result.masked)) == set()
    # What a reader sees never holds a figure from 1 to 10 either.
    assert not [
        text for text in map(result.shown, result.values) if text.isdigit() and is_small(int(text))
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=2, max_size=4),
    st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=2), min_size=2, max_size=4),
)
def test_linked_tables_sharing_their_totals_stay_protected(
    ages: list[list[int]], ends: list[list[int]]
) -> None:
    """Two breakdowns of the same rows (as the open data's ages and pathologies of the same
    admissions): their row totals are one published figure, so one system."""
    rows = min(len(ages), len(ends))
    values: dict = {}
    relations: list[Relation] = []
    for i in range(rows):
        total = sum(ages[i])
        split = [min(ends[i][0], total), total - min(ends[i][0], total)]
        for j, value in enumerate(ages[i]):
            values["age", i, j] = value
        for j, value in enumerate(split):
            values["cond", i, j] = value
        values["row", i] = total
        relations.append(Relation(tuple(("age", i, j) for j in range(3)), ("row", i)))
        relations.append(Relation(tuple(("cond", i, j) for j in range(2)), ("row", i)))
    for kind, width in (("age", 3), ("cond", 2)):
        for j in range(width):
            values[kind, "all", j] = sum(values[kind, i, j] for i in range(rows))
            relations.append(Relation(tuple((kind, i, j) for i in range(rows)), (kind, "all", j)))
    values["all"] = sum(values["row", i] for i in range(rows))
    relations.append(Relation(tuple(("row", i) for i in range(rows)), "all"))
    result = suppress(values, relations)
    assert not [key for key in values if is_small(result.published(key))]
    assert determined_by_rank(relations, set(result.masked)) == set()
