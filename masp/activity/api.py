"""API of activity reports: `/api/v1/campaigns/` and `/api/v1/activity-reports/`.

The viewsets translate; the decisions (who, which state, which rules) are in
`masp.activity.services`. A refused write answers with `code`, `detail` and the rule
`violations`: 400 for content, 403 for the wrong person in scope (or a reviewer who wrote or
submitted the report), 409 for the wrong state, a campaign not open yet or a stale version; a
report outside the caller's scope is a 404. An analyst reads a report's figures once it is
validated, and only the status of the others.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import django_filters
from django.db.models import Count, DateTimeField, Prefetch, QuerySet, Window
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from common.api.pagination import KeysFirstPagination
from common.api.serializers import ModelSerializer
from masp.activity.enums import ReportStatus
from masp.activity.fields import FIELD_NAMES, INTEGER, REPORT_FIELDS
from masp.activity.services import (
    ReportError,
    campaigns_create_year,
    report_create,
    report_save,
    transition,
)
from masp.models import ActivityReport, ReportingCampaign, ReportTransition, Site
from masp.perms import can_follow_reports, can_read_report_figures


class CampaignSerializer(ModelSerializer):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = ReportingCampaign
        fields = [
            "id",
            "period_start",
            "period_end",
            "opens_at",
            "deadline",
            "review_deadline",
            "corrections_until",
            "status",
        ]


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2024, max_value=2040)


def error_response(error: ReportError) -> Response:
    body = {
        "code": error.code,
        "detail": error.message,
        "violations": [violation.as_dict() for violation in error.violations],
    }
    return Response(body, status=error.status)


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CampaignSerializer
    queryset = ReportingCampaign.objects.all()
    ordering_fields = ["period_start", "deadline"]

    @action(detail=False, methods=["post"], url_path="create-year")
    def create_year(self, request: Request) -> Response:
        """National administrators: create the twelve monthly campaigns of a year."""
        serializer = YearSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            created = campaigns_create_year(
                year=serializer.validated_data["year"], user=request.user
            )
        except ReportError as error:
            return error_response(error)
        return Response(CampaignSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


TRANSITIONS = ActivityReport.transitions.field.remote_field.cache_name  # "transitions"
TRANSITION_FIELDS = ("report_id", "from_status", "to_status", "by_id", "at", "comment")


class TransitionSerializer(ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = ReportTransition
        fields = ["from_status", "to_status", "by", "at", "comment"]


INDICATORS = ["occupancy_rate", "mean_length_of_stay", "death_rate", "refusal_rate"]
# What an analyst reads of a report that is not validated: where it stands, not its figures.
STATUS_FIELDS = ["id", "site", "campaign", "status", "version", "submitted_at", "validated_at"]
# Read as they are: an integer or null, as DRF's IntegerField would write them.
INTEGER_FIGURES = frozenset(field.name for field in REPORT_FIELDS if field.kind == INTEGER)


class ReportSerializer(ModelSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)
    violations = serializers.SerializerMethodField()
    occupancy_rate = serializers.DecimalField(
        max_digits=6, decimal_places=3, read_only=True, allow_null=True
    )
    mean_length_of_stay = serializers.DecimalField(
        max_digits=8, decimal_places=1, read_only=True, allow_null=True
    )
    death_rate = serializers.DecimalField(
        max_digits=6, decimal_places=3, read_only=True, allow_null=True
    )
    refusal_rate = serializers.DecimalField(
        max_digits=6, decimal_places=3, read_only=True, allow_null=True
    )

    class Meta:
        model = ActivityReport
        fields = [
            "id",
            "site",
            "campaign",
            "status",
            "version",
            *FIELD_NAMES,
            "justification",
            *INDICATORS,
            "violations",
            "submitted_at",
            "validated_at",
            "transitions",
        ]
        read_only_fields = ["status", "submitted_at", "validated_at"]
        # One report per house and campaign is checked by the service, after the permission.
        validators: list[Any] = []

    def get_violations(self, report: ActivityReport) -> list[dict[str, Any]]:
        return [violation.as_dict() for violation in report.violations()]

    @property
    def _readable_fields(self) -> Any:
        # The fifty integer figures skip DRF's field-by-field path (attribute lookup, null
        # check, int()) that costs more than the rest of a page of fifty reports; they are
        # copied in `to_representation`, in the declared order.
        return (
            field for field in super()._readable_fields if field.field_name not in INTEGER_FIGURES
        )

    def skipped_fields(self) -> frozenset[str]:
        # A list being written (the child of a ListSerializer given its reports) copies the
        # integer figures as they are: their fields are neither copied nor bound.
        parent = self.parent
        reading = isinstance(parent, serializers.ListSerializer) and parent.instance is not None
        return INTEGER_FIGURES if reading else frozenset()

    def to_representation(self, instance: ActivityReport) -> dict[str, Any]:
        user = self.context["request"].user if "request" in self.context else None
        if user is not None and not can_read_report_figures(user, instance):
            return self._status_only(instance)
        data = super().to_representation(instance)
        if user is not None and not can_follow_reports(user, instance.site):
            # The comments are exchanges with the house, about versions before this one.
            data["transitions"] = [
                {key: value for key, value in step.items() if key != "comment"}
                for step in data["transitions"]
            ]
        return {
            name: data[name] if name in data else getattr(instance, name)
            for name in self.Meta.fields
            if name in data or name in INTEGER_FIGURES
        }

    def _status_only(self, report: ActivityReport) -> dict[str, Any]:
        return {
            name: self.fields[name].to_representation(getattr(report, name))
            for name in STATUS_FIELDS
        }

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            # The house and campaign of an existing report never change.
            fields["site"].read_only = fields["campaign"].read_only = True
        request = self.context.get("request")
        if request is not None and "site" in fields and not fields["site"].read_only:
            fields["site"].queryset = Site.objects.visible_to(request.user)
        return fields


def attach_transitions(reports: list[ActivityReport]) -> None:
    """The steps of `reports` in one query of plain rows (what `TransitionSerializer`
    writes: the states, the time, the comment, the author's address), kept where
    `report.transitions.all()` finds prefetched objects."""
    steps: dict[int, list[SimpleNamespace]] = {report.pk: [] for report in reports}
    rows = (
        ReportTransition.objects.filter(report_id__in=steps)
        .order_by("at", "pk")  # the model's order
        .values_list("report_id", "from_status", "to_status", "at", "comment", "by__email")
    )
    for report_id, from_status, to_status, at, comment, email in rows:
        steps[report_id].append(
            SimpleNamespace(
                from_status=from_status,
                to_status=to_status,
                at=at,
                comment=comment,
                by=None if email is None else SimpleNamespace(email=email),
            )
        )
    for report in reports:
        cache = getattr(report, "_prefetched_objects_cache", {})
        report._prefetched_objects_cache = {  # type: ignore[attr-defined]
            **cache,
            TRANSITIONS: steps[report.pk],
        }


def _unindexed(term: Any) -> Any:
    """A sort term of the list, the campaign's month read as a timestamp (the same order):
    sorted on the index of the months, PostgreSQL joins the campaigns by a nested loop that
    compares every report with every campaign (thirty-six times the rows) to spare a sort
    it must do anyway (the count reads every row); on the expression it hashes them."""
    if isinstance(term, str) and term.lstrip("-") == "campaign__period_start":
        month = Cast("campaign__period_start", DateTimeField())
        return month.desc() if term.startswith("-") else month.asc()
    return term


class ReportPagination(KeysFirstPagination):
    """`KeysFirstPagination` whose query of the page's keys also counts the list (COUNT(*)
    OVER (), computed before the LIMIT): one query fewer. A page past the end, a page that
    is not a plain number, or an empty list take the parent's way (a COUNT first), so the
    answers, errors included, are the parent's."""

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        # The page's reports without Django's prefetching (a related manager and a query
        # set per report, dearer than the rest of the rows): their steps are read below.
        page = self._page(queryset.prefetch_related(None), request, view)
        if page is not None:
            attach_transitions(page)
        return page

    def _page(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        page_size = self.get_page_size(request)
        number = request.query_params.get(self.page_query_param) or "1"
        if not page_size or not (number.isascii() and number.isdigit()) or int(number) < 1:
            return super().paginate_queryset(queryset, request, view)
        offset = (int(number) - 1) * page_size
        keys = queryset.values_list("pk", flat=True)
        rows = list(
            queryset.annotate(listed=Window(Count("pk")))
            .order_by(*map(_unindexed, queryset.query.order_by))
            .values_list("pk", "listed")[offset : offset + page_size]
        )
        if not rows:
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        paginator = self.django_paginator_class(keys, page_size)
        paginator.__dict__["count"] = rows[0][1]  # Paginator.count is a cached property
        self.page = paginator.page(int(number))  # checked against the count: no query
        self.page.object_list = [pk for pk, _listed in rows]
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        # The page's fifty reports read without the list's sort (its joins and expressions),
        # then put back in the order of their keys.
        keys = self.page.object_list
        by_key = {report.pk: report for report in queryset.filter(pk__in=keys).order_by()}
        return [by_key[key] for key in keys if key in by_key]


LISTED_FIELDS = (
    "site__department__region_id",
    "campaign__period_start",
    "campaign__period_end",
    "campaign__form_version",
    "status",
    "version",
    *FIELD_NAMES,
    "justification",
    "submitted_at",
    "validated_at",
)


class ReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    region = django_filters.CharFilter(field_name="site__department__region_id")

    class Meta:
        model = ActivityReport
        fields = ["site", "campaign", "status", "region"]


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, min_value=1)


