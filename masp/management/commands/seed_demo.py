"""Fill the database with demo data for every app; refuses to run in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from common.discovery import app_modules
from territories.models import Region


class Command(BaseCommand):
    help = "Charge les données de démonstration (maisons, comptes, rapports…)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Autorise l'exécution quand DEBUG est désactivé."
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé : seed_demo refuse de s'exécuter (utilisez --force)."
            )
        if not Region.objects.exists():
            call_command("load_reference_data", stdout=self.stdout)
        with transaction.atomic():
            for module in app_modules("demo_data"):
                module.load(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
