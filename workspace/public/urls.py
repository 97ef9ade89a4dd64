"""The public pages a state site owes. Mounted at the root without a namespace by config/urls.py:
django-dsfr's footer links to them by these names ("footer-sitemap"...)."""

from __future__ import annotations

from django.urls import path

from workspace.public import views

urlpatterns = [
    path("plan-du-site/", views.sitemap, name="footer-sitemap"),
    path("accessibilite/", views.accessibility, name="footer-accessibility-status"),
    path("mentions-legales/", views.legal_notice, name="footer-legal-notice"),
    path("donnees-personnelles/", views.personal_data, name="footer-personal-data"),
    path("cookies/", views.cookies, name="footer-cookie-management"),
]
