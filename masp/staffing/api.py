"""`/api/v1/sites/{id}/staffing/`: a house's latest staffing declaration and its compliance
(GET), and a new declaration by the house's coordinator (POST)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.params import ParameterError, query_key
from masp.models import NormSet, Site, StaffingDeclaration
from masp.perms import can_declare_staffing
from masp.staffing import engine, grids
from masp.staffing.enums import ComplianceStatus
from masp.staffing.queries import Context
from masp.staffing.services import LineInput, staffing_declare

FTE = {"max_digits": 6, "decimal_places": 2, "default": Decimal(0)}


class LineSerializer(serializers.Serializer):
    # No min_value: the service rejects negative values with its own French messages.
    role = serializers.CharField(max_length=40)
    fte_funded = serializers.DecimalField(**FTE)
    fte_filled = serializers.DecimalField(**FTE)
    fte_agency = serializers.DecimalField(**FTE)
    vacant_posts = serializers.IntegerField(default=0)
    headcount = serializers.IntegerField(default=0)
    hours_per_month = serializers.IntegerField(default=0)
    presence = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=3, max_length=3),
        required=False,
        help_text=(
            "Le cycle du planning : 7, 14, 21, 28, 35 ou 42 jours (1 à 6 semaines, à partir du "
            "lundi de la semaine 1) de [matin, après-midi, nuit] : personnes présentes."
        ),
    )

    def validate_presence(self, value: list[list[int]]) -> list[list[int]]:
        if not grids.valid_length(len(value)):
            raise serializers.ValidationError(
                _(
                    "Le planning compte %(days)s jours : il en faut 7 par semaine, pour un cycle "
                    "de 1 à %(max)s semaines (7, 14, 21, 28, 35 ou 42 jours)."
                )
                % {"days": len(value), "max": grids.MAX_WEEKS}
            )
        return value


class DeclarationSerializer(serializers.Serializer):
    declared_on = serializers.DateField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    cycle_weeks = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=grids.MAX_WEEKS,
        help_text="Durée du cycle en semaines (par défaut : celle des plannings).",
    )
    lines = LineSerializer(many=True, allow_empty=False)

    def line_inputs(self) -> list[LineInput]:
        lines = []
        for line in self.validated_data["lines"]:
            line = dict(line)
            grid = line.pop("presence", None)
            presence = tuple(tuple(day) for day in grid) if grid else engine.EMPTY_GRID
            lines.append(LineInput(presence=presence, **line))
        return lines


class RuleResultSerializer(serializers.Serializer):
    """Documentation of one rule's result (the view builds the dict itself)."""

    role = serializers.CharField(help_text="Code de la fonction, ou des fonctions jointes par +.")
    subject = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["fte", "presence", "pair", "grid"],
        help_text="grid : le planning comparé aux ETP déclarés (avertissement s'il est intenable).",
    )
    required = serializers.CharField()
    measured = serializers.CharField()
    unit = serializers.ChoiceField(choices=list(engine.UNITS))
    status = serializers.ChoiceField(choices=ComplianceStatus.choices)
    status_label = serializers.CharField()
    message = serializers.CharField()
    missing_fte = serializers.CharField()
    uncovered = serializers.ListField(
        child=serializers.DictField(),
        help_text="day : 0 (lundi de la semaine 1) à 7 x semaines - 1 ; week : 1 à 6 ; "
        "shift : morning, afternoon, night ou null (toute la journée).",
    )
    assumption = serializers.CharField(help_text="La lecture retenue là où la source est muette.")


class StaffingSerializer(serializers.Serializer):
    site = serializers.IntegerField()
    declaration = serializers.DictField(allow_null=True)
    norm_set = serializers.DictField(allow_null=True)
    status = serializers.ChoiceField(choices=ComplianceStatus.choices)
    status_label = serializers.CharField()
    rules = RuleResultSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField(), required=False)


def rule_data(result: engine.RuleResult) -> dict[str, Any]:
    return {
        "role": "+".join(result.roles),
        "subject": result.subject,
        "kind": result.kind,
        "required": str(result.required),
        "measured": str(result.measured),
        "unit": result.unit,
        "status": result.status,
        "status_label": result.status_label,
        "message": result.message,
        "missing_fte": str(result.missing_fte),
        "uncovered": [
            {"day": slot.day, "week": slot.day // grids.WEEK + 1, "shift": slot.shift}
            for slot in result.uncovered
        ],
        "assumption": result.assumption,
    }


def declaration_data(declaration: StaffingDeclaration, context: Context) -> dict[str, Any]:
    return {
        "id": declaration.pk,
        "declared_on": declaration.declared_on.isoformat(),
        "comment": declaration.comment,
        "cycle_weeks": declaration.cycle_weeks,
        "lines": [
            {
                "role": context.by_id[line.role_id].code,
                "fte_funded": str(line.fte_funded),
                "fte_filled": str(line.fte_filled),
                "vacant_posts": line.vacant_posts,
                "fte_agency": str(line.fte_agency),
                "headcount": line.headcount,
                "hours_per_month": line.hours_per_month,
                "presence": line.presence,
            }
            for line in declaration.lines.all()
        ],
    }


def staffing_data(site: Site, context: Context) -> dict[str, Any]:
    declaration = site.staffing_declarations.with_lines().first()
    result = context.evaluate(declaration, site.capacity)
    norm_set = context.norm_set
    status = result.status if result else ComplianceStatus.NOT_EVALUABLE
    return {
        "site": site.pk,
        "declaration": declaration_data(declaration, context) if declaration else None,
        "norm_set": (
            {"id": norm_set.pk, "name": norm_set.name, "version": norm_set.version}
            if norm_set
            else None
        ),
        "status": status,
        "status_label": str(ComplianceStatus(status).label),
        "rules": [rule_data(rule) for rule in result.results] if result else [],
    }


class SiteStaffingView(APIView):
    def site(self, request: Request, pk: int) -> Site:
        return get_object_or_404(Site.objects.visible_to(request.user), pk=pk)

    @extend_schema(responses=StaffingSerializer)
    def get(self, request: Request, pk: int) -> Response:
        site = self.site(request, pk)
        try:
            wanted = query_key(request.query_params, "norm_set")
        except ParameterError as error:
            raise ValidationError({"norm_set": [error.message]}) from error
        norm_set = None
        if wanted is not None:
            norm_set = get_object_or_404(NormSet.objects.with_rules(), pk=wanted)
        return Response(staffing_data(site, Context.load(norm_set)))

    @extend_schema(request=DeclarationSerializer, responses={201: StaffingSerializer})
    def post(self, request: Request, pk: int) -> Response:
        site = self.site(request, pk)
        if not can_declare_staffing(request.user, site):
            raise PermissionDenied(_("Seule la coordination de la maison déclare ses effectifs."))
        serializer = DeclarationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            declared = staffing_declare(
                site=site,
                user=request.user,
                lines=serializer.line_inputs(),
                declared_on=serializer.validated_data.get("declared_on"),
                comment=serializer.validated_data["comment"],
                cycle_weeks=serializer.validated_data.get("cycle_weeks"),
            )
        except DjangoValidationError as error:
            raise ValidationError({"errors": error.messages}) from error
        body = staffing_data(site, Context.load())
        body["warnings"] = declared.warnings
        return Response(body, status=status.HTTP_201_CREATED)
