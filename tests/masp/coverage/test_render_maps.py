"""`render_maps` draws the national and one regional map to PNG with headless Chromium."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from territories.maps import LEGEND_HEIGHT, MAP_HEIGHT, WIDTH
from tests.masp.factories import SiteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_renders_national_and_regional_pngs(tmp_path: Path) -> None:
    SiteFactory(opened=True)
    out = io.StringIO()
    call_command("render_maps", "--output", str(tmp_path), "--region", "53", stdout=out)
    national = tmp_path / "couverture-nationale.png"
    regional = tmp_path / "couverture-region-53.png"
    assert png_size(national) == (WIDTH, MAP_HEIGHT + LEGEND_HEIGHT)
    assert png_size(regional) == (WIDTH, MAP_HEIGHT + LEGEND_HEIGHT)
    # A real picture, not a blank page.
    assert national.stat().st_size > 20_000
    assert str(national) in out.getvalue()


def test_unknown_region_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Région inconnue"):
        call_command("render_maps", "--output", str(tmp_path), "--region", "99")
