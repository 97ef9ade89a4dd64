from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from masp.api import coverage

urlpatterns: list[URLPattern | URLResolver] = [
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
    path(
        "public/departments/",
        coverage.PublicDepartmentCoverageList.as_view(),
        name="api-public-departments",
    ),
]
