"""Hand-built PDF files: a reader finds every object through the cross-reference table."""

from __future__ import annotations

import io

from pypdf import PdfReader

from common.pdfs import pdf_file


def test_a_hand_built_pdf_is_read_through_its_cross_reference_table() -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    data = pdf_file(objects, head=b"%PDF-1.7\n")
    assert data.startswith(b"%PDF-1.7\n1 0 obj\n")
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width == 595
