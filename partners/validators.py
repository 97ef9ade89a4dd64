"""Checks on uploaded convention documents: a real PDF, within the size limit."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"


def validate_pdf_document(file: Any) -> None:
    """A .pdf name, a size under PARTNERS_DOCUMENT_MAX_BYTES and content starting with %PDF-.

    The content type sent by the browser is not trusted: only the bytes are."""
    if getattr(file, "_committed", False):
        return  # already stored, checked when it was uploaded
    if PurePath(file.name or "").suffix.lower() != ".pdf":
        raise ValidationError(
            _("Le document doit être un fichier PDF (extension .pdf)."), code="pdf_extension"
        )
    limit = settings.PARTNERS_DOCUMENT_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("Le fichier pèse %(size)s : la taille maximale est de %(limit)s."),
            code="pdf_size",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    if read_head(file, len(PDF_MAGIC)) != PDF_MAGIC:
        raise ValidationError(
            _("Le fichier porte l'extension .pdf mais son contenu n'est pas un document PDF."),
            code="pdf_content",
        )


def read_head(file: Any, length: int) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        return bytes(file.read(length))
    finally:
        file.seek(position)
