"""Issue 21 ("No way up"), activity reports: maker-checker (finding 5), reports filed only for
open campaigns (12), the version carried by page transitions (13), analysts read validated
figures only (16). Each test fails on the old behaviour."""

from __future__ import annotations

import html
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from accounts.models import User
from accounts.scopes import scope_for
from masp.activity.api import STATUS_FIELDS
from masp.activity.cache import figures_key
from masp.activity.enums import ReportStatus
from masp.activity.queries import indicator_sums
from masp.activity.services import SeparationOfDuties, report_save, report_validate
from masp.models import ActivityReport, ReportingCampaign
from tests.accounts.factories import UserFactory
from tests.masp.activity.figures import QUIET_MONTH
from tests.masp.activity.test_imports import csv_file, row
from tests.masp.factories import CampaignFactory, ReportFactory, filled_report, valid_figures
from tests.personas import REGION_A, World, grant
from tests.reporting.exports.helpers import export, read_csv

pytestmark = [pytest.mark.django_db, pytest.mark.security]

SUBMITTED, VALIDATED = ReportStatus.SUBMITTED, ReportStatus.VALIDATED


def api(name: str, report: ActivityReport | None = None) -> str:
    args = [] if report is None else [report.pk]
    return reverse(f"activity-report-{name}", args=args)


def page(report: ActivityReport, name: str) -> str:
    return reverse("masp:report_transition", args=[report.pk, name])


def text(response: Any) -> str:
    """A page's text as read (messages escape their apostrophes)."""
    return html.unescape(response.content.decode())


def refreshed(report: ActivityReport) -> ActivityReport:
    return ActivityReport.objects.get(pk=report.pk)


def self_invited_agent(world: World) -> User:
    """The attack of finding 5: the ARS agent of region A, also coordinator of house A."""
    agent = world.users["ars_a"]
    assert agent is not None
    grant(agent, Role.COORDINATOR, site=world.site_a)
    return agent


def second_agent() -> User:
    other = UserFactory(email="ars-a-second@example.org")
    grant(other, Role.ARS_AGENT, region=REGION_A)
    return other


def submitted_by(world: World, persona: str, **changes: Any) -> ActivityReport:
    """A draft of house A whose figures `persona` saves and submits through the API."""
    report = filled_report(world.site_a)
    client = world.client(persona)
    data = {"version": report.version, "highlights": "Saisie de la période.", **changes}
    patched = client.patch(api("detail", report), data, content_type="application/json")
    assert patched.status_code == 200, patched.json()
    submitted = client.post(api("submit", report), content_type="application/json")
    assert submitted.status_code == 200, submitted.json()
    return refreshed(report)


# Finding 5: maker-checker -----------------------------------------------------------------


def test_an_agent_who_filled_and_submitted_a_report_cannot_validate_it_on_the_page(
    world: World,
) -> None:
    self_invited_agent(world)
    report = submitted_by(world, "ars_a")
    client = world.client("ars_a")
    detail = text(client.get(report.get_absolute_url()))
    assert "un autre agent de l'ARS le renvoie ou le valide" in detail
    assert page(report, "validate") not in detail
    response = client.post(page(report, "validate"), {"version": report.version}, follow=True)
    assert response.status_code == 200
    assert "Vous avez saisi ou transmis ce rapport" in text(response)
    assert refreshed(report).status == SUBMITTED
    # Another agent of the region is the checker.
    other = world.client("ars_a")
    other.force_login(second_agent())
    assert other.post(page(report, "validate"), {"version": report.version}).status_code == 302
    assert refreshed(report).status == VALIDATED


