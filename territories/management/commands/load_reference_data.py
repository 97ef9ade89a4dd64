"""Load every app's reference data (territories, norm sets, partners, ...); safe to re-run."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from common.discovery import app_modules


class Command(BaseCommand):
    help = "Charge les données de référence (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for module in app_modules("reference_data"):
                module.load(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Données de référence chargées."))
