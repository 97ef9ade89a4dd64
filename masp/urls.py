from __future__ import annotations

from django.urls import path

from masp import views

app_name = "masp"

urlpatterns = [
    path("", views.home, name="home"),
    path("maisons/", views.SiteListView.as_view(), name="site_list"),
    path("maisons/<int:pk>/", views.site_detail, name="site_detail"),
]
