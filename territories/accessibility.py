"""Straight-line accessibility: population living within a distance of the nearest point
(vectorised with numpy over commune representative points)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

# Mean Earth radius (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088
# Houses are compared with communes by blocks, to bound memory (communes x block floats).
BLOCK = 64


@dataclass(frozen=True)
class Places:
    """Points with a population and a group (the département code), as parallel arrays."""

    latitude: np.ndarray
    longitude: np.ndarray
    population: np.ndarray
    group: np.ndarray  # index into `groups`
    groups: tuple[str, ...]

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


def nearest_distance_km(
    latitude: np.ndarray, longitude: np.ndarray, points: Sequence[tuple[float, float]]
) -> np.ndarray:
    """Great-circle distance (haversine) from each place to the nearest of `points`
    (latitude, longitude); infinity when there is no point."""
    nearest = np.full(latitude.shape, np.inf)
    if not points:
        return nearest
    lat1, lon1 = np.radians(latitude)[:, None], np.radians(longitude)[:, None]
    cos_lat1 = np.cos(lat1)
    targets = np.radians(np.asarray(points, dtype=float))
    for start in range(0, len(targets), BLOCK):
        block = targets[start : start + BLOCK]
        lat2, lon2 = block[:, 0][None, :], block[:, 1][None, :]
        half_chord = (
            np.sin((lat2 - lat1) / 2) ** 2
            + cos_lat1 * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        )
        distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(half_chord, 0, 1)))
        np.minimum(nearest, distance.min(axis=1), out=nearest)
    return nearest


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
    targets = np.radians(np.asarray(points, dtype=float))
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    half_chord = (
        np.sin((targets[:, 0] - lat1) / 2) ** 2
        + math.cos(lat1) * np.cos(targets[:, 0]) * np.sin((targets[:, 1] - lon1) / 2) ** 2
    )
    return (2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(half_chord, 0, 1)))).tolist()
