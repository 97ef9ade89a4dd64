"""The request form of the PDF reports: semester and year presets, the house or the region the
user's scope calls for, the "Avis de l'ARS", and the name the file is downloaded under."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from masp.models import Site
from reporting.enums import ReportKind
from reporting.models import ReportRequest
from reporting.pdf.periods import file_name, period_label, preset_period, presets
from tests.personas import World
from tests.reporting.conftest import FakeRenderer
from tests.reporting.factories import REGION_32, ReportRequestFactory

pytestmark = pytest.mark.django_db
TODAY = "2026-07-20 10:00 +0200"


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026-S1"),
        (dt.date(2026, 7, 1), dt.date(2026, 12, 31), "2026-S2"),
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026"),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2026-01-2026-03"),
        (dt.date(2025, 11, 15), dt.date(2026, 2, 10), "2025-11-2026-02"),
        (dt.date(2026, 1, 2), dt.date(2026, 6, 30), "2026-01-2026-06"),  # not quite S1
    ],
)
def test_a_period_is_named_by_its_semester_its_year_or_its_months(
    start: dt.date, end: dt.date, label: str
) -> None:
    assert period_label(start, end) == label


def test_presets_are_semesters_and_years_already_begun() -> None:
    assert preset_period("2026-S1") == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert preset_period("2026-S2") == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert preset_period("2026") == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    for bad in ("", "2026-S3", "２０２６", "20260", "x-S1"):
        assert preset_period(bad) is None
    values = [value for value, _label in presets(dt.date(2026, 3, 10))]
    assert values[:5] == ["2026-S1", "2026", "2025-S2", "2025-S1", "2025"]  # no 2026-S2 yet
    assert dict(presets(dt.date(2026, 3, 10)))["2026-S1"] == "1er semestre 2026 (janvier – juin)"


def test_the_file_name_says_scope_and_period() -> None:
    assert (
        file_name("Hauts-de-France", dt.date(2026, 1, 1), dt.date(2026, 6, 30))
        == "masp-synthese-hauts-de-france-2026-S1.pdf"
    )
    assert (
        file_name("Maison d'Arras « Les Tilleuls »", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
        == "masp-synthese-maison-darras-les-tilleuls-2026-01-2026-03.pdf"
    )
    assert (
        file_name("Île-de-France", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        == "masp-synthese-ile-de-france-2025.pdf"
    )


def test_the_download_is_named_after_the_region_and_the_semester(world: World) -> None:
    report = ReportRequestFactory(region_report=True, done=True)
    response = world.client("ars_a").get(reverse("reporting:download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="masp-synthese-hauts-de-france-2026-S1.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # read to the end
    house = ReportRequestFactory(site=world.site_a, done=True, period_end=dt.date(2026, 3, 31))
    response = world.client("coordinator_a").get(reverse("reporting:download", args=[house.pk]))
    slug = world.site_a.name.lower().replace(" ", "-")
    assert f'filename="masp-synthese-{slug}-2026-01-2026-03.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    api = world.client("ars_a").get(f"/api/v1/reports/{report.pk}/pdf/")
    assert "masp-synthese-hauts-de-france-2026-S1.pdf" in api["Content-Disposition"]
    assert b"".join(api.streaming_content).startswith(b"%PDF")


@time_machine.travel(TODAY, tick=False)
def test_the_form_shows_what_the_scope_calls_for(world: World) -> None:
    agent = world.client("ars_a").get(reverse("reporting:list"))
    form = agent.context["form"]
    assert {"site", "region", "preset", "opinion"} <= set(form.fields)
    assert form["region"].initial == "32"  # the agent's only region, already chosen
    assert form["preset"].initial == "2026-S1"  # the semester that just ended
    html = agent.content.decode()
    assert 'data-for-kind="region"' in html
    assert 'data-for-kind="site"' in html
    assert re.search(r'<script src="/static/js/report_request_form.js" nonce="[^"]+"', html)
    coordinator = world.client("coordinator_a").get(reverse("reporting:list"))
    form = coordinator.context["form"]
    assert "region" not in form.fields
    assert "opinion" not in form.fields  # the ARS's opinion is not the coordinator's
    assert form["site"].initial == world.site_a.pk
    assert 'name="region"' not in coordinator.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_preset_fills_the_period_and_typed_dates_win(
    world: World, renderer: FakeRenderer
) -> None:
    client = world.client("ars_a")
    data = {"kind": "region", "region": "32", "preset": "2026-S1", "opinion": "Avis favorable."}
    assert client.post(reverse("reporting:create"), data).status_code == 302
    report = ReportRequest.objects.get()
    assert (report.period_start, report.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert report.opinion == "Avis favorable."
    # The field names of before still work: dates typed (the preset sent along) win.
    typed = {**REGION_32, "preset": "2025", "period_end": "2026-03-31"}
    assert client.post(reverse("reporting:create"), typed).status_code == 302
    latest = ReportRequest.objects.order_by("-pk").first()
    assert latest is not None
    assert (latest.period_start, latest.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"preset": ""}, "period_start", "Choisissez un semestre ou une année"),
        ({"preset": "1999-S1"}, "preset", "Sélectionnez un choix valide"),
        ({"opinion": "x" * 2001}, "opinion", "au plus 2000 caractères"),
    ],
)
def test_bad_periods_and_opinions_get_a_french_error(
    world: World, change: dict[str, Any], field: str, message: str
) -> None:
    data = {"kind": "region", "region": "32", "preset": "2026-S1", **change}
    response = world.client("ars_a").post(reverse("reporting:create"), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not ReportRequest.objects.exists()


def test_a_coordinator_cannot_slip_an_opinion_in_through_the_api(world: World) -> None:
    data = {**REGION_32, "kind": "site", "site": world.site_a.pk, "region": None, "opinion": "Oui"}
    response = world.client("coordinator_a").post(
        "/api/v1/reports/", data, content_type="application/json"
    )
    assert response.status_code == 400
    assert "Seuls l'ARS" in response.json()["opinion"][0]
    assert not ReportRequest.objects.exists()


def test_the_api_takes_the_opinion_of_an_agent(world: World, renderer: FakeRenderer) -> None:
    data = {**REGION_32, "opinion": "Avis réservé."}
    response = world.client("ars_a").post("/api/v1/reports/", data, content_type="application/json")
    assert response.status_code == 202
    assert ReportRequest.objects.get().opinion == "Avis réservé."
    assert ReportRequest.objects.get().kind == ReportKind.REGION


SITE_ERROR = "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."
SITE_REPORT = {"kind": "site", "period_start": "2026-01-01", "period_end": "2026-06-30"}


def site_select(html: str) -> str:
    select = html[html.index('<select name="site"') :]
    return select[: select.index("</select>")]


@pytest.mark.parametrize("persona", ["ars_a", "coordinator_a"])
def test_a_house_outside_the_scope_is_refused_in_french(world: World, persona: str) -> None:
    client = world.client(persona)
    for site in (world.site_c.pk, "abc", 999999):
        response = client.post(reverse("reporting:create"), {**SITE_REPORT, "site": site})
        assert response.status_code == 400
        assert response.context["form"].errors["site"][0] == SITE_ERROR
        assert SITE_ERROR in response.content.decode()
    assert not ReportRequest.objects.exists()


def test_the_house_select_lists_the_scope_and_keeps_the_choice(world: World) -> None:
    """The options written in Python (issue: a thousand houses through Django's per-option
    templates) are those of Django's select: the scope's houses by name, the choice kept."""
    client = world.client("ars_a")
    select = site_select(client.get(reverse("reporting:list")).content.decode())
    assert re.findall(r'<option value="(\d*)"( selected)?>([^<]*)</option>', select) == [
        ("", " selected", "---------"),
        (str(world.site_a.pk), "", "Maison A"),
        (str(world.site_b.pk), "", "Maison B"),
    ]
    assert 'class="fr-select"' in select
    assert 'id="id_site"' in select
    # Back with an error (no period): the house chosen stays chosen.
    data = {"kind": "site", "site": world.site_b.pk, "preset": ""}
    select = site_select(client.post(reverse("reporting:create"), data).content.decode())
    assert f'<option value="{world.site_b.pk}" selected>Maison B</option>' in select
    assert '<option value="" selected>' not in select
    # A house renamed shows under its new name on the next visit.
    Site.objects.filter(pk=world.site_a.pk).update(name="Maison <Z>")
    html = client.get(reverse("reporting:list")).content.decode()
    assert f'<option value="{world.site_a.pk}">Maison &lt;Z&gt;</option>' in html


def test_a_chosen_house_reaches_the_report(world: World, renderer: FakeRenderer) -> None:
    client = world.client("ars_a")
    response = client.post(reverse("reporting:create"), {**SITE_REPORT, "site": world.site_b.pk})
    assert response.status_code == 302
    assert ReportRequest.objects.get().site == world.site_b
