"""Form rendering: every form of the portal, allauth's included, renders DSFR fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
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


SELECTED = mark_safe(" selected")


class CompactSelect(forms.Select):
    """A select built in Python rather than through one template per option: the same HTML,
    without the template cost that makes a list of a thousand houses take a second."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], SELECTED if option["selected"] else "", option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )
