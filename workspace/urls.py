"""The home and the house hub. Mounted by config/urls.py in the "masp" namespace: they keep the
names the whole portal links to (masp:home, masp:site_detail) while their views, which gather
funding and partners, live above those apps."""

from __future__ import annotations

from django.urls import path

from workspace import views

urlpatterns = [
    path("", views.home, name="home"),
    path("maisons/<int:pk>/", views.site_detail, name="site_detail"),
]
