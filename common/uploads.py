"""Uploaded documents: PDF checks (content, size, name), private storage names, safe serving.

Every app that accepts a document (signed conventions, reports...) uses these so that the rules
are the same everywhere: `validate_pdf_upload` in the form or model field, `PrivatePdfPath` as
the field's `upload_to`, and `private_file_response` in the view, after its scope check.
"""

from __future__ import annotations

import re
import uuid
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
FOLDER_RE = re.compile(r"[a-z0-9_-]+(?:/[a-z0-9_-]+)*")
# Control characters (NUL included) never belong in a file name.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def validate_pdf_upload(upload: Any) -> None:
    """Raise a ValidationError (French message) unless `upload` is a PDF of an allowed size."""
    if getattr(upload, "_committed", False):
        return  # a file already in storage was checked when it was uploaded
    _check_name(str(getattr(upload, "name", None) or ""))
    _check_size(getattr(upload, "size", None))
    _check_content(upload)


def _check_name(name: str) -> None:
    if not name.strip():
        raise ValidationError(_("Le fichier n'a pas de nom."), code="upload_name")
    if (
        CONTROL_RE.search(name)
        or PurePosixPath(name).name != name
        or PureWindowsPath(name).name != name
        or name in {".", ".."}
    ):
        raise ValidationError(
            _("Le nom du fichier ne doit contenir ni chemin ni caractère de contrôle."),
            code="upload_name",
        )
    if not name.lower().endswith(".pdf") or len(name) <= len(".pdf"):
        raise ValidationError(
            _("Seuls les fichiers PDF (extension .pdf) sont acceptés."), code="upload_extension"
        )


def _check_size(size: int | None) -> None:
    limit = settings.MASP_MAX_UPLOAD_BYTES
    if not size:
        raise ValidationError(_("Le fichier est vide."), code="upload_empty")
    if size > limit:
        raise ValidationError(
            _("Le fichier pèse %(size)s ; la taille maximale est de %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="upload_size",
        )


def _check_content(upload: Any) -> None:
    try:
        upload.seek(0)
        head = upload.read(len(PDF_MAGIC))
        upload.seek(0)
    except (OSError, ValueError, AttributeError) as error:
        message = _("Le fichier n'a pas pu être lu.")
        raise ValidationError(message, code="upload_unreadable") from error
    if not isinstance(head, bytes) or head != PDF_MAGIC:
        raise ValidationError(
            _("Le contenu du fichier n'est pas un PDF, quelle que soit son extension."),
            code="upload_content",
        )


@deconstructible
class PrivatePdfPath:
    """`upload_to` for a FileField: `<folder>/<random>.pdf`, whatever name the user sent.

    The stored name never comes from the user, so it cannot climb out of the folder or
    collide; the original name, if wanted, is kept in its own field.
    """

    def __init__(self, folder: str) -> None:
        if not FOLDER_RE.fullmatch(folder):
            raise ValueError(f"Invalid upload folder: {folder!r}")
        self.folder = folder

    def __call__(self, instance: object, filename: str) -> str:
        return f"{self.folder}/{uuid.uuid4().hex}.pdf"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PrivatePdfPath) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def download_name(name: str, *, default: str = "document") -> str:
    """A harmless file name for Content-Disposition, built from a title or the original name."""
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return f"{(slugify(stem)[:80] or default)}.pdf"


def private_file_response(*, file: IO[bytes] | Any, filename: str) -> FileResponse:
    """Serve a private document as a download. Call it only after the view's scope check."""
    if hasattr(file, "open"):  # a FieldFile or a django File: (re)open it for reading
        file = file.open("rb") or file
    response = FileResponse(
        file, as_attachment=True, filename=download_name(filename), content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
