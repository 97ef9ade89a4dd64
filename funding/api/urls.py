"""REST API of the funding app."""

from __future__ import annotations

from django.urls import path

from funding.api import views

urlpatterns = [
    path("sites/<int:pk>/funding/", views.SiteFundingView.as_view(), name="api_site_funding"),
    path(
        "regions/<str:code>/funding/",
        views.RegionFundingView.as_view(),
        name="api_region_funding",
    ),
]
