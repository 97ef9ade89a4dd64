from __future__ import annotations

from django.urls import path

from masp.views import coverage, directory, sites, staffing

app_name = "masp"

urlpatterns = [
    path("", sites.home, name="home"),
    path("maisons/", sites.SiteListView.as_view(), name="site_list"),
    path("maisons/<int:pk>/", sites.site_detail, name="site_detail"),
    path("maisons/<int:pk>/effectifs/", staffing.staffing_detail, name="staffing_detail"),
    path(
        "maisons/<int:pk>/effectifs/declarer/", staffing.staffing_declare, name="staffing_declare"
    ),
    path(
        "maisons/<int:pk>/effectifs/historique/",
        staffing.staffing_history,
        name="staffing_history",
    ),
    path("effectifs/", staffing.staffing_overview, name="staffing_overview"),
    path("effectifs/region/<str:code>/", staffing.staffing_region, name="staffing_region"),
    path("couverture/", coverage.coverage_national, name="coverage"),
    path("couverture/regions/<str:code>/", coverage.coverage_region, name="coverage_region"),
    path("annuaire/", directory.directory, name="directory"),
]
