from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("rapports")

    def ready(self) -> None:
        # Adds the EMSP convention indicator to the funding scheme's registry.
        from reporting import indicators as funding_indicators  # noqa: F401
