"""URL configuration of the portal."""

from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from config.api_docs import ApiDocsView
from config.observability import metrics
from config.views import bench_floor, healthz
from masp import urls as masp_urls
from workspace import urls as workspace_urls
from workspace.public import urls as public_urls

# The admin has no login of its own: allauth's, with its rate limit and second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    # The home and the house hub keep their masp names, their views gather funding and
    # partners from above (workspace/urls.py); masp's own pages follow.
    path("", include((workspace_urls.urlpatterns + masp_urls.urlpatterns, "masp"))),
    path("partenaires/", include("partners.urls")),
    path("financement/", include("funding.urls")),
    # PDF syntheses; "rapports/" is the activity reports' (masp).
    path("rapports-pdf/", include("reporting.pdf.urls")),
    path("exports/", include("reporting.exports.urls")),
    # Public, no login: the open-data files, masked by statistical secrecy.
    path("donnees-ouvertes/", include("reporting.opendata.urls")),
    path("comptes/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("api/v1/", include("config.api_urls")),
    # Past the login middleware: DRF decides (public in development, login or token in
    # production), so that a script's token reads the schema too.
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        login_not_required(ApiDocsView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Prometheus metrics, behind METRICS_TOKEN (404 when it is not set).
    path("metrics", metrics, name="metrics"),
    # Public: choosing the language must not need a login.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # The public pages of the footer (mentions légales, accessibilité...), without a namespace:
    # django-dsfr's footer links to them by name.
    path("", include(public_urls)),
]
# Error pages in French and in the design system (workspace/public/errors.py).
handler403 = "workspace.public.errors.permission_denied"
handler404 = "workspace.public.errors.page_not_found"
handler500 = "workspace.public.errors.server_error"
if settings.MASP_BENCH_FLOOR:  # the benchmarks' reference page, never in production
    urlpatterns.append(path("_floor/", bench_floor, name="bench_floor"))
