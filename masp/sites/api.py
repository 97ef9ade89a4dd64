"""`/api/v1/sites/`: the houses within the caller's scope."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from common.api.serializers import ModelSerializer, values_representation
from masp.models import Site, SiteQuerySet
from masp.sites.enums import SiteStatus


class SiteSerializer(ModelSerializer):
    department = serializers.CharField(source="department_id")
    region = serializers.CharField(source="department.region_id")

    class Meta:
        model = Site
        fields = [
            "id",
            "name",
            "finess_et",
            "finess_ej",
            "manager_name",
            "manager_siret",
            "manager_legal_status",
            "address",
            "postcode",
            "commune",
            "department",
            "region",
            "latitude",
            "longitude",
            "capacity",
            "status",
            "authorised_on",
            "opened_on",
            "closed_on",
            "cohort_year",
            "public_phone",
            "public_email",
            "website",
        ]


class SiteFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="department__region_id")
    department = django_filters.CharFilter(field_name="department_id")
    status = django_filters.ChoiceFilter(choices=SiteStatus.choices)

    class Meta:
        model = Site
        fields = ["region", "department", "status"]


SITE_EXAMPLE = OpenApiExample(
    "Une maison ouverte",
    value={
        "id": 3,
        "name": "Maison de l'Estuaire",
        "finess_et": "596500017",
        "department": "59",
        "region": "32",
        "capacity": 12,
        "status": "open",
        "opened_on": "2026-03-01",
    },
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(
        description="Les maisons de votre périmètre ; filtres region, department, status ; "
        "tri ?ordering=name, -capacity...",
        examples=[SITE_EXAMPLE],
    ),
    retrieve=extend_schema(examples=[SITE_EXAMPLE]),
)
class SiteViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SiteSerializer
    filterset_class = SiteFilter
    ordering_fields = ["name", "capacity", "opened_on", "department", "status"]

    def get_queryset(self) -> SiteQuerySet:
        return Site.objects.visible_to(self.request.user).with_territory()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The page written from rows of values (`values_representation`): the same JSON as
        the serializer writes from the houses (tests/masp/sites/test_api.py)."""
        rows, represent = values_representation(
            self.get_serializer(), self.filter_queryset(self.get_queryset())
        )
        page = self.paginate_queryset(rows)
        if page is None:
            return Response([represent(row) for row in rows])
        return self.get_paginated_response([represent(row) for row in page])