@pytest.mark.parametrize("name", ["validate", "return"])
def test_the_api_refuses_the_maker_a_403_and_changes_nothing(world: World, name: str) -> None:
    self_invited_agent(world)
    report = submitted_by(world, "ars_a")
    response = world.client("ars_a").post(
        api(name, report), {"comment": "Vu."}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "separation_of_duties"
    assert "un autre agent de l'ARS" in response.json()["detail"]
    after = refreshed(report)
    assert (after.status, after.version, after.transitions.count()) == (SUBMITTED, 3, 1)


def test_the_bulk_validation_skips_and_lists_the_makers_reports(world: World) -> None:
    self_invited_agent(world)
    mine = submitted_by(world, "ars_a")
    theirs = filled_report(world.site_b, status=SUBMITTED)
    data = {
        "reports": [mine.pk, theirs.pk],
        f"version-{mine.pk}": mine.version,
        f"version-{theirs.pk}": theirs.version,
    }
    response = world.client("ars_a").post(reverse("masp:review_validate"), data, follow=True)
    content = text(response)
    assert "1 rapport(s) validé(s)" in content
    assert f"{mine} : Vous avez saisi ou transmis ce rapport" in content
    assert refreshed(mine).status == SUBMITTED
    assert refreshed(theirs).status == VALIDATED


def test_editing_alone_or_submitting_alone_makes_a_maker(world: World) -> None:
    self_invited_agent(world)
    # The agent typed the figures, the house's coordinator submitted them.
    report = filled_report(world.site_a)
    report_save(
        report=report, user=world.users["ars_a"], values={"highlights": "Saisie."}, version=1
    )
    world.client("coordinator_a").post(api("submit", report), content_type="application/json")
    assert refreshed(report).status == SUBMITTED
    with pytest.raises(SeparationOfDuties):
        report_validate(report=refreshed(report), user=world.users["ars_a"])
    # The coordinator typed them, the agent only submitted.
    other = filled_report(world.site_a, campaign=CampaignFactory(month=4))
    report_save(
        report=other, user=world.users["coordinator_a"], values={"highlights": "Saisie."}, version=1
    )
    world.client("ars_a").post(api("submit", other), content_type="application/json")
    assert refreshed(other).status == SUBMITTED
    with pytest.raises(SeparationOfDuties):
        report_validate(report=refreshed(other), user=world.users["ars_a"])


def test_returning_a_report_does_not_make_the_reviewer_a_maker(world: World) -> None:
    report = submitted_by(world, "coordinator_a")
    agent = world.client("ars_a")
    data = {"comment": "Vérifiez les sorties.", "version": report.version}
    agent.post(page(report, "return"), data)
    assert refreshed(report).status == ReportStatus.RETURNED
    assert refreshed(report).maker_ids() == {world.users["coordinator_a"].pk}
    world.client("coordinator_a").post(api("submit", report), content_type="application/json")
    agent.post(page(report, "validate"), {"version": refreshed(report).version})
    assert refreshed(report).status == VALIDATED


# Finding 12: reports are filed for open campaigns only ------------------------------------


@time_machine.travel("2026-03-20 09:00 +0100", tick=False)
def test_the_api_creates_no_report_for_a_campaign_not_open(world: World) -> None:
    march = CampaignFactory(month=3)  # opens on 1 April
    assert not march.accepts_reports()
    assert not ReportingCampaign.objects.opened().filter(pk=march.pk).exists()
    response = world.client("coordinator_a").post(
        api("list"),
        {"site": world.site_a.pk, "campaign": march.pk, **valid_figures(world.site_a, march)},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "campaign_not_open"
    assert "n'est pas encore ouverte" in response.json()["detail"]
    assert not ActivityReport.objects.exists()
    # The page refuses it as well.
    start = reverse("masp:report_start", args=[world.site_a.pk, march.pk])
    assert world.client("coordinator_a").post(start).status_code == 404


@time_machine.travel("2026-03-20 09:00 +0100", tick=False)
def test_the_api_submits_no_report_of_a_campaign_not_open(world: World) -> None:
    report = filled_report(world.site_a, campaign=CampaignFactory(month=3))
    response = world.client("coordinator_a").post(
        api("submit", report), content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "campaign_not_open"
    assert refreshed(report).status == ReportStatus.DRAFT
    with time_machine.travel("2026-04-01 09:00 +0200", tick=False):
        assert ReportingCampaign.objects.get(pk=report.campaign_id).accepts_reports()
        again = world.client("coordinator_a").post(
            api("submit", report), content_type="application/json"
        )
        assert again.status_code == 200


# Finding 13: page transitions check the version --------------------------------------------


@pytest.mark.parametrize(
    ("name", "status", "persona"),
    [
        ("submit", ReportStatus.DRAFT, "coordinator_a"),
        ("return", SUBMITTED, "ars_a"),
        ("validate", SUBMITTED, "ars_a"),
        ("reopen", VALIDATED, "ars_a"),
    ],
)
def test_a_page_transition_on_a_stale_version_changes_nothing(
    world: World, name: str, status: str, persona: str
) -> None:
    report = filled_report(world.site_a, status=status)
    client = world.client(persona)
    # The coordinator submits from the report page, the agent decides on the review page.
    shown = (
        report.get_absolute_url()
        if persona.startswith("coordinator")
        else reverse("masp:report_review", args=[report.pk])
    )
    detail = text(client.get(shown))
    assert f'name="version" value="{report.version}"' in detail
    # The report changed after the page was shown (version 2): the page's version 1 is stale.
    ActivityReport.objects.filter(pk=report.pk).update(version=2)
    for data in ({"comment": "Motif.", "version": 1}, {"comment": "Motif."}):
        response = client.post(page(report, name), data, follow=True)
        assert response.status_code == 200
        assert "modifié depuis l'affichage de la page" in text(response)
        after = refreshed(report)
        assert (after.status, after.version, after.transitions.count()) == (status, 2, 0)
    assert client.post(page(report, name), {"comment": "Motif.", "version": 2}).status_code == 302
    assert refreshed(report).status != status


def test_the_bulk_validation_skips_a_report_changed_since_the_queue_was_shown(
    world: World,
) -> None:
    report = filled_report(world.site_a, status=SUBMITTED)
    # The versions are those of the list shown before confirming.
    shown = world.client("ars_a").get(reverse("masp:review_validate"), {"reports": [report.pk]})
    assert f'name="version-{report.pk}" value="{report.version}"' in text(shown)
    ActivityReport.objects.filter(pk=report.pk).update(version=report.version + 1)
    for data in (
        {"reports": [report.pk], f"version-{report.pk}": report.version},
        {"reports": [report.pk]},
    ):
        response = world.client("ars_a").post(reverse("masp:review_validate"), data, follow=True)
        assert "modifié depuis l'affichage de la page" in text(response)
        assert refreshed(report).status == SUBMITTED


# Finding 16: analysts read the validated figures, the status of the others ----------------


@pytest.mark.parametrize(
    "status", [ReportStatus.DRAFT, SUBMITTED, ReportStatus.RETURNED, ReportStatus.REOPENED]
)
def test_an_analyst_sees_only_the_status_of_a_report_not_validated(
    world: World, status: str
) -> None:
    report = filled_report(world.site_a, status=status, justification="Fermeture de deux lits.")
    report.transitions.create(from_status="draft", to_status=status, comment="Échange privé.")
    analyst = world.client("analyst")
    content = text(analyst.get(report.get_absolute_url()))
    assert "seul son statut est consultable" in content
    assert "Fermeture de deux lits" not in content
    assert "Échange privé" not in content
    assert "Chiffres déclarés" not in content
    body = analyst.get(api("detail", report)).json()
    assert list(body) == STATUS_FIELDS
    assert body["status"] == status
    [listed] = analyst.get(api("list")).json()["results"]
    assert list(listed) == STATUS_FIELDS
    history = text(analyst.get(reverse("masp:report_history", args=[report.pk])))
    assert "Échange privé" not in history
    # The national administration and the region's agent keep the full view.
    for persona in ("national_admin", "ars_a"):
        full = world.client(persona).get(api("detail", report)).json()
        assert full["justification"] == "Fermeture de deux lits."
        assert full["transitions"][0]["comment"] == "Échange privé."
        assert "Fermeture de deux lits" in text(
            world.client(persona).get(report.get_absolute_url())
        )


def test_an_analyst_reads_the_figures_of_a_validated_report_without_the_comments(
    world: World,
) -> None:
    report = filled_report(world.site_a, status=VALIDATED, deaths=4)
    report.transitions.create(from_status="submitted", to_status="returned", comment="Privé.")
    analyst = world.client("analyst")
    body = analyst.get(api("detail", report)).json()
    assert body["deaths"] == 4
    assert body["justification"] == report.justification
    assert "comment" not in body["transitions"][0]
    content = text(analyst.get(report.get_absolute_url()))
    assert "Chiffres déclarés" in content
    assert "Privé." not in content


def test_the_analysts_export_holds_the_validated_reports_only(world: World) -> None:
    validated = filled_report(world.site_a, status=VALIDATED)
    others = (ReportStatus.DRAFT, SUBMITTED, ReportStatus.RETURNED, ReportStatus.REOPENED)
    for month, status in enumerate(others, start=4):
        filled_report(world.site_b, campaign=CampaignFactory(month=month), status=status)

    def ids(persona: str, status: str) -> list[str]:
        rows = read_csv(export(world.client(persona), name="activity-reports", status=status))
        return [row["report_id"] for row in rows]

    assert ids("analyst", "all") == [str(validated.pk)]
    for status in others:
        assert ids("analyst", status) == []
        assert len(ids("national_admin", status)) == 1
    assert len(ids("national_admin", "all")) == 5
    assert len(ids("ars_a", "all")) == 5


def test_the_analysts_indicators_count_validated_reports_only(world: World) -> None:
    filled_report(world.site_a, status=VALIDATED)
    filled_report(world.site_b, status=SUBMITTED)
    analyst, admin = world.users["analyst"], world.users["national_admin"]
    for_analyst = indicator_sums(ActivityReport.objects.with_figures_for(analyst))
    for_admin = indicator_sums(ActivityReport.objects.with_figures_for(admin))
    assert (for_analyst[None]["sums"]["reports"], for_admin[None]["sums"]["reports"]) == (1, 2)
    # Their dashboards' cached figures are kept apart.
    assert figures_key(scope_for(analyst), "", []) != figures_key(scope_for(admin), "", [])


def test_an_analyst_who_is_also_an_agent_follows_their_region(world: World) -> None:
    analyst = world.users["analyst"]
    grant(analyst, Role.ARS_AGENT, region=REGION_A)
    mine = filled_report(world.site_a, status=SUBMITTED)
    elsewhere = filled_report(world.site_c, status=SUBMITTED)
    readable = ActivityReport.objects.with_figures_for(analyst)
    assert set(readable) == {mine}
    client = world.client("analyst")
    assert "deaths" in client.get(api("detail", mine)).json()
    assert "deaths" not in client.get(api("detail", elsewhere)).json()


def test_an_analyst_gets_no_import_dry_run_of_the_drafts(world: World) -> None:
    ReportFactory(site=world.site_a, campaign=CampaignFactory(month=3), deaths=7)
    url = reverse("masp:report_import")
    response = world.client("analyst").post(url, {"file": csv_file([row(world, 3)])})
    assert response.context["lines"] is None
    assert "Seule la coordination d'une maison importe" in text(response)


def test_the_analysts_review_queue_shows_no_alert_of_a_submitted_report(world: World) -> None:
    filled_report(world.site_a, status=SUBMITTED, **QUIET_MONTH, justification="")
    for persona, shown in (("analyst", False), ("ars_a", True)):
        queue = world.client(persona).get(reverse("masp:review_queue"))
        [report] = queue.context["to_review"]
        assert bool(report.issues) is shown, persona
