"""The audit log of activity reports: creation, saved figures, every transition, the import;
a refused write leaves no entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEntry
from masp.activity.enums import ReportStatus
from masp.activity.services import (
    CommentRequired,
    NotAllowed,
    RulesFailed,
    VersionConflict,
    WrongState,
    report_create,
    report_reopen,
    report_return,
    report_save,
    report_submit,
    report_validate,
    reports_validate_many,
)
from masp.models import ActivityReport, ReportingCampaign
from tests.masp.factories import CampaignFactory, ReportFactory, filled_report, valid_figures
from tests.personas import World

pytestmark = pytest.mark.django_db


def entries_of(report: ActivityReport) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ActivityReport),
            object_id=str(report.pk),
        ).order_by("pk")
    )


def test_creating_a_report_records_its_figures(world: World) -> None:
    coordinator = world.users["coordinator_a"]
    report = report_create(
        site=world.site_a, campaign=CampaignFactory(month=3), user=coordinator, values={"deaths": 1}
    )
    [entry] = entries_of(report)
    assert (entry.actor, entry.action) == (coordinator, AuditAction.CREATE)
    assert entry.object_repr == str(report)
    assert entry.changes["deaths"] == {"old": None, "new": 1}
    assert entry.changes["status"] == {"old": None, "new": ReportStatus.DRAFT}
    assert entry.changes["site"] == {"old": None, "new": world.site_a.pk}


def test_a_duplicate_report_is_refused_without_entry(world: World) -> None:
    existing = filled_report(world.site_a)
    with pytest.raises(WrongState):
        report_create(
            site=world.site_a, campaign=existing.campaign, user=world.users["coordinator_a"]
        )
    assert not AuditEntry.objects.exists()


def test_saving_a_draft_records_the_changed_fields_only(world: World) -> None:
    report = filled_report(world.site_a, deaths=1)
    coordinator = world.users["coordinator_a"]
    report_save(report=report, user=coordinator, values={"deaths": 2}, version=report.version)
    [entry] = entries_of(report)
    assert (entry.actor, entry.action) == (coordinator, AuditAction.UPDATE)
    assert entry.changes == {
        "deaths": {"old": 1, "new": 2},
        "version": {"old": report.version, "new": report.version + 1},
    }


@pytest.mark.parametrize(
    ("persona", "version_shift", "refusal"),
    [("ars_a", 0, NotAllowed), ("coordinator_a", -1, VersionConflict)],
)
def test_a_refused_save_records_nothing(
    world: World, persona: str, version_shift: int, refusal: type[Exception]
) -> None:
    report = filled_report(world.site_a, deaths=1)
    with pytest.raises(refusal):
        report_save(
            report=report,
            user=world.users[persona],
            values={"deaths": 2},
            version=report.version + version_shift,
        )
    assert not AuditEntry.objects.exists()


def test_saving_a_validated_report_is_refused_without_entry(world: World) -> None:
    report = filled_report(world.site_a, status=ReportStatus.VALIDATED)
    with pytest.raises(WrongState):
        report_save(
            report=report, user=world.users["coordinator_a"], values={"deaths": 3}, version=None
        )
    assert not AuditEntry.objects.exists()


def test_every_transition_records_the_status_change(world: World) -> None:
    report = filled_report(world.site_a)
    coordinator, agent = world.users["coordinator_a"], world.users["ars_a"]
    report_submit(report=report, user=coordinator)
    report_return(report=report, user=agent, comment="Décès à vérifier")
    report_submit(report=report, user=coordinator)
    report_validate(report=report, user=agent)
    report_reopen(report=report, user=agent, comment="Correction demandée")
    entries = entries_of(report)
    assert [(e.actor, e.action) for e in entries] == [
        (coordinator, AuditAction.UPDATE),
        (agent, AuditAction.UPDATE),
        (coordinator, AuditAction.UPDATE),
        (agent, AuditAction.UPDATE),
        (agent, AuditAction.UPDATE),
    ]
    assert [e.changes["status"] for e in entries] == [
        {"old": ReportStatus.DRAFT, "new": ReportStatus.SUBMITTED},
        {"old": ReportStatus.SUBMITTED, "new": ReportStatus.RETURNED},
        {"old": ReportStatus.RETURNED, "new": ReportStatus.SUBMITTED},
        {"old": ReportStatus.SUBMITTED, "new": ReportStatus.VALIDATED},
        {"old": ReportStatus.VALIDATED, "new": ReportStatus.REOPENED},
    ]
    first = entries[0].changes
    assert first["submitted_at"]["old"] is None
    assert first["submitted_at"]["new"]
    assert entries[3].changes["validated_at"]["new"]
    versions = [e.changes["version"]["new"] for e in entries]
    assert versions == list(range(versions[0], versions[0] + 5))


def test_a_submission_comment_becomes_the_justification_in_the_entry(world: World) -> None:
    report = filled_report(world.site_a, justification="")
    report_submit(report=report, user=world.users["coordinator_a"], comment="Ouverture récente")
    [entry] = entries_of(report)
    # A free text: the log says it was filled, not what it says (accounts/audit.py).
    assert entry.changes["justification"] == {"old": "", "new": "[texte libre]"}


def test_refused_transitions_record_nothing(world: World) -> None:
    with_errors = filled_report(world.site_a, residents_end=999)
    with pytest.raises(RulesFailed):
        report_submit(report=with_errors, user=world.users["coordinator_a"])
    submitted = filled_report(world.site_b, status=ReportStatus.SUBMITTED)
    with pytest.raises(CommentRequired):
        report_return(report=submitted, user=world.users["ars_a"], comment=" ")
    with pytest.raises(NotAllowed):
        report_validate(report=submitted, user=world.users["coordinator_a"])
    with pytest.raises(WrongState):
        report_reopen(report=submitted, user=world.users["ars_a"], comment="Non")
    assert not AuditEntry.objects.exists()


def test_bulk_validation_records_one_entry_per_validated_report(world: World) -> None:
    submitted = [
        filled_report(world.site_a, status=ReportStatus.SUBMITTED),
        filled_report(world.site_b, status=ReportStatus.SUBMITTED),
    ]
    draft = ReportFactory(site=world.site_a, campaign=CampaignFactory(month=4))
    reports = [*submitted, draft]
    done, failed = reports_validate_many(
        reports=reports,
        user=world.users["ars_a"],
        versions={report.pk: report.version for report in reports},
    )
    assert (len(done), [report for report, _ in failed]) == (2, [draft])
    for report in submitted:
        [entry] = entries_of(report)
        assert entry.actor == world.users["ars_a"]
        assert entry.changes["status"] == {
            "old": ReportStatus.SUBMITTED,
            "new": ReportStatus.VALIDATED,
        }
    assert entries_of(draft) == []


def import_file(world: World, months: list[int], **changes: Any) -> SimpleUploadedFile:
    rows = []
    for month in months:
        campaign = CampaignFactory(month=month)
        figures = valid_figures(world.site_a, campaign, seed=month)
        figures.pop("highlights")
        rows.append(
            {
                "finess": world.site_a.finess_et,
                "periode": f"2026-{month:02d}",
                **figures,
                "justification": "Import",
                **changes,
            }
        )
    header = list(rows[0])
    lines = [";".join(header)] + [";".join(str(row[h]) for h in header) for row in rows]
    return SimpleUploadedFile("rapports.csv", "\n".join(lines).encode(), "text/csv")


def test_an_import_records_one_entry_per_report(world: World) -> None:
    existing = filled_report(world.site_a, campaign=CampaignFactory(month=4))
    client = world.client("coordinator_a")
    response = client.post(reverse("masp:report_import"), {"file": import_file(world, [3, 4])})
    assert response.context["can_apply"]
    assert not AuditEntry.objects.exists()  # the dry run writes nothing
    client.post(reverse("masp:report_import"), {"apply": "1"})
    created = ActivityReport.objects.get(campaign__period_start="2026-03-01")
    [creation] = entries_of(created)
    [update] = entries_of(existing)
    coordinator = world.users["coordinator_a"]
    assert (creation.actor, creation.action) == (coordinator, AuditAction.CREATE)
    assert (update.actor, update.action) == (coordinator, AuditAction.UPDATE)
    assert update.changes["justification"] == {"old": "[texte libre]", "new": "[texte libre]"}
    assert AuditEntry.objects.count() == 2


def test_a_rolled_back_import_leaves_no_entry(world: World) -> None:
    client = world.client("coordinator_a")
    client.post(reverse("masp:report_import"), {"file": import_file(world, [3, 4])})
    # The April report appears, submitted, between the dry run and the apply: all is undone,
    # including the March creation and its entry.
    filled_report(world.site_a, campaign=CampaignFactory(month=4), status=ReportStatus.SUBMITTED)
    response = client.post(reverse("masp:report_import"), {"apply": "1"}, follow=True)
    assert "rien n'a été enregistré" in response.content.decode()
    assert not ActivityReport.objects.filter(campaign__period_start="2026-03-01").exists()
    assert not AuditEntry.objects.exists()


def test_the_campaigns_of_a_year_are_logged_once(world: World) -> None:
    client = world.client("national_admin")
    client.post(reverse("masp:campaign_list"), {"year": 2028})
    client.post(reverse("masp:campaign_list"), {"year": 2028})  # existing ones are kept
    kind = ContentType.objects.get_for_model(ReportingCampaign)
    logged = AuditEntry.objects.filter(content_type=kind)
    assert logged.count() == 12
    assert set(logged.values_list("action", "actor_email")) == {
        (AuditAction.CREATE, world.users["national_admin"].email)
    }
    january = logged.get(object_id=str(ReportingCampaign.objects.get(period_start="2028-01-01").pk))
    assert january.changes["deadline"]["new"] == "2028-02-15"
