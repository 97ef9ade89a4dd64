"""Render one sample PDF report of each kind from the demo data, as PNG pages in docs/img/.

Usage (from the repository root, needs poppler-utils' `pdftoppm`):

    .venv/bin/python scripts/report_samples.py

Works on a scratch SQLite database in a temporary directory (migrate, load_reference_data,
seed_demo), so the developer's own database is untouched. Keeps the first two pages of each
kind at 100 dpi.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "img"
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="masp-samples-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'demo.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    for command in ("migrate", "load_reference_data", "seed_demo"):
        call_command(command, verbosity=0)

    from masp.models import Site
    from reporting.rendering import gather_report, render_pdf
    from reporting.sections import ReportContext
    from territories.models import Region

    contexts = {
        "site": ReportContext("site", START, END, site=Site.objects.get(name="Maison de l'Estran")),
        "region": ReportContext("region", START, END, region=Region.objects.get(code="32")),
        "national": ReportContext("national", START, END),
    }
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for kind, context in contexts.items():
        pdf = scratch / f"{kind}.pdf"
        pdf.write_bytes(render_pdf(gather_report(context)))
        prefix = OUTPUT / f"report-{kind}"
        subprocess.run(
            ["pdftoppm", "-r", "100", "-f", "1", "-l", "2", "-png", str(pdf), str(prefix)],
            check=True,
        )
        for page in (1, 2):
            shrink(Path(f"{prefix}-{page}.png"))
        print(f"{kind}: {pdf.stat().st_size} octets -> {prefix}-1.png, {prefix}-2.png")


def shrink(png: Path) -> None:
    """64-colour palette: the pages are flat colours and text, a third of the size."""
    from PIL import Image

    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=64)
    small.save(png, optimize=True)


if __name__ == "__main__":
    main()
