"""`render_map(outlines=...)`: what depends on the geometries only (projection, path data,
where the names go) is drawn once per process and key, and the picture is the very one drawn
without the key, whatever the values, names, scale and markers."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from territories import maps
from territories.maps import Frame, Marker, Scale, render_map
from tests.territories.test_maps import SCALE, all_areas

pytestmark = pytest.mark.django_db

MARKERS = [
    Marker(48.8566, 2.3522, "Maison de Paris"),
    Marker(50.6292, 3.0573, "Maison de Lille"),
    Marker(-21.1151, 55.5364, "Maison de La Réunion"),
]


@pytest.fixture
def drawings(monkeypatch: pytest.MonkeyPatch) -> list[Frame]:
    """The frames whose outlines were drawn (`Frame.shapes`), in order."""
    drawn: list[Frame] = []
    shapes = Frame.shapes

    def counted(frame: Frame) -> maps.Shapes:
        drawn.append(frame)
        return shapes(frame)

    monkeypatch.setattr(Frame, "shapes", counted)
    return drawn


def layouts() -> list[dict]:
    region = all_areas("32")
    codes = {area.code for area in region}
    context = [area for area in all_areas() if area.code not in codes]
    return [
        {"areas": all_areas()},
        {"areas": region, "context": context, "zoom": True},
    ]


@pytest.mark.parametrize("interactive", [True, False])
@pytest.mark.parametrize("layout", [0, 1], ids=["national", "region"])
def test_a_keyed_map_is_the_unkeyed_one(layout: int, interactive: bool) -> None:
    options = {
        **layouts()[layout],
        "scale": SCALE,
        "title": "T",
        "markers": MARKERS,
        "marker_label": "Maison",
        "interactive": interactive,
    }
    key = uuid.uuid4().hex
    plain = render_map(**options)
    assert render_map(**options, outlines=key) == plain  # drawn
    assert render_map(**options, outlines=key) == plain  # reused


def test_outlines_are_drawn_once_per_key_and_layout(drawings: list[Frame]) -> None:
    national, zoomed = layouts()
    key = uuid.uuid4().hex
    render_map(**national, scale=SCALE, title="T", outlines=key)
    assert len(drawings) == 1 + len(maps.OVERSEAS)  # metropolitan France and the insets
    render_map(**national, scale=SCALE, title="T", markers=MARKERS, outlines=key)
    render_map(**national, scale=SCALE, title="T", outlines=key, interactive=False)
    assert len(drawings) == 1 + len(maps.OVERSEAS)  # the same drawing, three pictures
    render_map(**zoomed, scale=SCALE, title="T", outlines=key)
    assert len(drawings) == 2 + len(maps.OVERSEAS)  # another layout: drawn
    render_map(**national, scale=SCALE, title="T", outlines=uuid.uuid4().hex)
    assert len(drawings) == 3 + 2 * len(maps.OVERSEAS)  # another version of the geometries
    render_map(**national, scale=SCALE, title="T")
    assert len(drawings) == 4 + 3 * len(maps.OVERSEAS)  # no key: drawn every time


def test_values_names_and_scale_are_never_taken_from_the_drawing() -> None:
    national, zoomed = layouts()
    key = uuid.uuid4().hex
    for layout in (national, zoomed):
        render_map(**layout, scale=SCALE, title="T", outlines=key)
    other = Scale("Autre", (0.5,), ("peu", "beaucoup"), ("#111111", "#222222"))
    for layout in (national, zoomed):
        renamed = {
            **layout,
            "areas": [
                replace(area, name=f"{area.name} bis", title=f"<{area.code}>", value=1.0)
                for area in layout["areas"]
            ],
        }
        options = {**renamed, "scale": other, "title": "U", "markers": MARKERS[:1]}
        svg = render_map(**options, outlines=key)
        assert svg == render_map(**options)
        assert "#222222" in svg
        assert "#111111" not in svg.split('class="legend"')[0]
    assert ">La Réunion bis</text>" in render_map(**renamed_national(), outlines=key)


def renamed_national() -> dict:
    areas = [replace(area, name=f"{area.name} bis") for area in all_areas()]
    return {"areas": areas, "scale": SCALE, "title": "T"}
