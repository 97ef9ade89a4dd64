"""Public open-data pages (mounted at /donnees-ouvertes/)."""

from __future__ import annotations

from django.urls import path

from reporting.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:filename>", views.download, name="download"),
]
