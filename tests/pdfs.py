"""Hand-built PDFs for the upload tests: a small valid one, and the traps uploads must refuse."""

from __future__ import annotations

from common.pdfs import pdf_file

CATALOG = b"<< /Type /Catalog /Pages 2 0 R %s>>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s>>"


def build_pdf(*extra: bytes, catalog: bytes = b"", page: bytes = b"", header: bytes = b"") -> bytes:
    """A one-page PDF with a correct cross-reference table. `catalog` and `page` add entries to
    those dictionaries; `extra` objects are numbered from 4; `header` follows `%PDF-1.7`."""
    objects = [CATALOG % catalog, PAGES, PAGE % page, *extra]
    return pdf_file(objects, head=b"%PDF-1.7" + header + b"\n%\xe2\xe3\xcf\xd3\n")


VALID_PDF = build_pdf()
