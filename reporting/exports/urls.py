from __future__ import annotations

from django.urls import path

from reporting.exports import views as pages

app_name = "exports"

urlpatterns = [
    path("", pages.exports_page, name="index"),
    path("dictionnaire/", pages.dictionary_page, name="dictionary"),
    path("<slug:name>/schema.json", pages.schema_page, name="schema"),
]
