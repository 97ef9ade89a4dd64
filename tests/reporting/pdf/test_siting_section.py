"""A saved siting scenario as a section of the regional report, asked for by form or API."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from masp.coverage.siting.models import SitingScenario
from masp.coverage.siting.services import Parameters, cached_result
from reporting.enums import ReportKind
from reporting.models import ReportRequest
from reporting.pdf.rendering import gather_report, render_pdf
from reporting.pdf.sections import ReportContext
from reporting.pdf.sections import siting as siting_section
from reporting.pdf.services import context_for
from territories.models import Region
from tests.accounts.factories import UserFactory
from tests.masp.coverage.siting.factories import scenario
from tests.personas import World
from tests.reporting.factories import REGION_32

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def context(**kwargs: object) -> ReportContext:
    region = Region.objects.get(code="32")
    return ReportContext(ReportKind.REGION, START, END, region=region, **kwargs)  # type: ignore[arg-type]


def test_the_section_appears_only_with_a_scenario() -> None:
    saved = scenario("32", name="Trois maisons du Nord")
    without = gather_report(context())
    assert "siting" not in [section.key for section in without.sections]
    gathered = gather_report(context(scenario=saved))
    (section,) = [s for s in gathered.sections if s.key == "siting"]
    assert section.title == "Scénario d'implantation : Trois maisons du Nord"
    assert [p["commune"] for p in section.data["proposals"]] == ["Lille"]
    assert section.data["result"]["new_population"] == 1_000_000
    assert "<svg" in section.data["map"]
    assert gathered.fingerprint != without.fingerprint


def test_the_section_reads_little(django_assert_num_queries: Any) -> None:
    saved = scenario("32", author=UserFactory())
    first = context(scenario=SitingScenario.objects.get(pk=saved.pk))
    # The author, then the départements and their boundaries for the map.
    with django_assert_num_queries(3):
        siting_section.gather(first)
    again = context(scenario=SitingScenario.objects.get(pk=saved.pk))
    # The scenario's map is cached under its key: only the author is read.
    with django_assert_num_queries(1):
        siting_section.gather(again)


def test_the_pdf_shows_the_scenario() -> None:
    result = cached_result(Parameters(scope="32", k=2))
    saved = scenario("32", name="Deux maisons")
    saved.result = result.as_dict()
    saved.save()
    pdf = render_pdf(gather_report(context(scenario=saved)))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"[\u202f\xa0\s]+", " ", text)
    assert "Scénario d'implantation : Deux maisons" in text
    for proposal in result.proposals:
        assert proposal.commune in text


def test_asking_for_the_regional_report_with_a_scenario(world: World) -> None:
    saved = scenario("32")
    client = world.client("ars_a")
    data = {
        **REGION_32,
        "siting_scenario": saved.pk,
    }
    response = client.post(reverse("reporting:create"), data)
    assert response.status_code == 302
    request = ReportRequest.objects.get()
    assert request.siting_scenario == saved
    assert context_for(request).scenario == saved


def test_a_scenario_goes_only_in_its_own_regions_report(world: World) -> None:
    other, mine = scenario("53"), scenario("32")
    body = {
        "kind": "region",
        "region": "32",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
    }

    def api(persona: str, data: dict) -> dict:
        response = world.client(persona).post(
            "/api/v1/reports/", data, content_type="application/json"
        )
        assert response.status_code == 400
        return response.json()

    assert "siting_scenario" in api("national_admin", {**body, "siting_scenario": other.pk})
    # Out of the agent's scope: the scenario is unknown to them.
    errors = api("ars_a", {**body, "siting_scenario": other.pk})
    assert "inconnu" in errors["siting_scenario"][0]
    site_report = {**body, "kind": "site", "site": world.site_a.pk, "siting_scenario": mine.pk}
    assert "siting_scenario" in api("ars_a", site_report)
    form = world.client("ars_a").post(
        reverse("reporting:create"), {**body, "siting_scenario": other.pk}
    )
    assert form.status_code == 400
    assert not ReportRequest.objects.exists()
