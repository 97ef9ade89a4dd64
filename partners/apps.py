from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("partenaires")

    def ready(self) -> None:
        # Connects the version token of the cached requirements to the models' signals in
        # every process, before any save (partners/cache.py).
        from partners import cache  # noqa: F401
