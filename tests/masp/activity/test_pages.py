"""Pages of activity reports: my reports, the form, the queue, history, campaigns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from masp.activity.enums import ReportStatus
from masp.activity.queries import OVERDUE_CAMPAIGNS
from masp.activity.views.review import PAGE_SIZE, RECENT_LIMIT
from masp.models import ActivityReport, ReportingCampaign, ReportTransition
from tests.masp.factories import CampaignFactory, ReportFactory, SiteFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db


def form_data(report: ActivityReport, **changes: Any) -> dict[str, Any]:
    values = {**report.values(), "justification": report.justification, **changes}
    data = {key: "" if value is None else value for key, value in values.items()}
    data.setdefault("version", report.version)
    return data


@time_machine.travel("2026-05-10 09:00 +0200", tick=False)
def test_my_reports_sorts_by_what_to_do(world: World) -> None:
    april, march = CampaignFactory(month=4), CampaignFactory(month=3)
    CampaignFactory(month=2)  # before the house opened
    CampaignFactory(month=5)  # opens in June: not listed yet
    filled_report(world.site_a, campaign=march, status=ReportStatus.RETURNED)
    response = world.client("coordinator_a").get(reverse("masp:my_reports"))
    sections = {key: rows for key, _label, rows in response.context["sections"]}
    assert [row["campaign"] for row in sections["todo"]] == [april]
    assert [row["campaign"] for row in sections[ReportStatus.RETURNED]] == [march]
    assert "Commencer la saisie" in response.content.decode()
    other = world.client("ars_a").get(reverse("masp:my_reports"))
    assert "Vous ne coordonnez aucune maison" in other.content.decode()


@time_machine.travel("2026-04-10 09:00 +0200", tick=False)
def test_start_then_save_a_draft_with_errors_shows_them_inline(world: World) -> None:
    campaign = CampaignFactory(month=3)
    client = world.client("coordinator_a")
    response = client.post(reverse("masp:report_start", args=[world.site_a.pk, campaign.pk]))
    report = ActivityReport.objects.get(site=world.site_a, campaign=campaign)
    assert response.url == reverse("masp:report_edit", args=[report.pk])
    figures = filled_report(SiteFactory(opened=True), campaign=campaign).values()
    data = form_data(report, **{**figures, "residents_end": 40}, save="1")
    response = client.post(reverse("masp:report_edit", args=[report.pk]), data, follow=True)
    content = response.content.decode()
    assert "Brouillon enregistré" in content
    assert 'data-rule="residents_balance"' in content
    assert 'data-rule="residents_end_capacity"' in content
    report.refresh_from_db()
    assert (report.residents_end, report.status, report.version) == (40, ReportStatus.DRAFT, 2)
    # Submitting with errors is refused, the figures stay.
    response = client.post(
        reverse("masp:report_edit", args=[report.pk]), form_data(report, submit="1")
    )
    assert "corrigez-les avant de le transmettre" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_submit_from_the_form(world: World) -> None:
    report = filled_report(world.site_a)
    response = world.client("coordinator_a").post(
        reverse("masp:report_edit", args=[report.pk]), form_data(report, submit="1")
    )
    assert response.url == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # A submitted report is no longer editable: the form sends back to the report.
    again = world.client("coordinator_a").get(reverse("masp:report_edit", args=[report.pk]))
    assert again.status_code == 302


def test_the_second_writer_gets_a_conflict_and_keeps_their_input(world: World) -> None:
    report = filled_report(world.site_a, highlights="")
    client = world.client("coordinator_a")
    url = reverse("masp:report_edit", args=[report.pk])
    client.post(url, form_data(report, highlights="Premier", save="1"))
    response = client.post(url, form_data(report, highlights="Second", save="1"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Conflit de modification" in content
    assert "Second" in content  # the user's input is still in the form
    assert 'name="version" value="2"' in content
    report.refresh_from_db()
    assert report.highlights == "Premier"


def test_a_refused_submission_keeps_the_saved_version_in_the_form(world: World) -> None:
    """The draft is saved before the rules refuse the submission: the form must carry the
    version just written, or fixing the figure would conflict with one's own save."""
    report = filled_report(world.site_a)
    client = world.client("coordinator_a")
    url = reverse("masp:report_edit", args=[report.pk])
    response = client.post(url, form_data(report, days_open=40, submit="1"))
    assert "corrigez-les avant de le transmettre" in response.content.decode()
    report.refresh_from_db()
    assert (report.days_open, report.status) == (40, ReportStatus.DRAFT)
    assert f'name="version" value="{report.version}"' in response.content.decode()
    response = client.post(url, form_data(report, days_open=31, submit="1"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_returned_report_shows_the_comment_above_the_form(world: World) -> None:
    report = filled_report(world.site_a, status=ReportStatus.SUBMITTED)
    world.client("ars_a").post(
        reverse("masp:report_transition", args=[report.pk, "return"]),
        {"comment": "Vérifiez les journées.", "version": report.version},
    )
    response = world.client("coordinator_a").get(reverse("masp:report_edit", args=[report.pk]))
    content = response.content.decode()
    assert "Renvoyé pour correction" in content
    assert "Vérifiez les journées." in content


def test_reviewer_returns_and_validates_from_the_report_page(world: World) -> None:
    report = filled_report(world.site_a, status=ReportStatus.SUBMITTED)
    client = world.client("ars_a")
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Instruire ce rapport" in page  # the decision is on the review page
    url = reverse("masp:report_transition", args=[report.pk, "return"])
    response = client.post(url, {"comment": "", "version": report.version}, follow=True)
    assert "Un commentaire est obligatoire" in response.content.decode()
    client.post(url, {"comment": "Les sorties ne collent pas.", "version": report.version})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    analyst_page = world.client("analyst").get(report.get_absolute_url()).content.decode()
    assert "Consultation seule" in analyst_page


def test_history_shows_field_changes_and_transitions(world: World) -> None:
    report = filled_report(world.site_a, deaths=1, residents_end=None)
    client = world.client("coordinator_a")
    client.post(
        reverse("masp:report_edit", args=[report.pk]), form_data(report, deaths=2, save="1")
    )
    ReportTransition.objects.create(
        report=report, from_status="draft", to_status="submitted", comment="Premier envoi"
    )
    content = client.get(reverse("masp:report_history", args=[report.pk])).content.decode()
    assert "Décès" in content
    assert "coordinator-a@example.org" in content
    assert "Premier envoi" in content


@time_machine.travel("2026-05-20 09:00 +0200", tick=False)
def test_queue_bulk_validation(world: World) -> None:
    march = CampaignFactory(month=3)
    first = filled_report(world.site_a, campaign=march, status=ReportStatus.SUBMITTED)
    second = filled_report(world.site_b, campaign=march, status=ReportStatus.SUBMITTED)
    draft = filled_report(world.site_a, campaign=CampaignFactory(month=2))
    outside = filled_report(world.site_c, campaign=march, status=ReportStatus.SUBMITTED)
    client = world.client("ars_a")
    queue = client.get(reverse("masp:review_queue"))
    assert list(queue.context["to_review"]) == [first, second]
    assert "instruction en retard" in queue.content.decode()  # reviews were due on 30 April
    overdue_names = {row.site_name for row in queue.context["overdue"]}
    assert overdue_names == {world.site_a.name, world.site_b.name}
    ids = [first.pk, second.pk, draft.pk, outside.pk]
    versions = {f"version-{report.pk}": report.version for report in (first, second, draft)}
    response = client.post(
        reverse("masp:review_validate"), {"reports": ids, **versions}, follow=True
    )
    content = response.content.decode()
    assert "2 rapport(s) validé(s)" in content
    assert "Action impossible" in content  # the draft
    statuses = dict(ActivityReport.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == ReportStatus.VALIDATED
    assert statuses[outside.pk] == ReportStatus.SUBMITTED  # outside the scope: untouched


@pytest.mark.parametrize("junk", ["abc", "99999999999999999999", "１２", "-1", ""])
def test_bulk_validation_of_junk_keys_validates_nothing(world: World, junk: str) -> None:
    report = filled_report(world.site_a, status=ReportStatus.SUBMITTED)
    client = world.client("ars_a")
    response = client.post(reverse("masp:review_validate"), {"reports": [junk]}, follow=True)
    assert response.status_code == 200
    assert "Cochez au moins un rapport à valider." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@time_machine.travel("2026-09-20 09:00 +0200", tick=False)
def test_queue_shows_the_longest_waiting_and_counts_them_all(world: World) -> None:
    sites = [world.site_a, *SiteFactory.create_batch(RECENT_LIMIT + 1, opened=True)]
    for index, site in enumerate(sites):
        report = filled_report(site, campaign=CampaignFactory(month=8), status="returned")
        ActivityReport.objects.filter(pk=report.pk).update(
            updated_at=timezone.now() - dt.timedelta(days=index)
        )
    response = world.client("ars_a").get(reverse("masp:review_queue"))
    waiting = response.context["waiting"]
    assert len(waiting) == RECENT_LIMIT
    assert waiting[0].site == sites[-1]  # waiting the longest
    assert response.context["totals"]["waiting"] == RECENT_LIMIT + 2
    content = response.content.decode()
    assert (
        f"Les {RECENT_LIMIT} qui attendent depuis le plus longtemps, sur {RECENT_LIMIT + 2}."
        in (content)
    )


@time_machine.travel("2026-09-20 09:00 +0200", tick=False)
def test_queue_pages_the_reports_to_review_oldest_first(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    sites = [world.site_a, *SiteFactory.create_batch(PAGE_SIZE + 2, opened=True)]
    reports = []
    for index, site in enumerate(sites):
        report = filled_report(site, campaign=CampaignFactory(month=8), status="submitted")
        ActivityReport.objects.filter(pk=report.pk).update(
            submitted_at=timezone.now() - dt.timedelta(hours=100 - index)
        )
        reports.append(report)
    client = world.client("ars_a")
    first = client.get(reverse("masp:review_queue"))
    assert first.context["to_review"] == reports[:PAGE_SIZE]  # the longest waiting first
    total = PAGE_SIZE + 3
    assert f"Rapports 1 à {PAGE_SIZE} sur {total}" in first.content.decode()
    # no COUNT (the total comes with the page's rows), reminders and overdue cached; one
    # query for the page's last-month and last-year reports (what stands out)
    with django_assert_num_queries(7):
        second = client.get(reverse("masp:review_queue"), {"page": 2})
    assert second.context["to_review"] == reports[PAGE_SIZE:]
    content = second.content.decode()
    assert f"Rapports {PAGE_SIZE + 1} à {total} sur {total}" in content
    assert 'class="fr-pagination"' in content
    # A page past the end, or not a number, shows a page of the list rather than an error.
    assert (
        client.get(reverse("masp:review_queue"), {"page": 99}).context["to_review"]
        == (reports[PAGE_SIZE:])
    )
    assert client.get(reverse("masp:review_queue"), {"page": "x"}).status_code == 200


@time_machine.travel("2026-09-20 09:00 +0200", tick=False)
def test_queue_names_the_region_only_to_readers_of_several(world: World) -> None:
    filled_report(world.site_a, campaign=CampaignFactory(month=8), status="submitted")
    region = world.site_a.department.region.name
    reviewer = world.client("ars_a").get(reverse("masp:review_queue"))
    reader = world.client("analyst").get(reverse("masp:review_queue"))
    assert f"({region})" not in reviewer.content.decode()  # their own region only
    assert f"({region})" in reader.content.decode()


@time_machine.travel("2026-09-20 09:00 +0200", tick=False)
def test_queue_reminders_keep_their_own_order_and_list(world: World) -> None:
    sites = [world.site_a, *SiteFactory.create_batch(RECENT_LIMIT + 1, opened=True)]
    validated = []
    for index, site in enumerate(sites):
        report = filled_report(site, campaign=CampaignFactory(month=7), status="validated")
        ActivityReport.objects.filter(pk=report.pk).update(
            validated_at=timezone.now() - dt.timedelta(days=index)
        )
        validated.append(report)
    # Reopened after a validation: it waits for the house, it is not "validated recently".
    reopened = filled_report(world.site_a, campaign=CampaignFactory(month=6), status="reopened")
    ActivityReport.objects.filter(pk=reopened.pk).update(validated_at=timezone.now())
    response = world.client("ars_a").get(reverse("masp:review_queue"))
    assert response.context["validated"] == validated[:RECENT_LIMIT]  # the latest first
    assert response.context["waiting"] == [reopened]
    assert response.context["totals"]["waiting"] == 1


@time_machine.travel("2026-09-20 09:00 +0200", tick=False)
def test_queue_lists_the_longest_overdue_and_counts_them_all(world: World) -> None:
    for month in (5, 6, 7):
        CampaignFactory(month=month)  # deadlines in June, July and August: all past
    houses = 1 + RECENT_LIMIT // OVERDUE_CAMPAIGNS
    sites = [world.site_a, world.site_b, *SiteFactory.create_batch(houses - 2, opened=True)]
    expected = len(sites) * OVERDUE_CAMPAIGNS
    response = world.client("ars_a").get(reverse("masp:review_queue"))
    rows = response.context["overdue"]
    assert response.context["overdue_total"] == expected > RECENT_LIMIT
    assert len(rows) == RECENT_LIMIT
    assert [row.days for row in rows] == sorted((row.days for row in rows), reverse=True)
    assert rows[0].period_start == dt.date(2026, 5, 1)
    content = response.content.decode()
    assert f"Les {RECENT_LIMIT} retards les plus anciens, sur {expected}." in content


@time_machine.travel("2026-05-20 09:00 +0200", tick=False)
def test_queue_overdue_list_follows_the_reports(world: World) -> None:
    """The cached overdue list is renewed by a report's submission, and counts in days."""
    march = CampaignFactory(month=3)  # due on 15 April

    def overdue() -> set[tuple[str, int]]:
        # A new session each time: the day after, yesterday's has expired.
        rows = world.client("ars_a").get(reverse("masp:review_queue")).context["overdue"]
        return {(row.site_name, row.days) for row in rows}

    assert overdue() == {(world.site_a.name, 35), (world.site_b.name, 35)}
    filled_report(
        world.site_a, campaign=march, status=ReportStatus.SUBMITTED, submitted_at=timezone.now()
    )
    assert overdue() == {(world.site_b.name, 35)}
    with time_machine.travel("2026-05-21 09:00 +0200", tick=False):
        assert overdue() == {(world.site_b.name, 36)}


@time_machine.travel("2026-09-20 09:00 +0200", tick=False)
@pytest.mark.parametrize("houses", [1, 8])
def test_queue_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, houses: int
) -> None:
    sites = [world.site_a, *SiteFactory.create_batch(houses - 1, opened=True)]
    for month in (6, 7, 8):
        for site in sites:
            filled_report(
                site, campaign=CampaignFactory(month=month), status=ReportStatus.SUBMITTED
            )
    client = world.client("ars_a")
    client.get(reverse("masp:review_queue"))
    # session, user, savepoint, scope, reports to review (with their total), release (what
    # stands out, read from their last-month and last-year reports, is cached with the
    # page; the reminders and the overdue list with the dashboard's figures)
    with django_assert_num_queries(6):
        response = client.get(reverse("masp:review_queue"))
    assert len(response.context["to_review"]) == min(3 * houses, PAGE_SIZE)
    assert response.context["totals"] == {"to_review": 3 * houses, "waiting": 0}


@time_machine.travel("2026-04-10 09:00 +0200", tick=False)
@pytest.mark.parametrize("months", [1, 3])
def test_my_reports_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, months: int
) -> None:
    for month in range(1, months + 1):
        ReportFactory(site=world.site_a, campaign=CampaignFactory(month=month))
    client = world.client("coordinator_a")
    client.get(reverse("masp:my_reports"))
    # session, user, savepoint, scope, sites, campaigns, reports, release
    with django_assert_num_queries(8):
        client.get(reverse("masp:my_reports"))


def test_national_admin_creates_a_year_of_campaigns(world: World) -> None:
    client = world.client("national_admin")
    response = client.post(reverse("masp:campaign_list"), {"year": 2028}, follow=True)
    assert "12 campagne(s) créée(s)" in response.content.decode()
    assert ReportingCampaign.objects.filter(period_start__year=2028).count() == 12
    refused = world.client("ars_a").post(reverse("masp:campaign_list"), {"year": 2029})
    assert refused.status_code == 403


def test_admin_lists_reports_read_only(superuser_client: Any) -> None:
    report = filled_report()
    listing = superuser_client.get(reverse("admin:masp_activityreport_changelist"))
    assert listing.status_code == 200
    assert str(report.site) in listing.content.decode()
    history = superuser_client.get(reverse("admin:masp_activityreport_history", args=[report.pk]))
    assert history.status_code == 200
    assert superuser_client.get(reverse("admin:masp_activityreport_add")).status_code == 403
    campaigns = superuser_client.get(reverse("admin:masp_reportingcampaign_changelist"))
    assert campaigns.status_code == 200


UI_TRANSITIONS = [
    ("submit", ReportStatus.DRAFT, ReportStatus.SUBMITTED, "coordinator_a"),
    ("return", ReportStatus.SUBMITTED, ReportStatus.RETURNED, "ars_a"),
    ("validate", ReportStatus.SUBMITTED, ReportStatus.VALIDATED, "ars_a"),
    ("reopen", ReportStatus.VALIDATED, ReportStatus.REOPENED, "ars_a"),
    ("submit", ReportStatus.RETURNED, ReportStatus.SUBMITTED, "coordinator_a"),
    ("submit", ReportStatus.REOPENED, ReportStatus.SUBMITTED, "coordinator_a"),
]
WRONG = {"coordinator_a": 403, "ars_a": 403, "analyst": 403, "national_admin": 403}


@pytest.mark.parametrize(("name", "source", "target", "allowed"), UI_TRANSITIONS)
def test_every_transition_from_the_pages(
    world: World, name: str, source: str, target: str, allowed: str
) -> None:
    report = filled_report(world.site_a, status=source)
    url = reverse("masp:report_transition", args=[report.pk, name])
    data = {"comment": "Motif précisé.", "version": report.version}
    for persona in ("coordinator_b", "ars_other"):
        assert world.client(persona).post(url, data).status_code == 404
    for persona, code in WRONG.items():
        if persona != allowed:
            assert world.client(persona).post(url, data).status_code == code, persona
    report.refresh_from_db()
    assert report.status == source
    assert world.client(allowed).post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.status == target
    # The same action again is refused by the state machine (a message, no change).
    again = world.client(allowed).post(url, {**data, "version": report.version}, follow=True)
    assert "Action impossible" in again.content.decode()
    step = report.transitions.get()
    assert (step.from_status, step.to_status, step.by, step.comment) == (
        source,
        target,
        world.users[allowed],
        "Motif précisé.",
    )


@pytest.mark.parametrize("years", [1, 3])
def test_campaign_lists_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, years: int
) -> None:
    client = world.client("national_admin")
    for year in range(2026, 2026 + years):
        client.post(reverse("masp:campaign_list"), {"year": year})
    client.get(reverse("masp:campaign_list"))
    # session, user, savepoint, scope (cached afterwards), campaigns, release
    with django_assert_num_queries(6):
        page = client.get(reverse("masp:campaign_list"))
    assert len(page.context["campaigns"]) == 12 * years
    # session, user, savepoint, count, page, release
    with django_assert_num_queries(6):
        api = client.get(reverse("campaign-list"))
    assert api.json()["count"] == 12 * years


@pytest.mark.parametrize("edits", [1, 6])
def test_history_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, edits: int
) -> None:
    report = filled_report(world.site_a)
    client = world.client("coordinator_a")
    url = reverse("masp:report_edit", args=[report.pk])
    for edit in range(edits):
        report.refresh_from_db()
        client.post(url, form_data(report, highlights=f"Version {edit}", save="1"))
    client.get(reverse("masp:report_history", args=[report.pk]))
    # session, user, savepoint, scope, report, history records with users, transitions, release
    with django_assert_num_queries(8):
        response = client.get(reverse("masp:report_history", args=[report.pk]))
    assert len(response.context["changes"]) == edits


def test_only_reviewers_get_the_bulk_validation(world: World) -> None:
    filled_report(world.site_a, status=ReportStatus.SUBMITTED)
    reviewer = world.client("ars_a").get(reverse("masp:review_queue")).content.decode()
    reader = world.client("analyst").get(reverse("masp:review_queue")).content.decode()
    assert "Valider les rapports cochés" in reviewer
    assert "Valider les rapports cochés" not in reader
    assert "Maison A" in reader
