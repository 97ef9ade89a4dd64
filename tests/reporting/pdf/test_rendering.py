"""Real PDFs (WeasyPrint) rendered from the demo houses, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from common.charts import BAR_SPAN, bar_chart, line_chart
from common.collection import FEWER_COLLECTIONS
from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, Site
from reporting.enums import ReportKind
from reporting.pdf.rendering import font_urls, gather_report, render_pdf, report_styles
from reporting.pdf.sections import ReportContext
from reporting.pdf.tasks import render_report
from territories.models import Region

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


@pytest.fixture
def demo() -> None:
    # Houses, staffing declarations, activity reports, partners and conventions.
    call_command("seed_demo", "--force", stdout=io.StringIO())


def percent(value: Decimal) -> str:
    return f"{value:.1f} %".replace(".", ",")


def occupancy(reports: Any) -> Decimal:
    bed_days = sum(r.occupied_bed_days for r in reports)
    capacity = sum(r.places_installed * r.days_open for r in reports)
    return (Decimal(bed_days) * 100 / capacity).quantize(Decimal("0.1"))


def validated(**filters: Any) -> list[ActivityReport]:
    return list(
        ActivityReport.objects.filter(
            status=ReportStatus.VALIDATED, campaign__period_start__range=(START, END), **filters
        )
    )


def pdf_text(context: ReportContext) -> tuple[str, int]:
    pdf = render_pdf(gather_report(context))
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # French grouping uses (narrow) no-break spaces.
    return re.sub(r"[\u202f\xa0\s]+", " ", text), len(reader.pages)


def test_region_report(demo: None) -> None:
    text, pages = pdf_text(
        ReportContext(ReportKind.REGION, START, END, region=Region.objects.get(code="32"))
    )
    assert 6 <= pages <= 10
    assert "Revue semestrielle régionale" in text
    assert "Période du 1er janvier 2026 au 30 juin 2026" in text
    assert "ARS Hauts-de-France" in text
    assert "Sommaire" in text
    assert "5 992 194" in text  # population of the region
    assert "27" in text  # places of the two open houses (12 + 15)
    assert "0,45" in text  # 27 places per 5,992,194 inhabitants, per 100,000
    for house in ("Maison de l'Estran", "Maison des Hortensias", "Maison du Val de Somme"):
        assert house in text
    assert "Maison Ty Avel" not in text  # Bretagne
    assert re.search(r"Page 2 / \d", text)
    # Activity: the region's validated reports against the nation's.
    region = validated(site__department__region_id="32")
    nation = percent(occupancy(validated()))
    assert f"{percent(occupancy(region))} Taux d'occupation France : {nation}" in text
    assert "Indicateurs par maison" in text
    hortensias = validated(site__name="Maison des Hortensias")
    assert (
        f"Maison des Hortensias 3 {sum(r.occupied_bed_days for r in hortensias):,} ".replace(
            ",", " "
        )
        + percent(occupancy(hortensias))
        in text
    )
    # Completeness, staffing, conventions, coverage, alerts.
    assert "Complétude des rapports d'activité" in text
    assert "Cahier des charges national des MASP" in text
    assert "Psychologue : présent 2 jour(s) sur 7" in text  # Maison de l'Estran's gap
    assert "association de bénévoles" in text  # missing at Maison des Hortensias
    assert "34,7 %" in text  # of the region within 30 km of an open house
    assert "3 / 5" in text  # départements without an open house
    assert "Effectifs non conformes au cahier des charges : Psychologue." in text


def test_site_report(demo: None) -> None:
    site = Site.objects.get(name="Maison des Hortensias")
    text, pages = pdf_text(ReportContext(ReportKind.SITE, START, END, site=site))
    assert 5 <= pages <= 9
    assert "Rapport de maison" in text
    assert site.finess_et in text
    assert "Fondation Flandres Soins" in text
    assert "15 places" in text
    assert "1er mars 2026" in text  # opening date, French style
    mine = validated(site=site)
    nation = percent(occupancy(validated()))
    assert f"{percent(occupancy(mine))} Taux d'occupation France : {nation}" in text
    assert "Activité mois par mois" in text
    for report in mine:
        assert f"{report.occupied_bed_days} {percent(report.occupancy_rate * 100)}" in text
    assert "janvier 2026 Aucun rapport." in text  # opened in March
    assert "Convention exigée manquante : association de bénévoles." in text
    assert "Aucune déclaration" not in text


def test_national_synthesis_by_region(demo: None) -> None:
    text, pages = pdf_text(ReportContext(ReportKind.NATIONAL, START, END))
    assert 8 <= pages <= 16
    assert "Synthèse nationale" in text
    assert "Synthèse par région" in text
    for region in ("Bretagne", "Hauts-de-France", "Île-de-France", "La Réunion"):
        assert region in text
    open_places = sum(s.capacity for s in Site.objects.filter(status="open"))
    assert str(open_places) in text
    assert "Indicateurs par région" in text
    assert f"France entière {len(validated())} " in text  # reports validated, all regions
    assert "Par région, sur la période" in text
    assert "La Réunion" in text


def test_capacity_outside_the_norm_is_an_alert(demo: None) -> None:
    site = Site.objects.get(name="Maison des Hortensias")
    site.capacity = 24
    site.save()
    text, _ = pdf_text(ReportContext(ReportKind.SITE, START, END, site=site))
    assert "hors de la fourchette du cahier des charges (8 à 20 places)" in text


def test_the_marianne_font_is_found() -> None:
    assert set(font_urls()) == {"regular", "medium", "bold"}


def embedded_fonts(pdf: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


def test_the_collector_runs_less_often_while_rendering_and_as_before_afterwards(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from reporting.pdf import rendering

    seen = []
    monkeypatch.setattr(rendering, "render_html", lambda *args, **kwargs: "<p>MASP</p>")
    real = rendering.report_styles

    def fonts() -> Any:
        seen.append(gc.get_threshold())  # before rendering: as the process had it
        return real()

    monkeypatch.setattr(rendering, "report_styles", fonts)
    monkeypatch.setattr(
        "weasyprint.HTML.write_pdf",
        lambda *args, **kwargs: seen.append(gc.get_threshold()) or b"%PDF-1.7",
    )
    before = gc.get_threshold()
    pdf = render_pdf(None)  # type: ignore[arg-type]
    assert pdf.startswith(b"%PDF")
    assert seen == [before, FEWER_COLLECTIONS]  # the styles as before, WeasyPrint's run fewer
    assert gc.get_threshold() == before


def test_the_fonts_loaded_once_serve_every_report(demo: None) -> None:
    gathered = gather_report(
        ReportContext(ReportKind.SITE, START, END, site=Site.objects.get(name="Maison de l'Estran"))
    )
    first, second = render_pdf(gathered), render_pdf(gathered)
    assert report_styles() is report_styles()  # parsed once (per thread)
    expected = {"Marianne", "Marianne-Medium", "Marianne-Bold"}
    assert embedded_fonts(first) == embedded_fonts(second) == expected


def test_bars_are_data_for_a_table_and_lines_are_plain_svg() -> None:
    bars = bar_chart([("Nord <59>", 0.57), ("Aisne", 0)], reference=0.3)
    # The largest value takes the span left for the values; the reference is on the same scale.
    assert bars["rows"] == [
        {"label": "Nord <59>", "width": f"{BAR_SPAN:.1f}", "value": "0,6"},
        {"label": "Aisne", "width": "0.0", "value": "0"},
    ]
    assert float(bars["reference"]) == pytest.approx(BAR_SPAN * 0.3 / 0.57, abs=0.05)
    assert bar_chart([("Nord", 1.0)])["reference"] is None
    lines = line_chart(["janv.", "févr.", "mars"], [("Journées", [120, 1500.5, None])])
    assert "polyline" in lines
    assert "1\u202f500,5" in lines  # the last value, at the end of the line
    assert ">2\u202f000<" in lines  # the top gridline, a round number


def test_bars_are_written_as_a_table_with_escaped_labels() -> None:
    from django.template.loader import render_to_string

    chart = bar_chart([("Nord <59>", 2.0), ("Aisne", 1.0)], reference=1.5)
    html = render_to_string("reporting/pdf/includes/bars.html", {"chart": chart})
    assert html.count("<tr>") == 2
    assert "Nord &lt;59&gt;" in html
    assert f'style="width: {BAR_SPAN:.1f}%"' in html
    assert 'class="reference" style="left: 64.5%"' in html  # 1.5 / 2 of the span
    assert "reference" not in render_to_string(
        "reporting/pdf/includes/bars.html", {"chart": bar_chart([("Nord", 2.0)])}
    )


def test_the_task_is_configured_for_reliability(settings: object) -> None:
    assert render_report.acks_late is True
    assert render_report.max_retries == 3
    assert render_report.soft_time_limit < render_report.time_limit
    assert render_report.autoretry_for == (Exception,)
