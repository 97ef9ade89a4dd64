"""`POST /api/v1/siting/`: the siting advisor as an API (the same inputs and outputs as the
page; clients outside this repository rely on the contract of docs/siting.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from masp.coverage.siting import services
from masp.coverage.siting.services import PROPOSAL_FIELDS, Parameters, Result
from masp.perms import can_use_siting


class CandidatesSerializer(serializers.Serializer):
    min_population = serializers.IntegerField(required=False, min_value=0)
    insee = serializers.ListField(
        child=serializers.RegexField(
            r"^[0-9][0-9AB][0-9]{3}$", error_messages={"invalid": _("Code INSEE invalide.")}
        ),
        required=False,
        allow_empty=False,
        max_length=40_000,
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("min_population" in attrs) == ("insee" in attrs):
            raise serializers.ValidationError(
                _("Indiquez soit « min_population », soit « insee » (une liste de codes).")
            )
        return attrs


class SitingRequestSerializer(serializers.Serializer):
    scope = serializers.CharField(max_length=3)
    radius_km = serializers.FloatField(min_value=services.RADIUS_MIN, max_value=services.RADIUS_MAX)
    k = serializers.IntegerField(min_value=services.K_MIN, max_value=services.K_MAX)
    existing = serializers.ListField(
        child=serializers.ChoiceField(
            choices=list(services.EXISTING),
            error_messages={"invalid_choice": _("« {input} » : open, authorised ou project.")},
        ),
        default=["open"],
    )
    candidates = CandidatesSerializer(required=False)
    one_per_department = serializers.BooleanField(default=False)
    only_uncovered_departments = serializers.BooleanField(default=False)
    method = serializers.ChoiceField(
        choices=list(services.METHODS),
        default="greedy",
        error_messages={"invalid_choice": _("Méthode inconnue : greedy ou exact.")},
    )

    def parameters(self) -> Parameters:
        data = self.validated_data
        candidates = data.get("candidates") or {"min_population": 0}
        return Parameters(
            scope=data["scope"].upper() if data["scope"].lower() == "fr" else data["scope"],
            radius_km=data["radius_km"],
            k=data["k"],
            existing=tuple(dict.fromkeys(data["existing"])),
            min_population=candidates.get("min_population") or 0,
            insee=tuple(dict.fromkeys(candidates.get("insee") or ())),
            one_per_department=data["one_per_department"],
            only_uncovered_departments=data["only_uncovered_departments"],
            method=data["method"],
        )


def body(result: Result) -> dict[str, Any]:
    data = result.as_dict()
    data.pop("houses")
    data["proposals"] = [
        {name: proposal[name] for name in PROPOSAL_FIELDS} for proposal in data["proposals"]
    ]
    return data


EXAMPLE = OpenApiExample(
    "Trois maisons en Hauts-de-France à 30 km",
    value={
        "scope": "32",
        "radius_km": 30,
        "k": 3,
        "existing": ["open"],
        "candidates": {"min_population": 0},
        "one_per_department": False,
        "only_uncovered_departments": False,
        "method": "greedy",
    },
    request_only=True,
)


class SitingView(APIView):
    """ARS agents on their regions, national roles on any region or France; coordinators 403."""

    @extend_schema(
        request=SitingRequestSerializer,
        responses={200: dict},
        examples=[EXAMPLE],
        description=(
            "Où implanter les prochaines maisons : les k communes qui ajoutent le plus de "
            "population à moins du rayon donné d'une maison (couverture maximale)."
        ),
    )
    def post(self, request: Request) -> Response:
        if not can_use_siting(request.user):
            raise PermissionDenied  # before reading the body: no role, no validation hints
        given = SitingRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            result = services.siting_run(user=request.user, parameters=given.parameters())
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return Response(body(result))
