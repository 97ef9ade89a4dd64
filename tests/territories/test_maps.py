"""The SVG map, checked structurally: one path per département, a legend, markers, insets."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from territories.maps import (
    CLIP_MARGIN,
    OVERSEAS,
    Area,
    Frame,
    Marker,
    Scale,
    clip_ring,
    render_map,
)
from territories.models import Department, DepartmentBoundary

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
SCALE = Scale("Maisons ouvertes", (1, 2), ("aucune", "1", "2 ou plus"))


def all_areas(region: str | None = None) -> list[Area]:
    geometries = dict(DepartmentBoundary.objects.values_list("department_id", "geometry"))
    departments = Department.objects.all()
    if region:
        departments = departments.filter(region_id=region)
    return [
        Area(d.code, d.name, geometries[d.code], float(len(d.code) % 3), f"{d.name} <{d.code}>")
        for d in departments
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output)


def area_paths(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter(f"{SVG}path") if p.get("class") == "area"]


def test_national_map_has_one_titled_path_per_department() -> None:
    markers = [Marker(48.8566, 2.3522, "Maison de Paris"), Marker(-21.1151, 55.5364, "Réunion")]
    root = parse(render_map(areas=all_areas(), scale=SCALE, title="Test", markers=markers))
    paths = area_paths(root)
    assert len(paths) == 101
    assert len({p.get("data-code") for p in paths}) == 101
    titles = [p.find(f"{SVG}title").text for p in paths]
    assert "Nord <59>" in titles  # escaped in the SVG, intact once parsed
    assert all(p.get("d", "").startswith("M") and p.get("d", "").endswith("z") for p in paths)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Test"


def test_overseas_departments_are_insets_with_a_label() -> None:
    root = parse(render_map(areas=all_areas(), scale=SCALE, title="Test"))
    labels = {text.text for text in root.iter(f"{SVG}text")}
    assert {"Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"} <= labels
    # Each overseas département is drawn in its own clipped frame.
    assert len(list(root.iter(f"{SVG}clipPath"))) == 1 + len(OVERSEAS)


def test_legend_lists_every_class_and_the_marker() -> None:
    markers = [Marker(48.8566, 2.3522, "Maison de Paris")]
    root = parse(
        render_map(
            areas=all_areas(), scale=SCALE, title="T", markers=markers, marker_label="Maison"
        )
    )
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    items = [r for r in legend.iter(f"{SVG}rect") if r.get("class") == "legend-item"]
    assert [r.get("fill") for r in items] == list(SCALE.colours)
    texts = [t.text for t in legend.iter(f"{SVG}text")]
    assert texts == ["Maisons ouvertes", "aucune", "1", "2 ou plus", "Maison"]


def test_markers_are_drawn_where_they_belong() -> None:
    markers = [
        Marker(48.8566, 2.3522, "Maison de Paris"),
        Marker(-21.1151, 55.5364, "Maison de La Réunion"),
        Marker(-50.0, -120.0, "Nulle part"),  # outside every frame: not drawn
    ]
    root = parse(render_map(areas=all_areas(), scale=SCALE, title="T", markers=markers))
    circles = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "marker"]
    assert [c.find(f"{SVG}title").text for c in circles] == [
        "Maison de Paris",
        "Maison de La Réunion",
    ]
    paris, reunion = circles
    assert float(paris.get("cx")) > 180  # metropolitan frame, right of the insets
    assert float(reunion.get("cx")) < 170  # the inset column


def test_colours_follow_the_scale() -> None:
    assert SCALE.colour(None) == "#EEEEEE"
    assert [SCALE.colour(v) for v in (0, 0.5, 1, 1.9, 2, 10)] == [
        SCALE.colours[0],
        SCALE.colours[0],
        SCALE.colours[1],
        SCALE.colours[1],
        SCALE.colours[2],
        SCALE.colours[2],
    ]
    root = parse(render_map(areas=all_areas(), scale=SCALE, title="T"))
    fills = {p.get("data-code"): p.get("fill") for p in area_paths(root)}
    assert fills["59"] == SCALE.colour(2.0)  # len("59") % 3
    assert fills["971"] == SCALE.colour(0.0)


def test_zoom_on_a_region_keeps_only_its_departments_in_colour() -> None:
    region = all_areas("32")
    context = [area for area in all_areas() if area.code not in {a.code for a in region}]
    root = parse(render_map(areas=region, context=context, scale=SCALE, title="T", zoom=True))
    codes = sorted(p.get("data-code") for p in area_paths(root))
    assert codes == ["02", "59", "60", "62", "80"]
    grey = [p for p in root.iter(f"{SVG}path") if p.get("class") == "context"]
    # Neighbours around the region are drawn for context, far-away départements are not.
    assert 3 <= len(grey) < 30
    assert all(p.find(f"{SVG}title") is None for p in grey)


def test_the_print_version_is_lean_and_draws_the_same_places() -> None:
    region = all_areas("32")
    context = [area for area in all_areas() if area.code not in {a.code for a in region}]
    markers = [Marker(50.6292, 3.0573, "Maison de Lille"), Marker(49.8941, 2.2958, "Amiens")]
    options = {"areas": region, "context": context, "scale": SCALE, "title": "T", "zoom": True}
    screen = parse(render_map(**options, markers=markers, marker_label="Maison"))
    paper = parse(render_map(**options, markers=markers, interactive=False))
    assert [p.get("d") for p in area_paths(paper)] == [p.get("d") for p in area_paths(screen)]
    assert all(p.find(f"{SVG}title") is None for p in area_paths(paper))  # no tooltips
    assert not [g for g in paper.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert paper.get("viewBox") == "0 0 860 640"  # the picture without the legend band
    # Both markers as dots of one path (a white one under a red one), at the circles' places.
    circles = [c for c in screen.iter(f"{SVG}circle") if c.get("class") == "marker"]
    white, red = [p for p in paper.iter(f"{SVG}path") if p.get("class") == "markers"]
    assert white.get("d") == red.get("d")
    assert red.get("stroke-linecap") == "round"
    assert red.get("d") == "".join(f"M{c.get('cx')} {c.get('cy')}h0" for c in circles)


def test_context_areas_are_cut_to_the_frame() -> None:
    box = (0.0, 0.0, 10.0, 10.0)
    assert clip_ring([(2, 2), (8, 2), (8, 8), (2, 8)], box) == [(2, 2), (8, 2), (8, 8), (2, 8)]
    assert clip_ring([(20, 20), (30, 20), (30, 30)], box) == []
    square = clip_ring([(-5, -5), (15, -5), (15, 15), (-5, 15)], box)
    assert sorted(set(square)) == [(0, 0), (0, 10), (10, 0), (10, 10)]
    half = clip_ring([(5, 5), (15, 5), (15, 8), (5, 8)], box)
    assert sorted(set(half)) == [(5, 5), (5, 8), (10, 5), (10, 8)]
    # A neighbour of the region: cut, it is shorter, and still inside the frame (and margin).
    region = all_areas("32")
    frame = Frame(10, 10, 840, 620, region)
    frame.fit()
    ardennes = next(a for a in all_areas("44") if a.code == "08")
    whole = frame.path(ardennes.geometry)
    cut = frame.path(ardennes.geometry, clip=True)
    assert 0 < len(cut) < len(whole)
    left, top, right, bottom = frame.box(margin=CLIP_MARGIN)
    for x, y in absolute_points(cut):
        assert left - 1 <= x <= right + 1  # whole pixels: a rounding either side
        assert top - 1 <= y <= bottom + 1
    assert any(not (left <= x <= right and top <= y <= bottom) for x, y in absolute_points(whole))


def absolute_points(path: str) -> list[tuple[int, int]]:
    """The points of our own path data: `Mx y` then relative `l` moves, ring by ring."""
    points = []
    for ring in re.findall(r"M([^z]*)z", path):
        start, _, moves = ring.partition("l")
        x, y = (int(n) for n in re.findall(r"-?\d+", start))
        points.append((x, y))
        numbers = [int(n) for n in re.findall(r"-?\d+", moves)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def test_scale_needs_one_label_per_class() -> None:
    with pytest.raises(ValueError, match="one label"):
        Scale("x", (1, 2), ("a", "b"))
