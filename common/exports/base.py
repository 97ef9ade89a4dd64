"""Export specifications: stable API column names, French labels, types, units, definitions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Expression, F, QuerySet
from django.utils.translation import gettext_lazy as _

from common import params


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
    # The codes this column holds and their French labels (a `TextChoices.choices`): the
    # French files write the label, the Table Schemas list the values (`enum`).
    choices: Sequence[tuple[str, Any]] = ()  # kept as a tuple (the column stays hashable)

    def __post_init__(self) -> None:
        object.__setattr__(self, "choices", tuple((code, label) for code, label in self.choices))

    def label_for(self, code: Any) -> Any:
        """The French label of a code of this column (the code itself when unknown)."""
        for value, label in self.choices:
            if value == code:
                return str(label)
        return code

    def expression(self) -> Expression | F:
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
    # The file for people (`lang=fr`): French headers and labels, and for the CSV a `;`, a BOM
    # and decimal commas, so that a French spreadsheet opens it in columns.
    french: bool = False


@dataclass(frozen=True)
class ExportSpec:
    name: str
    label: Any
    columns: tuple[Column, ...]
    # (user, params) -> the scoped, filtered queryset of the rows
    rows: Callable[[Any, ExportParams], QuerySet[Any]] | None = None
    description: Any = ""  # for developers: it names the API's parameters
    # For people (the Exports page): what a row is and what it holds, in plain French.
    summary: Any = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # (user, params) -> the rows as tuples in column order, for exports with values SQL cannot
    # compute. Such an export is streamed from Python (never PostgreSQL's COPY); `produce`
    # must run a fixed number of queries and iterate its querysets in chunks.
    produce: Callable[[Any, ExportParams], Iterable[tuple[Any, ...]]] | None = None

    def values(self, user: Any, params: ExportParams) -> QuerySet[Any] | Iterable[tuple[Any, ...]]:
        """The rows as tuples in column order (aliases prefixed to avoid field clashes)."""
        if self.produce is not None:
            return self.produce(user, params)
        assert self.rows is not None, f"export {self.name}: give `rows` or `produce`"
        annotations = {f"x_{column.name}": column.expression() for column in self.columns}
        queryset = self.rows(user, params).annotate(**annotations)
        return queryset.values_list(*annotations)

    def count(self, user: Any, params: ExportParams) -> int:
        """How many rows an export has (one query; exports computed in Python are small)."""
        if self.rows is None:
            return 0
        return self.rows(user, params).count()

    def header(self, params: ExportParams) -> list[str]:
        if params.french_header:
            return [str(column.label) for column in self.columns]
        return [column.name for column in self.columns]


TRUE_VALUES = {"1", "true", "yes", "oui", "on"}


def parse_month(value: str, *, end: bool) -> dt.date | None:
    """An `AAAA-MM` bound of an export (ASCII digits, a bounded year), else `ExportError`."""
    try:
        return params.parse_month(value, name="from/to", end=end)
    except params.ParameterError as error:
        raise ExportError(error.message) from error


def parse_lang(query: Any) -> bool:
    """`lang=fr` (the file for people) or nothing; else `ExportError` (French message)."""
    lang = query.get("lang", "").strip()
    if lang not in ("", "fr"):
        raise ExportError(
            _("Langue « %(value)s » inconnue : seule « fr » existe.") % {"value": lang[:20]}
        )
    return lang == "fr"


def parse_params(query: Any) -> ExportParams:
    """The query string of an export; raises `ExportError` (French message) on a bad value."""
    french = parse_lang(query)
    params = ExportParams(
        region=query.get("region", "").strip(),
        department=query.get("department", "").strip(),
        status=query.get("status", "").strip(),
        period_from=parse_month(query.get("from", "").strip(), end=False),
        period_to=parse_month(query.get("to", "").strip(), end=True),
        french_header=french or query.get("header", "") == "fr",
        semicolon=french or query.get("sep", "") == ";" or query.get("sep", "") == "semicolon",
        bom=french or query.get("bom", "").lower() in TRUE_VALUES,
        french=french,
    )
    if params.period_from and params.period_to and params.period_from > params.period_to:
        raise ExportError(_("Le mois de début (from) est postérieur au mois de fin (to)."))
    return params
