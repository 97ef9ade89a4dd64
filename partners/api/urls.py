"""Partners endpoints, mounted under /api/v1/."""

from __future__ import annotations

from django.urls import path

from partners.api import views

urlpatterns = [
    path("partners/", views.PartnerList.as_view(), name="api_partner_list"),
    path(
        "sites/<int:pk>/conventions/",
        views.SiteConventionList.as_view(),
        name="api_site_conventions",
    ),
]
