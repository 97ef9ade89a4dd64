"""`/api/v1/sites/`: the houses within the caller's scope."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets

from masp.enums import SiteStatus
from masp.models import Site, SiteQuerySet


class SiteSerializer(serializers.ModelSerializer):
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


class SiteViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SiteSerializer
    filterset_class = SiteFilter

    def get_queryset(self) -> SiteQuerySet:
        return Site.objects.visible_to(self.request.user).with_territory()
