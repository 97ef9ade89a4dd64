"""Import of activity reports from CSV or XLSX: a dry run plans every line (what would change,
every rule violation, every blocking problem); applying the plan is all-or-nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from common.xlsx import XlsxError, iter_sheet_rows
from masp.activity.fields import DECIMAL, FIELDS_BY_NAME, INTEGER
from masp.activity.rules import Violation, errors, evaluate
from masp.activity.services import ReportError, report_create, report_save
from masp.models import ActivityReport, ReportingCampaign, Site
from masp.perms import can_file_report

KEY_COLUMNS = ("finess", "periode")
MAX_LINES = 2000
# An XLSX line is read no further than this column (the template has about forty).
MAX_COLUMNS = 200
# The largest values the columns hold (PositiveIntegerField; DecimalField(9, 1)).
MAX_INTEGER = 2_147_483_647
MAX_DECIMAL = Decimal("99999999.9")


class TemplateDialect(csv.excel):
    """The template's separator, when the sniffer cannot tell (a single column, garbage)."""

    delimiter = ";"


class ImportFileError(Exception):
    pass


@dataclass
class Line:
    number: int
    finess: str
    period: str
    values: dict[str, Any] = field(default_factory=dict)
    site: Site | None = None
    campaign: ReportingCampaign | None = None
    report: ActivityReport | None = None
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.problems or errors(self.violations))


def read_rows(upload: IO[bytes], name: str) -> list[dict[str, str]]:
    """The rows of the file as {column: text}, read no further than the line limit; any
    unreadable file is an ImportFileError."""
    if name.lower().endswith(".xlsx"):
        return _xlsx_rows(upload)
    text = upload.read().decode("utf-8-sig", errors="replace")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = TemplateDialect
    try:
        rows = _bounded(csv.DictReader(io.StringIO(text), dialect=dialect))
    except csv.Error as error:  # e.g. a field over csv's size limit
        raise ImportFileError(
            _(
                "Le fichier CSV est illisible : une ligne d'en-tête, puis une ligne par "
                "rapport, séparées par des points-virgules."
            )
        ) from error
    for number, row in enumerate(rows, 2):
        if None in row:  # DictReader's key for the values beyond the header
            raise ImportFileError(
                _("La ligne %(n)s compte plus de valeurs que la ligne d'en-tête.") % {"n": number}
            )
    return rows


