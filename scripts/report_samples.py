"""Render one sample PDF report of each kind from the demo data, as PNG pages in docs/img/.

Usage (from the repository root, needs poppler-utils' `pdftoppm`):

    .venv/bin/python scripts/report_samples.py

Works on a scratch SQLite database in a temporary directory (migrate, load_reference_data,
seed_demo), so the developer's own database is untouched. Keeps every page of each kind at
100 dpi, as docs/img/report-<kind>-<page>.png (the previous samples are removed first).
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
    from reporting.pdf.rendering import gather_report, render_pdf
    from reporting.pdf.sections import ReportContext
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
        for old in OUTPUT.glob(f"report-{kind}-*.png"):
            old.unlink()
        pages = scratch / kind
        subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(pages)], check=True)
        # pdftoppm pads page numbers to the page count's width: name them plainly.
        found = sorted(scratch.glob(f"{kind}-*.png"), key=lambda png: int(png.stem.split("-")[-1]))
        for number, png in enumerate(found, start=1):
            shrink(png, OUTPUT / f"report-{kind}-{number}.png")
        print(f"{kind}: {pdf.stat().st_size} octets -> {len(found)} pages in {OUTPUT}")


def shrink(png: Path, target: Path) -> None:
    """64-colour palette: the pages are flat colours and text, a third of the size."""
    from PIL import Image

    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=64)
    small.save(target, optimize=True)


if __name__ == "__main__":
    main()
