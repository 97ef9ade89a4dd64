from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """Pages built around people's work: "Mes actions", the house hub, the navigation. Above
    funding, partners and reporting, whose tasks and tiles it gathers; no model of its own."""

    name = "workspace"
    verbose_name = _("espace de travail")

    def ready(self) -> None:
        # The cache's version tokens follow the saves of every process (workspace/cache.py).
        from workspace import cache  # noqa: F401
