"""Uploaded documents: PDF checks (structure, active content, size, name), private storage names,
safe serving.

Every app that accepts a document (signed conventions, reports...) uses these so that the rules
are the same everywhere: `validate_pdf_upload` in the form or model field, `PrivatePdfPath` as
the field's `upload_to`, and `private_file_response` in the view, after its scope check.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext as _

if TYPE_CHECKING:  # pypdf loads where a PDF is read, not in every process
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, PdfObject

PDF_MAGIC = b"%PDF-"
# The header line is `%PDF-1.x` or `%PDF-2.0` and nothing else: `%PDF-<html>...` is a polyglot.
PDF_HEADER_RE = re.compile(rb"%PDF-[12]\.[0-9](?:\r\n|\r|\n| |\t|%)")
# Markup in the part of a file browsers sniff: a PDF has no reason to hold any.
MARKUP_RE = re.compile(rb"<\s*(?:html|head|body|script|iframe|svg|!doctype)", re.IGNORECASE)
SNIFFED_BYTES = 1024
# Dictionary keys, and values of /S (action type) or /Type, that make a PDF run or carry
# something: JavaScript (actions, the /JavaScript names tree), launch actions, embedded files
# (the /EmbeddedFiles names tree, file specifications holding an /EF, attachment annotations).
ACTIVE_KEYS = {"/JS", "/JavaScript", "/Launch", "/EmbeddedFiles", "/EF"}
ACTIVE_VALUES = {"/JavaScript", "/Launch", "/EmbeddedFile", "/FileAttachment"}
MAX_PDF_NODES = 500_000  # dictionaries and arrays walked; a 10 MB PDF has far fewer
FOLDER_RE = re.compile(r"[a-z0-9_-]+(?:/[a-z0-9_-]+)*")
# Control characters (NUL included) never belong in a file name.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def validate_pdf_upload(upload: Any) -> None:
    """Raise a ValidationError (French message) unless `upload` is a PDF of an allowed size."""
    if getattr(upload, "_committed", False):
        return  # a file already in storage was checked when it was uploaded
    _check_name(str(getattr(upload, "name", None) or ""))
    _check_size(getattr(upload, "size", None))
    _check_pdf(_read(upload))


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


def _read(upload: Any) -> bytes:
    # The size is checked first: at most MASP_MAX_UPLOAD_BYTES are read into memory.
    try:
        upload.seek(0)
        content = upload.read()
        upload.seek(0)
    except (OSError, ValueError, AttributeError) as error:
        message = _("Le fichier n'a pas pu être lu.")
        raise ValidationError(message, code="upload_unreadable") from error
    if not isinstance(content, bytes):
        raise ValidationError(_("Le fichier n'a pas pu être lu."), code="upload_unreadable")
    return content


def _check_pdf(content: bytes) -> None:
    not_pdf = ValidationError(
        _("Le contenu du fichier n'est pas un PDF, quelle que soit son extension."),
        code="upload_content",
    )
    if not PDF_HEADER_RE.match(content) or MARKUP_RE.search(content[:SNIFFED_BYTES]):
        raise not_pdf
    try:
        found = _active_content(content)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds (and RecursionError) on a broken file
        raise _invalid_pdf() from error
    if found:
        raise ValidationError(
            _(
                "Le PDF contient des éléments actifs (JavaScript, action de lancement ou fichier "
                "joint) : enregistrez-le de nouveau sans eux, par exemple en l'imprimant en PDF."
            ),
            code="upload_active_pdf",
        )


def _invalid_pdf() -> ValidationError:
    return ValidationError(
        _("Le fichier n'est pas un PDF valide : il ne peut pas être ouvert."),
        code="upload_invalid_pdf",
    )


def _active_content(content: bytes) -> bool:
    """Whether any object of the PDF holds JavaScript, a launch action or an embedded file.

    Every object of the cross-reference table is read (those of compressed object streams
    too), whether the document tree links it or not; pypdf decodes `#xx` escapes in names,
    so `/J#53` is seen as `/JS`."""
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValidationError(
            _("Le PDF est protégé par un mot de passe : déposez-le sans protection."),
            code="upload_encrypted_pdf",
        )
    if len(reader.pages) == 0:
        raise _invalid_pdf()
    for walked, node in enumerate(_nodes(reader)):
        if walked >= MAX_PDF_NODES:
            raise _invalid_pdf()  # too many objects to check: refused rather than let through
        if isinstance(node, DictionaryObject) and _is_active(node):
            return True
    return False


def _is_active(node: DictionaryObject) -> bool:
    if ACTIVE_KEYS.intersection(node.keys()):
        return True
    kinds = (dict.get(node, "/S"), dict.get(node, "/Type"), dict.get(node, "/Subtype"))
    return any(str(kind) in ACTIVE_VALUES for kind in kinds if kind is not None)


def _nodes(reader: PdfReader) -> Iterator[DictionaryObject | ArrayObject]:
    """The dictionaries and arrays of the trailer and of every indirect object, without
    following references (each referenced object is visited from the table on its own)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    roots: list[PdfObject] = [reader.trailer]
    for generation, numbers in reader.xref.items():
        roots += [IndirectObject(number, generation, reader) for number in numbers]
    roots += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    stack: list[Any] = []
    for root in roots:
        stack.append(root.get_object() if isinstance(root, IndirectObject) else root)
        while stack:
            node = stack.pop()
            if isinstance(node, DictionaryObject):
                yield node
                stack += dict.values(node)
            elif isinstance(node, ArrayObject):
                yield node
                stack += list.__iter__(node)


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
