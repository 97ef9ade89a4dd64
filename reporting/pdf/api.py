"""`/api/v1/reports/`: ask for a PDF report (202), follow it, download it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from common.api.serializers import ModelSerializer
from common.params import MAX_KEY
from masp.models import Site, SitingScenario
from reporting.enums import ReportKind
from reporting.models import OPINION_MAX_LENGTH, ReportRequest, ReportRequestQuerySet
from reporting.pdf.services import (
    check_parameters,
    check_scenario,
    clean_opinion,
    report_request,
)
from reporting.pdf.views import pdf_response, ready_report
from territories.models import Region


class PdfRenderer(BaseRenderer):
    """Lets a client send `Accept: application/pdf`; errors still come as JSON text."""

    media_type = "application/pdf"
    format = "pdf"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return JSONRenderer().render(data)


# "ReportRequest" would collide with the activity report's request component (COMPONENT_SPLIT).
@extend_schema_serializer(component_name="PdfReport")
class ReportRequestSerializer(ModelSerializer):
    region = serializers.CharField(source="region_id", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRequest
        fields = [
            "id",
            "kind",
            "site",
            "region",
            "period_start",
            "period_end",
            "status",
            "attempts",
            "error",
            "created_at",
            "finished_at",
            "size",
            "sha256",
            "opinion",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, report: ReportRequest) -> str | None:
        if not report.is_ready:
            return None
        url = reverse("api-report-pdf", args=[report.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ReportCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=ReportKind.choices, error_messages={"invalid_choice": _("Type de rapport inconnu.")}
    )
    site = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_KEY)
    region = serializers.CharField(required=False, allow_null=True, max_length=2)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    siting_scenario = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_KEY
    )
    opinion = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=OPINION_MAX_LENGTH,
        help_text="L'avis de l'ARS, imprimé sur la page de synthèse (ARS et niveau national).",
    )

    def validate_siting_scenario(self, value: int | None) -> SitingScenario | None:
        if value is None:
            return None
        scenarios = SitingScenario.objects.visible_to(self.context["request"].user)
        scenario = scenarios.filter(pk=value).first()
        if scenario is None:
            raise serializers.ValidationError(_("Scénario d'implantation inconnu."))
        return scenario

    def validate_site(self, value: int | None) -> Site | None:
        if value is None:
            return None
        # Within the caller's scope: a house outside it and one that does not exist get the
        # same answer, so the API does not tell which ids exist (as the form's choices).
        sites = Site.objects.visible_to(self.context["request"].user)
        site = sites.select_related("department").filter(pk=value).first()
        if site is None:
            raise serializers.ValidationError(_("Maison inconnue."))
        return site

    def validate_region(self, value: str | None) -> Region | None:
        if not value:
            return None
        region = Region.objects.filter(pk=value).first()
        if region is None:
            raise serializers.ValidationError(_("Région inconnue."))
        return region

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            check_parameters(
                kind=attrs["kind"],
                site=attrs.get("site"),
                region=attrs.get("region"),
                period_start=attrs["period_start"],
                period_end=attrs["period_end"],
            )
            check_scenario(
                user=self.context["request"].user,
                kind=attrs["kind"],
                region=attrs.get("region"),
                scenario=attrs.get("siting_scenario"),
            )
            attrs["opinion"] = clean_opinion(
                user=self.context["request"].user, opinion=attrs.get("opinion", "")
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs


REQUEST_EXAMPLE = OpenApiExample(
    "Revue semestrielle d'une région",
    value={
        "kind": "region",
        "region": "32",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
    },
    request_only=True,
)


@extend_schema_view(
    create=extend_schema(
        request=ReportCreateSerializer,
        responses={202: ReportRequestSerializer},
        examples=[REQUEST_EXAMPLE],
        description="Demande un rapport PDF : 202, puis suivez l'état jusqu'à download_url.",
    )
)
class ReportRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ReportRequestSerializer
    lookup_value_regex = r"\d+"
    ordering_fields = ["created_at", "period_start", "status"]
    filterset_fields = ["kind", "status", "region"]

    def get_queryset(self) -> ReportRequestQuerySet:
        return ReportRequest.objects.visible_to(self.request.user).order_by("-created_at", "-pk")

    def create(self, request: Request) -> Response:
        given = ReportCreateSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        data = given.validated_data
        kind = data["kind"]
        report = report_request(
            user=request.user,
            kind=kind,
            site=data.get("site") if kind == ReportKind.SITE else None,
            region=data.get("region") if kind == ReportKind.REGION else None,
            period_start=data["period_start"],
            period_end=data["period_end"],
            scenario=data.get("siting_scenario"),
            opinion=data.get("opinion", ""),
        )
        body = ReportRequestSerializer(report, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PdfRenderer])
    def pdf(self, request: Request, pk: str) -> FileResponse:
        return pdf_response(ready_report(request.user, int(pk)))
