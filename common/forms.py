"""Form rendering: every form of the portal, allauth's included, renders DSFR fields."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
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


class PrivateFileInput(forms.ClearableFileInput):
    """A file in private storage, which has no public URL: the current file is linked to the
    view that serves it (after its scope check) under its original name. The form sets
    `download_url` and `file_name` for a stored instance."""

    template_name = "includes/widgets/private_file_input.html"
    download_url = ""
    file_name = ""

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["download_url"] = self.download_url
        context["widget"]["file_name"] = self.file_name or str(value)
        return context


class PlainChoices(BaseChoiceIterator):
    """Choices already in Django's canonical (value, label) form, taken as they are: Django
    normalises a plain list again on every assignment (field, then widget), which for a
    thousand houses costs more than the rest of the form."""

    def __init__(self, pairs: Iterable[tuple[Any, Any]]) -> None:
        self.pairs = list(pairs)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


class CompactSelect(forms.Select):
    """A select built in Python rather than through one template per option: the same HTML,
    without the template cost that makes a list of a thousand houses take a second."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in choices
        )
        final = flatatt(self.build_attrs(self.attrs, attrs))
        # Every value and label above is escaped.
        return mark_safe(f'<select name="{escape(name)}"{final}>{options}</select>')  # noqa: S308
