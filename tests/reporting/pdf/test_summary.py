"""The summary for decision makers (page 2, after the cover): three key messages computed from
hand-made data, the decisions awaited, the alerts, the "Avis de l'ARS" typed with the request."""

from __future__ import annotations

import io
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from masp.activity.enums import ReportStatus
from reporting.enums import ReportKind
from reporting.models import OPINION_MAX_LENGTH, ReportRequest
from reporting.pdf.rendering import gather_report, render_html, render_pdf
from reporting.pdf.sections import ReportContext
from reporting.pdf.services import clean_opinion, context_for, report_request
from territories.models import Region
from tests.masp.factories import SiteFactory
from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday
from tests.personas import World
from tests.reporting.conftest import FakeRenderer
from tests.reporting.pdf.test_sections import END, START, TODAY, region_context, report, section

pytestmark = pytest.mark.django_db


def build() -> None:
    """Hauts-de-France: three open houses, two campaigns (March, April); Bretagne: one.

    Occupancy (validated reports only, 10 places x 30 days = 300 place-days a report):
    Ponctuelle 240 + 240, Tardive 120 (its April report waits for validation): 600 / 900 =
    66.7 %; France adds Bretagne's 300 / 300: 900 / 1,200 = 75.0 %, 8.3 points above.
    Reports: 3 houses x 2 campaigns = 6 expected; 4 submitted, all on time (the 5th of the
    next month, deadline the 15th); Muette files nothing: 2 missing.
    Staffing: Ponctuelle's team is complete, Tardive has no night on Sundays, Muette declared
    nothing: 1 gap, 1 not evaluable out of 3."""
    punctual = SiteFactory(opened=True, name="Maison Ponctuelle")
    late = SiteFactory(opened=True, name="Maison Tardive")
    SiteFactory(opened=True, name="Maison Muette")
    report(punctual, 3)
    report(punctual, 4)
    report(late, 3, occupied_bed_days=120)
    report(late, 4, status=ReportStatus.SUBMITTED)
    report(SiteFactory(opened=True, department_id="29"), 3, occupied_bed_days=300)
    StaffingDeclarationFactory(site=punctual)
    StaffingDeclarationFactory(site=late, lines=night_off_on_sunday())


@time_machine.travel(TODAY, tick=False)
def test_three_key_messages_with_their_figures() -> None:
    build()
    messages = section(region_context(), "summary")["messages"]
    assert messages == [
        {
            "title": "Occupation",
            "text": "Taux d'occupation de 66,7 % sur la période, contre 75,0 % pour la France "
            "entière : 8,3 points en dessous (cible de travail : 80 à 95 %).",
            "level": "warning",  # under the 80 % of the target band, above the 50 % alarm
        },
        {
            "title": "Rapports d'activité",
            "text": "4 rapports transmis sur 6 attendus (67 %), dont 4 dans les délais ; "
            "2 manquent encore.",
            "level": "warning",
        },
        {
            "title": "Effectifs",
            "text": "1 maison sur 3 n'a pas l'équipe exigée par le cahier des charges ; "
            "1 n'est pas évaluable (sans déclaration).",
            "level": "error",
        },
    ]


@time_machine.travel(TODAY, tick=False)
def test_decisions_awaited_and_alerts_come_first() -> None:
    build()
    data = section(region_context(), "summary")
    assert data["decisions"] == [
        {
            "label": "1 rapport d'activité à valider",
            "items": ["Maison Tardive : avr. 2026"],
            "more": 0,
        }
    ]
    levels = {group["subject"]: group["level"] for group in data["groups"]}
    assert levels["Maison Tardive"] == "error"  # its staffing gap
    assert "Maison Muette" in levels  # reports missing, no declaration
    order = [group["level"] for group in data["groups"]]
    assert order == sorted(order, key=lambda level: level != "error")  # errors first
    sections = [s.key for s in gather_report(region_context()).sections]
    assert sections[:2] == ["cover", "summary"]
    assert "alerts" not in sections  # no longer a section at the end


def test_a_house_report_and_an_empty_period_say_so() -> None:
    site = SiteFactory(opened=True, name="Maison Seule")
    house = ReportContext(ReportKind.SITE, START, END, site=site)
    occupancy, reports, staffing = section(house, "summary")["messages"]
    assert occupancy["text"] == (
        "Aucun rapport d'activité validé sur la période : le taux d'occupation n'est pas connu."
    )
    assert reports["text"] == "Aucun rapport d'activité attendu sur la période."
    assert staffing == {
        "title": "Effectifs",
        "text": "Équipe non évaluable : aucune déclaration d'effectifs.",
        "level": "warning",
    }


