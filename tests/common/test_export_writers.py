"""The export writers' two faces: the machine files unchanged (codes, decimal points, t/f) and
the French files (labels, decimal commas, oui/non, local date-times), one mechanism for every
spec: a column that knows its choices."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from common.exports.base import Column, ExportError, ExportParams, ExportSpec, parse_params
from common.exports.tableschema import spec_schema
from common.exports.writers import csv_stream, jsonl_stream, xlsx_file

CHOICES = [("private_non_profit", _("privé non lucratif")), ("public", _("public"))]
ROWS = [
    ("private_non_profit", Decimal("-0.125"), True, dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC),
     "=SUM(A1)"),
    ("public", None, False, None, "Côte, Nord; Sud"),
    ("unknown", Decimal("12"), None, None, ""),
]  # fmt: skip
SPEC = ExportSpec(
    name="test",
    label=_("Essai"),
    columns=(
        Column("manager_legal_status", _("statut du gestionnaire"), choices=CHOICES),
        Column("ratio", _("ratio"), "decimal"),
        Column("has_document", _("document déposé"), "boolean"),
        Column("validated_at", _("validé le"), "datetime"),
        Column("note", _("note")),
    ),
    produce=lambda user, params: ROWS,
)


def csv_text(params: ExportParams) -> str:
    return b"".join(csv_stream(SPEC, SPEC.values(None, params), params)).decode()


def test_the_machine_csv_is_unchanged() -> None:
    text = csv_text(parse_params({}))
    # Hand-written: codes, decimal point, t/f, ISO date-time, the formula neutralised.
    assert text == (
        "manager_legal_status,ratio,has_document,validated_at,note\n"
        "private_non_profit,-0.125,t,2026-03-05 09:30:00+00:00,'=SUM(A1)\n"
        'public,,f,,"Côte, Nord; Sud"\n'
        "unknown,12,,,\n"
    )


def test_the_french_csv_opens_in_a_french_spreadsheet() -> None:
    params = parse_params({"lang": "fr"})
    assert (params.french, params.semicolon, params.bom, params.french_header) == (True,) * 4
    text = csv_text(params)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [
        ["statut du gestionnaire", "ratio", "document déposé", "validé le", "note"],
        # 09:30 UTC is 10:30 in Paris in March (UTC+1); a negative number stays a number.
        ["privé non lucratif", "-0,125", "oui", "2026-03-05 10:30:00", "'=SUM(A1)"],
        ["public", "", "non", "", "Côte, Nord; Sud"],
        ["unknown", "12", "", "", ""],  # an unknown code is written as it is
    ]


def test_the_french_xlsx_keeps_numbers_and_shows_labels() -> None:
    params = parse_params({"lang": "fr"})
    with xlsx_file(SPEC, SPEC.values(None, params), params) as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("statut du gestionnaire", "ratio", "document déposé", "validé le", "note")
    assert values[1][:3] == ("privé non lucratif", -0.125, "oui")
    assert values[1][3] == dt.datetime(2026, 3, 5, 10, 30)
    assert values[2][:3] == ("public", None, "non")
    assert sheet.freeze_panes == "A2"


def test_the_machine_xlsx_and_jsonl_keep_the_codes() -> None:
    params = parse_params({})
    with xlsx_file(SPEC, SPEC.values(None, params), params) as handle:
        values = list(load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert values[0][0] == "manager_legal_status"
    assert values[1][:3] == ("private_non_profit", -0.125, True)
    lines = b"".join(jsonl_stream(SPEC, SPEC.values(None, params), params)).decode()
    assert lines.splitlines()[0].startswith('{"manager_legal_status": "private_non_profit"')


def test_lang_other_than_fr_is_a_french_error() -> None:
    with pytest.raises(ExportError, match="inconnue"):
        parse_params({"lang": "en"})


def test_schemas_describe_both_files() -> None:
    machine: dict[str, Any] = spec_schema(SPEC)
    french: dict[str, Any] = spec_schema(SPEC, french=True)
    assert machine["fields"][0]["constraints"] == {"enum": ["private_non_profit", "public"]}
    assert french["fields"][0]["name"] == "statut du gestionnaire"
    assert french["fields"][0]["constraints"] == {"enum": ["privé non lucratif", "public"]}
    assert french["fields"][1]["decimalChar"] == ","
    assert "decimalChar" not in machine["fields"][1]
    assert (french["fields"][2]["trueValues"], french["fields"][2]["falseValues"]) == (
        ["oui"],
        ["non"],
    )
    assert machine["fields"][2]["trueValues"] == ["t", "true"]
    assert french["fields"][3]["format"] == "%Y-%m-%d %H:%M:%S"
    assert "format" not in machine["fields"][3]
