"""Coverage indicators as an API: per département and per region, and the public open-data
list of départements (JSON or CSV)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from masp.coverage.indicators import Coverage, coverage
from territories.vintage import vintage


class CoverageSerializer(serializers.Serializer):
    """Shares are fractions between 0 and 1; places per 100,000 inhabitants; populations are
    INSEE's legal populations of `population_year`, distances measured as the crow flies
    from the representative point of each commune (arrondissement in Paris, Lyon and
    Marseille)."""

    code = serializers.CharField()
    name = serializers.CharField()
    population = serializers.IntegerField()
    population_year = serializers.SerializerMethodField()
    houses_open = serializers.IntegerField()
    places = serializers.IntegerField()
    places_per_100k = serializers.SerializerMethodField()
    population_within_30km_share = serializers.SerializerMethodField()
    population_within_60km_share = serializers.SerializerMethodField()
    target_gap = serializers.IntegerField()

    def get_population_year(self, item: Coverage) -> int:
        return vintage().population_year

    def get_places_per_100k(self, item: Coverage) -> float:
        return round(item.places_per_100k, 2)

    def get_population_within_30km_share(self, item: Coverage) -> float:
        return round(item.within_30km_share, 4)

    def get_population_within_60km_share(self, item: Coverage) -> float:
        return round(item.within_60km_share, 4)


class DepartmentCoverageSerializer(CoverageSerializer):
    region = serializers.CharField(source="region_code")

    class Meta:
        fields = (
            "code",
            "name",
            "region",
            "population",
            "population_year",
            "houses_open",
            "places",
            "places_per_100k",
            "population_within_30km_share",
            "population_within_60km_share",
            "target_gap",
        )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {name: fields[name] for name in self.Meta.fields}


class RegionCoverageSerializer(CoverageSerializer):
    departments_without_open_house = serializers.IntegerField(source="departments_without_house")
    population_without_open_house = serializers.IntegerField(source="population_without_house")


class CSVRenderer(BaseRenderer):
    """A flat list of records as CSV (one header line, then one line per record)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        rows: Sequence[Mapping[str, Any]] = data if isinstance(data, list) else [data]
        out = io.StringIO()
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return out.getvalue().encode(self.charset)


class AllRowsPagination(PageNumberPagination):
    """One page holds every département (101); CSV output is never paginated."""

    page_size = 200

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        if getattr(request.accepted_renderer, "format", None) == "csv":
            return None
        return super().paginate_queryset(queryset, request, view)


class DepartmentCoverageList(generics.ListAPIView):
    serializer_class = DepartmentCoverageSerializer
    pagination_class = AllRowsPagination
    filter_backends: list[Any] = []

    def get_queryset(self) -> list[Coverage]:
        return list(coverage().departments)


class RegionCoverageList(DepartmentCoverageList):
    serializer_class = RegionCoverageSerializer

    def get_queryset(self) -> list[Coverage]:
        return list(coverage().regions)


class PublicDepartmentCoverageList(DepartmentCoverageList):
    """Open data: no login; `?format=csv` gives CSV."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            getattr(request, "accepted_renderer", None)
            and request.accepted_renderer.format == "csv"
        ):
            response["Content-Disposition"] = 'attachment; filename="masp-departements.csv"'
        return response
