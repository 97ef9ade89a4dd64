"""API routes of the masp app (mounted under /api/v1/)."""

from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from masp.activity.api import ActivityReportViewSet, CampaignViewSet
from masp.coverage import api as coverage
from masp.coverage.siting.api import SitingView
from masp.sites.api import SiteViewSet
from masp.staffing.api import SiteStaffingView

router = SimpleRouter()
router.register("sites", SiteViewSet, basename="api-site")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("activity-reports", ActivityReportViewSet, basename="activity-report")

urlpatterns = [
    path("sites/<int:pk>/staffing/", SiteStaffingView.as_view(), name="api_site_staffing"),
    path("", include(router.urls)),
    path(
        "territories/departments/",
        coverage.DepartmentCoverageList.as_view(),
        name="api-territories-departments",
    ),
    path(
        "territories/regions/",
        coverage.RegionCoverageList.as_view(),
        name="api-territories-regions",
    ),
    path("siting/", SitingView.as_view(), name="api-siting"),
    path(
        "public/departments/",
        coverage.PublicDepartmentCoverageList.as_view(),
        name="api-public-departments",
    ),
]
