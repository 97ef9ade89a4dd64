"""The review page: figures beside their references (hand-computed), what stands out, one
decision panel, the next report of the queue, bulk validation of clean reports only."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from masp.activity.enums import ReportStatus
from masp.activity.fields import REPORT_FIELDS
from masp.activity.review import change_weight, median, standouts
from masp.models import ActivityReport, ReportingCampaign, ReportTransition, Site
from tests.masp.factories import CampaignFactory, SiteFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db


def clean(site: Site, campaign: ReportingCampaign, **overrides: Any) -> ActivityReport:
    """A report with no rule alert: 10 residents all month in 12 places, 2 admissions and 2
    deaths. Occupancy 310 / (12 × 31) = 83 %, mean stay 40 / 2 = 20 days."""
    figures = {
        "places_installed": 12,
        "days_open": campaign.period.days,
        "occupied_bed_days": 10 * campaign.period.days,
        "residents_start": 10,
        "admissions": 2,
        "discharges_home": 0,
        "discharges_hospital": 0,
        "discharges_other_facility": 0,
        "discharges_other": 0,
        "deaths": 2,
        "residents_end": 10,
        "admissions_from_home": 2,
        "admissions_from_hospital": 0,
        "admissions_from_facility": 0,
        "admissions_from_other": 0,
        "admissions_age_18_59": 0,
        "admissions_age_60_74": 2,
        "admissions_age_75_84": 0,
        "admissions_age_85_plus": 0,
        "admissions_cancer": 2,
        "admissions_neurological": 0,
        "admissions_organ_failure": 0,
        "admissions_other_condition": 0,
        "completed_stays_days": 40,
        "requests_received": 4,
        "requests_refused_no_place": 1,
        "requests_refused_too_complex": 0,
        "requests_refused_out_of_criteria": 0,
        "requests_refused_other": 0,
    }
    # The later form versions' figures are left empty: a rule with an empty figure is not
    # evaluated, so these reports stay clean whatever those figures' rules.
    later = {spec.name: None for spec in REPORT_FIELDS if getattr(spec, "version", 1) > 1}
    status = overrides.pop("status", ReportStatus.SUBMITTED)
    values = {**figures, **later, **overrides}
    report = filled_report(site, campaign=campaign, status=status, **values)
    if status != ReportStatus.DRAFT and report.submitted_at is None:
        report.submitted_at = timezone.now()
        report.save(update_fields=["submitted_at"])
    return report


def march_2025() -> ReportingCampaign:
    campaign = ReportingCampaign.monthly(2025, 3)
    campaign.save()
    return campaign


# --- The comparison figures, computed by hand -------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # Odd: the region's transmitted or validated March reports say 4, 10, 7 relatives
        # supported: sorted 4, 7, 10, the median is 7.
        ([], Decimal(7)),
        # Even: a fourth house says 20: sorted 4, 7, 10, 20, the median is (7 + 10) / 2 = 8.5.
        ([20], Decimal("8.5")),
    ],
)
def test_review_figures_beside_last_month_last_year_and_the_region_median(
    world: World, extra: list[int], expected: Decimal
) -> None:
    march, february = CampaignFactory(month=3), CampaignFactory(month=2)
    report = clean(world.site_a, march, relatives_supported=4)
    clean(world.site_a, february, relatives_supported=2, status=ReportStatus.VALIDATED)
    clean(world.site_a, march_2025(), relatives_supported=9, status=ReportStatus.VALIDATED)
    clean(world.site_b, march, relatives_supported=10, status=ReportStatus.VALIDATED)
    clean(SiteFactory(opened=True), march, relatives_supported=7)
    for value in extra:
        clean(SiteFactory(opened=True), march, relatives_supported=value)
    # Not counted: a returned report of the region, a house of another region, a draft.
    clean(SiteFactory(opened=True), march, relatives_supported=100, status=ReportStatus.RETURNED)
    clean(world.site_c, march, relatives_supported=50)
    clean(SiteFactory(opened=True), march, relatives_supported=80, status=ReportStatus.DRAFT)

    response = world.client("ars_a").get(reverse("masp:report_review", args=[report.pk]))
    assert response.status_code == 200
    review = response.context["review"]
    figures = {figure.name: figure for _group, rows in review.groups for figure in rows}
    relatives = figures["relatives_supported"]
    assert (relatives.value, relatives.last_month, relatives.last_year) == (4, 2, 9)
    assert relatives.region_median == expected
    assert review.region_houses == 3 + len(extra)
    # Every house has the same occupancy, 310 / (12 × 31) = 0.833: so has the median.
    occupancy = review.indicators[0]
    assert occupancy.name == "occupancy_rate"
    assert occupancy.region_median == Decimal("0.833")
    assert occupancy.value_shown == "83 %"
    content = response.content.decode()
    assert "Médiane de la région" in content
    assert str(expected).replace(".", ",") in content  # 8,5 in French


def test_median_of_an_even_and_an_odd_count() -> None:
    assert median([Decimal(3), None, Decimal(1), Decimal(2)]) == 2  # 1, 2, 3
    assert median([Decimal(1), Decimal(4), Decimal(2), Decimal(10)]) == 3  # (2 + 4) / 2
    assert median([None]) is None


# --- What stands out --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "before", "now", "stands_out"),
    [
        ("count", 10, 15, True),  # +5, +50 %: both thresholds met
        ("count", 10, 14, False),  # +40 %
        ("count", 4, 8, False),  # +100 % but only 4 more
        ("count", 0, 5, True),  # from nothing to 5
        ("count", 20, 10, True),  # -10, -50 %
        ("days", 20, 29, False),  # +45 %
        ("days", 20, 31, True),  # +11 days, +55 %
        ("rate", "0.80", "0.65", True),  # -15 points
        ("rate", "0.80", "0.66", False),  # -14 points
    ],
)
def test_large_change_thresholds(kind: str, before: Any, now: Any, stands_out: bool) -> None:
    assert bool(change_weight(kind, Decimal(now), Decimal(before))) is stands_out


def test_standouts_rank_rule_alerts_first_with_the_justification(world: World) -> None:
    march, february = CampaignFactory(month=3), CampaignFactory(month=2)
    # February: 12 admissions at full occupancy; March: 2 admissions (-83 %) and 100 bed
    # days in 372 (27 %: the low-occupancy warning, and -73 points after 100 %).
    last = clean(world.site_a, february, occupied_bed_days=12 * 28, admissions=12)
    report = clean(
        world.site_a,
        march,
        occupied_bed_days=100,
        residents_start=3,
        residents_end=3,
        justification="Travaux dans deux chambres.",
    )
    found = standouts(report, last, None)
    assert [item.kind for item in found][:1] == ["warning"]
    assert found[0].justification == "Travaux dans deux chambres."
    changes = [item for item in found if item.kind == "change"]
    assert {item.field for item in changes} == {"occupancy_rate", "occupied_bed_days", "admissions"}
    assert [item.weight for item in changes] == sorted(
        (item.weight for item in changes), reverse=True
    )
    page = world.client("ars_a").get(reverse("masp:report_review", args=[report.pk]))
    content = page.content.decode()
    assert content.index("Travaux dans deux chambres.") < content.index("Indicateurs du mois")
    assert "au moins 50 %" in content  # the threshold, written where the agent reads


# --- One decision panel -----------------------------------------------------------------


def test_validate_keeps_the_comment_in_the_history(world: World) -> None:
    report = clean(world.site_a, CampaignFactory(month=3))
    client = world.client("ars_a")
    page = client.get(reverse("masp:report_review", args=[report.pk])).content.decode()
    assert page.count('name="comment"') == 1  # one comment for every decision
    response = client.post(
        reverse("masp:review_decide", args=[report.pk]),
        {
            "decision": "validate",
            "comment": "Chiffres cohérents, merci.",
            "version": report.version,
        },
        follow=True,
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED
    step = report.transitions.get()
    assert (step.to_status, step.comment, step.by) == (
        ReportStatus.VALIDATED,
        "Chiffres cohérents, merci.",
        world.users["ars_a"],
    )
    content = response.content.decode()
    assert "Chiffres cohérents, merci." in content
    assert "Transmis → Validé" in content
    history = client.get(reverse("masp:report_history", args=[report.pk])).content.decode()
    assert "Chiffres cohérents, merci." in history


def test_return_without_a_comment_is_refused_and_writes_nothing(world: World) -> None:
    report = clean(world.site_a, CampaignFactory(month=3))
    before = (report.status, report.version, report.history.count())
    response = world.client("ars_a").post(
        reverse("masp:review_decide", args=[report.pk]),
        {"decision": "return", "comment": "  ", "version": report.version},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "le renvoi (ou la réouverture) exige un commentaire" in content
    assert 'aria-invalid="true"' in content
    report.refresh_from_db()
    assert (report.status, report.version, report.history.count()) == before
    assert not ReportTransition.objects.filter(report=report).exists()


def test_return_with_a_comment_and_a_stale_page(world: World) -> None:
    report = clean(world.site_a, CampaignFactory(month=3))
    client = world.client("ars_a")
    url = reverse("masp:review_decide", args=[report.pk])
    stale = client.post(url, {"decision": "return", "comment": "Voir", "version": 99})
    assert "modifié depuis l" in stale.content.decode()
    assert "Voir" in stale.content.decode()  # the comment typed is kept
    client.post(url, {"decision": "return", "comment": "Les décès ?", "version": report.version})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.transitions.get().comment == "Les décès ?"


# --- The next report ----------------------------------------------------------------------


def test_next_report_follows_the_queue_order(world: World) -> None:
    march = CampaignFactory(month=3)
    sites = [world.site_a, world.site_b, SiteFactory(opened=True)]
    reports = [clean(site, march) for site in sites]
    clean(world.site_c, march)  # another region: not in the agent's queue
    start = timezone.now()
    for offset, report in zip((2, 0, 1), reports, strict=True):  # B, then the third, then A
        ActivityReport.objects.filter(pk=report.pk).update(
            submitted_at=start + dt.timedelta(hours=offset)
        )
    client = world.client("ars_a")
    queue = [r.pk for r in client.get(reverse("masp:review_queue")).context["to_review"]]
    assert queue == [reports[1].pk, reports[2].pk, reports[0].pk]
    following = {}
    for pk in queue:
        response = client.get(reverse("masp:report_review", args=[pk]))
        following[pk] = response.context["next_report"].pk
    # Each leads to the next of the queue, the last back to the first (skipped ones remain).
    assert following == {queue[0]: queue[1], queue[1]: queue[2], queue[2]: queue[0]}
    content = client.get(reverse("masp:report_review", args=[queue[0]])).content.decode()
    assert reverse("masp:report_review", args=[queue[1]]) in content
    assert f'href="{reverse("masp:review_queue")}"' in content  # the breadcrumb back


def test_the_last_report_has_no_next_and_leads_back_to_the_queue(world: World) -> None:
    report = clean(world.site_a, CampaignFactory(month=3))
    response = world.client("ars_a").get(reverse("masp:report_review", args=[report.pk]))
    assert response.context["next_report"] is None
    assert "Aucun autre rapport à instruire." in response.content.decode()


# --- Bulk validation ----------------------------------------------------------------------


@time_machine.travel("2026-04-20 09:00 +0200", tick=False)
def test_bulk_validation_shows_then_validates_only_the_clean_reports(world: World) -> None:
    march = CampaignFactory(month=3)
    tidy = clean(world.site_a, march)
    alert = clean(
        world.site_b,
        march,
        occupied_bed_days=100,
        residents_start=3,
        residents_end=3,
        justification="Travaux.",
    )
    assert tidy.violations() == []
    assert alert.violations() != []
    client = world.client("ars_a")
    queue = client.get(reverse("masp:review_queue")).content.decode()
    assert f'id="r{tidy.pk}"' in queue
    assert f'id="r{alert.pk}"' not in queue
    url = reverse("masp:review_validate")
    shown = client.get(url, {"reports": [tidy.pk, alert.pk]})
    assert [r.pk for r in shown.context["eligible"]] == [tidy.pk]
    assert [r.pk for r in shown.context["flagged"]] == [alert.pk]
    content = shown.content.decode()
    assert "Confirmer la validation de ce rapport" in content
    assert f'name="version-{tidy.pk}" value="{tidy.version}"' in content
    assert ReportTransition.objects.count() == 0  # showing validates nothing
    data = {"reports": [tidy.pk, alert.pk], f"version-{tidy.pk}": tidy.version}
    data[f"version-{alert.pk}"] = alert.version  # posted anyway: refused again
    response = client.post(url, data, follow=True)
    content = response.content.decode()
    assert "1 rapport(s) validé(s)" in content
    assert "il s&#x27;instruit un par un" in content or "il s'instruit un par un" in content
    statuses = dict(ActivityReport.objects.values_list("pk", "status"))
    assert statuses == {tidy.pk: ReportStatus.VALIDATED, alert.pk: ReportStatus.SUBMITTED}


def test_bulk_validation_leaves_out_a_large_change(world: World) -> None:
    february, march = CampaignFactory(month=2), CampaignFactory(month=3)
    clean(world.site_a, february, admissions=12, status=ReportStatus.VALIDATED)
    changed = clean(world.site_a, march)  # 2 admissions after 12: -83 %
    assert changed.violations() == []
    shown = world.client("ars_a").get(reverse("masp:review_validate"), {"reports": [changed.pk]})
    assert shown.context["eligible"] == []
    assert "Admissions : -83 % par rapport au mois précédent (12 → 2)" in shown.content.decode()


# --- Access and French labels -----------------------------------------------------------


def test_review_page_access(world: World) -> None:
    report = clean(world.site_a, CampaignFactory(month=3))
    url = reverse("masp:report_review", args=[report.pk])
    codes = {persona: world.client(persona).get(url).status_code for persona in world.users}
    assert codes == {
        "anonymous": 302,
        "coordinator_a": 403,
        "coordinator_b": 404,
        "ars_a": 200,
        "ars_other": 404,
        "analyst": 403,
        "national_admin": 200,
    }
    admin = world.client("national_admin").get(url)
    assert admin.context["decisions"] == ()  # reads, does not decide
    decide = reverse("masp:review_decide", args=[report.pk])
    data = {"decision": "validate", "version": report.version}
    assert world.client("national_admin").post(decide, data).status_code == 403
    assert world.client("ars_other").post(decide, data).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_history_and_report_page_speak_french(world: World) -> None:
    report = clean(world.site_a, CampaignFactory(month=3))
    ReportTransition.objects.create(  # written by an import: no author
        report=report, from_status=ReportStatus.SUBMITTED, to_status=ReportStatus.RETURNED
    )
    ActivityReport.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED)
    report.status = ReportStatus.RETURNED
    report.version += 1
    report._history_user = None  # type: ignore[attr-defined]
    report.save()
    client = world.client("ars_a")
    history = client.get(reverse("masp:report_history", args=[report.pk])).content.decode()
    assert "Transmis → Renvoyé pour correction" in history
    assert "Système (import)" in history
    assert "submitted" not in history
    assert "returned" not in history
    assert "— —" not in history
    detail = client.get(report.get_absolute_url()).content.decode()
    assert "Version" not in detail
    assert "Renvoyé pour correction" in detail


# --- Constant query counts ----------------------------------------------------------------


@pytest.mark.parametrize("houses", [1, 6])
def test_review_page_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, houses: int
) -> None:
    march, february = CampaignFactory(month=3), CampaignFactory(month=2)
    report = clean(world.site_a, march)
    clean(world.site_a, february, status=ReportStatus.VALIDATED)
    clean(world.site_a, march_2025(), status=ReportStatus.VALIDATED)
    for _index in range(houses):
        site = SiteFactory(opened=True)
        clean(site, march)
        clean(site, february, status=ReportStatus.VALIDATED)
    client = world.client("ars_a")
    url = reverse("masp:report_review", args=[report.pk])
    client.get(url)
    # session, user, savepoint, scope, report, its makers (history), its last month's and
    # last year's reports, the region's reports of the month, the next report, the steps,
    # release
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.context["review"].region_houses == houses + 1


def test_bulk_validation_shows_nothing_to_a_reader(world: World) -> None:
    """An analyst does not read the figures of a report before its validation: the
    confirmation page lists nothing, and posting validates nothing."""
    report = clean(world.site_a, CampaignFactory(month=3))
    client = world.client("analyst")
    url = reverse("masp:review_validate")
    shown = client.get(url, {"reports": [report.pk]})
    assert shown.context["eligible"] == []
    assert "Maison A" not in shown.content.decode()
    client.post(url, {"reports": [report.pk], f"version-{report.pk}": report.version})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_review_pages_render_on_the_demo_data(client: Any) -> None:
    """Every state of the demo data (imported steps without an author, reports from the
    first month without a last month) renders, with its references and decisions."""
    call_command("seed_demo", "--force", stdout=io.StringIO())
    agent = User.objects.get(email="ars-hdf@example.org")
    client.force_login(agent)
    reports = ActivityReport.objects.visible_to(agent)
    for status in ReportStatus.values:
        report = reports.filter(status=status).order_by("campaign__period_start").first()
        assert report is not None, status
        response = client.get(reverse("masp:report_review", args=[report.pk]))
        assert response.status_code == 200, status
        assert response.context["review"].region_houses >= 0
        content = response.content.decode()
        if report.transitions.filter(by=None).exists():
            assert "Système (import)" in content
    queue = client.get(reverse("masp:review_queue"))
    ids = [report.pk for report in queue.context["to_review"]]
    shown = client.get(reverse("masp:review_validate"), {"reports": ids})
    assert shown.status_code == 200
    assert len(shown.context["eligible"]) + len(shown.context["flagged"]) == len(ids)
