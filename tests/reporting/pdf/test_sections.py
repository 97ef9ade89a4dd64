"""The data sections of the reports (activity, completeness, staffing, conventions, coverage,
alerts) on factory data: exact figures, alerts, fingerprint, constant query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masp.activity.enums import ReportStatus
from masp.activity.queries import overdue
from masp.coverage.maps import PERCENT_LABELS
from masp.models import ActivityReport, Site
from masp.sites.enums import SiteStatus
from masp.staffing.services import LineInput
from partners.enums import OrganisationKind
from reporting.enums import ReportKind
from reporting.pdf.rendering import gather_report
from reporting.pdf.sections import ReportContext, gather_section, sections_for
from reporting.pdf.sections import activity as activity_section
from territories.models import Region
from tests.masp.factories import CampaignFactory, SiteFactory, filled_report
from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday
from tests.partners.factories import ConventionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
TODAY = "2026-07-20 10:00 +0200"
# Ratios chosen to be exact: 240 / (10 x 30) = 80 %, 100 days / 4 ended stays = 25 days...
FIGURES: dict[str, Any] = {
    "places_installed": 10,
    "days_open": 30,
    "occupied_bed_days": 240,
    "discharges_home": 1,
    "discharges_hospital": 0,
    "discharges_other_facility": 0,
    "discharges_other": 0,
    "deaths": 3,
    "completed_stays_days": 100,
    "requests_received": 10,
    "requests_refused_no_place": 2,
    "requests_refused_too_complex": 0,
    "requests_refused_out_of_criteria": 0,
    "requests_refused_other": 0,
    "admissions": 4,
    "serious_adverse_events": 0,
}


def region_context() -> ReportContext:
    return ReportContext(ReportKind.REGION, START, END, region=Region.objects.get(code="32"))


def section(context: ReportContext, key: str) -> dict[str, Any]:
    return next(s.data for s in gather_report(context).sections if s.key == key)


def alerts(context: ReportContext) -> list[dict[str, Any]]:
    return section(context, "summary")["alerts"]


def report(site: Site, month: int, status: str = ReportStatus.VALIDATED, **figures: Any) -> Any:
    campaign = CampaignFactory(month=month)
    submitted = dt.datetime(2026, month + 1, 5, 9, tzinfo=dt.UTC)
    return filled_report(
        site, campaign, status=status, **{"submitted_at": submitted, **FIGURES, **figures}
    )


def build_region(houses: int) -> list[Site]:
    """Open houses of Hauts-de-France with three months of reports, a team and conventions."""
    sites = SiteFactory.create_batch(houses, opened=True)
    emsp = OrganisationFactory(kind=OrganisationKind.EMSP)
    volunteers = OrganisationFactory(volunteers=True)
    for site in sites:
        for month in (3, 4, 5):
            report(site, month)
        StaffingDeclarationFactory(site=site)
        ConventionFactory(site=site, partner=emsp)
        ConventionFactory(site=site, partner=volunteers)
    return sites


# Activity


def test_activity_counts_validated_reports_only_against_the_nation() -> None:
    mine, other = SiteFactory(opened=True), SiteFactory(opened=True, department_id="29")
    report(mine, 3)
    report(mine, 4, occupied_bed_days=180)  # 60 %
    report(mine, 5, status=ReportStatus.SUBMITTED, occupied_bed_days=0)  # not a figure yet
    report(other, 3, occupied_bed_days=300)  # Bretagne: 100 %
    data = section(ReportContext(ReportKind.SITE, START, END, site=mine), "activity")
    assert data["total"]["occupancy"] == 70  # (240 + 180) / 600
    assert data["total"]["length_of_stay"] == 25
    assert data["total"]["deaths"] == 75
    assert data["total"]["home"] == 25
    assert data["total"]["refusals"] == 20
    assert data["total"]["sums"]["reports"] == 2
    assert data["nation"]["occupancy"] == pytest.approx(80)  # (240 + 180 + 300) / 900
    months = {row["start"].month: row for row in data["months"]}
    assert months[4]["figures"]["occupancy"] == 60
    assert months[5]["figures"] is None
    assert months[5]["status"] == "transmis"
    assert [chart["svg"][:4] for chart in data["charts"]] == ["<svg", "<svg"]


def test_activity_per_house_for_a_region_and_per_region_for_the_nation() -> None:
    first, second = SiteFactory(opened=True, name="Maison Un"), SiteFactory(opened=True)
    report(first, 3)
    report(SiteFactory(opened=True, department_id="29"), 3, occupied_bed_days=300)
    data = section(region_context(), "activity")
    rows = {row["name"]: row["figures"] for row in data["rows"]}
    assert rows["Maison Un"]["occupancy"] == 80
    assert rows[second.name]["occupancy"] is None  # open, nothing validated yet
    assert "Bretagne" not in str(data["rows"])
    national = section(ReportContext(ReportKind.NATIONAL, START, END), "activity")
    by_region = {row["name"]: row["figures"]["occupancy"] for row in national["rows"]}
    assert by_region == {"Bretagne": 100, "Hauts-de-France": 80}
    bars = {row["label"]: row["value"] for row in national["bars"]["rows"]}
    assert bars == {"Bretagne": "100,0 %", "Hauts-de-France": "80,0 %"}
    assert national["bars"]["reference"] is not None  # the national line


def test_serious_adverse_events_are_alerts() -> None:
    site = SiteFactory(opened=True, name="Maison Alerte")
    report(site, 3, serious_adverse_events=2)
    report(site, 4, status=ReportStatus.SUBMITTED, serious_adverse_events=1)
    report(site, 5, status=ReportStatus.DRAFT, serious_adverse_events=5)  # not filed
    found = activity_section.alerts(region_context())
    assert [(a.level, a.subject) for a in found] == [("error", "Maison Alerte")]
    assert found[0].message == (
        "3 événement(s) indésirable(s) grave(s) déclaré(s) : 2 en mars 2026, 1 en avr. 2026."
    )


# Completeness


@time_machine.travel(TODAY, tick=False)
def test_completeness_per_campaign_and_late_reports() -> None:
    early, late = (
        SiteFactory(opened=True, name="Maison Ponctuelle"),
        SiteFactory(opened=True, name="Maison Tardive"),
    )
    SiteFactory(name="Maison en projet", status=SiteStatus.PROJECT)
    for month in (3, 4):
        report(early, month)
    report(
        late, 3, status=ReportStatus.SUBMITTED, submitted_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    )
    data = section(region_context(), "completeness")
    rows = {row["start"].month: row for row in data["rows"]}
    assert set(rows) == {3, 4}  # the campaigns that exist
    assert rows[3] | {"start": None} == {
        "start": None,
        "deadline": dt.date(2026, 4, 15),
        "expected": 2,
        "submitted": 2,
        "on_time": 1,
        "validated": 1,
        "rate": 100,
        "on_time_rate": 50,
    }
    assert (rows[4]["expected"], rows[4]["submitted"], rows[4]["rate"]) == (2, 1, 50)
    assert data["total"]["expected"] == 4
    late_alerts = [a for a in alerts(region_context()) if "non transmis" in a["message"]]
    assert late_alerts == [
        {
            "level": "warning",
            "subject": "Maison Tardive",
            "message": "1 rapport(s) d'activité non transmis après l'échéance : avr. 2026.",
            "extra": {},
        }
    ]
    # The work queue finds the same missing report (one definition: `missing_reports`).
    queue = overdue(Site.objects.all(), dt.date(2026, 7, 20))
    assert [(row.site_name, row.period_start) for row in queue] == [
        ("Maison Tardive", dt.date(2026, 4, 1))
    ]


def test_completeness_counts_the_reports_of_the_report_s_houses_only() -> None:
    ours = SiteFactory(opened=True)
    elsewhere = SiteFactory(opened=True, department_id="29")  # Bretagne
    report(ours, 3)
    report(elsewhere, 3)
    report(elsewhere, 4)
    region = section(region_context(), "completeness")["total"]
    assert (region["expected"], region["submitted"], region["rate"]) == (2, 1, 50)
    house = ReportContext(ReportKind.SITE, START, END, site=ours)
    assert section(house, "completeness")["total"]["submitted"] == 1
    nation = ReportContext(ReportKind.NATIONAL, START, END)
    assert section(nation, "completeness")["total"]["submitted"] == 3


@time_machine.travel("2026-05-10 10:00 +0200", tick=False)
def test_no_late_alert_before_the_deadline() -> None:
    SiteFactory(opened=True)
    CampaignFactory(month=4)  # deadline 15 May
    assert not [a for a in alerts(region_context()) if "non transmis" in a["message"]]


# Staffing


def test_staffing_gaps_with_their_french_messages() -> None:
    good, short = (
        SiteFactory(opened=True, name="Maison Complète"),
        SiteFactory(opened=True, name="Maison Lacunaire"),
    )
    StaffingDeclarationFactory(site=good)
    StaffingDeclarationFactory(site=short, lines=night_off_on_sunday())
    SiteFactory(opened=True, name="Maison Muette")
    data = section(region_context(), "staffing")
    houses = {house["name"]: house for house in data["houses"]}
    assert houses["Maison Complète"]["status"] == "compliant"
    assert houses["Maison Complète"]["gaps"] == []
    gap = houses["Maison Lacunaire"]
    assert gap["status_label"] == "écart"
    assert any("dimanche nuit" in item["message"] for item in gap["gaps"])
    assert houses["Maison Muette"]["status"] == "not_evaluable"
    assert data["counts"] == {"compliant": 1, "warning": 0, "gap": 1, "not_evaluable": 1}
    found = {
        (a["subject"], a["level"]) for a in alerts(region_context()) if "ffectifs" in a["message"]
    }
    assert ("Maison Lacunaire", "error") in found
    assert ("Maison Muette", "warning") in found
    assert not any(subject == "Maison Complète" for subject, _level in found)


def test_staffing_by_region_in_the_national_synthesis() -> None:
    StaffingDeclarationFactory(site=SiteFactory(opened=True))
    StaffingDeclarationFactory(
        site=SiteFactory(opened=True, department_id="29"),
        lines=[LineInput("infirmier")],
    )
    data = section(ReportContext(ReportKind.NATIONAL, START, END), "staffing")
    regions = {row["name"]: (row["compliant"], row["gap"]) for row in data["regions"]}
    assert regions == {"Bretagne": (0, 1), "Hauts-de-France": (1, 0)}


# Conventions


@time_machine.travel(TODAY, tick=False)
def test_conventions_missing_and_expiring() -> None:
    site = SiteFactory(opened=True, name="Maison Partenaire")
    ConventionFactory(
        site=site,
        partner=OrganisationFactory(name="EMSP de Lille"),
        valid_until=dt.date(2026, 8, 31),
    )
    SiteFactory(opened=True, name="Maison Isolée")
    data = section(region_context(), "conventions")
    houses = {house["name"]: house for house in data["houses"]}
    assert houses["Maison Partenaire"]["missing"] == ["association de bénévoles"]
    assert houses["Maison Partenaire"]["in_force"] == 1
    assert houses["Maison Isolée"]["missing"] == [
        "équipe mobile de soins palliatifs (EMSP)",
        "association de bénévoles",
    ]
    assert data["non_conform"] == 2
    assert [(c["site"], c["valid_until"]) for c in data["expiring"]] == [
        ("Maison Partenaire", dt.date(2026, 8, 31))
    ]
    messages = {(a["subject"], a["message"]) for a in alerts(region_context())}
    assert (
        "Maison Partenaire",
        "La convention avec EMSP de Lille expire le 31/08/2026.",
    ) in messages
    assert (
        "Maison Isolée",
        "Convention exigée manquante : équipe mobile de soins palliatifs (EMSP), "
        "association de bénévoles.",
    ) in messages


# Coverage


def test_coverage_of_a_region_and_of_the_nation() -> None:
    SiteFactory(opened=True, capacity=12)  # Lille
    data = section(region_context(), "coverage")
    assert data["area"]["code"] == "32"
    assert data["area"]["houses_open"] == 1
    assert data["area"]["places"] == 12
    assert data["area"]["places_per_100k"] == round(12 * 100_000 / data["area"]["population"], 2)
    assert 0 < data["area"]["within_30km_share"] < data["area"]["within_60km_share"] < 100
    assert data["area"]["departments_without_house"] == 4  # of 5
    assert {row["code"] for row in data["departments"]} == {"02", "59", "60", "62", "80"}
    picture = data["map"]["svg"]
    assert picture.startswith("<svg")
    assert 'data-code="59"' in picture
    assert 'data-code="29"' not in picture  # zoomed on the region
    # The print version: no tooltips, the markers in one path, the legend left to the page.
    assert "<circle" not in picture
    assert picture.count("<title") == 1  # the picture's own title
    assert 'class="markers"' in picture
    assert 'class="legend"' not in picture
    assert data["map"]["title"].endswith("Hauts-de-France")
    assert [label for _colour, label in data["map"]["legend"]] == list(PERCENT_LABELS)
    assert data["map"]["marker_label"] == "Maison ouverte"
    national = section(ReportContext(ReportKind.NATIONAL, START, END), "coverage")
    assert national["national"] is True
    assert len(national["regions"]) == 18
    assert national["area"]["departments_without_house"] == 100
    assert "La Réunion" in national["map"]["svg"]  # the overseas insets


# The registry, the fingerprint and the cost


def test_sections_come_from_the_registry() -> None:
    keys = {kind: [module.KEY for module in sections_for(kind)] for kind in ReportKind.values}
    data = ["coverage", "activity", "completeness", "staffing", "conventions", "funding"]
    # The summary for decision makers first after the cover (the alerts are in it).
    assert keys == {
        "site": ["cover", "summary", "houses", "territory", *data],
        # The siting scenario is shown only when the request names one (`applies`).
        "region": ["cover", "summary", "houses", "territory", "coverage", "siting", *data[1:]],
        "national": ["cover", "summary", "regions", "houses", *data],
    }


CHANGES = {
    "a validated figure": lambda site: ActivityReport.objects.filter(site=site).update(deaths=9),
    "a report validated": lambda site: report(site, 6),
    "a staffing declaration": lambda site: StaffingDeclarationFactory(
        site=site, declared_on=dt.date(2026, 11, 1), lines=night_off_on_sunday()
    ),
    "a convention ended": lambda site: site.conventions.update(terminated_on=dt.date(2026, 1, 2)),
    "a house opened": lambda site: SiteFactory(opened=True, department_id="80"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_the_fingerprint_follows_the_data(change: str) -> None:
    (site,) = build_region(1)
    before = gather_report(region_context()).fingerprint
    assert gather_report(region_context()).fingerprint == before
    CHANGES[change](site)
    assert gather_report(region_context()).fingerprint != before


# Queries of each section while gathering a region report (alerts reuse what was read).
REGION_QUERIES = {
    "cover": 1,
    # The alerts (3, as when they were a section at the end) and the reports waiting for
    # validation (1); its key messages read the other sections' data. Gathered last.
    "summary": 4,
    "houses": 1,
    "territory": 1,
    "coverage": 6,  # houses, communes, arrondissements, départements, references, outlines
    "siting": 0,  # no scenario asked for (tests/reporting/pdf/test_siting_section.py)
    "activity": 5,  # the totals are the months added up
    "completeness": 1,
    "staffing": 8,  # the norm set's rules carry the pair's partner roles: one more prefetch
    "conventions": 5,
    "funding": 4,
}


@pytest.mark.parametrize("houses", [3, 15])
def test_gathering_costs_the_same_whatever_the_number_of_houses(houses: int) -> None:
    build_region(houses)
    context = ReportContext(ReportKind.REGION, START, END, region=Region.objects.get(code="32"))
    counts, earlier = {}, {}
    modules = sections_for(ReportKind.REGION)
    for module in sorted(modules, key=lambda module: getattr(module, "SUMMARY", False)):
        with CaptureQueriesContext(connection) as queries:
            earlier[module.KEY] = gather_section(module, context, earlier)
        counts[module.KEY] = len(queries.captured_queries)
    assert counts == REGION_QUERIES


@pytest.mark.parametrize("houses", [3, 15])
def test_gathering_a_region_report_query_count(houses: int, django_assert_num_queries: Any) -> None:
    build_region(houses)
    context = region_context()
    with django_assert_num_queries(sum(REGION_QUERIES.values())):
        gather_report(context)


def test_funding_against_the_envelope_with_alerts() -> None:
    from decimal import Decimal

    from tests.funding.factories import EnvelopeFactory, FundingLineFactory, source

    lille = SiteFactory(opened=True, name="Maison Financée", capacity=10)
    EnvelopeFactory(amount_notified=Decimal("1000000.00"))
    FundingLineFactory(site=lille, amount_notified=Decimal("800000.00"))
    FundingLineFactory(
        site=lille,
        source=source("collectivite"),
        kind="investment",
        nature="investment",
        amount_notified=Decimal("250000.00"),
        amount_paid=Decimal("0.00"),
    )  # no envelope for a local authority: only in its own column
    FundingLineFactory(
        site=SiteFactory(opened=True, name="Maison en dépassement"),
        amount_notified=Decimal("300000.00"),
        amount_paid=Decimal("0.00"),
        over_allocation_confirmed=True,
    )
    (year,) = section(region_context(), "funding")["years"]
    sources = {row["label"]: row for row in year["sources"]}
    # Two sources carry money: the ONDAM (against its envelope) and the local authority (no
    # envelope: listed with what it allocated, never "over").
    assert len(sources) == 2
    local = next(row for label, row in sources.items() if "ONDAM" not in label)
    assert local["envelope"] is None
    assert local["allocated"] == Decimal("250000.00")
    assert local["over"] is False
    ondam = next(row for label, row in sources.items() if "ONDAM" in label)
    assert ondam["envelope"] == Decimal("1000000.00")
    assert ondam["allocated"] == Decimal("1100000.00")
    assert ondam["paid"] == Decimal("600000.00")
    assert ondam["remaining"] == Decimal("-100000.00")
    assert ondam["over"] is True
    houses = {house["name"]: house for house in year["houses"]}
    # Running money only per place: 800,000 / 10 places (the 250,000 of investment apart).
    assert houses["Maison Financée"]["per_place"] == Decimal("80000.00")
    assert houses["Maison Financée"]["running"] == Decimal("800000.00")
    assert houses["Maison Financée"]["investment"] == Decimal("250000.00")
    assert houses["Maison Financée"]["notified"] == Decimal("1050000.00")
    messages = {(a["level"], a["subject"], a["message"]) for a in alerts(region_context())}
    assert any(level == "error" and "dépassent l'enveloppe" in m for level, _s, m in messages)
    assert any(
        level == "warning" and subject == "Maison en dépassement" and "confirmé" in message
        for level, subject, message in messages
    )


def test_the_national_reference_follows_every_report_validated() -> None:
    """The national month-by-month reference is the same for every report of a period: it is
    kept between reports under the reports' token, which every save of a report renews, so
    the next report counts a report validated in between."""
    mine, other = SiteFactory(opened=True), SiteFactory(opened=True, department_id="29")
    report(mine, 3)
    late = report(other, 3, status=ReportStatus.SUBMITTED, occupied_bed_days=300)
    context = ReportContext(ReportKind.SITE, START, END, site=mine)
    assert section(context, "activity")["nation"]["occupancy"] == 80  # 240 / 300
    with CaptureQueriesContext(connection) as first:
        section(context, "activity")
    late.status = ReportStatus.VALIDATED
    late.save()
    with CaptureQueriesContext(connection) as after:
        data = section(context, "activity")
    assert data["nation"]["occupancy"] == 90  # (240 + 300) / 600
    assert len(after.captured_queries) == len(first.captured_queries) + 1  # read again
