from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from reporting.exports.api import (
    DictionaryCsvView,
    ExportRequestViewSet,
    ExportSchemaView,
    ExportView,
)

router = SimpleRouter()
router.register("requests", ExportRequestViewSet, basename="api-export-request")

urlpatterns = [
    *router.urls,
    path("dictionary.csv", DictionaryCsvView.as_view(), name="api-export-dictionary"),
    path("<slug:name>/schema.json", ExportSchemaView.as_view(), name="api-export-schema"),
    path("<slug:name>.<slug:fmt>", ExportView.as_view(), name="api-export"),
]
