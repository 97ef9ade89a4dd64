"""Territory figures of a region (or of a house's région): population, houses, places."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from common.charts import bar_chart
from masp.sites.enums import SiteStatus
from reporting.enums import ReportKind
from reporting.pdf.sections.base import ReportContext
from territories.models import Department, Region
from territories.vintage import population_note

KEY = "territory"
TITLE = _("Le territoire")
TEMPLATE = "reporting/pdf/sections/territory.html"
ORDER = 20
KINDS = frozenset({ReportKind.REGION, ReportKind.SITE})

PLANNED = [SiteStatus.PROJECT, SiteStatus.AUTHORISED]


def per_100k(places: int, population: int) -> float | None:
    """Places of open houses per 100,000 inhabitants (None without a population)."""
    return round(places * 100_000 / population, 2) if population else None


def department_rows(region: Region) -> list[dict[str, Any]]:
    departments = Department.objects.filter(region=region).annotate(
        open=Count("sites", filter=Q(sites__status=SiteStatus.OPEN)),
        planned=Count("sites", filter=Q(sites__status__in=PLANNED)),
        places=Sum("sites__capacity", filter=Q(sites__status=SiteStatus.OPEN), default=0),
    )
    return [
        {
            "code": department.code,
            "name": department.name,
            "population": department.population,
            "open": department.open,
            "planned": department.planned,
            "places": department.places,
            "per_100k": per_100k(department.places, department.population),
        }
        for department in departments
    ]


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total = {key: sum(row[key] for row in rows) for key in ("population", "open", "planned")}
    total["places"] = sum(row["places"] for row in rows)
    total["per_100k"] = per_100k(total["places"], total["population"])
    total["departments"] = len(rows)
    total["without_house"] = sum(1 for row in rows if not row["open"] and not row["planned"])
    return total


def gather(context: ReportContext) -> dict[str, Any]:
    region = context.region or (context.site.department.region if context.site else None)
    assert region is not None
    rows = department_rows(region)
    chart = bar_chart([(f"{row['name']} ({row['code']})", row["per_100k"] or 0) for row in rows])
    return {
        "region": region.name,
        "rows": rows,
        "total": totals(rows),
        "chart": chart,
        "population_note": population_note(),
    }