def test_the_nation_is_read_against_the_target_band() -> None:
    report(SiteFactory(opened=True), 3, occupied_bed_days=270)  # 90 %
    nation = ReportContext(ReportKind.NATIONAL, START, END)
    occupancy = section(nation, "summary")["messages"][0]
    assert occupancy == {
        "title": "Occupation",
        "text": "Taux d'occupation de 90,0 % sur la période (1 rapport validé), "
        "pour une cible de travail de 80 à 95 %.",
        "level": "info",
    }


def test_the_opinion_is_escaped_kept_in_its_lines_and_shown_only_when_given() -> None:
    SiteFactory(opened=True)
    region = Region.objects.get(code="32")
    opinion = "Avis <b>favorable</b> & suivi\nà six mois."
    given = ReportContext(ReportKind.REGION, START, END, region=region, opinion=opinion)
    html = render_html(gather_report(given))
    assert "Avis de l&#x27;ARS" in html
    assert "Avis &lt;b&gt;favorable&lt;/b&gt; &amp; suivi<br>à six mois." in html
    assert "<b>favorable" not in html
    # Page 2: the summary sits between the cover and the table of contents.
    assert html.index('id="section-summary"') < html.index('class="toc"')
    assert "Avis de l&#x27;ARS" not in render_html(gather_report(region_context()))
    # Another opinion, another file: the opinion is part of the fingerprint.
    assert gather_report(given).fingerprint != gather_report(region_context()).fingerprint


def test_the_opinion_is_cleaned_and_limited(world: World) -> None:
    agent = world.users["ars_a"]
    assert clean_opinion(user=agent, opinion="  Avis\r\nfavorable\x00.  ") == "Avis\nfavorable."
    assert clean_opinion(user=agent, opinion=" \x07 ") == ""
    with pytest.raises(ValidationError, match="au plus 2000 caractères"):
        clean_opinion(user=agent, opinion="x" * (OPINION_MAX_LENGTH + 1))
    # A coordinator does not speak for the ARS.
    with pytest.raises(ValidationError, match="Seuls l'ARS"):
        clean_opinion(user=world.users["coordinator_a"], opinion="Très bien.")
    assert clean_opinion(user=world.users["coordinator_a"], opinion="") == ""


def test_the_opinion_is_stored_with_the_request(world: World, renderer: FakeRenderer) -> None:
    region = Region.objects.get(code="32")
    asked = report_request(
        user=world.users["ars_a"],
        kind=ReportKind.REGION,
        region=region,
        period_start=START,
        period_end=END,
        opinion="Avis favorable.",
    )
    stored = ReportRequest.objects.get(pk=asked.pk)
    assert stored.opinion == "Avis favorable."
    assert context_for(stored).opinion == "Avis favorable."  # what the worker renders
    plain = report_request(
        user=world.users["ars_a"],
        kind=ReportKind.REGION,
        region=region,
        period_start=START,
        period_end=END,
    )
    assert plain.pk != asked.pk  # not the same document


@time_machine.travel(TODAY, tick=False)
def test_page_two_of_the_pdf_is_the_summary() -> None:
    build()
    context = ReportContext(
        ReportKind.REGION, START, END, region=Region.objects.get(code="32"), opinion="Avis réservé."
    )
    reader = PdfReader(io.BytesIO(render_pdf(gather_report(context))))
    page = re.sub(r"[\u202f\xa0\s]+", " ", reader.pages[1].extract_text())
    assert "Synthèse pour la décision" in page
    assert "Taux d'occupation de 66,7 %" in page
    assert "Avis réservé." in page
    assert "1 rapport d'activité à valider" in page
    assert "Alertes" in page
    assert "Sommaire" not in page  # the contents come after, on a page of their own


def test_the_print_stylesheet_leaves_no_orphan_rows() -> None:
    from django.template.loader import render_to_string

    css = render_to_string("reporting/pdf/print.css")
    for rule in (
        "thead { display: table-header-group; }",
        "tr { break-inside: avoid; }",
        "tbody tr:first-child { break-after: avoid; }",
        "tbody tr:last-child { break-before: avoid; }",
        "orphans: 2; widows: 2;",
    ):
        assert rule in css
