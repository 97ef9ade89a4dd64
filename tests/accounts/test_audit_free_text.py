"""Finding 17b: the append-only audit log never copies a free text (a name typed by mistake
could never be erased from it); a free text is erased from the record and, with
`erase_history_text`, from its past versions."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.audit import FREE_TEXT, audit_creation, is_free_text
from accounts.erasure import ERASED, history_text_erase
from accounts.models import AuditEntry
from masp.activity.services import report_save
from masp.models import ActivityReport, Site
from partners.models import Convention, Organisation, ParticipationBody
from tests.masp.factories import filled_report
from tests.partners.factories import ParticipationBodyFactory
from tests.personas import World

pytestmark = [pytest.mark.django_db, pytest.mark.security]

NAME = "Mme Jeanne Durand"


def whole_log() -> str:
    rows = AuditEntry.objects.values_list("object_repr", "changes")
    return " ".join(f"{label} {changes}" for label, changes in rows)


def test_free_text_fields_are_told_from_codes_and_values() -> None:
    def field(model: type, name: str) -> bool:
        return is_free_text(model._meta.get_field(name))

    assert field(ActivityReport, "justification")  # TextField
    assert field(ParticipationBody, "name")  # long CharField
    assert field(Convention, "document_name")
    assert field(Site, "manager_name")
    for model, name in [
        (Site, "finess_et"),  # a code
        (Site, "postcode"),
        (Organisation, "kind"),  # choices
        (ActivityReport, "status"),
        (ActivityReport, "deaths"),  # a number
        (Convention, "signed_on"),  # a date
        (Convention, "partner"),  # a foreign key
    ]:
        assert not field(model, name), name


def test_a_name_typed_in_a_form_is_not_copied_into_the_log(world: World) -> None:
    body = ParticipationBodyFactory(site=world.site_a)
    response = world.client("coordinator_a").post(
        reverse("partners:participation_edit", args=[body.pk]),
        {"kind": body.kind, "name": body.name, "notes": f"Présence de {NAME}"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    # The log says the notes were filled in, and by whom; not what they say.
    assert entry.changes == {"notes": {"old": "", "new": FREE_TEXT}}
    assert entry.actor == world.users["coordinator_a"]
    assert NAME not in whole_log()


def test_a_report_justification_is_recorded_as_changed_only(world: World) -> None:
    report = filled_report(world.site_a)
    report_save(
        report=report,
        user=world.users["coordinator_a"],
        values={"justification": f"Décès de {NAME}", "deaths": report.deaths + 1},
        version=report.version,
    )
    entry = AuditEntry.objects.get()
    assert entry.changes["justification"] == {"old": FREE_TEXT, "new": FREE_TEXT}
    # Numbers keep their values.
    assert entry.changes["deaths"] == {"old": report.deaths, "new": report.deaths + 1}
    assert NAME not in whole_log()


def test_a_label_quoting_a_free_text_is_replaced_by_kind_and_number(world: World) -> None:
    body = ParticipationBodyFactory(site=world.site_a, name=NAME)
    entry = audit_creation(actor=None, instance=body)
    assert entry.object_repr == f"instance de participation n° {body.pk}"
    assert entry.changes["name"] == {"old": None, "new": FREE_TEXT}
    assert entry.changes["kind"] == {"old": None, "new": body.kind}
    assert entry.changes["site"] == {"old": None, "new": world.site_a.pk}
    assert NAME not in whole_log()


def history_texts(report: ActivityReport) -> list[str]:
    return list(report.history.order_by("history_id").values_list("justification", flat=True))


def test_a_name_is_erased_from_the_reports_history(world: World) -> None:
    coordinator = world.users["coordinator_a"]
    report = filled_report(world.site_a)
    report_save(
        report=report,
        user=coordinator,
        values={"justification": f"Décès de {NAME}"},
        version=report.version,
    )
    report.refresh_from_db()
    # First the record itself is corrected, in the form; its past versions still hold the name.
    report_save(
        report=report,
        user=coordinator,
        values={"justification": "Un décès."},
        version=report.version,
    )
    report.refresh_from_db()
    assert any(NAME in text for text in history_texts(report))
    out = io.StringIO()
    admin_email = world.users["national_admin"].email
    args = ["masp.ActivityReport", str(report.pk), "justification", "--by", admin_email]
    call_command("erase_history_text", *args, stdout=out)  # dry run
    assert "à effacer" in out.getvalue()
    assert any(NAME in text for text in history_texts(report))

    call_command("erase_history_text", *args, "--wet-run", stdout=out)
    texts = history_texts(report)
    assert not any(NAME in text for text in texts)
    assert ERASED in texts
    assert texts[-1] == "Un décès."  # the current version is kept
    assert NAME not in whole_log()
    erasure = AuditEntry.objects.latest("pk")
    assert erasure.actor == world.users["national_admin"]
    assert erasure.changes["historique.justification"]["new"] == ERASED
    # Run again: nothing left to erase.
    assert (
        history_text_erase(instance=report, field_name="justification", actor=None, wet_run=True)
        == 0
    )


def test_erasure_refuses_codes_numbers_and_models_without_history(world: World) -> None:
    report = filled_report(world.site_a)
    email = world.users["national_admin"].email
    for model, pk, field in [
        ("masp.ActivityReport", report.pk, "deaths"),
        ("masp.ActivityReport", report.pk, "status"),
        ("masp.ActivityReport", report.pk, "nothing"),
        ("masp.Site", world.site_a.pk, "name"),  # no history kept
        ("masp.Nothing", 1, "name"),
        ("masp.ActivityReport", 0, "justification"),
    ]:
        with pytest.raises(CommandError):
            call_command("erase_history_text", model, str(pk), field, "--by", email, "--wet-run")
    with pytest.raises(CommandError):
        call_command(
            "erase_history_text",
            "masp.ActivityReport",
            str(report.pk),
            "justification",
            "--by",
            "nobody@example.org",
        )
    assert not AuditEntry.objects.exists()
