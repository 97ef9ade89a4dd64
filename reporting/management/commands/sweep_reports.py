"""Re-enqueue report requests a lost message or a dead worker left behind (beat does it too)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from reporting.models import ReportRequest
from reporting.pdf.services import reports_sweep


class Command(BaseCommand):
    help = "Relance les demandes de rapport restées en attente ou bloquées (--wet-run pour agir)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wet-run", action="store_true", help="Relancer pour de bon.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if not options["wet_run"]:
            stale = ReportRequest.objects.stale_pending(now).count()
            stuck = ReportRequest.objects.stuck_running(now).count()
            self.stdout.write(
                f"Simulation : {stale} demande(s) en attente et {stuck} bloquée(s) en cours "
                "seraient traitées. Relancez avec --wet-run."
            )
            return
        counts = reports_sweep(now=now)
        self.stdout.write(
            f"{counts['requeued']} relancée(s), {counts['retried']} reprise(s), "
            f"{counts['failed']} en échec."
        )
