"""Small PDF files written by hand (the demo's documents, the upload tests' files): numbered
objects, then a correct cross-reference table and trailer."""

from __future__ import annotations

from collections.abc import Sequence


def pdf_file(objects: Sequence[bytes], *, head: bytes = b"%PDF-1.4\n") -> bytes:
    """The file of `objects` (numbered from 1, the first being the catalog) after `head`."""
    out = bytearray(head)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
