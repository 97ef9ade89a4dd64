"""`/api/v1/exports/requests/`: follow a large export built by a worker, then download it."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request

from config.api.serializers import ModelSerializer
from reporting.models import ExportRequest, ExportRequestQuerySet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxRenderer(BaseRenderer):
    """Lets a client send `Accept:` the XLSX type; errors still come as JSON text."""

    media_type = XLSX
    format = "xlsx"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return JSONRenderer().render(data)


class ExportRequestSerializer(ModelSerializer):
    export = serializers.CharField(source="name", read_only=True)
    format = serializers.CharField(source="fmt", read_only=True)
    status_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportRequest
        fields = [
            "id",
            "export",
            "format",
            "params",
            "status",
            "rows",
            "size",
            "error",
            "created_at",
            "finished_at",
            "expires_at",
            "status_url",
            "download_url",
        ]
        read_only_fields = fields

    def _absolute(self, url: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    def get_status_url(self, export: ExportRequest) -> str:
        return self._absolute(reverse("api-export-request-detail", args=[export.pk]))

    def get_download_url(self, export: ExportRequest) -> str | None:
        if not export.is_ready:
            return None
        return self._absolute(reverse("api-export-request-file", args=[export.pk]))


EXAMPLE = OpenApiExample(
    "Export en préparation",
    value={
        "id": 12,
        "export": "activity-reports",
        "format": "xlsx",
        "params": {"from": "2026-01", "to": "2026-12"},
        "status": "pending",
        "rows": 120000,
        "size": None,
        "error": "",
        "created_at": "2026-11-23T21:00:00+01:00",
        "finished_at": None,
        "expires_at": None,
        "status_url": "https://masp.example.org/api/v1/exports/requests/12/",
        "download_url": None,
    },
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(description="Vos exports préparés par le serveur, du plus récent."),
    retrieve=extend_schema(
        description="L'état d'un export préparé par le serveur.", examples=[EXAMPLE]
    ),
)
class ExportRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ExportRequestSerializer
    lookup_value_regex = r"\d+"
    ordering_fields = ["created_at", "status"]
    filterset_fields = ["name", "status"]

    def get_queryset(self) -> ExportRequestQuerySet:
        return ExportRequest.objects.visible_to(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY, 404: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, XlsxRenderer])
    def file(self, request: Request, pk: str) -> FileResponse:
        # The scope check: only the requester sees the request (ExportRequest.visible_to).
        export = get_object_or_404(self.get_queryset(), pk=pk)
        if not export.is_ready:
            raise Http404
        response = FileResponse(
            export.file.open("rb"), as_attachment=True, filename=export.filename, content_type=XLSX
        )
        response["Cache-Control"] = "private, no-store"
        return response
