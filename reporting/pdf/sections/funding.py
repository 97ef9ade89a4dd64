"""Funding against the regional envelope: per source, envelope notified vs allocated to the
houses vs paid vs spent and what remains; per house, what was notified, paid and spent."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funding.figures import cents, region_year_figures
from funding.models import FundingLine, FundingSource, RegionalEnvelope
from funding.queries import line_sums
from reporting.enums import ReportKind
from reporting.pdf.sections.base import Alert, ReportContext

KEY = "funding"
TITLE = gettext_lazy("Financement et enveloppe régionale")
TEMPLATE = "reporting/pdf/sections/funding.html"
ORDER = 70
KINDS = frozenset(ReportKind.values)


def _envelopes(context: ReportContext, year: int) -> dict[Any, Any]:
    envelopes = RegionalEnvelope.objects.filter(year=year)
    if context.kind == ReportKind.REGION and context.region is not None:
        envelopes = envelopes.filter(region=context.region)
    elif context.kind == ReportKind.SITE and context.site is not None:
        envelopes = envelopes.filter(region_id=context.site.department.region_id)
    totals = envelopes.values("source_id").annotate(total=Sum("amount_notified")).order_by()
    return {row["source_id"]: row["total"] for row in totals}


def read(context: ReportContext) -> list[dict[str, Any]]:
    """Per year of the period: four queries whatever the number of houses and lines."""

    def compute() -> list[dict[str, Any]]:
        years = []
        for year in range(context.period_start.year, context.period_end.year + 1):
            lines = context.of_sites(FundingLine.objects.filter(year=year))
            figures = region_year_figures(
                year=year,
                sources=list(FundingSource.objects.for_year(year)),
                sites=context.site_list(),
                envelopes=_envelopes(context, year),
                sums=line_sums(lines),
            )
            flagged = list(
                lines.filter(over_allocation_confirmed=True)
                .select_related("site", "source")
                .order_by("site__name")
            )
            years.append({"year": year, "figures": figures, "flagged": flagged})
        return years

    return context.memo("funding", compute)


def gather(context: ReportContext) -> dict[str, Any]:
    years = []
    for item in read(context):
        figures = item["figures"]
        years.append(
            {
                "year": item["year"],
                "sources": [
                    {
                        "label": str(getattr(row.source, "label", row.source)),
                        "envelope": row.envelope,
                        "allocated": row.allocated,
                        "paid": row.paid,
                        "spent": row.spent,
                        "remaining": row.remaining,
                        "over": row.over_allocated,
                    }
                    for row in figures.sources
                    if row.envelope is not None or row.allocated
                ],
                "houses": [
                    {
                        "name": house.site.name,
                        "running": house.running,
                        "investment": house.investment,
                        "start_up": house.start_up,
                        "notified": house.total.notified,
                        "paid": house.total.paid,
                        "spent": house.total.spent,
                        # Running money only, per installed place.
                        "per_place": cents(house.running / house.site.capacity),
                    }
                    for house in figures.houses
                    if house.total.notified
                ],
                "total": figures.total,
                "flagged": [
                    {
                        "site": line.site.name,
                        "source": line.source.label,
                        "amount": line.amount_notified,
                    }
                    for line in item["flagged"]
                ],
            }
        )
    return {"years": years, "scope_has_envelope": context.kind != ReportKind.NATIONAL}


def alerts(context: ReportContext) -> list[Alert]:
    result = []
    for item in read(context):
        for row in item["figures"].sources:
            if row.over_allocated:
                result.append(
                    Alert(
                        level="error",
                        subject=str(getattr(row.source, "label", row.source)),
                        message=_(
                            "%(year)s : les montants notifiés dépassent l'enveloppe de la source."
                        )
                        % {"year": item["year"]},
                    )
                )
        result += [
            Alert(
                level="warning",
                subject=line.site.name,
                message=_("%(year)s : dépassement d'enveloppe confirmé (%(source)s).")
                % {"year": item["year"], "source": line.source.label},
            )
            for line in item["flagged"]
        ]
    return result
