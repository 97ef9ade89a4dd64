from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("financement")

    def ready(self) -> None:
        # Connects the version token of the cached reference data to the models' signals in
        # every process, before any save (funding/cache.py).
        from funding import cache  # noqa: F401
