from __future__ import annotations

from django.urls import path

from reporting.exports.views import ExportView

urlpatterns = [path("<slug:name>.<slug:fmt>", ExportView.as_view(), name="api-export")]
