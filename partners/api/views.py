"""Endpoints of the partners API: the directory, and each house's conventions."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from masp.models import Site
from partners.api.serializers import ConventionSerializer, OrganisationSerializer
from partners.enums import OrganisationKind
from partners.models import Convention, Organisation
from partners.perms import can_manage_partners
from partners.services import convention_record


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)
    department = django_filters.CharFilter(field_name="department_id")

    class Meta:
        model = Organisation
        fields = ["kind", "department"]


class PartnerList(generics.ListAPIView):
    """Partner organisations (national partners and local ones), for any logged-in user."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    ordering_fields = ["name", "kind", "department"]
    queryset = Organisation.objects.order_by("name", "pk")


class SiteConventionList(generics.ListCreateAPIView):
    """A house's conventions; its coordinator (or a national administrator) adds one, with the
    signed PDF as multipart `document`."""

    serializer_class = ConventionSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filter_backends: list = []

    def get_site(self) -> Site:
        if not hasattr(self, "_site"):
            sites = Site.objects.visible_to(self.request.user).with_territory()
            self._site = get_object_or_404(sites, pk=self.kwargs["pk"])
        return self._site

    def get_queryset(self) -> QuerySet[Convention]:
        return (
            Convention.objects.filter(site=self.get_site())
            .with_status()
            .select_related("partner")
            .order_by("partner__name", "pk")
        )

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "site": self.get_site()}

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Scope first (404), then the right to write (403), then the data (400).
        if not can_manage_partners(request.user, self.get_site()):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: BaseSerializer) -> None:
        site = self.get_site()
        upload = serializer.validated_data.get("document")
        convention = Convention(site=site, **serializer.validated_data)
        serializer.instance = convention_record(
            convention=convention,
            user=self.request.user,
            uploaded_name=upload.name if upload else None,
        )
