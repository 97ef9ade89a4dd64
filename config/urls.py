"""URL configuration of the portal."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from config.views import healthz

urlpatterns = [
    path("", include("masp.urls")),
    path("rapports/", include("reporting.urls")),
    path("comptes/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("api/v1/", include("config.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
