"""Uploaded PDF checks and private file serving (common/uploads.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.test import Client, override_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from common.uploads import (
    PDF_MAGIC,
    PrivatePdfPath,
    download_name,
    private_file_response,
    validate_pdf_upload,
)
from tests.pdfs import VALID_PDF

PDF = VALID_PDF
FRENCH = re.compile(r"[àâçéèêëîïôûùü]|fichier|PDF", re.IGNORECASE)


def upload(content: bytes, name: str) -> ContentFile:
    # ContentFile keeps the name as given (a browser's upload would be reduced to its basename
    # by Django first): the validator must cope with anything.
    return ContentFile(content, name=name)


def error_of(content: bytes, name: str) -> ValidationError | None:
    try:
        validate_pdf_upload(upload(content, name))
    except ValidationError as error:
        return error
    return None


def test_a_pdf_is_accepted() -> None:
    assert error_of(PDF, "Convention signée.PDF") is None


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (PDF, "", "upload_name"),
        (PDF, ".pdf", "upload_extension"),
        (PDF, "convention.docx", "upload_extension"),
        (PDF, "convention.pdf.exe", "upload_extension"),
        (PDF, "../../etc/passwd.pdf", "upload_name"),
        (PDF, "..\\..\\boot.pdf", "upload_name"),
        (PDF, "nul\x00.pdf", "upload_name"),
        (b"", "vide.pdf", "upload_empty"),
        (b"<html><script>alert(1)</script>", "page.pdf", "upload_content"),
        (b"MZ\x90\x00" + PDF, "programme.pdf", "upload_content"),
        (b" %PDF-1.7", "espace.pdf", "upload_content"),
    ],
)
def test_bad_uploads_get_a_clear_french_error(content: bytes, name: str, code: str) -> None:
    error = error_of(content, name)
    assert error is not None
    assert error.code == code
    assert FRENCH.search(error.messages[0])


@override_settings(MASP_MAX_UPLOAD_BYTES=1024)
def test_size_limit_comes_from_the_setting() -> None:
    assert error_of(PDF + b"x" * (1024 - len(PDF)), "juste.pdf") is None
    error = error_of(PDF + b"x" * 1024, "trop-gros.pdf")
    assert error is not None
    assert error.code == "upload_size"
    assert "taille maximale" in error.messages[0]


def test_default_limit_is_ten_megabytes() -> None:
    assert settings.MASP_MAX_UPLOAD_BYTES == 10 * 1024 * 1024


@hypothesis_settings(max_examples=300, deadline=None)
@given(content=st.binary(max_size=64), name=st.text(max_size=40))
def test_any_bytes_and_name_give_a_validation_error_or_a_real_pdf(
    content: bytes, name: str
) -> None:
    error = error_of(content, name)  # any other exception fails the test
    if error is None:
        assert content.startswith(PDF_MAGIC)
        assert name.lower().endswith(".pdf")
        assert "/" not in name
        assert "\\" not in name
    else:
        assert FRENCH.search(error.messages[0])


@hypothesis_settings(max_examples=200, deadline=None)
@given(content=st.binary(max_size=32), stem=st.text(min_size=1, max_size=30))
def test_the_content_decides_for_well_named_files(content: bytes, stem: str) -> None:
    # The magic alone no longer lets a file in (issue 21): a real PDF is needed.
    error = error_of(PDF, f"{stem}.pdf")
    if error is not None:  # only the name can be at fault then
        assert error.code == "upload_name"
    error = error_of(PDF_MAGIC + content, "fichier.pdf")
    assert error is not None
    assert error.code in {"upload_content", "upload_invalid_pdf"}


@hypothesis_settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=60))
def test_storage_names_are_generated_and_never_escape_their_folder(name: str) -> None:
    stored = PrivatePdfPath("conventions/signed")(None, name)
    assert re.fullmatch(r"conventions/signed/[0-9a-f]{32}\.pdf", stored)
    assert re.fullmatch(r"[a-z0-9_-]+\.pdf", download_name(name))


def test_storage_folder_is_checked() -> None:
    with pytest.raises(ValueError, match="Invalid upload folder"):
        PrivatePdfPath("../public")
    assert PrivatePdfPath("a").deconstruct() == ("common.uploads.PrivatePdfPath", ("a",), {})


@pytest.mark.django_db
def test_private_files_are_outside_served_paths(superuser_client: Client) -> None:
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    assert Path(default_storage.location).resolve() == root
    served = [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]
    for folder in served:
        assert not root.is_relative_to(folder.resolve())
    # No URL serves the storage: a stored file is reachable only through a view's helper.
    name = default_storage.save(PrivatePdfPath("tests")(None, "x.pdf"), ContentFile(PDF))
    try:
        for url in (default_storage.url(name), f"/{name}", f"/media/{name}"):
            assert superuser_client.get("/" + url.lstrip("/")).status_code == 404
    finally:
        default_storage.delete(name)


def test_private_file_response_is_a_nosniff_attachment(tmp_path: Path) -> None:
    storage = FileSystemStorage(location=tmp_path, base_url=None)
    stored = storage.save(PrivatePdfPath("docs")(None, "x.pdf"), ContentFile(PDF))
    with storage.open(stored) as file:
        response = private_file_response(file=file, filename="Convention EMSP <2026>.pdf")
        body = b"".join(response.streaming_content)
    assert body == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="convention-emsp-2026.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_an_unreadable_upload_is_a_validation_error() -> None:
    class Broken(ContentFile):
        def read(self, *args: object) -> bytes:
            raise OSError("disque illisible")

    with pytest.raises(ValidationError) as error:
        validate_pdf_upload(Broken(PDF, name="ok.pdf"))
    assert error.value.code == "upload_unreadable"
