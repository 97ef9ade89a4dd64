"""The open-data dataset on hand-made reports: aggregation, masking, files, frictionless."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import frictionless
import pytest
from django.core.management import CommandError, call_command

from masp.activity.fields import AGE_NAMES
from reporting.opendata.dataset import PEOPLE, build
from reporting.opendata.files import files

pytestmark = pytest.mark.django_db


def rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_a_small_age_group_is_masked_with_its_partners(two_houses: None) -> None:
    # Admissions by age (18-59, 60-74, 75-84, 85+ | total), first semester 2026:
    #   A          20    3   15    2 |  40
    #   B          12   14   30    0 |  56
    #   Nord 2026  32   17   45    2 |  96
    # Primary: A's 3 and 2, the Nord's 2. Then 96 - 32 - 45 - 17 = 2 would give the Nord's
    # 85+ back: one more cell of the Nord's row is masked, 17 (60-74), which also pairs with A's
    # 3 in column 60-74 (3 + 14 = 17). Left: A60 + A85 = 5, D60 + D85 = 19, D85 = A85 + 0,
    # D60 = A60 + 14: rank 3 for 4 unknowns, no cell determined. B's 0 is shown.
    dataset = build(2026)
    assert dataset.count("primary") == 3
    assert dataset.count("secondary") == 1
    content = files(dataset)
    houses = {row["site_name"]: row for row in rows(content["maisons-semestres.csv"])}
    assert set(houses) == {"Maison A", "Maison B"}
    a, b = houses["Maison A"], houses["Maison B"]
    assert [a[name] for name in AGE_NAMES] == ["20", "", "15", ""]
    assert [a[f"{name}_masked"] for name in AGE_NAMES] == ["false", "true", "false", "true"]
    assert [b[name] for name in AGE_NAMES] == ["12", "14", "30", "0"]
    assert (a["admissions"], a["months_reported"], a["semester"]) == ("40", "1", "1")
    [nord] = rows(content["departements-annees.csv"])
    assert [nord[name] for name in AGE_NAMES] == ["32", "", "45", ""]
    assert (nord["admissions"], nord["deaths"], nord["stays_ended"]) == ("96", "55", "55")
    # Places and houses are not people: never masked, even when small.
    assert (nord["houses"], nord["places_installed"], nord["months_reported"]) == ("2", "24", "2")


def test_the_files_pass_frictionless_validation(two_houses: None, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("export_open_data", str(tmp_path / "od"), stdout=out)
    names = sorted(path.name for path in (tmp_path / "od").iterdir())
    assert names == [
        "datapackage.json",
        "departements-annees.csv",
        "departements-annees.schema.json",
        "maisons-semestres.csv",
        "maisons-semestres.schema.json",
    ]
    assert "3 masqués (de 1 à 10), 1 masqués en secondaire" in out.getvalue()
    report = frictionless.validate(str(tmp_path / "od" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [task.stats["rows"] for task in report.tasks] == [2, 1]
    schema = json.loads((tmp_path / "od" / "maisons-semestres.schema.json").read_text())
    fields = {field["name"]: field for field in schema["fields"]}
    assert fields["deaths"]["title"] == "décès"
    assert "secret statistique" in fields["deaths"]["description"]
    assert fields["deaths_masked"]["type"] == "boolean"
    assert schema["primaryKey"] == ["year", "semester", "finess_et"]
    assert len([name for name in fields if name.endswith("_masked")]) == len(PEOPLE)


def test_frictionless_catches_a_broken_file(two_houses: None, tmp_path: Path) -> None:
    """The validation the tests rely on does fail on a bad file."""
    call_command("export_open_data", str(tmp_path), stdout=io.StringIO())
    path = tmp_path / "maisons-semestres.csv"
    path.write_text(path.read_text().replace(",40,", ",quarante,", 1))
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_the_command_refuses_a_file_as_its_folder(tmp_path: Path) -> None:
    target = tmp_path / "fichier"
    target.write_text("")
    with pytest.raises(CommandError, match="n'est pas un dossier"):
        call_command("export_open_data", str(target), stdout=io.StringIO())


def test_an_empty_year_gives_valid_empty_files(tmp_path: Path) -> None:
    call_command("export_open_data", str(tmp_path), "--year", "2031", stdout=io.StringIO())
    assert rows((tmp_path / "maisons-semestres.csv").read_bytes()) == []
    assert frictionless.validate(str(tmp_path / "datapackage.json")).valid
