"""Property: whatever the houses report, the open-data files hold no count of people from 1 to
10, and no masked cell can be recomputed from what they publish.

The check reads only the published CSV files: it rebuilds, from their rows, every linear
relation a reader could use (in each row the breakdowns add up to their totals; a département's
year is the sum of its houses' semesters) and asks numpy whether a masked (empty) cell is
determined by them. No database: the rows are made in memory.
"""

from __future__ import annotations

import csv
import io
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from masp.activity.fields import AGE_NAMES, CONDITION_NAMES, DISCHARGE_NAMES, ORIGIN_NAMES
from masp.models import Site
from reporting.opendata.dataset import PEOPLE, Dataset, Row, mask_department
from reporting.opendata.files import files
from territories.models import Department

NORD = Department(code="59", name="Nord")
# What the reader knows adds up (from the schema's descriptions): part columns -> total column.
READER_BREAKDOWNS = (
    (AGE_NAMES, "admissions"),
    (CONDITION_NAMES, "admissions"),
    (ORIGIN_NAMES, "admissions"),
    ((*DISCHARGE_NAMES, "deaths"), "stays_ended"),
)


def split(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _cut in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def house_row(seed: int, admissions: int, ended: int, requests: int, site: Site) -> Row:
    rng = random.Random(seed)
    row = Row(identity={"year": 2026, "semester": 1 + seed % 2, "site": site})
    row.people.update(admissions=admissions, stays_ended=ended, requests_received=requests)
    for names in (AGE_NAMES, CONDITION_NAMES, ORIGIN_NAMES):
        row.people.update(zip(names, split(rng, admissions, len(names)), strict=True))
    row.people.update(
        zip((*DISCHARGE_NAMES, "deaths"), split(rng, ended, len(DISCHARGE_NAMES) + 1), strict=True)
    )
    row.months, row.places, row.sites = 6, 10, {site.pk}
    return row


houses = st.lists(
    st.tuples(
        st.integers(0, 10_000),
        st.integers(0, 45),
        st.integers(0, 30),
        st.integers(0, 60),
    ),
    min_size=1,
    max_size=5,
)


def published_rows(dataset: Dataset) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    content = files(dataset)

    def read(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(content[name].decode("utf-8"))))

    return read("maisons-semestres.csv"), read("departements-annees.csv")


def determined(house_rows: list[dict[str, str]], department: dict[str, str]) -> list[str]:
    """The masked cells a reader can recompute from the published rows (numpy's rank)."""
    tables = [*(("h", i, row) for i, row in enumerate(house_rows)), ("d", 0, department)]
    unknown = [(kind, i, name) for kind, i, row in tables for name in PEOPLE if row[name] == ""]
    index = {key: n for n, key in enumerate(unknown)}
    if not unknown:
        return []
    equations: list[np.ndarray] = []

    def equation(parts: list[tuple[str, int, str]], total: tuple[str, int, str]) -> None:
        vector = np.zeros(len(unknown))
        for key in parts:
            if key in index:
                vector[index[key]] += 1
        if total in index:
            vector[index[total]] -= 1
        equations.append(vector)

    for kind, i, _row in tables:
        for parts, total in READER_BREAKDOWNS:
            equation([(kind, i, part) for part in parts], (kind, i, total))
    for name in PEOPLE:
        equation([("h", i, name) for i in range(len(house_rows))], ("d", 0, name))
    matrix = np.array(equations)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for key, n in index.items():
        unit = np.zeros(len(unknown))
        unit[n] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(f"{key}")
    return found


@settings(max_examples=40, deadline=None)
@given(houses)
def test_published_files_hold_no_small_count_and_reveal_no_masked_one(
    reported: list[tuple[int, int, int, int]],
) -> None:
    members = []
    for n, (seed, admissions, ended, requests) in enumerate(reported):
        site = Site(pk=n + 1, name=f"Maison {n}", finess_et=f"59000{n:04d}", department=NORD)
        row = house_row(seed, admissions, ended, requests, site)
        members.append((("59", 2026, row.identity["semester"], site.pk), row))
    department, house_items, result = mask_department(2026, members)
    dataset = Dataset(houses=house_items, departments=[department], suppressions=[result])
    house_rows, department_rows = published_rows(dataset)
    for row in [*house_rows, *department_rows]:
        for name in PEOPLE:
            assert row[name] == "" or not 1 <= int(row[name]) <= 10, (name, row[name])
            assert (row[name] == "") == (row[f"{name}_masked"] == "true")
    assert determined(house_rows, department_rows[0]) == []
