"""Pages of the funding app, under /financement/."""

from __future__ import annotations

from django.urls import path

from funding.views import envelopes, sites, tables

app_name = "funding"

urlpatterns = [
    path("", tables.national, name="national"),
    path("national.<str:fmt>", tables.national_export, name="national_export"),
    path("region/<str:code>/", tables.region_table, name="region"),
    path("region/<str:code>/export.<str:fmt>", tables.region_export, name="region_export"),
    path(
        "region/<str:code>/enveloppes/nouvelle/", envelopes.envelope_create, name="envelope_create"
    ),
    path("enveloppes/<int:pk>/modifier/", envelopes.envelope_edit, name="envelope_edit"),
    path("maison/<int:pk>/", sites.site_funding, name="site"),
    path("maison/<int:pk>/lignes/nouvelle/", sites.line_create, name="line_create"),
    path("maison/<int:pk>/part-variable/", sites.indicator_confirm, name="indicator_confirm"),
    path("lignes/<int:pk>/modifier/", sites.line_edit, name="line_edit"),
    path("lignes/<int:pk>/consomme/", sites.line_spent, name="line_spent"),
    path("lignes/<int:pk>/decision/", sites.line_document, name="line_document"),
]
