"""Server-side SVG maps of départements: a choropleth with a legend, point markers,
overseas départements as insets, or a zoom on a set of départements (a region).

Plain data in, a string out: no tile server, no network, no JavaScript, so the same SVG
serves the pages, the PNG renders and the PDF reports. For print (`interactive=False`) the
tooltips go, the markers become the dots of two paths and the title, legend and note are left to
the page: WeasyPrint draws each SVG element, and each letter of an SVG text, on its own, so a
lean picture renders several times faster.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from common.cache import ProcessMemo

# DSFR palette (blue France scale, grey, red Marianne for markers).
NO_DATA = "#EEEEEE"
CONTEXT_FILL, CONTEXT_STROKE = "#F6F6F6", "#DDDDDD"
BORDER = "#FFFFFF"
FRAME = "#CECECE"
TEXT = "#161616"
MARKER_FILL, MARKER_STROKE = "#E1000F", "#FFFFFF"
BLUES = ("#ECECFE", "#CACAFB", "#8585F6", "#4A4AE8", "#000091")
FONT = "Marianne, Arial, Helvetica, sans-serif"
MARKER_RADIUS = 5
CLIP_MARGIN = 4  # px kept around a zoomed frame when cutting the context areas to it

OVERSEAS = ("971", "972", "973", "974", "976")
WIDTH, MAP_HEIGHT, LEGEND_HEIGHT = 860, 640, 70
INSET_WIDTH, INSET_LABEL = 150, 16
# How long this process keeps the drawing of a set of outlines (see `render_map`'s
# `outlines`): their key names a version of the geometries, this only bounds the memory of
# a version another process changed without a shared cache.
OUTLINES_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    geometry: dict[str, Any]  # GeoJSON Polygon or MultiPolygon, WGS84
    value: float | None = None
    title: str = ""


@dataclass(frozen=True)
class Marker:
    latitude: float
    longitude: float
    label: str
    # Another colour tells apart another kind of point (the siting advisor's proposals).
    fill: str = MARKER_FILL


@dataclass(frozen=True)
class Scale:
    """Classes of values: `thresholds` are the lower bounds of the classes after the first."""

    title: str
    thresholds: tuple[float, ...]
    labels: tuple[str, ...]
    colours: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.colours:
            # Spread the blue scale over the classes, lightest first.
            # Lightest first, the darkest always last.
            count = len(self.thresholds) + 1
            picks = [*range(min(count, len(BLUES)) - 1), len(BLUES) - 1]
            object.__setattr__(self, "colours", tuple(BLUES[i] for i in picks))
        if not len(self.labels) == len(self.colours) == len(self.thresholds) + 1:
            raise ValueError("A scale needs one label and one colour per class.")

    def colour(self, value: float | None) -> str:
        if value is None:
            return NO_DATA
        index = sum(1 for threshold in self.thresholds if value >= threshold)
        return self.colours[index]


@dataclass(frozen=True)
class Shapes:
    """What a frame draws of its areas that depends on their geometries only: its projection,
    the path data of its areas, the clipped path data of its context areas (None where one
    falls outside the box) and, for a labelled frame, where each area's name goes."""

    transform: tuple[float, float, float, float, float]
    bounds: tuple[float, float, float, float]
    cos_lat: float
    paths: tuple[str, ...]
    context: tuple[str | None, ...]
    labels: tuple[tuple[float, float], ...]


