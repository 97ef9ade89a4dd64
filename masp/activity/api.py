"""API of activity reports: `/api/v1/campaigns/` and `/api/v1/activity-reports/`.

The viewsets translate; the decisions (who, which state, which rules) are in
`masp.activity.services`. A refused write answers with `code`, `detail` and the rule
`violations`: 400 for content, 403 for the wrong person in scope (or a reviewer who wrote or
submitted the report), 409 for the wrong state, a campaign not open yet or a stale version; a
report outside the caller's scope is a 404. An analyst reads a report's figures once it is
validated, and only the status of the others.
"""

from __future__ import annotations

import functools
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

from accounts.scopes import Scope, scope_for
from common.api.pagination import KeysFirstPagination
from common.api.serializers import ModelSerializer
from masp.activity.enums import ReportStatus
from masp.activity.fields import FIELD_NAMES, INTEGER, REPORT_FIELDS
from masp.activity.measures import indicators
from masp.activity.models import REPORT_COLUMNS
from masp.activity.rules import Period, evaluate
from masp.activity.services import (
    ReportError,
    campaigns_create_year,
    report_create,
    report_save,
    transition,
)
from masp.models import ActivityReport, ReportingCampaign, ReportTransition, Site
from masp.perms import follows_house_reports, reads_report_figures


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


TRANSITION_FIELDS = ("report_id", "from_status", "to_status", "by_id", "at", "comment")