def _bounded(rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """The rows, stopping at the first one over the limit (the rest is never read)."""
    kept: list[dict[str, str]] = []
    for row in rows:
        if len(kept) == MAX_LINES:
            raise ImportFileError(_("Le fichier dépasse %(max)s lignes.") % {"max": MAX_LINES})
        kept.append(row)
    return kept


def _xlsx_rows(upload: IO[bytes]) -> list[dict[str, str]]:
    # One column more than allowed, to tell a header that goes on from one that ends there.
    try:
        rows = iter_sheet_rows(upload, max_columns=MAX_COLUMNS + 1)
        header = [str(cell or "").strip() for cell in next(rows, ())]
        if len(header) > MAX_COLUMNS and header[MAX_COLUMNS]:
            raise ImportFileError(
                _("Le fichier compte plus de %(max)s colonnes.") % {"max": MAX_COLUMNS}
            )
        while header and not header[-1]:
            header.pop()
        return _bounded(_xlsx_records(header, rows))
    except XlsxError as error:
        raise ImportFileError(str(error)) from error


def _xlsx_records(header: list[str], rows: Iterator[tuple[Any, ...]]) -> Iterator[dict[str, str]]:
    """The non-blank rows as {column: text}. Blank rows are skipped but counted: a sheet of a
    million empty rows is not read to its end either."""
    blank = 0
    for row in rows:
        if all(cell in (None, "") for cell in row):
            blank += 1
            if blank > MAX_LINES:
                raise ImportFileError(
                    _("Le fichier compte plus de %(max)s lignes vides.") % {"max": MAX_LINES}
                )
            continue
        # Values beyond the header are ignored, as they always were.
        yield {
            name: "" if cell is None else str(cell) for name, cell in zip(header, row, strict=False)
        }


def _parse(name: str, raw: str) -> Any:
    raw = (raw or "").strip()
    kind = FIELDS_BY_NAME[name].kind if name in FIELDS_BY_NAME else "text"
    shown = {"v": raw[:30]}
    if "\x00" in raw:  # PostgreSQL refuses it in text
        raise ValueError(_("caractère nul interdit"))
    if kind not in (INTEGER, DECIMAL):
        return raw
    if raw == "":
        return None
    try:
        number = Decimal(raw.replace(",", ".").replace(" ", ""))
    except InvalidOperation as error:
        raise ValueError(_("« %(v)s » n'est pas un nombre") % shown) from error
    if not number.is_finite():  # "NaN", "Infinity" are numbers for Decimal, not for a report
        raise ValueError(_("« %(v)s » n'est pas un nombre") % shown)
    if number < 0 or (kind == INTEGER and number != number.to_integral_value()):
        raise ValueError(_("« %(v)s » doit être un entier positif ou nul") % shown)
    if number > (MAX_INTEGER if kind == INTEGER else MAX_DECIMAL):
        raise ValueError(_("« %(v)s » est trop grand") % shown)
    return int(number) if kind == INTEGER else number


def plan(rows: list[dict[str, str]], user: Any) -> list[Line]:
    if not rows:
        raise ImportFileError(_("Le fichier ne contient aucune ligne."))
    if len(rows) > MAX_LINES:
        raise ImportFileError(_("Le fichier dépasse %(max)s lignes.") % {"max": MAX_LINES})
    columns = set(rows[0])
    unknown = columns - set(FIELDS_BY_NAME) - {"justification", *KEY_COLUMNS}
    if not set(KEY_COLUMNS) <= columns or unknown:
        raise ImportFileError(
            _("Colonnes attendues : finess, periode et les noms du dictionnaire. Inconnues : %(u)s")
            % {"u": ", ".join(sorted(unknown)) or "—"}
        )
    sites = {s.finess_et: s for s in Site.objects.visible_to(user).select_related("department")}
    campaigns = {c.period_start: c for c in ReportingCampaign.objects.all()}
    existing = {
        (r.site_id, r.campaign_id): r
        for r in ActivityReport.objects.visible_to(user).select_related("campaign")
    }
    return [_line(n, row, user, sites, campaigns, existing) for n, row in enumerate(rows, 2)]


def _line(
    number: int,
    row: dict[str, str],
    user: Any,
    sites: dict[str, Site],
    campaigns: dict[dt.date, ReportingCampaign],
    existing: dict[tuple[int, int], ActivityReport],
) -> Line:
    line = Line(number, (row.get("finess") or "").strip(), (row.get("periode") or "").strip())
    line.site = sites.get(line.finess)
    if line.site is None:
        line.problems.append(_("Maison inconnue ou hors de votre périmètre."))
    elif not can_file_report(user, line.site):
        line.problems.append(_("Seule la coordination de la maison importe ses rapports."))
    try:
        start = dt.datetime.strptime(line.period, "%Y-%m").date()
        line.campaign = campaigns.get(start)
    except ValueError:
        start = None
    if line.campaign is None:
        line.problems.append(_("Période inconnue (format AAAA-MM, campagne existante)."))
    for name, raw in row.items():
        if name in KEY_COLUMNS:
            continue
        try:
            line.values[name] = _parse(name, raw)
        except ValueError as error:
            line.problems.append(f"{name} : {error}")
    if line.site and line.campaign:
        _compare(line, existing.get((line.site.pk, line.campaign.pk)))
    return line


def _compare(line: Line, report: ActivityReport | None) -> None:
    line.report = report
    current = report.values() if report else {}
    if report is not None and not report.is_editable:
        line.problems.append(
            _("Le rapport est %(s)s : il ne peut pas être modifié.")
            % {"s": report.get_status_display()}
        )
    line.changes = [
        (name, current.get(name), value)
        for name, value in line.values.items()
        if current.get(name) != value
        and not (value in ("", None) and current.get(name) in ("", None))
    ]
    assert line.campaign is not None
    version = line.campaign.form_version
    foreign = [
        name
        for name, value in line.values.items()
        if name in FIELDS_BY_NAME and FIELDS_BY_NAME[name].version > version and value is not None
    ]
    if foreign:
        line.problems.append(
            _("Champs absents de la version %(v)s du formulaire de cette campagne : %(f)s.")
            % {"v": version, "f": ", ".join(foreign)}
        )
    line.violations = evaluate({**current, **line.values}, line.campaign.period, version=version)


def template_columns() -> list[str]:
    return [*KEY_COLUMNS, *FIELDS_BY_NAME, "justification"]


def to_session(lines: list[Line]) -> list[dict[str, Any]]:
    return [
        {
            "site": line.site.pk if line.site else None,
            "campaign": line.campaign.pk if line.campaign else None,
            "report": line.report.pk if line.report else None,
            "version": line.report.version if line.report else None,
            "values": {k: None if v is None else str(v) for k, v in line.values.items()},
        }
        for line in lines
    ]


def apply(stored: list[dict[str, Any]], user: Any) -> int:
    """Write every line or none: the first refusal rolls the whole import back."""
    with transaction.atomic():
        for entry in stored:
            values = {name: _parse(name, raw or "") for name, raw in entry["values"].items()}
            if entry["report"]:
                report = ActivityReport.objects.select_related("site__department", "campaign")
                report_save(
                    report=report.get(pk=entry["report"]),
                    user=user,
                    values=values,
                    version=entry["version"],
                )
            else:
                report_create(
                    site=Site.objects.select_related("department").get(pk=entry["site"]),
                    campaign=ReportingCampaign.objects.get(pk=entry["campaign"]),
                    user=user,
                    values=values,
                )
    return len(stored)


__all__ = [
    "ImportFileError",
    "Line",
    "ReportError",
    "apply",
    "plan",
    "read_rows",
    "template_columns",
    "to_session",
]
