"""`/api/v1/exports/<name>.<format>`: streamed, scoped exports."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.exports.base import ExportError, parse_params
from config.exports.writers import csv_stream, jsonl_stream, xlsx_file
from masp.perms import can_export
from reporting.exports.specs import EXPORTS

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


EXPORT_PARAMETERS = [
    OpenApiParameter("from", str, description="Premier mois inclus (AAAA-MM)."),
    OpenApiParameter("to", str, description="Dernier mois inclus (AAAA-MM)."),
    OpenApiParameter("region", str, description="Code INSEE de la région."),
    OpenApiParameter("department", str, description="Code INSEE du département."),
    OpenApiParameter("status", str, description="Statut des lignes (par défaut : validées)."),
    OpenApiParameter("header", str, enum=["fr"], description="En-tête en français."),
    OpenApiParameter("sep", str, enum=[";"], description="Séparateur point-virgule (CSV)."),
    OpenApiParameter("bom", bool, description="Marque d'ordre d'octets pour Excel (CSV)."),
]


@extend_schema(
    parameters=EXPORT_PARAMETERS,
    responses={
        (200, "text/csv"): OpenApiTypes.BINARY,
        (200, "application/jsonl"): OpenApiTypes.BINARY,
        (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
        400: OpenApiTypes.OBJECT,
    },
    description="Export en flux des données du périmètre de l'appelant.",
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
            return Response({"detail": "Aucun rôle ne vous donne accès aux exports."}, status=403)
        try:
            params = parse_params(request.query_params)
            rows = spec.values(request.user, params)
        except ExportError as error:
            return Response({"detail": str(error), "code": "invalid_parameter"}, status=400)
        filename = f"masp-{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
        if fmt == "xlsx":
            return FileResponse(
                xlsx_file(spec, rows, params),
                as_attachment=True,
                filename=filename,
                content_type=CONTENT_TYPES[fmt],
            )
        stream = csv_stream if fmt == "csv" else jsonl_stream
        response = StreamingHttpResponse(
            stream(spec, rows, params), content_type=CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
