"""The Exports page (filters that build a download URL) and the data dictionary (HTML, CSV),
generated from the export specs."""

from __future__ import annotations

import csv
import io
from html import escape

import pytest
from django import forms
from django.test.html import parse_html
from django.urls import reverse
from django.utils.safestring import mark_safe
from pytest_django import DjangoAssertNumQueries

from common.forms import CompactSelect
from masp.activity.fields import REPORT_FIELDS
from reporting.exports.forms import STATUSES, ExportForm, period_bounds
from reporting.exports.specs import EXPORTS
from tests.personas import World
from tests.reporting.exports.helpers import read_csv

pytestmark = pytest.mark.django_db


def test_exports_page_offers_the_french_files_first(world: World) -> None:
    response = world.client("analyst").get(reverse("exports:index"))
    assert response.status_code == 200
    html = response.content.decode()
    developers = html.index('id="developpeurs"')
    for name, spec in EXPORTS.items():
        assert escape(str(spec.label)) in html
        assert escape(str(spec.summary)) in html  # plain French, no API parameter
        xlsx = reverse("api-export", args=[name, "xlsx"]) + "?lang=fr"
        csv_fr = reverse("api-export", args=[name, "csv"]) + "?lang=fr"
        machine = f'href="{reverse("api-export", args=[name, "csv"])}"'
        # The files for people come first; the machine files in "Pour les développeurs".
        assert 0 < html.index(xlsx) < html.index(csv_fr) < developers < html.index(machine)
        assert f'href="{reverse("exports:schema", args=[name])}"' in html[developers:]
        assert f'href="{reverse("exports:schema", args=[name])}?lang=fr"' in html[developers:]
    assert "Pour les développeurs" in html
    assert reverse("exports:index") in html  # the nav link


def test_filters_are_selects_with_french_labels(world: World) -> None:
    response = world.client("analyst").get(reverse("exports:index"))
    form = response.context["form"]
    for name in ("export", "period", "region", "department", "status"):
        assert form.fields[name].widget.input_type == "select", name
    html = response.content.decode()
    assert 'value="sites:private_non_profit"' not in html  # not a filter
    assert '<option value="sites:open">ouverte</option>' in html
    assert '<option value="activity-reports:all">tous les statuts</option>' in html
    assert '<option value="2026-S1">1er semestre 2026</option>' in html
    assert '<option value="2026-03">mars 2026</option>' in html


def test_the_form_builds_the_download_links(world: World) -> None:
    query = {
        "export": "activity-reports",
        "period": "2026-S1",
        "region": "32",
        "department": "",
        "status": "activity-reports:all",
    }
    response = world.client("analyst").get(reverse("exports:index"), query)
    assert response.status_code == 200
    links = response.context["links"]
    base = "http://testserver/api/v1/exports/activity-reports"
    filters = "from=2026-01&to=2026-06&region=32&status=all"
    assert links["xlsx"] == f"{base}.xlsx?{filters}&lang=fr"
    assert links["csv_fr"] == f"{base}.csv?{filters}&lang=fr"
    assert links["csv"] == f"{base}.csv?{filters}"
    assert links["jsonl"] == f"{base}.jsonl?{filters}"
    assert links["schema"] == "http://testserver/api/v1/exports/activity-reports/schema.json"
    assert links["schema_fr"] == links["schema"] + "?lang=fr"
    download = world.client("analyst").get(links["csv_fr"])
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert body.startswith("\ufeff".encode())
    assert "identifiant du rapport;" in body.decode("utf-8-sig").split("\n")[0]


@pytest.mark.parametrize(
    ("period", "bounds"),
    [("2025", ("2025-01", "2025-12")), ("2026-S2", ("2026-07", "2026-12")),
     ("2026-02", ("2026-02", "2026-02")), ("", ("", ""))],
)  # fmt: skip
def test_period_options_are_months_bounds(period: str, bounds: tuple[str, str]) -> None:
    assert period_bounds(period) == bounds


def test_a_status_of_another_export_is_explained_in_french(world: World) -> None:
    query = {"export": "sites", "status": "activity-reports:all"}
    response = world.client("analyst").get(reverse("exports:index"), query)
    assert response.status_code == 400
    assert "concerne l&#x27;export « Rapports d&#x27;activité »" in response.content.decode()
    assert not response.context["links"]


def test_every_status_offered_is_one_its_export_accepts(world: World) -> None:
    client = world.client("analyst")
    for name, (_title, options) in STATUSES.items():
        for code, _label in options:
            response = client.get(reverse("api-export", args=[name, "csv"]), {"status": code})
            assert response.status_code == 200, (name, code, response.content)
    assert set(STATUSES) == set(EXPORTS) - {"coverage"}  # coverage has no status


