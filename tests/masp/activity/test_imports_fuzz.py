"""Bad input: the import of activity reports under random bytes, random CSV text and broken
XLSX files (hypothesis). The parser answers a French message or planned lines, never an
exception, and nothing is written; the page answers 200 with the message, never a 500."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from accounts.models import AuditEntry
from masp.activity.fields import FIELDS_BY_NAME, FIGURE_NAMES
from masp.activity.imports import KEY_COLUMNS, ImportFileError, Line, plan, read_rows
from masp.models import ActivityReport, ReportingCampaign
from tests.masp.factories import CampaignFactory
from tests.personas import World

URL = "masp:report_import"
FILE_ERROR = re.compile(r"^(Le fichier |La ligne |Colonnes attendues)")
VALUE_PROBLEM = re.compile(
    r"^\S+ : (« .* » (n'est pas un nombre|doit être un entier positif ou nul|est trop grand)"
    r"|caractère nul interdit)$",
    re.DOTALL,
)
DB_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
COLUMNS = [*KEY_COLUMNS, *FIELDS_BY_NAME, "justification"]


@pytest.fixture
def campaign(world: World) -> ReportingCampaign:
    return CampaignFactory(month=3)


def counts() -> tuple[int, int]:
    return ActivityReport.objects.count(), AuditEntry.objects.count()


def parse(content: bytes, name: str, user: Any) -> list[Line] | ImportFileError:
    """What the import page does with an upload: its lines, or the error it shows."""
    try:
        return plan(read_rows(io.BytesIO(content), name), user)
    except ImportFileError as error:
        return error


def check_outcome(outcome: list[Line] | ImportFileError) -> None:
    if isinstance(outcome, ImportFileError):
        assert FILE_ERROR.match(str(outcome)), str(outcome)
        return
    for line in outcome:
        assert all(isinstance(problem, str) and problem.strip() for problem in line.problems)
        for violation in line.violations:
            assert violation.message.strip()


@DB_SETTINGS
@given(content=st.binary(max_size=3000), name=st.sampled_from(["r.csv", "r.xlsx", "R.XLSX"]))
@example(content=b"finess;periode\n1;2;3\n", name="r.csv")  # more values than the header
@example(content=b"a;b\n" + b"x" * 200_000, name="r.csv")  # over csv's field size limit
@example(content=b"PK\x03\x04" + b"\x00" * 100, name="r.xlsx")
def test_random_bytes_are_a_french_error_and_write_nothing(
    db: None, world: World, content: bytes, name: str
) -> None:
    before = counts()
    check_outcome(parse(content, name, world.users["coordinator_a"]))
    assert counts() == before


cell = st.one_of(
    st.text(max_size=12),
    st.integers().map(str),
    st.decimals().map(str),
    st.sampled_from(["", "-1", "1,5", "NaN", "-Infinity", "1e999999999", "3\x00", "2026-03"]),
)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    header = draw(st.lists(st.one_of(st.sampled_from(COLUMNS), st.text(max_size=8)), max_size=8))
    if draw(st.booleans()):
        header = [*KEY_COLUMNS, *header]
    rows = draw(st.lists(st.lists(cell, max_size=len(header) + 1), max_size=4))
    separator = draw(st.sampled_from([";", ",", "\t"]))
    return "\n".join(separator.join(cells) for cells in [header, *rows])


@DB_SETTINGS
@given(text=csv_texts())
@example(text="finess;periode;deaths\n590000000;2026-03;NaN")  # was an InvalidOperation
@example(text="finess;periode;deaths\n590000000;2026-03;Infinity")  # was an OverflowError
@example(text="finess;periode;deaths\n590000000;2026-03;1e999999999")
def test_random_csv_text_is_a_french_error_or_lines_and_writes_nothing(
    db: None, world: World, campaign: ReportingCampaign, text: str
) -> None:
    before = counts()
    check_outcome(parse(text.encode(), "r.csv", world.users["coordinator_a"]))
    assert counts() == before


@DB_SETTINGS
@given(name=st.sampled_from(FIGURE_NAMES), value=st.integers(max_value=-1))
def test_a_negative_figure_blocks_its_line_naming_the_field(
    db: None, world: World, campaign: ReportingCampaign, name: str, value: int
) -> None:
    text = f"finess;periode;{name}\n{world.site_a.finess_et};2026-03;{value}\n"
    [line] = parse(text.encode(), "r.csv", world.users["coordinator_a"])  # type: ignore[misc]
    assert line.blocked
    assert line.problems == [f"{name} : « {str(value)[:30]} » doit être un entier positif ou nul"]
    assert all(VALUE_PROBLEM.match(problem) for problem in line.problems)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def valid_xlsx() -> bytes:
    return xlsx_bytes([["finess", "periode", "deaths"], ["590000000", "2026-03", 1]])


def garbled(content: bytes, flips: list[tuple[int, int]], cut: int | None) -> bytes:
    data = bytearray(content)
    for position, byte in flips:
        data[position % len(data)] = byte
    return bytes(data[:cut] if cut is not None else data)


# The limits of the streamed reading (issue 21): a flipped byte can declare a huge sheet.
LIMIT_MESSAGES = (
    "Colonnes attendues",
    "Le fichier compte plus de",
    "Le fichier dépasse",
    "Le fichier XLSX",
)


@DB_SETTINGS
@given(
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=20),
    cut=st.one_of(st.none(), st.integers(0, 6000)),
)
def test_a_garbled_or_truncated_xlsx_is_a_french_error_and_writes_nothing(
    db: None, world: World, valid_xlsx: bytes, flips: list[tuple[int, int]], cut: int | None
) -> None:
    before = counts()
    outcome = parse(garbled(valid_xlsx, flips, cut), "r.xlsx", world.users["coordinator_a"])
    check_outcome(outcome)
    if isinstance(outcome, ImportFileError):
        assert str(outcome) in {
            "Le fichier XLSX est illisible.",
            "Le fichier ne contient aucune ligne.",
        } or str(outcome).startswith(LIMIT_MESSAGES)
    assert counts() == before


def bad_uploads(valid: bytes) -> Iterator[tuple[SimpleUploadedFile, str]]:
    yield SimpleUploadedFile("r.xlsx", valid[: len(valid) // 2]), "Le fichier XLSX est illisible."
    yield SimpleUploadedFile("r.xlsx", garbled(valid, [(400, 0), (900, 255)], None)), "illisible"
    yield SimpleUploadedFile("r.csv", b"\x00\xff\xfe;garbage\n1;2\n"), "Colonnes attendues"
    yield (
        SimpleUploadedFile("r.csv", b"finess;periode\n1;2;3\n"),
        "La ligne 2 compte plus de valeurs que la ligne d&#x27;en-tête.",
    )
    yield (
        SimpleUploadedFile("r.csv", b"finess;periode;deaths\n590000000;2026-03;NaN\n"),
        "« NaN » n&#x27;est pas un nombre",
    )


@pytest.mark.django_db
def test_the_page_shows_the_message_never_a_500(world: World, valid_xlsx: bytes) -> None:
    client = world.client("coordinator_a")
    CampaignFactory(month=3)
    for upload, message in bad_uploads(valid_xlsx):
        response = client.post(reverse(URL), {"file": upload})
        assert response.status_code == 200, upload.name
        assert message in response.content.decode(), message
        assert not response.context["can_apply"]
    assert counts() == (0, 0)
