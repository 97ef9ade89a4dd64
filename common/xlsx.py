"""Reading an uploaded XLSX safely: bounded before parsing, streamed, stopped at a row limit.

openpyxl's read-only mode streams rows, but opening a workbook still (1) inflates and parses
the whole shared-strings table and (2) parses every sheet in full to find its size when the
file omits the `<dimension>` element: a small file of 200,000 rows held a worker for minutes.
Here the archive is refused when its members declare too much once inflated, the shared
strings are counted as they are read, sheets are opened without that size lookup, and rows are
read only up to the caller's limit.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

# Ample for a sheet of a few thousand lines of figures, far below what a small zip can expand
# to. zipfile never inflates a member past the size it declares (it stops there and fails the
# checksum), so the declared sizes bound what openpyxl can be made to parse.
MAX_INFLATED_BYTES = 8 * 1024 * 1024
MAX_SHARED_STRINGS = 100_000
STRING_TAG = f"{{{SHEET_MAIN_NS}}}si"


class XlsxError(Exception):
    """An XLSX that cannot be read within the limits; the message is French. (Not a ValueError:
    openpyxl's reader rewraps those into its own English message.)"""


class _StreamedSheet(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its size: without a `<dimension>` element the
    lookup parses the whole sheet, and a declared one ("A1:XFD9") would pad every row to
    16,384 cells. Callers give `max_col`; rows are read as they come."""

    def _get_size(self) -> None:
        return


class _Reader(ExcelReader):
    """openpyxl's own reader (as `load_workbook(read_only=True)` uses it), with counted shared
    strings and streamed sheets."""

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is None:
            return
        with self.archive.open(part.PartName[1:]) as source:
            for _event, node in iterparse(source):
                if node.tag != STRING_TAG:
                    continue
                if len(self.shared_strings) >= MAX_SHARED_STRINGS:
                    raise XlsxError(_("Le fichier XLSX contient trop de textes différents."))
                self.shared_strings.append(Text.from_tree(node).content.replace("x005F_", ""))
                node.clear()

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:  # kept, so that the active sheet's index still holds
                self.read_chartsheet(sheet, rel)
                continue
            worksheet = _StreamedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def check_archive(upload: IO[bytes]) -> None:
    """Refuse, before any parsing, a zip whose members would inflate past the limit."""
    try:
        with zipfile.ZipFile(upload) as archive:
            declared = sum(member.file_size for member in archive.infolist())
    # zipfile raises many kinds on a broken archive (NotImplementedError for an unknown
    # version, UnicodeDecodeError for a name...): each is an unreadable file.
    except Exception as error:
        raise XlsxError(_("Le fichier XLSX est illisible.")) from error
    finally:
        upload.seek(0)
    if declared > MAX_INFLATED_BYTES:
        raise XlsxError(
            _("Le fichier XLSX décompressé dépasse %(max)s Mo.")
            % {"max": MAX_INFLATED_BYTES // (1024 * 1024)}
        )


def iter_sheet_rows(upload: IO[bytes], *, max_columns: int) -> Iterator[tuple[Any, ...]]:
    """The values of the active sheet, row by row, each `max_columns` wide (blank rows
    included); stop iterating and nothing more is parsed. Raises `XlsxError`."""
    check_archive(upload)
    try:
        reader = _Reader(upload, read_only=True, data_only=True)
        reader.read()
        book = reader.wb
    except XlsxError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise XlsxError(_("Le fichier XLSX est illisible.")) from error
    try:
        yield from book.active.iter_rows(values_only=True, max_col=max_columns)
    except Exception as error:  # a broken sheet fails while its rows are read
        raise XlsxError(_("Le fichier XLSX est illisible.")) from error
    finally:
        book.close()  # read_only keeps the archive open until then