@dataclass
class Frame:
    """A box of the picture showing some areas with its own projection."""

    x: float
    y: float
    width: float
    height: float
    areas: list[Area]
    label: str = ""
    context: list[Area] = field(default_factory=list)
    labels: bool = False  # write each area's name on it (zoomed maps)
    _transform: tuple[float, float, float, float, float] = (0.0, 0.0, 1.0, 0.0, 0.0)
    bounds: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    _cos_lat: float = 1.0

    def fit(self) -> None:
        lons, lats = zip(*(point for area in self.areas for point in points_of(area)), strict=True)
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        self.bounds = (west, east, south, north)
        cos_lat = math.cos(math.radians((south + north) / 2))
        span_x, span_y = max((east - west) * cos_lat, 1e-6), max(north - south, 1e-6)
        scale = min(self.width / span_x, self.height / span_y) * 0.96
        offset_x = self.x + (self.width - span_x * scale) / 2
        offset_y = self.y + (self.height - span_y * scale) / 2
        self._transform = (west, north, scale, offset_x, offset_y)
        self._cos_lat = cos_lat

    def shapes(self) -> Shapes:
        """Fit the frame and draw its outlines (see `Shapes`)."""
        self.fit()
        return Shapes(
            transform=self._transform,
            bounds=self.bounds,
            cos_lat=self._cos_lat,
            paths=tuple(self.path(area.geometry) for area in self.areas),
            context=tuple(
                self.path(area.geometry, clip=True) if self.visible(area) else None
                for area in self.context
            ),
            labels=tuple(label_point(self, area) for area in self.areas) if self.labels else (),
        )

    def adopt(self, shapes: Shapes) -> None:
        """The projection of `shapes` (drawn by a frame of the same areas) made this one's."""
        self._transform, self.bounds, self._cos_lat = (
            shapes.transform,
            shapes.bounds,
            shapes.cos_lat,
        )

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        west, north, scale, offset_x, offset_y = self._transform
        return (
            offset_x + (lon - west) * self._cos_lat * scale,
            offset_y + (north - lat) * scale,
        )

    def visible(self, area: Area) -> bool:
        """Whether some of `area` falls inside the box (bounding boxes intersect)."""
        west, north, scale, offset_x, offset_y = self._transform
        left = west + (self.x - offset_x) / (self._cos_lat * scale)
        right = west + (self.x + self.width - offset_x) / (self._cos_lat * scale)
        top = north - (self.y - offset_y) / scale
        bottom = north - (self.y + self.height - offset_y) / scale
        lons, lats = zip(*points_of(area), strict=True)
        return min(lons) <= right and max(lons) >= left and min(lats) <= top and max(lats) >= bottom

    def contains(self, lon: float, lat: float, margin: float = 0.3) -> bool:
        west, east, south, north = self.bounds
        return west - margin <= lon <= east + margin and south - margin <= lat <= north + margin

    def path(self, geometry: dict[str, Any], *, clip: bool = False) -> str:
        """Path data in whole pixels, relative moves (about half the size of absolute ones).
        `clip` cuts the rings to the box (areas of the context, mostly outside it)."""
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        parts = []
        for polygon in polygons:
            for ring in polygon:
                projected = [self.project(*p[:2]) for p in ring]
                if clip:
                    projected = clip_ring(projected, self.box(margin=CLIP_MARGIN))
                points = dedupe((round(x), round(y)) for x, y in projected)
                if len(points) >= 3:
                    moves = " ".join(
                        f"{x1 - x0} {y1 - y0}" for (x0, y0), (x1, y1) in itertools.pairwise(points)
                    )
                    parts.append(f"M{points[0][0]} {points[0][1]}l{moves}z".replace(" -", "-"))
        return "".join(parts)

    def box(self, margin: float = 0) -> tuple[float, float, float, float]:
        """left, top, right, bottom in picture coordinates."""
        return (
            self.x - margin,
            self.y - margin,
            self.x + self.width + margin,
            self.y + self.height + margin,
        )


Point = tuple[float, float]


