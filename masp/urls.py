from __future__ import annotations

from django.urls import path

from masp.views import coverage, directory, sites

app_name = "masp"

urlpatterns = [
    path("", sites.home, name="home"),
    path("maisons/", sites.SiteListView.as_view(), name="site_list"),
    path("maisons/<int:pk>/", sites.site_detail, name="site_detail"),
    path("couverture/", coverage.coverage_national, name="coverage"),
    path("couverture/regions/<str:code>/", coverage.coverage_region, name="coverage_region"),
    path("annuaire/", directory.directory, name="directory"),
]
