"""`/api/v1/`: each app contributes its own URL module."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("masp.api_urls")),
    path("territories/", include("territories.api.urls")),
    path("", include("partners.api.urls")),
    path("", include("funding.api.urls")),
    path("", include("reporting.pdf.api_urls")),
    path("exports/", include("reporting.exports.api_urls")),
]
