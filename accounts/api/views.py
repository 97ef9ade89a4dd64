"""`/api/v1/me/`: who is calling, with which roles."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Membership
from common.api.serializers import ModelSerializer


class MembershipSerializer(ModelSerializer):
    region = serializers.CharField(source="region_id", allow_null=True)
    site = serializers.IntegerField(source="site_id", allow_null=True)

    class Meta:
        model = Membership
        fields = ["role", "region", "site"]


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    # Shown so that a script (or its owner) sees the rights the account carries beyond its
    # memberships: is_superuser makes a national administrator.
    is_staff = serializers.BooleanField()
    is_superuser = serializers.BooleanField()
    memberships = MembershipSerializer(many=True)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        memberships = request.user.memberships.filter(is_active=True).order_by("role", "pk")
        user = request.user
        data = {
            "email": user.email,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
            "memberships": memberships,
        }
        return Response(MeSerializer(data).data)
