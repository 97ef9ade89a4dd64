"""Coverage maps: cached per version, labelled when zoomed, usable in PDF reports."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from masp.coverage.indicators import coverage
from masp.coverage.maps import INDICATORS, coverage_map, print_map
from tests.masp.factories import SiteFactory

pytestmark = pytest.mark.django_db


def test_every_indicator_draws_a_map() -> None:
    SiteFactory(opened=True)
    snapshot = coverage()
    for key in INDICATORS:
        svg = coverage_map(snapshot, key)
        assert svg.count('class="area"') == 101
        assert svg.count('class="marker"') == 1


def test_region_map_names_its_departments() -> None:
    svg = coverage_map(coverage(), "houses_open", "53")
    assert svg.count('class="label"') == 4
    for name in ("Finistère", "Côtes-d&#x27;Armor", "Ille-et-Vilaine", "Morbihan"):
        assert f">{name}</text>" in svg


def test_map_is_cached_until_a_house_changes(django_assert_num_queries) -> None:
    coverage_map(coverage(), "houses_open")
    with django_assert_num_queries(0):
        coverage_map(coverage(), "houses_open")
    SiteFactory(opened=True)
    assert 'class="marker"' in coverage_map(coverage(), "houses_open")


def test_print_map_is_cached_apart_from_the_web_one(django_assert_num_queries) -> None:
    indicator = INDICATORS["within_30km_share"]
    first = print_map(coverage(), indicator, "32")
    with django_assert_num_queries(0):
        assert print_map(coverage(), indicator, "32") == first
    assert "<title>Nord (59)" in coverage_map(coverage(), indicator.key, "32")  # web tooltips
    assert "<title>Nord" not in first["svg"]
    assert 'class="markers"' not in first["svg"]
    SiteFactory(opened=True)  # in Lille
    assert 'class="markers"' in print_map(coverage(), indicator, "32")["svg"]


def test_the_svg_renders_in_a_pdf() -> None:
    from weasyprint import HTML

    svg = coverage_map(coverage(), "within_30km_share", "32")
    pdf = HTML(string=f"<html><body>{svg}</body></html>").write_pdf()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert "Hauts-de-France" in reader.pages[0].extract_text()


def test_an_expired_snapshot_brings_a_fresh_map() -> None:
    # Another process's write sends no signal here: the snapshot expires, its maps with it.
    from django.core.cache import cache

    from masp.coverage.indicators import VERSION_KEY, current_key, current_version

    assert 'class="marker"' not in coverage_map(coverage(), "houses_open")
    site = SiteFactory.build(opened=True)
    type(site).objects.bulk_create([site])
    assert cache.get(VERSION_KEY) == current_version()
    cache.delete(current_key(current_version()))  # the entry naming the current snapshot
    assert 'class="marker"' in coverage_map(coverage(), "houses_open")
