"""Form rendering: every form of the portal, allauth's included, renders DSFR fields."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape
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
    """A select built in Python rather than through one template per option: the same HTML
    (options, option groups, the selection of Django's single select), without the template
    cost that makes a list of a thousand houses, or the exports' two hundred grouped periods
    and statuses, take a second."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        found = False  # as Django's single select: the first option of the value is selected

        def option(key: Any, label: Any) -> str:
            nonlocal found
            selected = not found and str(key) in chosen
            found = found or selected
            mark = " selected" if selected else ""
            text = conditional_escape(label)
            return f'<option value="{conditional_escape(key)}"{mark}>{text}</option>'

        parts: list[str] = []
        for key, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(f'<optgroup label="{conditional_escape(key)}">')
                parts.extend(option(sub_key, sub_label) for sub_key, sub_label in label)
                parts.append("</optgroup>")
            else:
                parts.append(option("" if key is None else key, label))
        final = flatatt(self.build_attrs(self.attrs, attrs))
        # Every value, label and group name above is escaped.
        options = "".join(parts)
        return mark_safe(f'<select name="{conditional_escape(name)}"{final}>{options}</select>')  # noqa: S308


class NameChoiceIterator(ModelChoiceIterator):
    """The options of a `NamedChoiceField`: its queryset's (pk, name) pairs, read once as plain
    values. No model instance per option (a national user's select lists a thousand houses),
    and however many times the choices are walked, one query."""

    field: NamedChoiceField

    def __init__(self, field: NamedChoiceField) -> None:
        super().__init__(field)
        self.pairs: list[tuple[Any, Any]] | None = None

    def _pairs(self) -> list[tuple[Any, Any]]:
        if self.pairs is None:
            empty = [] if self.field.empty_label is None else [("", self.field.empty_label)]
            self.pairs = [*empty, *self.queryset.values_list("pk", "name")]
        return self.pairs

    def __iter__(self) -> Any:
        return iter(self._pairs())

    def __len__(self) -> int:
        return len(self._pairs())

    def __bool__(self) -> bool:
        return bool(self._pairs())


class NamedChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over a model whose label is its `name` (its `__str__`: houses, regions,
    siting scenarios), its options written in Python (`CompactSelect`): the same select and
    the same validation (`to_python` still looks the chosen pk up in the scoped queryset, so a
    house outside the user's scope is refused), without a template and a model instance per
    option. Used by the reports' and the invitations' forms."""

    iterator = NameChoiceIterator
    widget = CompactSelect
