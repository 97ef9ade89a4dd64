"""Straight-line accessibility: population living within a distance of the nearest point
(vectorised with numpy over commune representative points)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

# Mean Earth radius (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088
# Points are compared with places by blocks, to bound memory (places x block floats).
BLOCK = 64


@dataclass(frozen=True)
class Places:
    """Points with a population and a group (the département code), as parallel arrays."""

    latitude: np.ndarray
    longitude: np.ndarray
    population: np.ndarray
    group: np.ndarray  # index into `groups`
    groups: tuple[str, ...]
    # Names this set of places in cache keys (a reload gives a new key).
    key: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, int, float, float]]) -> Places:
        """Build from (group, population, latitude, longitude) rows."""
        rows = list(rows)
        groups = tuple(sorted({row[0] for row in rows}))
        index = {code: position for position, code in enumerate(groups)}
        return cls(
            latitude=np.array([row[2] for row in rows], dtype=float),
            longitude=np.array([row[3] for row in rows], dtype=float),
            population=np.array([row[1] for row in rows], dtype=float),
            group=np.array([index[row[0]] for row in rows], dtype=np.intp),
            groups=groups,
        )


def unit_vectors(latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(latitude), np.radians(longitude)
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def haversine_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    lat1, lon1, lat2, lon2 = (np.radians(a) for a in (lat1, lon1, lat2, lon2))
    half_chord = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(half_chord, 0, 1)))


def nearest_distance_km(
    latitude: np.ndarray, longitude: np.ndarray, points: Sequence[tuple[float, float]]
) -> np.ndarray:
    """Great-circle distance from each place to the nearest of `points` (latitude, longitude);
    infinity when there is no point.

    The nearest point is the one with the largest dot product of unit vectors (one matrix
    product per block of points); the distance to it is then computed with the haversine
    formula, which stays accurate at short range.
    """
    if not points:
        return np.full(latitude.shape, np.inf)
    targets = np.asarray(points, dtype=float)
    places = unit_vectors(latitude, longitude)
    vectors = unit_vectors(targets[:, 0], targets[:, 1])
    best = np.full(latitude.shape, -np.inf)
    nearest = np.zeros(latitude.shape, dtype=np.intp)
    for start in range(0, len(vectors), BLOCK):
        dots = places @ vectors[start : start + BLOCK].T
        index = dots.argmax(axis=1)
        value = dots[np.arange(len(index)), index]
        closer = value > best
        best[closer], nearest[closer] = value[closer], index[closer] + start
    return haversine_km(latitude, longitude, targets[nearest, 0], targets[nearest, 1])


def population_within(
    places: Places, points: Sequence[tuple[float, float]], radii_km: Sequence[float]
) -> dict[float, dict[str, int]]:
    """For each radius, the population of each group living within that distance of the
    nearest point: {radius: {group: population}}."""
    nearest = nearest_distance_km(places.latitude, places.longitude, points)
    result: dict[float, dict[str, int]] = {}
    for radius in radii_km:
        weights = np.where(nearest <= radius, places.population, 0.0)
        totals = np.bincount(places.group, weights=weights, minlength=len(places.groups))
        result[radius] = {
            code: round(total) for code, total in zip(places.groups, totals, strict=True)
        }
    return result


def distances_km(
    latitude: float, longitude: float, points: Sequence[tuple[float, float]]
) -> list[float]:
    """Great-circle distance from one place to each of `points` (latitude, longitude)."""
    if not points:
        return []
    targets = np.asarray(points, dtype=float)
    origin = np.full(len(targets), latitude), np.full(len(targets), longitude)
    return haversine_km(*origin, targets[:, 0], targets[:, 1]).tolist()
