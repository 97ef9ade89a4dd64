"""The base of the API's model serializers."""

from __future__ import annotations

import copy
from typing import Any, ClassVar

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
