from __future__ import annotations

from django.apps import apps
from django.contrib import admin

PROJECT_APPS = {"accounts", "territories", "masp", "funding", "partners", "reporting"}


def test_every_model_is_in_the_admin() -> None:
    """Every model of the project can be seen in the admin, directly or as an inline."""
    inlines = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model.__name__.startswith("Historical")  # django-simple-history's shadow tables
        and model not in admin.site._registry
        and model not in inlines
    ]
    assert missing == []
