"""Render the national map and one region's map to PNG with headless Chromium, so a person
can look at them (the pictures of the README come from here)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from masp.coverage.indicators import coverage
from masp.coverage.maps import INDICATORS, coverage_map
from territories.maps import LEGEND_HEIGHT, MAP_HEIGHT, WIDTH

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


class Command(BaseCommand):
    help = "Dessine la carte nationale et celle d'une région en PNG (Chromium sans interface)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "img"))
        parser.add_argument("--region", default="32", help="code INSEE de la région zoomée")
        parser.add_argument("--indicator", default="within_30km_share", choices=sorted(INDICATORS))
        parser.add_argument(
            "--region-indicator", default="within_30km_share", choices=sorted(INDICATORS)
        )
        parser.add_argument("--chromium", default="", help="chemin du navigateur")

    def handle(self, *args: Any, **options: Any) -> None:
        browser = options["chromium"] or next(
            (found for name in CHROMIUM_CANDIDATES if (found := shutil.which(name))), None
        )
        if not browser:
            raise CommandError("Chromium est introuvable (apt-get install chromium).")
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        snapshot = coverage()
        region = options["region"]
        if snapshot.region(region) is None:
            raise CommandError(f"Région inconnue : {region}")
        pictures = {
            "couverture-nationale.png": coverage_map(snapshot, options["indicator"]),
            f"couverture-region-{region}.png": coverage_map(
                snapshot, options["region_indicator"], region
            ),
        }
        for name, svg in pictures.items():
            screenshot(browser, svg, output / name)
            self.stdout.write(f"{output / name}")


def screenshot(browser: str, svg: str, target: Path) -> None:
    page = (
        '<!doctype html><html lang="fr"><meta charset="utf-8">'
        f'<body style="margin:0;background:#fff">{svg}</body></html>'
    )
    with tempfile.TemporaryDirectory() as directory:
        html = Path(directory) / "map.html"
        html.write_text(page, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={directory}/profile",
            "--force-device-scale-factor=1",
            f"--window-size={WIDTH},{MAP_HEIGHT + LEGEND_HEIGHT}",
            f"--screenshot={target}",
            html.as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, timeout=120, check=False)  # noqa: S603
        if result.returncode != 0 or not target.exists():
            raise CommandError(
                f"Chromium a échoué : {result.stderr.decode(errors='replace')[-500:]}"
            )
