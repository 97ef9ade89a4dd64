"""`staffing`: one row per declaration and role (FTE funded, filled, agency, vacant posts) with
the compliance of the role and of the whole declaration against the norm set in force.

Compliance comes from the Python engine (`masp.staffing.engine`: presence grids, capacity bands),
which SQL cannot express; this export is therefore streamed from Python with `.iterator()`
rather than PostgreSQL's COPY. It runs a fixed number of queries: the catalogue and the norm
set once, then the lines in chunks, grouped by declaration as they come.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from common.exports.base import Column, ExportParams, ExportSpec
from common.exports.writers import CHUNK_ROWS
from masp.models import StaffingDeclaration, StaffingLine
from masp.staffing import engine
from masp.staffing.enums import ComplianceStatus
from masp.staffing.queries import Context, parse_grid
from reporting.exports.specs.common import check_status, identity, in_territory

LATEST, ALL = "latest", "all"
SITE = "declaration__site__"
IDENTITY = identity(SITE)
# Read from the database, in this order; the compliance columns are appended per row.
STORED = (
    Column("declaration_id", _("identifiant de la déclaration"), "integer",
           source="declaration_id"),
    *IDENTITY,
    Column("capacity", _("capacité"), "integer", unit="places", source=f"{SITE}capacity"),
    Column("declared_on", _("date de la déclaration"), "date", source="declaration__declared_on"),
    Column("is_latest", _("dernière déclaration"), "boolean",
           definition=_("vrai pour la déclaration la plus récente de la maison")),
    Column("role_code", _("code de la fonction"), source="role__code"),
    Column("role_label", _("fonction"), source="role__label"),
    Column("fte_funded", _("ETP financés"), "decimal", unit="ETP"),
    Column("fte_filled", _("ETP pourvus"), "decimal", unit="ETP"),
    Column("fte_agency", _("ETP intérim ou vacation"), "decimal", unit="ETP"),
    Column("vacant_posts", _("postes vacants"), "integer", unit="postes"),
)  # fmt: skip
COMPUTED = (
    Column("role_compliance", _("conformité de la fonction"),
           definition=_("le pire résultat des règles du référentiel et du planning comparé aux "
                        "ETP sur cette fonction ; vide si rien ne la vise"),
           choices=ComplianceStatus.choices),
    Column("declaration_compliance", _("conformité de la déclaration"),
           definition=_("le pire résultat de toutes les règles du référentiel, pour la "
                        "capacité de la maison ; avertissement (warning) : un planning que les "
                        "ETP déclarés ne peuvent pas tenir, jamais compté conforme"),
           choices=ComplianceStatus.choices),
    Column("cycle_weeks", _("durée du cycle (semaines)"), "integer", unit="semaines",
           definition=_("durée du cycle de travail que décrit le planning de présence, de 1 à "
                        "6 semaines")),
    Column("norm_set", _("référentiel"),
           definition=_("référentiel d'effectifs en vigueur à la date de l'export (nom et "
                        "version)")),
)  # fmt: skip


def _lines(user: Any, params: ExportParams) -> QuerySet[StaffingLine]:
    check_status(params.status, [LATEST, ALL])
    declarations = in_territory(StaffingDeclaration.objects.visible_to(user), params, "site__")
    if params.period_from:
        declarations = declarations.filter(declared_on__gte=params.period_from)
    if params.period_to:
        declarations = declarations.filter(declared_on__lte=params.period_to)
    latest = Subquery(
        StaffingDeclaration.objects.filter(site=OuterRef("declaration__site"))
        .order_by("-declared_on", "-pk")
        .values("pk")[:1]
    )
    lines = StaffingLine.objects.filter(declaration__in=declarations).annotate(
        is_latest=ExpressionWrapper(Q(declaration_id=latest), output_field=BooleanField())
    )
    if (params.status or LATEST) == LATEST:
        lines = lines.filter(is_latest=True)
    return lines.order_by("declaration__declared_on", "declaration_id", "role__position", "pk")


def _produce(user: Any, params: ExportParams) -> Iterator[tuple[Any, ...]]:
    """Checks the parameters and reads the norm set now (errors before the first byte), then
    streams the lines."""
    lines = _lines(user, params)
    annotations = {f"x_{i}": column.expression() for i, column in enumerate(STORED)}
    rows = lines.annotate(**annotations, x_presence=F("presence")).values_list(
        *annotations, "x_presence"
    )
    return _evaluated(rows, Context.cached().norm_data)


def _evaluated(rows: QuerySet[Any], norm: engine.NormSet | None) -> Iterator[tuple[Any, ...]]:
    norm_label = f"{norm.name} v{norm.version}" if norm else ""
    capacity_at = [column.name for column in STORED].index("capacity")
    for _declaration, group in groupby(rows.iterator(chunk_size=CHUNK_ROWS), key=lambda r: r[0]):
        lines = list(group)
        declaration = engine.Declaration(tuple(_engine_line(row) for row in lines))
        result = engine.evaluate(declaration, lines[0][capacity_at], norm) if norm else None
        overall = result.status if result else ""
        for row in lines:
            role = result.role_status(row[-7]) if result else None
            yield (*row[:-1], role or "", overall, declaration.weeks, norm_label)


def _engine_line(row: tuple[Any, ...]) -> engine.Line:
    # The tail of a row: role_code, role_label, funded, filled, agency, vacant, presence.
    code, _label, funded, filled, agency, vacant, presence = row[-7:]
    return engine.Line(
        code, Decimal(funded), Decimal(filled), Decimal(agency), vacant, parse_grid(presence)
    )


STAFFING = ExportSpec(
    name="staffing",
    label=_("Effectifs"),
    summary=_(
        "Une ligne par maison et par fonction : ETP financés, pourvus, en intérim, "
        "postes vacants, et la conformité au référentiel d'effectifs. Par défaut, la "
        "dernière déclaration de chaque maison."
    ),
    description=_(
        "Une ligne par déclaration d'effectifs et fonction, avec la conformité au référentiel "
        "en vigueur. Par défaut, la dernière déclaration de chaque maison (status=all pour "
        "toutes) ; from et to bornent la date de déclaration."
    ),
    rows=_lines,
    produce=_produce,
    columns=(*STORED, *COMPUTED),
)
