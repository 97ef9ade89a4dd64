"""Endpoints of the funding API: a house's funding per year, a region's envelope table."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.params import ParameterError, query_int
from funding.api.serializers import RegionFundingSerializer, SiteFundingSerializer
from funding.figures import HouseYear, RegionYear, SourceRow
from funding.models import FundingSource
from funding.queries import house_year_for, region_year_for, site_years
from masp.models import Site
from masp.perms import can_see_region
from territories.models import Region

YEAR = OpenApiParameter(
    "year", OpenApiTypes.INT, description="Année (par défaut : toutes / l'année en cours)."
)


def query_year(request: Request) -> int | None:
    try:
        return query_int(request.query_params, "year", low=2024, high=2040)
    except ParameterError as error:
        message = _("L'année doit être comprise entre 2024 et 2040.")
        raise ValidationError({"year": [message]}) from error


def figures_data(figures: HouseYear, codes: dict[Any, str]) -> dict[str, Any]:
    return {
        "months_open": figures.months_open,
        "days_open": figures.days_open,
        "days_in_year": figures.days_in_year,
        "mean_places": figures.mean_places,
        "total": vars(figures.total),
        "running": vars(figures.running),
        "investment": vars(figures.investment),
        "start_up": vars(figures.start_up),
        "by_source": [
            {"source": codes.get(k, str(k)), **vars(v)} for k, v in figures.by_source.items()
        ],
        "funding_per_place": figures.funding_per_place,
        "occupied_bed_days": figures.occupied_bed_days,
        "cost_per_bed_day": figures.cost_per_bed_day,
        "reference_cost": figures.reference_cost,
        "funding_gap": figures.funding_gap,
        "spending_gap": figures.spending_gap,
        "daily_fees": figures.daily_fees,
        "residents_contributions": figures.residents_contributions,
        "public_and_residents": figures.public_and_residents,
    }


class SiteFundingView(APIView):
    """Per year: the house's funding lines and derived figures (`?year=` for one year)."""

    @extend_schema(parameters=[YEAR], responses=SiteFundingSerializer)
    def get(self, request: Request, pk: int) -> Response:
        site = get_object_or_404(Site.objects.visible_to(request.user), pk=pk)
        year = query_year(request)
        years = [year] if year else site_years(site, timezone.localdate().year)
        codes = dict(FundingSource.objects.values_list("pk", "code"))
        data = {
            "site": site.pk,
            "name": site.name,
            "years": [
                {
                    "year": item,
                    "lines": site.funding_lines.filter(year=item).select_related("source"),
                    "figures": figures_data(house_year_for(site, item), codes),
                }
                for item in years
            ],
        }
        return Response(SiteFundingSerializer(data).data)


def row_data(row: SourceRow) -> dict[str, Any]:
    source = row.source
    return {
        "source": getattr(source, "code", None),
        "envelope": row.envelope,
        "allocated": row.allocated,
        "paid": row.paid,
        "spent": row.spent,
        "remaining": row.remaining,
        "over_allocated": row.over_allocated,
    }


def region_data(region: Region, figures: RegionYear) -> dict[str, Any]:
    codes = {
        row.source.pk: row.source.code for row in figures.sources if hasattr(row.source, "code")
    }
    return {
        "region": region.code,
        "name": region.name,
        "year": figures.year,
        "sources": [row_data(row) for row in figures.sources],
        "total": row_data(figures.total),
        "houses": [
            {
                "site": house.site.pk,
                "name": house.site.name,
                "by_source": {codes.get(k, str(k)): v for k, v in house.by_source.items()},
                "running": house.running,
                "investment": house.investment,
                "start_up": house.start_up,
                "total": vars(house.total),
            }
            for house in figures.houses
        ],
    }


class RegionFundingView(APIView):
    """The region's envelope against what was allocated, paid and spent, per source and house."""

    @extend_schema(parameters=[YEAR], responses=RegionFundingSerializer)
    def get(self, request: Request, code: str) -> Response:
        region = get_object_or_404(Region, code=code)
        if not can_see_region(request.user, region.code):
            raise Http404
        year = query_year(request) or timezone.localdate().year
        figures = region_year_for(region, year, request.user)
        return Response(RegionFundingSerializer(region_data(region, figures)).data)
