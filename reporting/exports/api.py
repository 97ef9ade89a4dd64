"""Export API: `/api/v1/exports/<name>.<format>` (streamed, scoped; large XLSX go to a
worker) and `/api/v1/exports/requests/` (follow a large export built by a worker, download it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.serializers import ModelSerializer
from common.exports.base import ExportError, parse_lang, parse_params
from common.exports.writers import csv_stream, jsonl_stream, xlsx_file
from masp.perms import can_export
from reporting.exports.dictionary import dictionary_rows
from reporting.exports.schemas import export_schema, export_spec, schema_filename
from reporting.exports.services import export_request
from reporting.exports.specs import EXPORTS
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


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


EXPORT_PARAMETERS = [
    OpenApiParameter(
        "name", str, OpenApiParameter.PATH, enum=sorted(EXPORTS), description="L'export."
    ),
    OpenApiParameter(
        "fmt", str, OpenApiParameter.PATH, enum=sorted(CONTENT_TYPES), description="Le format."
    ),
    OpenApiParameter(
        "from", str, description="Premier mois inclus (AAAA-MM).", pattern=r"^\d{4}-\d{2}$"
    ),
    OpenApiParameter(
        "to", str, description="Dernier mois inclus (AAAA-MM).", pattern=r"^\d{4}-\d{2}$"
    ),
    OpenApiParameter("region", str, description="Code INSEE de la région, par ex. 32."),
    OpenApiParameter("department", str, description="Code INSEE du département, par ex. 59."),
    OpenApiParameter(
        "status",
        str,
        description="Statut des lignes ; rapports d'activité : validés par défaut, `all` pour "
        "tous ; effectifs : `latest` (défaut) ou `all`.",
    ),
    OpenApiParameter(
        "lang",
        str,
        enum=["fr"],
        description="Le fichier pour un tableur français (CSV et XLSX) : en-têtes et libellés "
        "en français, oui/non ; en CSV, séparateur « ; », BOM et virgule décimale. Son schéma : "
        "`schema.json?lang=fr`.",
    ),
    OpenApiParameter("header", str, enum=["fr"], description="En-tête en français."),
    OpenApiParameter("sep", str, enum=[";"], description="Séparateur point-virgule (CSV)."),
    OpenApiParameter("bom", bool, description="Marque d'ordre d'octets pour Excel (CSV)."),
]
CSV_EXAMPLE = OpenApiExample(
    "CSV des rapports d'activité",
    value="report_id,site_id,site_name,...,occupancy_rate\n41,3,Maison de l'Estuaire,...,0.852\n",
    media_type="text/csv",
    response_only=True,
)


@extend_schema(
    parameters=EXPORT_PARAMETERS,
    responses={
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, examples=[CSV_EXAMPLE]),
        (200, "application/jsonl"): OpenApiTypes.BINARY,
        (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
        (202, "application/json"): OpenApiResponse(
            ExportRequestSerializer,
            description="XLSX trop grand pour être produit pendant la requête : suivez "
            "`status_url` jusqu'à `download_url`.",
        ),
        400: OpenApiTypes.OBJECT,
        403: OpenApiTypes.OBJECT,
        404: OpenApiTypes.OBJECT,
    },
    description="Export en flux des données du périmètre de l'appelant (voir le dictionnaire "
    "des données : /api/v1/exports/dictionary.csv).",
)
class ExportView(APIView):
    # Errors are JSON whatever the client asks for; the export itself bypasses renderers.
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return (JSONRenderer(), "application/json")

    def get(self, request: Request, name: str, fmt: str) -> HttpResponseBase:
        spec = EXPORTS.get(name)
        if spec is None or fmt not in CONTENT_TYPES:
            raise Http404
        if not can_export(request.user):
            return Response(
                {"detail": "Aucun rôle ne vous donne accès aux exports.", "code": "no_role"},
                status=403,
            )
        try:
            params = parse_params(request.query_params)
            if params.french and fmt == "jsonl":
                raise ExportError(_("lang=fr concerne les fichiers CSV et XLSX, pas JSON Lines."))
            rows = spec.values(request.user, params)
            count = spec.count(request.user, params) if fmt == "xlsx" else 0
        except ExportError as error:
            return Response({"detail": str(error), "code": "invalid_parameter"}, status=400)
        if count > settings.MASP_EXPORT_XLSX_SYNC_MAX_ROWS:
            export = export_request(
                user=request.user, name=name, query=request.query_params, rows=count
            )
            body = ExportRequestSerializer(export, context={"request": request}).data
            return Response(body, status=202, headers={"Location": body["status_url"]})
        stem = slugify(str(spec.label)) if params.french else name
        filename = f"masp-{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"
        if fmt == "xlsx":
            content = _read_and_close(xlsx_file(spec, rows, params))
        else:
            content = (csv_stream if fmt == "csv" else jsonl_stream)(spec, rows, params)
        response = StreamingHttpResponse(content, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _read_and_close(handle: IO[bytes]) -> Iterator[bytes]:
    """The temporary XLSX, closed once read (or once the response is dropped)."""
    with handle:
        while chunk := handle.read(FileResponse.block_size):
            yield chunk


@extend_schema(
    responses={(200, "text/csv"): OpenApiTypes.BINARY},
    description="Le dictionnaire des données : chaque colonne de chaque export, avec son "
    "libellé français, son type, son unité et sa définition.",
)
class DictionaryCsvView(APIView):
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return (JSONRenderer(), "application/json")

    def get(self, request: Request) -> HttpResponse:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(dictionary_rows())
        response = HttpResponse(buffer.getvalue().encode(), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = 'attachment; filename="masp-dictionnaire.csv"'
        return response


@extend_schema(
    parameters=[
        OpenApiParameter(
            "name", str, OpenApiParameter.PATH, enum=sorted(EXPORTS), description="L'export."
        ),
        OpenApiParameter(
            "lang", str, enum=["fr"], description="Le schéma du fichier `lang=fr` (français)."
        ),
    ],
    responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    description="Le schéma (Table Schema, frictionless) d'un export : ses colonnes, leurs "
    "types, leurs valeurs possibles et ce qui vaut « pas de chiffre ». Généré depuis le "
    "dictionnaire des données ; `frictionless validate export.csv --schema schema.json`.",
)
class ExportSchemaView(APIView):
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return (JSONRenderer(), "application/json")

    def get(self, request: Request, name: str) -> Response:
        spec = export_spec(name)
        try:
            french = parse_lang(request.query_params)
        except ExportError as error:
            return Response({"detail": str(error), "code": "invalid_parameter"}, status=400)
        response = Response(export_schema(spec, french=french))
        filename = schema_filename(spec, french=french)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
