"""common.api.serializers.ModelSerializer: the inferred fields are built once per class and
each serializer works on its own copy."""

from __future__ import annotations

import json

import pytest
from rest_framework import serializers

from common.api.serializers import ModelSerializer, values_representation
from masp.models import Site
from masp.sites.api import SiteSerializer
from tests.masp.factories import SiteFactory
from tests.personas import World


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


@pytest.mark.django_db
def test_the_sites_list_written_from_values_is_the_serializer_s(world: World) -> None:
    """`values_representation` (the sites API's list): the JSON the serializer writes from the
    houses, nulls, dates, decimals and the region through the département included."""
    SiteFactory(opened=True, department_id="29", website="https://maison.example.org")
    SiteFactory(department_id="75", closed_on=None, opened_on=None, public_phone="")
    body = world.client("analyst").get("/api/v1/sites/", {"ordering": "name"}).json()
    expected = SiteSerializer(Site.objects.order_by("name"), many=True).data
    assert body["count"] == len(expected) >= 5
    assert body["results"] == json.loads(json.dumps(expected))


def test_values_representation_refuses_fields_that_are_not_columns() -> None:
    class Nested(serializers.Serializer):
        site = SiteSerializer()
        total = serializers.SerializerMethodField()

        def get_total(self, _value: object) -> int:
            return 0

    with pytest.raises(ValueError, match=r"not plain columns: \['site', 'total'\]"):
        values_representation(Nested(), Site.objects.all())