class TransitionSerializer(ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = ReportTransition
        fields = ["from_status", "to_status", "by", "at", "comment"]


INDICATORS = ["occupancy_rate", "mean_length_of_stay", "death_rate", "refusal_rate"]
# What an analyst reads of a report that is not validated: where it stands, not its figures.
STATUS_FIELDS = ["id", "site", "campaign", "status", "version", "submitted_at", "validated_at"]
# Written as they are read: an integer or null, as DRF's IntegerField writes them.
INTEGER_FIGURES = frozenset(field.name for field in REPORT_FIELDS if field.kind == INTEGER)

# What a report is written from (`ReportWriter`): the columns of a row of values. A page of
# the list reads them with `.values()`, a single report gives them from its attributes.
REGION, START, END, FORM = (
    "site__department__region_id",
    "campaign__period_start",
    "campaign__period_end",
    "campaign__form_version",
)
COLUMNS = ("id", *REPORT_COLUMNS, REGION, START, END, FORM)
# A step of the history, and of its author the address.
STEP_COLUMNS = ("report_id", "from_status", "to_status", "by__email", "at", "comment")
KEYS = {"site": "site_id", "campaign": "campaign_id"}  # written as the related record's key


def report_row(report: ActivityReport) -> dict[str, Any]:
    """The columns of `report` (its house's region and its campaign read through it)."""
    related = {
        REGION: report.site.department.region_id,
        START: report.campaign.period_start,
        END: report.campaign.period_end,
        FORM: report.campaign.form_version,
    }
    return {name: related[name] if name in related else getattr(report, name) for name in COLUMNS}


def step_row(step: ReportTransition) -> dict[str, Any]:
    return {
        "report_id": step.report_id,
        "from_status": step.from_status,
        "to_status": step.to_status,
        "by__email": None if step.by is None else step.by.email,
        "at": step.at,
        "comment": step.comment,
    }


class ReportWriter:
    """Writes a report as the API shows it, from its columns (`COLUMNS`) and the steps of its
    history (`STEP_COLUMNS`): the list from rows of values, a single report from its
    attributes (`ReportSerializer.to_representation`), so that the two agree. Building fifty
    reports, their campaigns, houses and départements, then running DRF's machinery field by
    field, cost more than the rest of a page.

    What a user reads is decided by `masp.perms.reads_report_figures` (figures, indicators,
    rule alerts, justification, history) and `masp.perms.follows_house_reports` (the
    comments of the history): an analyst reads only the status of a report not validated,
    and of a validated one the history without its comments. Without a scope (server code
    without a request) everything is written. Dates and decimals are written by the
    serializer's own fields."""

    def __init__(self, scope: Scope | None, fields: dict[str, Any]) -> None:
        self.scope = scope
        # The fields that write a value (dates, decimals, choices); the keys and the integer
        # figures are written as they are read, the alerts and the history here.
        self.converters = {
            name: field
            for name, field in fields.items()
            if name not in {*INTEGER_FIGURES, *KEYS, "id", "violations", "transitions"}
        }
        self.at = fields["transitions"].child.fields["at"]

    def reads_figures(self, row: dict[str, Any]) -> bool:
        return self.scope is None or reads_report_figures(
            self.scope, row["status"], row["site_id"], row[REGION]
        )

    def write(self, row: dict[str, Any], steps: list[dict[str, Any]]) -> dict[str, Any]:
        if not self.reads_figures(row):
            return {name: self._value(name, row) for name in STATUS_FIELDS}
        values = {name: row[name] for name in FIELD_NAMES}
        computed = indicators(values)
        violations = evaluate(values, Period(row[START], row[END]), version=row[FORM])
        comments = self.scope is None or follows_house_reports(
            self.scope, row["site_id"], row[REGION]
        )
        written: dict[str, Any] = {}
        for name in ReportSerializer.Meta.fields:
            if name in computed:
                value = computed[name]
                written[name] = (
                    None if value is None else self.converters[name].to_representation(value)
                )
            elif name == "violations":
                written[name] = [violation.as_dict() for violation in violations]
            elif name == "transitions":
                written[name] = [self._step(step, comments) for step in steps]
            else:
                written[name] = self._value(name, row)
        return written

    def _value(self, name: str, row: dict[str, Any]) -> Any:
        value = row[KEYS.get(name, name)]
        field = self.converters.get(name)
        return value if value is None or field is None else field.to_representation(value)

    def _step(self, step: dict[str, Any], comments: bool) -> dict[str, Any]:
        written = {
            "from_status": step["from_status"],
            "to_status": step["to_status"],
            "by": step["by__email"],
            "at": self.at.to_representation(step["at"]),
        }
        if comments:
            written["comment"] = step["comment"]
        return written


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

    def to_representation(self, instance: ActivityReport) -> dict[str, Any]:
        request = self.context.get("request")
        writer = ReportWriter(None if request is None else scope_for(request.user), self.fields)
        row = report_row(instance)
        steps = (
            [step_row(step) for step in instance.transitions.all()]
            if writer.reads_figures(row)
            else []
        )
        return writer.write(row, steps)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            # The house and campaign of an existing report never change.
            fields["site"].read_only = fields["campaign"].read_only = True
        request = self.context.get("request")
        if request is not None and "site" in fields and not fields["site"].read_only:
            fields["site"].queryset = Site.objects.visible_to(request.user)
        return fields


@functools.cache
def list_fields() -> dict[str, Any]:
    """The fields a list's `ReportWriter` writes with, built once per process (they hold no
    state of a request: a date is written in the time zone active when it is written)."""
    return dict(ReportSerializer().fields)


def page_reports(keys: list[int], writer: ReportWriter) -> list[dict[str, Any]]:
    """The reports of `keys`, in that order, written by `writer` from rows of values: one
    query for the rows, one for the steps of the reports whose history the user reads (none
    when they read none: an analyst on a page of drafts)."""
    rows = {row["id"]: row for row in ActivityReport.objects.filter(pk__in=keys).values(*COLUMNS)}
    listed = [rows[key] for key in keys if key in rows]
    steps: dict[int, list[dict[str, Any]]] = {}
    followed = [row["id"] for row in listed if writer.reads_figures(row)]
    if followed:
        for step in (
            ReportTransition.objects.filter(report_id__in=followed)
            .order_by("at", "pk")  # the model's order
            .values(*STEP_COLUMNS)
        ):
            steps.setdefault(step["report_id"], []).append(step)
    return [writer.write(row, steps.get(row["id"], [])) for row in listed]


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
    """`KeysFirstPagination` whose query of the page's keys (`page_reports` writes their
    reports) also counts the list (COUNT(*) OVER (), computed before the LIMIT): one query
    fewer than a COUNT first. A page past the end, a page that is not a plain number, or an
    empty list take the parent's way (a COUNT first), so the answers, errors included, are
    DRF's."""

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        page_size = self.get_page_size(request)
        number = request.query_params.get(self.page_query_param) or "1"
        if not page_size or not (number.isascii() and number.isdigit()) or int(number) < 1:
            return super().paginate_queryset(queryset, request, view)
        offset = (int(number) - 1) * page_size
        rows = list(
            queryset.annotate(listed=Window(Count("pk")))
            .order_by(*map(_unindexed, queryset.query.order_by))
            .values_list("pk", "listed")[offset : offset + page_size]
        )
        if not rows:
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        paginator = self.django_paginator_class(queryset.values_list("pk", flat=True), page_size)
        paginator.__dict__["count"] = rows[0][1]  # Paginator.count is a cached property
        self.page = paginator.page(int(number))  # checked against the count: no query
        self.page.object_list = [pk for pk, _listed in rows]
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page.object_list)


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
        reports = ActivityReport.objects.visible_to(self.request.user).order_by(
            "-campaign__period_start", "site__name", "pk"
        )
        if self.action == "list":  # keys first (`ReportPagination`), then rows of values
            return reports
        return reports.select_related("campaign", "site__department").prefetch_related(
            Prefetch(
                "transitions",
                # What the serializer writes of a step, and of its author the address.
                queryset=ReportTransition.objects.select_related("by").only(
                    *TRANSITION_FIELDS, "by__email"
                ),
            )
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A page written from rows of values (`page_reports`): the JSON the serializer
        writes of each report (tests/masp/activity/test_api.py)."""
        queryset = self.filter_queryset(self.get_queryset())
        keys = self.paginate_queryset(queryset)
        writer = ReportWriter(scope_for(request.user), list_fields())
        if keys is None:
            return Response(page_reports(list(queryset.values_list("pk", flat=True)), writer))
        return self.get_paginated_response(page_reports(keys, writer))

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
