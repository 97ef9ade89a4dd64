"""The base of the API's model serializers."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import QuerySet
from rest_framework import serializers


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer, with the fields it infers from the model built once per class.

    DRF rebuilds every field from the model's metadata for each serializer it creates (a
    list endpoint creates one per request); they depend on the class only, so they are built
    on first use and deep-copied afterwards, as DRF already does for declared fields. A
    serializer may still adjust its copy (read-only, querysets) in `get_fields`."""

    _built_fields: ClassVar[dict[str, Any]]

    def get_fields(self) -> dict[str, Any]:
        cls = type(self)
        if "_built_fields" not in cls.__dict__:
            cls._built_fields = super().get_fields()
        return copy.deepcopy(cls._built_fields)


def values_representation(
    serializer: serializers.Serializer, queryset: QuerySet[Any]
) -> tuple[QuerySet[Any], Callable[[dict[str, Any]], dict[str, Any]]]:
    """A list written from rows of values rather than model instances: `queryset.values()` of
    the columns the serializer's fields read (a field of source "department.region_id" reads
    `department__region_id`), and the function that writes a row as the serializer writes an
    instance (each field's own `to_representation`, None as None). For serializers whose
    fields are plain columns: no method field, no nested serializer, no source that is a
    method. A page of fifty houses costs half as much without the instances and DRF's
    attribute lookups."""
    fields = [
        (name, field, "__".join(field.source_attrs))
        for name, field in serializer.fields.items()
        if not field.write_only
    ]
    composite = (serializers.BaseSerializer, serializers.RelatedField, serializers.ManyRelatedField)
    odd = [name for name, field, lookup in fields if not lookup or isinstance(field, composite)]
    if odd:
        raise ValueError(f"not plain columns: {odd}")
    rows = queryset.values(*{lookup: None for _name, _field, lookup in fields})

    def represent(row: dict[str, Any]) -> dict[str, Any]:
        return {
            name: None if row[lookup] is None else field.to_representation(row[lookup])
            for name, field, lookup in fields
        }

    return rows, represent
