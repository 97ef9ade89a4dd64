from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from masp.api.staffing import SiteStaffingView

urlpatterns: list[URLPattern | URLResolver] = [
    path("sites/<int:pk>/staffing/", SiteStaffingView.as_view(), name="api_site_staffing"),
]
