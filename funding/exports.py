"""Export specifications of the funding tables (CSV / XLSX through common.exports), scoped by
`visible_to(user)`. Built per request: the regional table has one column per source."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from common.exports.base import Column, ExportParams, ExportSpec
from funding.enums import FundingNature
from funding.models import FundingLine, FundingSource, RegionalEnvelope
from masp.models import Site
from territories.models import Region

MONEY: DecimalField = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


def _line_sum(
    field: str, year: int, source: FundingSource | None = None, nature: str = ""
) -> Coalesce:
    condition = Q(funding_lines__year=year)
    if source is not None:
        condition &= Q(funding_lines__source=source)
    if nature:
        condition &= Q(funding_lines__nature=nature)
    return Coalesce(Sum(f"funding_lines__{field}", filter=condition), ZERO, output_field=MONEY)


def _nature_columns(year: int) -> tuple[Column, ...]:
    """Notified per nature: only running money is compared with the reference cost."""
    return tuple(
        Column(
            f"notified_{nature.value}",
            _("notifié — %(nature)s") % {"nature": nature.label},
            "decimal",
            unit="€",
            source=_line_sum("amount_notified", year, nature=nature.value),
        )
        for nature in FundingNature
    )


def region_spec(region: Region, year: int) -> ExportSpec:
    """One row per visible house of the region, one column per source (notified), totals."""
    sources = list(FundingSource.objects.for_year(year))

    def rows(user: Any, params: ExportParams) -> QuerySet[Site]:
        return Site.objects.visible_to(user).in_region(region).order_by("name", "pk")

    per_source = tuple(
        Column(
            f"notified_{source.code}",
            _("notifié — %(source)s") % {"source": source.label},
            "decimal",
            unit="€",
            source=_line_sum("amount_notified", year, source),
        )
        for source in sources
    )
    return ExportSpec(
        name=f"financement-{region.code}-{year}",
        label=_("Financement des maisons de la région"),
        rows=rows,
        columns=(
            Column("site_id", _("identifiant de la maison"), "integer", source="pk"),
            Column("site_name", _("maison"), source="name"),
            Column("finess_et", _("FINESS établissement")),
            Column("capacity", _("capacité"), "integer", unit="places"),
            *per_source,
            *_nature_columns(year),
            Column(
                "total_notified",
                _("total notifié"),
                "decimal",
                unit="€",
                source=_line_sum("amount_notified", year),
            ),
            Column(
                "total_paid",
                _("total versé"),
                "decimal",
                unit="€",
                source=_line_sum("amount_paid", year),
            ),
            Column(
                "total_spent",
                _("total consommé"),
                "decimal",
                unit="€",
                source=_line_sum("amount_spent", year),
            ),
        ),
    )


def _region_lines(user: Any, year: int, field: str, nature: str = "") -> Coalesce:
    lines = FundingLine.objects.visible_to(user).filter(
        year=year, site__department__region=OuterRef("pk")
    )
    if nature:
        lines = lines.filter(nature=nature)
    totals = lines.values("site__department__region").annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(totals, output_field=MONEY), ZERO, output_field=MONEY)


def national_spec(year: int, user: Any) -> ExportSpec:
    envelopes = (
        RegionalEnvelope.objects.filter(year=year, region=OuterRef("pk"))
        .values("region")
        .annotate(total=Sum("amount_notified"))
        .values("total")
    )
    envelope = Coalesce(Subquery(envelopes, output_field=MONEY), ZERO, output_field=MONEY)
    allocated = _region_lines(user, year, "amount_notified")

    def rows(user: Any, params: ExportParams) -> QuerySet[Region]:
        scope = scope_for(user)
        regions = Region.objects.order_by("code")
        if not scope.is_national:
            regions = regions.filter(code__in=scope.region_codes | scope.coordinated_region_codes)
        return regions

    return ExportSpec(
        name=f"financement-national-{year}",
        label=_("Financement par région"),
        rows=rows,
        columns=(
            Column("region_code", _("code région"), source="code"),
            Column("region_name", _("région"), source="name"),
            Column("envelope", _("enveloppe notifiée"), "decimal", unit="€", source=envelope),
            Column("allocated", _("notifié aux maisons"), "decimal", unit="€", source=allocated),
            *(
                Column(
                    f"allocated_{nature.value}",
                    _("notifié aux maisons — %(nature)s") % {"nature": nature.label},
                    "decimal",
                    unit="€",
                    source=_region_lines(user, year, "amount_notified", nature.value),
                )
                for nature in FundingNature
            ),
            Column(
                "paid",
                _("versé"),
                "decimal",
                unit="€",
                source=_region_lines(user, year, "amount_paid"),
            ),
            Column(
                "spent",
                _("consommé"),
                "decimal",
                unit="€",
                source=_region_lines(user, year, "amount_spent"),
            ),
            Column(
                "remaining", _("reste à notifier"), "decimal", unit="€", source=envelope - allocated
            ),
        ),
    )
