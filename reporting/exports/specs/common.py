"""What several exports share: the identity columns of a house and the territory filters."""

from __future__ import annotations

from typing import Any

from django.db.models import DecimalField, Func, QuerySet
from django.utils.translation import gettext_lazy as _

from common.exports.base import Column, ExportError, ExportParams


def identity(prefix: str = "") -> tuple[Column, ...]:
    """Who a row is about: the house and its territory (`prefix` is the path to the house)."""
    return (
        Column("site_id", _("identifiant de la maison"), "integer", source=f"{prefix}pk",
               definition=_("identifiant stable de la maison dans le portail")),
        Column("site_name", _("nom de la maison"), source=f"{prefix}name"),
        Column("finess_et", _("FINESS établissement"), source=f"{prefix}finess_et",
               definition=_("numéro FINESS du site (ET), 9 caractères")),
        Column("region_code", _("code région"), source=f"{prefix}department__region_id",
               definition=_("code INSEE de la région (COG)")),
        Column("region_name", _("région"), source=f"{prefix}department__region__name"),
        Column("department_code", _("code département"), source=f"{prefix}department_id",
               definition=_("code INSEE du département (COG)")),
        Column("department_name", _("département"), source=f"{prefix}department__name"),
    )  # fmt: skip


def in_territory(rows: QuerySet[Any], params: ExportParams, prefix: str = "") -> QuerySet[Any]:
    if params.region:
        rows = rows.filter(**{f"{prefix}department__region_id": params.region})
    if params.department:
        rows = rows.filter(**{f"{prefix}department_id": params.department})
    return rows


def check_status(value: str, allowed: list[str]) -> None:
    if value and value not in allowed:
        raise ExportError(
            _("Statut « %(value)s » inconnu : valeurs possibles %(allowed)s.")
            % {"value": value, "allowed": ", ".join(allowed)}
        )


class Ratio(Func):
    """numerator / denominator rounded to `places` decimals, NULL when the denominator is 0 or
    NULL: SQL, so that PostgreSQL's COPY can write it. Decimal arithmetic on PostgreSQL; SQLite
    has no decimal type, so it divides as REAL and Django quantizes the result."""

    def __init__(self, numerator: Any, denominator: Any, places: int) -> None:
        super().__init__(
            numerator,
            denominator,
            places=places,
            output_field=DecimalField(max_digits=12, decimal_places=places),
        )

    def as_sql(  # type: ignore[override]  # one fixed shape: no function/template arguments
        self, compiler: Any, connection: Any, **extra: Any
    ) -> Any:
        numerator, denominator = (compiler.compile(e) for e in self.get_source_expressions())
        cast = "REAL" if connection.vendor == "sqlite" else "NUMERIC"
        sql = (
            f"ROUND(CAST({numerator[0]} AS {cast}) / NULLIF({denominator[0]}, 0), "
            f"{int(self.extra['places'])})"
        )
        return sql, (*numerator[1], *denominator[1])
