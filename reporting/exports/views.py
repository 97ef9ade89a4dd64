"""`/api/v1/exports/<name>.<format>`: streamed, scoped exports; large XLSX go to a worker."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.exports.base import ExportError, parse_params
from config.exports.writers import csv_stream, jsonl_stream, xlsx_file
from masp.perms import can_export
from reporting.exports.api import ExportRequestSerializer
from reporting.exports.dictionary import dictionary_rows
from reporting.exports.services import export_request
from reporting.exports.specs import EXPORTS

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
        filename = f"masp-{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
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
