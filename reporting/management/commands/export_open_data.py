"""Write the open-data dataset (CSV files, their Table Schemas, datapackage.json) to a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reporting.opendata.dataset import build
from reporting.opendata.files import write


class Command(BaseCommand):
    help = (
        "Écrit les données ouvertes (activité par maison et semestre, par département et "
        "année, secret statistique appliqué) dans un dossier : fichiers CSV, schémas et "
        "datapackage.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="Dossier de destination (créé au besoin).")
        parser.add_argument("--year", type=int, help="Une seule année (toutes par défaut).")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"« {directory} » existe et n'est pas un dossier.")
        dataset = build(options["year"])
        for path in write(directory, dataset):
            self.stdout.write(f"Écrit : {path}")
        self.stdout.write(
            f"{dataset.cells} nombres de personnes : {dataset.count('primary')} masqués "
            f"(de 1 à 10), {dataset.count('secondary')} masqués en secondaire."
        )
