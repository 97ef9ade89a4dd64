from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaspConfig(AppConfig):
    name = "masp"
    verbose_name = _("maisons d'accompagnement")

    def ready(self) -> None:
        # Connects the signals that invalidate the cached coverage and dashboard figures.
        from masp.activity import cache as report_dashboard  # noqa: F401
        from masp.coverage import indicators as coverage  # noqa: F401
