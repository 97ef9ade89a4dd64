"""The public open-data page and its downloads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import frictionless
import pytest
from django.test import Client
from django.urls import reverse

from reporting.opendata.schema import RESOURCES

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_file_and_says_the_rule(
    client: Client, two_houses: None, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    # 20 counts of people x 3 rows (two houses, the Nord). The request's savepoint and its
    # release (ATOMIC_REQUESTS), and one query: the validated
    # reports with their house, département and campaign, whatever their number.
    with django_assert_num_queries(3):
        response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aucun nombre de personnes de 1 à 10 n'est publié" in page
    assert "Aujourd'hui : 60 nombres de personnes, dont 3 masqués" in page
    for resource in RESOURCES:
        assert reverse("opendata:download", args=[resource.path]) in page
        assert reverse("opendata:download", args=[resource.schema_path]) in page


def test_the_downloads_make_a_valid_package(
    client: Client, two_houses: None, tmp_path: Path
) -> None:
    names = ["datapackage.json"]
    for resource in RESOURCES:
        names += [resource.path, resource.schema_path]
    for name in names:
        response = client.get(reverse("opendata:download", args=[name]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="masp-{name}"'
        (tmp_path / name).write_bytes(response.content)
    assert frictionless.validate(str(tmp_path / "datapackage.json")).valid
    houses = list(csv.DictReader(io.StringIO((tmp_path / "maisons-semestres.csv").read_text())))
    assert {row["admissions_age_60_74"] for row in houses} == {"", "14"}


def test_an_unknown_file_is_a_404(client: Client) -> None:
    response = client.get(reverse("opendata:download", args=["..%2Fsettings.py"]))
    assert response.status_code == 404
