"""common.api.serializers.ModelSerializer: the inferred fields are built once per class and
each serializer works on its own copy."""

from __future__ import annotations

from rest_framework import serializers

from common.api.serializers import ModelSerializer
from masp.models import Site
from masp.sites.api import SiteSerializer


class PlainSiteSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department_id")
    region = serializers.CharField(source="department.region_id")

    class Meta:
        model = Site
        fields = SiteSerializer.Meta.fields


def test_the_fields_are_those_drf_infers() -> None:
    assert issubclass(SiteSerializer, ModelSerializer)
    ours, drf = SiteSerializer().fields, PlainSiteSerializer().fields
    assert list(ours) == list(drf)
    for name in drf:
        assert type(ours[name]) is type(drf[name]), name
        assert repr(ours[name]) == repr(drf[name]), name


def test_they_are_built_once_and_copied(monkeypatch) -> None:
    SiteSerializer().fields  # noqa: B018 - built on first use
    calls = []
    monkeypatch.setattr(
        serializers.ModelSerializer, "build_field", lambda *args: calls.append(args)
    )
    first, second = SiteSerializer().fields, SiteSerializer().fields
    assert calls == []
    first["name"].read_only = True  # a serializer adjusting its own copy
    assert second["name"].read_only is False
    assert SiteSerializer().fields["name"].read_only is False
    assert first["name"] is not second["name"]
