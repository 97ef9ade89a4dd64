"""REST API of the reporting app."""

from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from reporting.pdf.api import ReportRequestViewSet

router = SimpleRouter()
router.register("reports", ReportRequestViewSet, basename="api-report")

urlpatterns = [path("", include(router.urls))]
