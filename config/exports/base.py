"""Export specifications: stable API column names, French labels, types, units, definitions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Expression, F, QuerySet
from django.utils.translation import gettext_lazy as _


class ExportError(ValueError):
    """Bad export parameters; the message is French and shown to the caller."""


@dataclass(frozen=True)
class Column:
    name: str  # stable API name: never renamed once published
    label: Any  # French label (lazy string)
    kind: str = "text"  # text | integer | decimal | date | boolean
    unit: str = ""
    definition: Any = ""
    # An ORM path or expression; default: the field of the same name.
    source: str | Expression | None = None

    def expression(self) -> Expression:
        if isinstance(self.source, Expression):
            return self.source
        return F(self.source or self.name)


@dataclass(frozen=True)
class ExportParams:
    region: str = ""
    department: str = ""
    status: str = ""
    period_from: dt.date | None = None  # first day of the `from` month
    period_to: dt.date | None = None  # last day of the `to` month
    french_header: bool = False
    semicolon: bool = False
    bom: bool = False


@dataclass(frozen=True)
class ExportSpec:
    name: str
    label: Any
    columns: tuple[Column, ...]
    # (user, params) -> the scoped, filtered queryset of the rows
    rows: Callable[[Any, ExportParams], QuerySet[Any]]
    description: Any = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def values(self, user: Any, params: ExportParams) -> QuerySet[Any]:
        """The rows as tuples in column order (aliases prefixed to avoid field clashes)."""
        annotations = {f"x_{column.name}": column.expression() for column in self.columns}
        queryset = self.rows(user, params).annotate(**annotations)
        return queryset.values_list(*annotations)

    def header(self, params: ExportParams) -> list[str]:
        if params.french_header:
            return [str(column.label) for column in self.columns]
        return [column.name for column in self.columns]


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
TRUE_VALUES = {"1", "true", "yes", "oui", "on"}


def parse_month(value: str, *, end: bool) -> dt.date | None:
    if not value:
        return None
    match = MONTH_RE.match(value)
    if not match or not 1 <= int(match[2]) <= 12:
        raise ExportError(_("Le mois « %(value)s » doit s'écrire AAAA-MM.") % {"value": value})
    first = dt.date(int(match[1]), int(match[2]), 1)
    if not end:
        return first
    next_month = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return next_month - dt.timedelta(days=1)


def parse_params(query: Any) -> ExportParams:
    params = ExportParams(
        region=query.get("region", "").strip(),
        department=query.get("department", "").strip(),
        status=query.get("status", "").strip(),
        period_from=parse_month(query.get("from", "").strip(), end=False),
        period_to=parse_month(query.get("to", "").strip(), end=True),
        french_header=query.get("header", "") == "fr",
        semicolon=query.get("sep", "") == ";" or query.get("sep", "") == "semicolon",
        bom=query.get("bom", "").lower() in TRUE_VALUES,
    )
    if params.period_from and params.period_to and params.period_from > params.period_to:
        raise ExportError(_("Le mois de début (from) est postérieur au mois de fin (to)."))
    return params
