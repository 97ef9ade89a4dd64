"""Synthetic data at scale for the benchmarks: every app's `bench_data` module, in bulk."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.core.checks import Tags
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from common.bench import BENCH_DOMAIN, BenchPlan
from common.collection import fewer_collections
from common.discovery import app_modules
from masp.models import Site
from territories.models import Region


def month(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError as error:
        raise CommandError(f"Mois invalide : {value} (AAAA-MM attendu).") from error


class Command(BaseCommand):
    help = (
        "Charge des données synthétiques déterministes pour les bancs d'essai "
        "(maisons, rapports, effectifs, conventions, comptes…)."
    )
    # The checks of what it writes, the models: the others (URLs, templates, security) have
    # nothing to do with loading rows and would import every view, a second of its run.
    requires_system_checks = [Tags.models]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sites", type=int, default=100, help="Nombre de maisons.")
        parser.add_argument("--months", type=int, default=36, help="Mois de rapports.")
        parser.add_argument("--seed", type=int, default=2026, help="Graine du hasard.")
        parser.add_argument(
            "--until",
            type=month,
            default=None,
            help="Mois en cours (AAAA-MM) : le dernier mois rapporté est le précédent.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Autorise l'exécution quand DEBUG est désactivé."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG est désactivé : seed_bench refuse (utilisez --force).")
        if options["sites"] < 1 or options["months"] < 1:
            raise CommandError("--sites et --months doivent être positifs.")
        if Site.objects.filter(public_email__endswith=f"@{BENCH_DOMAIN}").exists():
            raise CommandError("La base contient déjà des données de banc d'essai.")
        if not Region.objects.exists():
            call_command("load_reference_data", stdout=self.stdout)
        plan = BenchPlan(
            sites=options["sites"],
            months=options["months"],
            seed=options["seed"],
            until=options["until"],
        )
        started = time.monotonic()
        # Millions of short-lived tuples and figures: the collector run a hundred times less
        # often, a sixth of the load's time (docs/performance.md).
        with fewer_collections(), transaction.atomic():
            for module in app_modules("bench_data"):
                module.load(plan=plan, log=self.stdout.write)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Données de banc d'essai chargées en {elapsed:.1f} s.")
        )
