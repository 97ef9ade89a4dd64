"""The OpenAPI schema and its Swagger UI: public in development, behind the login in
production (`SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]` in config/settings/production.py)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBase
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI; an anonymous visitor is sent to the login page rather than shown a 401."""

    def handle_exception(self, exc: Exception) -> HttpResponseBase:
        if isinstance(exc, NotAuthenticated | AuthenticationFailed):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