def test_an_unknown_choice_is_refused(world: World) -> None:
    query = {"export": "sites", "period": "2026-13"}
    response = world.client("analyst").get(reverse("exports:index"), query)
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_exports_page_query_count(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = world.client("ars_a")
    # session, user, scope, regions, départements (savepoints of the request included)
    with django_assert_num_queries(7):
        assert client.get(reverse("exports:index")).status_code == 200


def test_dictionary_csv_has_every_column_of_every_export(world: World) -> None:
    response = world.client("coordinator_a").get(reverse("api-export-dictionary"))
    assert response.status_code == 200
    rows = read_csv(response.content)
    expected = [(name, c.name) for name, spec in EXPORTS.items() for c in spec.columns]
    assert [(row["export"], row["column"]) for row in rows] == expected
    activity = {row["column"]: row for row in rows if row["export"] == "activity-reports"}
    for field in REPORT_FIELDS:  # the report form's own definitions
        assert activity[field.name]["label"] == str(field.label)
        assert activity[field.name]["unit"] == field.unit
        assert activity[field.name]["definition"] == field.definition
        assert activity[field.name]["type"] == field.kind
    assert activity["occupancy_rate"]["unit"] == "ratio (0 à 1)"
    assert all(row["label"] for row in rows)


def test_dictionary_page(world: World) -> None:
    response = world.client("analyst").get(reverse("exports:dictionary"))
    assert response.status_code == 200
    html = response.content.decode()
    for name, spec in EXPORTS.items():
        assert f'id="export-{name}"' in html
        assert f'href="{reverse("exports:schema", args=[name])}"' in html
        for column in spec.columns:
            assert f"<code>{column.name}</code>" in html
    assert "private_non_profit : privé non lucratif" in html  # a code and its French label


def test_csv_reread_gives_the_exported_values_with_awkward_text(world: World) -> None:
    world.site_a.name = 'Maison "A", la Côte; Nord'
    world.site_a.save()
    body = b"".join(
        world.client("analyst").get("/api/v1/exports/sites.csv?sep=;").streaming_content
    )
    rows = list(csv.DictReader(io.StringIO(body.decode()), delimiter=";"))
    assert rows[0]["site_name"] == 'Maison "A", la Côte; Nord'


def test_the_page_says_how_many_rows_and_when_there_are_none(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = world.client("ars_a")
    # The form's queries (7, as above) and one COUNT of the chosen file's rows.
    with django_assert_num_queries(8):
        response = client.get(reverse("exports:index"), {"export": "sites"})
    assert response.context["rows"] == 2  # houses A and B, region 32
    assert "2 lignes." in response.content.decode()
    empty = client.get(reverse("exports:index"), {"export": "sites", "status": "sites:closed"})
    assert empty.context["rows"] == 0
    assert "Aucune ligne ne correspond à ces filtres" in empty.content.decode()
    coverage = client.get(reverse("exports:index"), {"export": "coverage"})
    assert coverage.context["rows"] is None  # computed in Python: not counted
    assert 'id="download-count"' not in coverage.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"export": "activity-reports", "period": "2026-S1", "region": "32",
         "status": "activity-reports:all"},
        {"export": "sites", "period": "2025", "department": "2A", "status": "sites:open"},
        {"export": "sites", "status": "activity-reports:all", "region": "zz", "period": "2026-13"},
    ],
)  # fmt: skip
def test_the_filters_are_django_s_selects(world: World, query: dict[str, str]) -> None:
    """The selects written in Python (CompactSelect) are Django's: options, groups, labels,
    the selection and the attributes (DSFR class, help text, errors)."""
    form = ExportForm(query or None)
    form.is_valid()
    for name in ("export", "period", "region", "department", "status"):
        bound = form[name]
        django = forms.Select(attrs=bound.field.widget.attrs, choices=bound.field.choices)
        ours, theirs = str(bound), bound.as_widget(widget=django)
        assert parse_html(ours) == parse_html(theirs), (name, ours, theirs)


def test_the_grouped_select_escapes_and_selects_once() -> None:
    widget = CompactSelect(
        choices=[
            (None, "Aucune"),
            ("<g>", [("1", "Un & <deux>"), ("2", mark_safe("<b>déjà sûr</b>"))]),
            ("1", "Un encore"),
        ]
    )
    html = widget.render("x", "1")
    assert html == (
        '<select name="x"><option value="">Aucune</option><optgroup label="&lt;g&gt;">'
        '<option value="1" selected>Un &amp; &lt;deux&gt;</option>'
        '<option value="2"><b>déjà sûr</b></option></optgroup>'
        '<option value="1">Un encore</option></select>'
    )
    assert parse_html(html) == parse_html(forms.Select(choices=widget.choices).render("x", "1"))
    assert '<option value="" selected>Aucune</option>' in widget.render("x", None)
