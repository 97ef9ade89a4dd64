"""The region and département fields of the portal's filter forms. Their choices are read
once and kept in the cache (they change only when the reference data is reloaded or an
administrator edits a name): a list page's filters then cost no query, where a
ModelChoiceField reads the table to render and again to validate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from common.cache import on_change
from common.forms import CompactSelect
from territories.models import Department, Region

CACHE_KEY = "territories:choices"
ALL_FEMININE, ALL_MASCULINE = _("Toutes"), _("Tous")
CACHE_SECONDS = 3600


@dataclass(frozen=True)
class Catalogue:
    regions: tuple[tuple[str, str], ...]  # (code, name), by name
    departments: tuple[tuple[str, str], ...]  # (code, "name (code)"), in the COG's order
    region_of: dict[str, str]  # département code -> region code


def catalogue() -> Catalogue:
    found = cache.get(CACHE_KEY)
    if found is None:
        departments = list(Department.objects.all())
        found = Catalogue(
            regions=tuple(Region.objects.values_list("code", "name")),
            departments=tuple((department.code, str(department)) for department in departments),
            region_of={department.code: department.region_id for department in departments},
        )
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def forget(sender: type | None = None, **kwargs: Any) -> None:
    cache.delete(CACHE_KEY)


on_change(forget, (Region, Department), uid=CACHE_KEY)


class TerritoryFilterField(forms.TypedChoiceField):
    """An optional territory of the catalogue; cleans to its INSEE code, or None. Its select
    is written in Python (`CompactSelect`): the same HTML without a template per option (the
    département list has 101)."""

    widget = CompactSelect
    label = _("Territoire")
    empty_label: Any = ALL_FEMININE

    def catalogue_choices(self) -> tuple[tuple[str, str], ...]:
        raise NotImplementedError

    def __init__(self, *, empty_label: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("label", self.label)
        kwargs.setdefault("required", False)
        empty = self.empty_label if empty_label is None else empty_label
        choices = lambda: [("", empty), *self.catalogue_choices()]  # noqa: E731
        super().__init__(choices=choices, empty_value=None, **kwargs)


class RegionFilterField(TerritoryFilterField):
    label = _("Région")

    def catalogue_choices(self) -> tuple[tuple[str, str], ...]:
        return catalogue().regions


class DepartmentFilterField(TerritoryFilterField):
    label = _("Département")
    empty_label = ALL_MASCULINE

    def catalogue_choices(self) -> tuple[tuple[str, str], ...]:
        return catalogue().departments