REPORT_EXAMPLE = OpenApiExample(
    "Un rapport validé",
    value={
        "id": 41,
        "site": 3,
        "campaign": 7,
        "status": "validated",
        "version": 1,
        "places_installed": 12,
        "days_open": 31,
        "occupied_bed_days": 317,
        "admissions": 9,
        "deaths": 5,
        "occupancy_rate": "0.852",
        "mean_length_of_stay": "27.4",
    },
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(
        description="Les rapports d'activité de votre périmètre ; filtres site, campaign, "
        "status, region ; tri ?ordering=-campaign__period_start. Un analyste ne lit que le "
        "statut (id, site, campaign, status, version, submitted_at, validated_at) des "
        "rapports non validés.",
        examples=[REPORT_EXAMPLE],
    ),
    retrieve=extend_schema(examples=[REPORT_EXAMPLE]),
)
class ActivityReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    pagination_class = ReportPagination
    ordering_fields = ["campaign__period_start", "site__name", "status", "submitted_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        queryset = self._reports()
        if self.action == "list":
            # What a page of the list writes (and reads to decide what to write): no
            # timestamps of the records, nor the houses' whole records (a page reads only).
            queryset = queryset.only(*LISTED_FIELDS)
        return queryset

    def _reports(self) -> Any:
        return (
            ActivityReport.objects.visible_to(self.request.user)
            # The house's region says whether an analyst reads the figures.
            .select_related("campaign", "site__department")
            .prefetch_related(
                Prefetch(
                    "transitions",
                    # What the serializer writes of a step, and of its author the address.
                    queryset=ReportTransition.objects.select_related("by").only(
                        *TRANSITION_FIELDS, "by__email"
                    ),
                )
            )
            .order_by("-campaign__period_start", "site__name", "pk")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        site, campaign = data.pop("site"), data.pop("campaign")
        data.pop("version", None)
        try:
            report = report_create(site=site, campaign=campaign, user=request.user, values=data)
        except ReportError as error:
            return error_response(error)
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        if "version" not in request.data:
            return Response(
                {"code": "version_required", "detail": _("Indiquez la version modifiée.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializer = self.get_serializer(report, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        try:
            report, _violations = report_save(
                report=report, user=request.user, values=data, version=version
            )
        except ReportError as error:
            return error_response(error)
        return Response(self.get_serializer(self.get_object()).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    def _transition(self, request: Request, name: str) -> Response:
        report = self.get_object()
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            transition(report=report, user=request.user, name=name, **serializer.validated_data)
        except ReportError as error:
            return error_response(error)
        return Response(self.get_serializer(self.get_object()).data)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._transition(request, "submit")

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        return self._transition(request, "return")

    @action(detail=True, methods=["post"])
    def validate(self, request: Request, pk: str) -> Response:
        return self._transition(request, "validate")

    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        return self._transition(request, "reopen")
