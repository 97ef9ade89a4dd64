"""Form rendering: every form of the portal, allauth's included, renders DSFR fields."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting
from dsfr.forms import DsfrBoundField


class DsfrRenderer(TemplatesSetting):
    # Django 5.2 lets the renderer choose the bound field class for every form.
    bound_field_class = DsfrBoundField
    form_template_name = "dsfr/form_snippet.html"
