"""Admin building blocks shared by the apps' admin modules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin

    _AdminBase = BaseModelAdmin[Any]
else:
    _AdminBase = object  # the stubs' admin classes are generic, Django's are not subscriptable


class ReadOnlyAdminMixin(_AdminBase):
    """An admin or an inline that shows rows without adding or changing any: logs, and records
    only the services write (they check, audit and keep the history). Deleting is refused too,
    unless `deletable` (a trace an administrator may clear, not a record of the domain).

    First among the bases: `class LogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin)`."""

    deletable = False

    # `obj` for the inlines' signature; a model admin is asked with the request only.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)
