"""The audit log of conventions: created and edited by the form, the API and the admin, the
signed PDF recorded by its stored name (never its content); a refused form leaves no entry."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEntry
from partners.models import Convention
from tests.partners.factories import PDF_BYTES, ConventionFactory, OrganisationFactory
from tests.personas import World

pytestmark = pytest.mark.django_db


def entries_of(convention_pk: int) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Convention),
            object_id=str(convention_pk),
        ).order_by("pk")
    )


def form_data(convention: Convention | None = None, **changes: object) -> dict:
    data = {
        "partner": convention.partner_id if convention else OrganisationFactory().pk,
        "subject": "expertise",
        "signed_on": "2025-01-10",
        "valid_from": "2025-02-01",
        "valid_until": "2028-01-31",
    }
    return {**data, **changes}


def test_a_convention_created_with_its_pdf_is_logged_by_stored_name(world: World) -> None:
    url = reverse("partners:convention_create", args=[world.site_a.pk])
    document = SimpleUploadedFile("Convention EMSP.pdf", PDF_BYTES)
    response = world.client("coordinator_a").post(url, form_data(document=document))
    assert response.status_code == 302
    convention = Convention.objects.get(site=world.site_a)
    [entry] = entries_of(convention.pk)
    assert (entry.actor, entry.action) == (world.users["coordinator_a"], AuditAction.CREATE)
    assert entry.changes["subject"] == {"old": None, "new": "expertise"}
    assert entry.changes["document"] == {"old": None, "new": convention.document.name}
    # The uploaded file's name is free text (it may name a person): its presence only.
    assert entry.changes["document_name"] == {"old": None, "new": "[texte libre]"}
    assert PDF_BYTES.decode("latin-1")[:20] not in str(entry.changes)


def test_editing_records_the_changed_fields(world: World) -> None:
    convention = ConventionFactory(site=world.site_a, with_document=True)
    url = reverse("partners:convention_edit", args=[convention.pk])
    response = world.client("coordinator_a").post(url, form_data(convention, subject="training"))
    assert response.status_code == 302
    [entry] = entries_of(convention.pk)
    assert (entry.actor, entry.action) == (world.users["coordinator_a"], AuditAction.UPDATE)
    assert entry.changes == {"subject": {"old": "expertise", "new": "training"}}


def test_replacing_the_signed_pdf_records_old_and_new_stored_names(world: World) -> None:
    convention = ConventionFactory(site=world.site_a, with_document=True)
    old_name = convention.document.name
    url = reverse("partners:convention_edit", args=[convention.pk])
    document = SimpleUploadedFile("Avenant.pdf", PDF_BYTES)
    response = world.client("coordinator_a").post(url, form_data(convention, document=document))
    assert response.status_code == 302
    convention.refresh_from_db()
    [entry] = entries_of(convention.pk)
    assert entry.changes["document"] == {"old": old_name, "new": convention.document.name}
    assert old_name != convention.document.name
    assert entry.changes["document_name"] == {"old": "[texte libre]", "new": "[texte libre]"}


def test_a_refused_upload_records_nothing(world: World) -> None:
    convention = ConventionFactory(site=world.site_a, with_document=True)
    url = reverse("partners:convention_edit", args=[convention.pk])
    document = SimpleUploadedFile("notes.pdf", b"hello", "application/pdf")
    response = world.client("coordinator_a").post(url, form_data(convention, document=document))
    assert response.status_code == 200
    assert not AuditEntry.objects.exists()


def test_a_convention_created_through_the_api_is_logged(world: World) -> None:
    url = reverse("api_site_conventions", args=[world.site_a.pk])
    response = world.client("coordinator_a").post(url, form_data())
    assert response.status_code == 201
    [entry] = entries_of(response.json()["id"])
    assert (entry.actor, entry.action) == (world.users["coordinator_a"], AuditAction.CREATE)


def test_a_convention_deleted_in_the_admin_is_logged(world: World) -> None:
    convention = ConventionFactory(site=world.site_a)
    pk = convention.pk
    response = world.client("national_admin").post(
        reverse("admin:partners_convention_delete", args=[pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Convention.objects.filter(pk=pk).exists()
    [entry] = entries_of(pk)
    assert (entry.actor, entry.action) == (world.users["national_admin"], AuditAction.DELETE)
    assert entry.changes["subject"] == {"old": "expertise", "new": None}
