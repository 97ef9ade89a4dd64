"""Signed convention documents: PDF only, size-limited, private, served within scope only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partners.models import Convention, Partnership
from tests.partners.factories import PDF_BYTES, ConventionFactory, OrganisationFactory
from tests.personas import World

pytestmark = pytest.mark.django_db

NOT_PDF_EXTENSION = "Seuls les fichiers PDF (extension .pdf) sont acceptés."
NOT_PDF_CONTENT = "Le contenu du fichier n'est pas un PDF, quelle que soit son extension."
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form_data(world: World, document: SimpleUploadedFile) -> dict:
    return {
        "partner": OrganisationFactory(department_id="59").pk,
        "subject": "expertise",
        "signed_on": "2026-01-15",
        "valid_from": "2026-02-01",
        "valid_until": "2029-01-31",
        "document": document,
    }


def post_form(world: World, document: SimpleUploadedFile):
    url = reverse("partners:convention_create", args=[world.site_a.pk])
    return world.client("coordinator_a").post(url, form_data(world, document))


def post_api(world: World, document: SimpleUploadedFile):
    url = reverse("api_site_conventions", args=[world.site_a.pk])
    return world.client("coordinator_a").post(url, form_data(world, document), format="multipart")


def test_a_pdf_is_accepted_stored_privately_and_named(world: World) -> None:
    response = post_form(world, SimpleUploadedFile("Convention EMSP.pdf", PDF_BYTES))
    assert response.status_code == 302
    convention = Convention.objects.get(site=world.site_a)
    assert convention.document_name == "Convention EMSP.pdf"
    stored = Path(convention.document.path)
    assert stored.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert "EMSP" not in stored.name  # a random name on disk
    assert stored.read_bytes() == PDF_BYTES
    # The partner becomes one of the house's partners.
    assert Partnership.objects.filter(site=world.site_a, organisation=convention.partner).exists()


def test_a_non_pdf_file_is_refused(world: World) -> None:
    response = post_form(world, SimpleUploadedFile("notes.txt", b"hello", "text/plain"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"document": [NOT_PDF_EXTENSION]}
    assert NOT_PDF_EXTENSION in response.content.decode()
    assert not Convention.objects.exists()


def test_an_oversized_file_is_refused(world: World, settings: pytest.FixtureRequest) -> None:
    settings.MASP_MAX_UPLOAD_BYTES = 1024  # type: ignore[attr-defined]
    big = PDF_BYTES.ljust(2114, b"0")  # 2,1 Kio, whatever the sample PDF's own size
    response = post_form(world, SimpleUploadedFile("convention.pdf", big, "application/pdf"))
    assert response.status_code == 200
    [error] = response.context["form"].errors.pop("document")
    assert not response.context["form"].errors  # no other complaint
    assert error.startswith("Le fichier pèse 2,1")
    assert "la taille maximale est de 1,0\xa0Kio" in error
    assert not Convention.objects.exists()


def test_a_pdf_name_with_other_content_is_refused(world: World) -> None:
    # The browser's content type is not trusted: the bytes are checked.
    fake = SimpleUploadedFile("convention.pdf", PNG_BYTES, "application/pdf")
    response = post_form(world, fake)
    assert response.status_code == 200
    assert response.context["form"].errors == {"document": [NOT_PDF_CONTENT]}
    assert not Convention.objects.exists()


def test_the_default_limit_is_ten_megabytes() -> None:
    assert settings.MASP_MAX_UPLOAD_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("notes.txt", b"hello", "text/plain"), NOT_PDF_EXTENSION),
        (lambda: SimpleUploadedFile("c.pdf", PNG_BYTES, "application/pdf"), NOT_PDF_CONTENT),
    ],
)
def test_api_refuses_bad_documents_with_a_json_400(world: World, upload, message: str) -> None:
    response = post_api(world, upload())
    assert response.status_code == 400
    assert response.json()["document"] == [message]
    assert response.json()["code"] == "invalid"
    assert not Convention.objects.exists()


def test_api_refuses_an_oversized_document(world: World, settings) -> None:
    settings.MASP_MAX_UPLOAD_BYTES = 1024
    response = post_api(world, SimpleUploadedFile("c.pdf", PDF_BYTES + b"0" * 2048))
    assert response.status_code == 400
    assert "la taille maximale est de 1,0\xa0Kio" in response.json()["document"][0]


def test_api_accepts_a_pdf(world: World) -> None:
    response = post_api(world, SimpleUploadedFile("signed.pdf", PDF_BYTES))
    assert response.status_code == 201, response.json()
    body = response.json()
    convention = Convention.objects.get(pk=body["id"])
    assert body["status"] == "signed"
    assert body["document_name"] == "signed.pdf"
    assert body["document_url"] == reverse("partners:convention_document", args=[convention.pk])
    assert "document" not in body  # never the storage path


def download(client: Client, convention: Convention):
    response = client.get(reverse("partners:convention_document", args=[convention.pk]))
    # Reading the stream to the end lets the test client close the file.
    content = b"".join(response.streaming_content) if response.streaming else b""
    return response, content


def test_document_is_served_to_those_who_see_the_house(world: World) -> None:
    convention = ConventionFactory(site=world.site_a, with_document=True)
    for persona in ["coordinator_a", "ars_a", "analyst", "national_admin"]:
        response, content = download(world.client(persona), convention)
        assert response.status_code == 200, persona
        assert content == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert "convention-signee.pdf" in response["Content-Disposition"]


def test_another_regions_agent_gets_a_404(world: World) -> None:
    convention = ConventionFactory(site=world.site_a, with_document=True)
    for persona in ["ars_other", "coordinator_b"]:
        response, content = download(world.client(persona), convention)
        assert response.status_code == 404, persona
        assert content == b""


def test_anonymous_is_sent_to_login(world: World) -> None:
    convention = ConventionFactory(site=world.site_a, with_document=True)
    response, _content = download(world.client("anonymous"), convention)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_convention_without_document_or_with_a_lost_file_is_404(world: World) -> None:
    bare = ConventionFactory(site=world.site_a)
    assert download(world.client("ars_a"), bare)[0].status_code == 404
    lost = ConventionFactory(site=world.site_a, with_document=True)
    Path(lost.document.path).unlink()
    assert download(world.client("ars_a"), lost)[0].status_code == 404


def test_editing_a_convention_keeps_its_document(world: World) -> None:
    convention = ConventionFactory(site=world.site_a, with_document=True)
    url = reverse("partners:convention_edit", args=[convention.pk])
    response = world.client("coordinator_a").post(
        url,
        {
            "partner": convention.partner_id,
            "subject": "training",
            "signed_on": "2025-01-10",
            "valid_from": "2025-02-01",
            "valid_until": "2028-01-31",
            "terminated_on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.subject == "training"
    assert convention.document
    assert convention.status == "terminated"


def test_the_edit_form_links_the_current_document_through_the_download_view(
    world: World,
) -> None:
    """Private storage has no public URL: the link goes to the view that checks the scope, and
    shows the name the file was uploaded under, not its storage name."""
    convention = ConventionFactory(site=world.site_a, with_document=True)
    client = world.client("coordinator_a")
    page = client.get(reverse("partners:convention_edit", args=[convention.pk]))
    link = reverse("partners:convention_document", args=[convention.pk])
    content = page.content.decode()
    assert f'href="{link}">convention-signee.pdf</a>' in content
    assert convention.document.name not in content
    assert download(client, convention)[0].status_code == 200
    # A new convention has no document yet: a plain file input.
    blank = client.get(reverse("partners:convention_create", args=[world.site_a.pk]))
    assert "document-clear" not in blank.content.decode()


def test_clearing_the_document_in_the_edit_form(world: World) -> None:
    convention = ConventionFactory(site=world.site_a, with_document=True)
    response = world.client("coordinator_a").post(
        reverse("partners:convention_edit", args=[convention.pk]),
        {
            "partner": convention.partner_id,
            "subject": convention.subject,
            "signed_on": "2025-01-10",
            "document-clear": "on",
        },
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert not convention.document


def test_a_document_needs_a_signature_date(world: World) -> None:
    data = form_data(world, SimpleUploadedFile("c.pdf", PDF_BYTES))
    data["signed_on"] = ""
    url = reverse("partners:convention_create", args=[world.site_a.pk])
    response = world.client("coordinator_a").post(url, data)
    assert response.context["form"].errors["signed_on"] == [
        "Indiquez la date de signature du document joint."
    ]


def test_the_model_refuses_a_bad_document_too(world: World) -> None:
    # The admin and any other path go through the model field's validator.
    from django.core.exceptions import ValidationError

    convention = ConventionFactory.build(
        site=world.site_a, partner=OrganisationFactory(), document=None
    )
    convention.document = SimpleUploadedFile("c.pdf", PNG_BYTES)
    with pytest.raises(ValidationError) as caught:
        convention.full_clean()
    assert caught.value.message_dict == {"document": [NOT_PDF_CONTENT]}
