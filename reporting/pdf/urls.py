from __future__ import annotations

from django.urls import path

from reporting.pdf import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("demander/", views.report_create, name="create"),
    path("<int:pk>/etat/", views.report_status, name="status"),
    path("<int:pk>/pdf/", views.report_download, name="download"),
]
