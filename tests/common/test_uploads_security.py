"""Issue 21, finding 14: an uploaded PDF is parsed (pypdf), not only sniffed for `%PDF-`; one
that is broken, a polyglot, or that holds JavaScript, a launch action or an embedded file is
refused with a French message, and nothing is stored."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from weasyprint import HTML, Attachment

from common.uploads import validate_pdf_upload
from partners.models import Convention
from tests.partners.factories import OrganisationFactory
from tests.pdfs import VALID_PDF, build_pdf
from tests.personas import World

pytestmark = pytest.mark.security

ACTIVE = "Le PDF contient des éléments actifs"
ALERT = b"<< /S /JavaScript /JS (app.alert(1)) >>"
TRAPS = {
    "JavaScript à l'ouverture": build_pdf(
        catalog=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "
    ),
    "noms échappés (#xx)": build_pdf(catalog=b"/OpenAction << /S /J#61vaScript /J#53 (x) >> "),
    "arbre de noms JavaScript": build_pdf(
        b"<< /JavaScript 5 0 R >>",
        b"<< /Names [(init) 6 0 R] >>",
        b"<< /S /JavaScript /JS (app.alert(1)) >>",
        catalog=b"/Names 4 0 R ",
    ),
    "JavaScript d'un lien": build_pdf(
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /JavaScript /JS (x) >> >>",
        page=b"/Annots [4 0 R] ",
    ),
    "action à l'ouverture de la page": build_pdf(
        page=b"/AA << /O << /S /JavaScript /JS (x) >> >> "
    ),
    "objet non relié": build_pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>"),
    "action de lancement": build_pdf(catalog=b"/OpenAction << /S /Launch /F (cmd.exe) >> "),
    "fichiers joints": build_pdf(
        b"<< /EmbeddedFiles 5 0 R >>",
        b"<< /Names [(a.exe) 6 0 R] >>",
        b"<< /Type /Filespec /F (a.exe) /EF << /F 7 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        catalog=b"/Names 4 0 R ",
    ),
    "pièce jointe en annotation": build_pdf(
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS (a.exe) >>",
        page=b"/Annots [4 0 R] ",
    ),
}


def error_of(content: bytes) -> ValidationError | None:
    try:
        validate_pdf_upload(ContentFile(content, name="convention.pdf"))
    except ValidationError as error:
        return error
    return None


def test_a_real_pdf_is_accepted() -> None:
    assert error_of(VALID_PDF) is None


@pytest.mark.parametrize("name", TRAPS)
def test_active_content_is_refused(name: str) -> None:
    error = error_of(TRAPS[name])
    assert error is not None, name
    assert error.code == "upload_active_pdf"
    assert error.messages[0].startswith(ACTIVE)


def test_active_content_in_compressed_object_streams_is_found() -> None:
    # WeasyPrint writes its objects in compressed object streams: the check reads them too.
    plain = HTML(string="<p>Convention</p>").write_pdf()
    assert error_of(plain) is None
    attached = HTML(string="<p>Convention</p>").write_pdf(
        attachments=[Attachment(string="MZ", base_url=None)]
    )
    assert b"/EmbeddedFiles" not in attached  # compressed: a byte search would miss it
    error = error_of(attached)
    assert error is not None
    assert error.code == "upload_active_pdf"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-<html><script>alert(1)</script></html>",
        build_pdf(header=b" <html><script>alert(1)</script>"),
        VALID_PDF.replace(b"%\xe2\xe3\xcf\xd3", b"%<script>alert(1)</script>"),
    ],
)
def test_polyglots_are_refused(content: bytes) -> None:
    error = error_of(content)
    assert error is not None
    assert error.code == "upload_content"
    assert "n'est pas un PDF" in error.messages[0]


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        VALID_PDF[: len(VALID_PDF) // 2],
        build_pdf().replace(b"/Count 1", b"/Count 0").replace(b"[3 0 R]", b"[]"),
    ],
)
def test_broken_pdfs_are_refused(content: bytes) -> None:
    error = error_of(content)
    assert error is not None
    assert error.code == "upload_invalid_pdf"
    assert "PDF valide" in error.messages[0]


def test_a_password_protected_pdf_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", algorithm="AES-128")
    content = io.BytesIO()
    writer.write(content)
    error = error_of(content.getvalue())
    assert error is not None
    assert error.code == "upload_encrypted_pdf"


@pytest.mark.django_db
def test_the_convention_api_refuses_a_pdf_with_javascript(world: World) -> None:
    url = reverse("api_site_conventions", args=[world.site_a.pk])
    data = {
        "partner": OrganisationFactory(department_id="59").pk,
        "subject": "expertise",
        "signed_on": "2026-01-15",
        "valid_from": "2026-02-01",
        "valid_until": "2029-01-31",
        "document": SimpleUploadedFile("c.pdf", TRAPS["JavaScript à l'ouverture"]),
    }
    response = world.client("coordinator_a").post(url, data, format="multipart")
    assert response.status_code == 400
    assert response.json()["document"][0].startswith(ACTIVE)
    assert not Convention.objects.exists()