def clip_ring(ring: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """The ring cut to the rectangle `box` (Sutherland-Hodgman: one pass per side)."""
    left, top, right, bottom = box
    sides = (
        (lambda p: p[0] >= left, lambda a, b: _cross_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _cross_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: _cross_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: _cross_y(a, b, bottom)),
    )
    for inside, crossing in sides:
        if not ring:
            break
        points, ring = ring, []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    ring.append(crossing(previous, point))
                ring.append(point)
            elif inside(previous):
                ring.append(crossing(previous, point))
            previous = point
    return ring


def _cross_x(a: Point, b: Point, x: float) -> Point:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _cross_y(a: Point, b: Point, y: float) -> Point:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def points_of(area: Area) -> Iterable[tuple[float, float]]:
    geometry = area.geometry
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        for point in polygon[0]:
            yield point[0], point[1]


def dedupe(points: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for point in points:
        if not kept or kept[-1] != point:
            kept.append(point)
    return kept


def national_frames(areas: Sequence[Area]) -> list[Frame]:
    """Metropolitan France on the right, overseas départements stacked on the left."""
    overseas = [area for area in areas if area.code in OVERSEAS]
    frames = [
        Frame(
            INSET_WIDTH + 30,
            10,
            WIDTH - INSET_WIDTH - 40,
            MAP_HEIGHT - 20,
            [a for a in areas if a.code not in OVERSEAS],
        )
    ]
    slot = (MAP_HEIGHT - 10) / max(len(overseas), 1)
    for index, area in enumerate(overseas):
        top = 10 + index * slot
        frames.append(
            Frame(10, top + INSET_LABEL, INSET_WIDTH, slot - INSET_LABEL - 8, [area], area.name)
        )
    return [frame for frame in frames if frame.areas]


def render_map(
    *,
    areas: Sequence[Area],
    scale: Scale,
    title: str,
    markers: Sequence[Marker] = (),
    context: Sequence[Area] = (),
    marker_label: str = "",
    zoom: bool = False,
    id_prefix: str = "map",
    note: str = "",
    interactive: bool = True,
    outlines: Hashable | None = None,
) -> str:
    """The SVG of `areas` coloured by their value. `zoom` fits all areas in one frame (a
    region, with `context` areas drawn in grey around it); otherwise the national layout.
    `interactive=False` is the print version: no tooltips, and no legend band (the page
    around the picture writes the title, the legend and the note).

    `outlines`, when given, names the geometries of the areas (a version of the reference
    data, renewed whenever a geometry changes): what depends on them only (each frame's
    projection, the path data, where the names go: most of a map's cost) is then drawn once
    per process for these outlines and this layout, and reused by every map of them,
    whatever their values, names, scale or markers."""
    if zoom:
        frames = [
            Frame(
                10, 10, WIDTH - 20, MAP_HEIGHT - 20, list(areas), context=list(context), labels=True
            )
        ]
    else:
        frames = national_frames(areas)
    if outlines is None:
        drawn = [frame.shapes() for frame in frames]
    else:
        layout = (outlines, zoom, tuple(a.code for a in areas), tuple(a.code for a in context))
        drawn = list(_shapes.get(layout, lambda: tuple(frame.shapes() for frame in frames)))
    body = []
    for index, (frame, shapes) in enumerate(zip(frames, drawn, strict=True)):
        frame.adopt(shapes)
        body.append(
            render_frame(frame, scale, markers, f"{id_prefix}-clip-{index}", interactive, shapes)
        )
    if not interactive:
        return svg_document(MAP_HEIGHT, id_prefix, title, "".join(body), sized=False)
    height = MAP_HEIGHT + LEGEND_HEIGHT
    under = render_legend(scale, marker_label if markers else "", top=MAP_HEIGHT)
    if note:
        under += (
            f'<text class="note" x="{WIDTH - 10}" y="{MAP_HEIGHT + LEGEND_HEIGHT - 6}" '
            f'font-size="11" fill="#666666" text-anchor="end">{escape(note)}</text>'
        )
    return svg_document(height, id_prefix, title, "".join(body) + under)


def svg_document(height: int, id_prefix: str, title: str, content: str, sized: bool = True) -> str:
    """The picture; `sized=False` leaves its width to the stylesheet (the PDF reports')."""
    width = ' width="100%"' if sized else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"{width} '
        f'role="img" class="masp-map" aria-labelledby="{id_prefix}-title" '
        f'font-family="{FONT}"><title id="{id_prefix}-title">{escape(title)}</title>'
        f'<rect width="{WIDTH}" height="{height}" fill="#FFFFFF"/>{content}</svg>'
    )


# The drawings of sets of outlines, by (outlines, zoom, area codes, context codes): see
# `render_map`. A few dozen layouts at most (the nation, each region, each siting scope).
_shapes: ProcessMemo[tuple[Shapes, ...]] = ProcessMemo(OUTLINES_SECONDS, size=64)


def render_frame(
    frame: Frame,
    scale: Scale,
    markers: Sequence[Marker],
    clip_id: str,
    interactive: bool = True,
    shapes: Shapes | None = None,
) -> str:
    """The frame's picture; `shapes` are its outlines already drawn (`Frame.shapes`), else
    they are drawn here."""
    if shapes is None:
        shapes = frame.shapes()
    parts = [
        f'<clipPath id="{clip_id}"><rect x="{frame.x:.1f}" y="{frame.y:.1f}" '
        f'width="{frame.width:.1f}" height="{frame.height:.1f}"/></clipPath>'
        f'<g clip-path="url(#{clip_id})">'
    ]
    for path in shapes.context:
        if path is not None:
            parts.append(
                f'<path class="context" d="{path}" fill="{CONTEXT_FILL}" '
                f'stroke="{CONTEXT_STROKE}" stroke-width="0.8" aria-hidden="true"/>'
            )
    for area, path in zip(frame.areas, shapes.paths, strict=True):
        tooltip = f"<title>{escape(area.title or area.name)}</title>" if interactive else ""
        parts.append(
            f'<path class="area" data-code="{escape(area.code)}" d="{path}" '
            f'fill="{scale.colour(area.value)}" stroke="{BORDER}" stroke-width="0.8">'
            f"{tooltip}</path>"
        )
    if frame.labels:
        parts.extend(
            render_label(frame, area, point)
            for area, point in zip(frame.areas, shapes.labels, strict=True)
        )
    points = [
        (marker, frame.project(marker.longitude, marker.latitude))
        for marker in markers
        if frame.contains(marker.longitude, marker.latitude)
    ]
    if interactive:
        parts.extend(
            f'<circle class="marker" cx="{x:.1f}" cy="{y:.1f}" r="{MARKER_RADIUS}" '
            f'fill="{escape(marker.fill)}" stroke="{MARKER_STROKE}" stroke-width="1.5">'
            f"<title>{escape(marker.label)}</title></circle>"
            for marker, (x, y) in points
        )
    elif points:
        # Print: every marker a dot (a zero-length line with round caps, which PDF paints as
        # a disc) over a white one, two paths per colour: WeasyPrint draws element by element.
        for fill in dict.fromkeys(marker.fill for marker, _point in points):
            dots = "".join(
                f"M{x:.1f} {y:.1f}h0" for marker, (x, y) in points if marker.fill == fill
            )
            for colour, width in (
                (MARKER_STROKE, 2 * MARKER_RADIUS + 3),
                (fill, 2 * MARKER_RADIUS),
            ):
                parts.append(
                    f'<path class="markers" d="{dots}" fill="none" stroke="{escape(colour)}" '
                    f'stroke-width="{width}" stroke-linecap="round"/>'
                )
    parts.append("</g>")
    if frame.label:
        parts.append(
            f'<rect x="{frame.x:.1f}" y="{frame.y - INSET_LABEL:.1f}" width="{frame.width:.1f}" '
            f'height="{frame.height + INSET_LABEL:.1f}" fill="none" stroke="{FRAME}"/>'
            f'<text x="{frame.x + 4:.1f}" y="{frame.y - 4:.1f}" font-size="12" '
            f'fill="{TEXT}">{escape(frame.label)}</text>'
        )
    return "".join(parts)


def label_point(frame: Frame, area: Area) -> tuple[float, float]:
    """Centroid of the largest outer ring, in picture coordinates (shoelace formula)."""
    best: tuple[float, float, float] = (0.0, 0.0, 0.0)
    geometry = area.geometry
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        ring = [frame.project(*point[:2]) for point in polygon[0]]
        twice_area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            cross = x0 * y1 - x1 * y0
            twice_area += cross
            cx, cy = cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
        if twice_area and abs(twice_area) > abs(best[0]):
            best = (twice_area, cx / (3 * twice_area), cy / (3 * twice_area))
    return best[1], best[2]


def render_label(frame: Frame, area: Area, point: tuple[float, float] | None = None) -> str:
    """The name of `area` at `point` (its `label_point`, computed here when not given)."""
    x, y = label_point(frame, area) if point is None else point
    position = f'x="{x:.0f}" y="{y:.0f}" font-size="13" text-anchor="middle" aria-hidden="true"'
    # A white halo under the name, as a separate text (PDF renderers ignore paint-order).
    return (
        f'<text class="label-halo" {position} fill="#FFFFFF" stroke="#FFFFFF" '
        f'stroke-width="3" stroke-linejoin="round">{escape(area.name)}</text>'
        f'<text class="label" {position} fill="{TEXT}">{escape(area.name)}</text>'
    )


def render_legend(scale: Scale, marker_label: str, *, top: float) -> str:
    parts = [
        f'<g class="legend"><text x="10" y="{top + 18}" font-size="14" font-weight="bold" '
        f'fill="{TEXT}">{escape(scale.title)}</text>'
    ]
    x = 10.0
    for colour, label in zip(scale.colours, scale.labels, strict=True):
        parts.append(
            f'<rect class="legend-item" x="{x:.0f}" y="{top + 30}" width="18" height="18" '
            f'fill="{colour}" stroke="#929292" stroke-width="0.5"/>'
            f'<text x="{x + 24:.0f}" y="{top + 44}" font-size="13" fill="{TEXT}">'
            f"{escape(label)}</text>"
        )
        x += 34 + 7.2 * len(label)
    if marker_label:
        parts.append(
            f'<circle cx="{x + 9:.0f}" cy="{top + 39}" r="{MARKER_RADIUS}" fill="{MARKER_FILL}" '
            f'stroke="{MARKER_STROKE}" stroke-width="1.5"/><text x="{x + 22:.0f}" y="{top + 44}" '
            f'font-size="13" fill="{TEXT}">{escape(marker_label)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)
