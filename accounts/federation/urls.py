"""URLs of the federation provider (allauth builds them from the provider class's package):
the same paths and names as allauth's openid_connect provider."""

from __future__ import annotations

from allauth.socialaccount import app_settings
from django.urls import URLPattern, URLResolver, include, path, re_path

from accounts.federation import views

provider_urlpatterns = [
    re_path(
        r"^(?P<provider_id>[^/]+)/",
        include(
            [
                path("login/", views.login, name="openid_connect_login"),
                path("login/callback/", views.callback, name="openid_connect_callback"),
            ]
        ),
    )
]
# Before the provider pattern, which would take "deconnexion" for a provider id.
urlpatterns: list[URLPattern | URLResolver] = [
    path("deconnexion/", views.logged_out, name="federation_logged_out")
]
urlpatterns += provider_urlpatterns
if app_settings.OPENID_CONNECT_URL_PREFIX:
    urlpatterns = [path(f"{app_settings.OPENID_CONNECT_URL_PREFIX}/", include(urlpatterns))]
