"""The region and département fields of the portal's filter forms. Their choices are read
once and kept in the cache (they change only when the reference data is reloaded or an
administrator edits a name): a list page's filters then cost no query, where a
ModelChoiceField reads the table to render and again to validate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

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


def invalidate(sender: type | None = None, **kwargs: Any) -> None:
    cache.delete(CACHE_KEY)


for _model in (Region, Department):
    post_save.connect(invalidate, sender=_model, dispatch_uid=f"choices-save-{_model.__name__}")
    post_delete.connect(invalidate, sender=_model, dispatch_uid=f"choices-delete-{_model.__name__}")


class RegionFilterField(forms.TypedChoiceField):
    """An optional region; cleans to its INSEE code, or None."""

    def __init__(self, *, empty_label: Any = ALL_FEMININE, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Région"))
        kwargs.setdefault("required", False)
        choices = lambda: [("", empty_label), *catalogue().regions]  # noqa: E731
        super().__init__(choices=choices, empty_value=None, **kwargs)


class DepartmentFilterField(forms.TypedChoiceField):
    """An optional département; cleans to its INSEE code, or None."""

    def __init__(self, *, empty_label: Any = ALL_MASCULINE, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Département"))
        kwargs.setdefault("required", False)
        choices = lambda: [("", empty_label), *catalogue().departments]  # noqa: E731
        super().__init__(choices=choices, empty_value=None, **kwargs)
