"""Form rendering: every form of the portal, allauth's included, renders DSFR fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from dsfr.forms import DsfrBaseForm, DsfrBoundField


class DsfrRenderer(TemplatesSetting):
    # Django 5.2 lets the renderer choose the bound field class for every form.
    bound_field_class = DsfrBoundField
    form_template_name = "dsfr/form_snippet.html"


class PortalForm(DsfrBaseForm):
    """Base of the portal's forms: DSFR widgets, optional fields marked (the DSFR's current
    recommendation) without django-dsfr's transitional warnings."""

    def get_context(self) -> dict[str, Any]:
        context = forms.Form.get_context(self)  # skips DsfrBaseForm's warning-only override
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


class PortalModelForm(PortalForm, forms.ModelForm):
    """The same for model forms."""
