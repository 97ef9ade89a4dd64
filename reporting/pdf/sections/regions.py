"""National synthesis by region: houses, places and places per 100,000 inhabitants."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from common.charts import bar_chart
from masp.models import Site
from masp.sites.enums import SiteStatus
from reporting.enums import ReportKind
from reporting.pdf.sections.base import ReportContext
from reporting.pdf.sections.territory import PLANNED, per_100k, totals
from territories.models import Region

KEY = "regions"
TITLE = _("Synthèse par région")
TEMPLATE = "reporting/pdf/sections/regions.html"
ORDER = 5  # before the list of houses
KINDS = frozenset({ReportKind.NATIONAL})


def region_rows(populations: dict[str, int]) -> list[dict[str, Any]]:
    sites = Site.objects.values("department__region_id").annotate(
        open=Count("pk", filter=Q(status=SiteStatus.OPEN)),
        planned=Count("pk", filter=Q(status__in=PLANNED)),
        places=Sum("capacity", filter=Q(status=SiteStatus.OPEN), default=0),
    )
    by_region = {row["department__region_id"]: row for row in sites}
    rows = []
    for region in Region.objects.filter(code__in=by_region).order_by("name"):
        figures = by_region[region.code]
        population = populations.get(region.code) or 0
        rows.append(
            {
                "code": region.code,
                "name": region.name,
                "population": population,
                "open": figures["open"],
                "planned": figures["planned"],
                "places": figures["places"],
                "per_100k": per_100k(figures["places"], population),
            }
        )
    return rows


def gather(context: ReportContext) -> dict[str, Any]:
    populations = dict(
        Region.objects.annotate(population=Sum("departments__population")).values_list(
            "code", "population"
        )
    )
    rows = region_rows(populations)
    total = totals(rows)
    # Places per 100,000 over the whole country, pilot regions or not.
    total["per_100k_national"] = per_100k(
        total["places"], sum(value or 0 for value in populations.values())
    )
    chart = bar_chart(
        [(row["name"], row["per_100k"] or 0) for row in rows],
        reference=total["per_100k_national"],
    )
    return {"rows": rows, "total": total, "chart": chart}
