"""API routes of the masp app (mounted under /api/v1/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from masp.api.reports import ActivityReportViewSet, CampaignViewSet

router = SimpleRouter()
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("activity-reports", ActivityReportViewSet, basename="activity-report")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
