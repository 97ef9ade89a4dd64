from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from masp.api.sites import SiteViewSet

router = SimpleRouter()
router.register("sites", SiteViewSet, basename="api-site")

urlpatterns = [path("", include(router.urls))]
