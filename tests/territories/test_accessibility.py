"""Straight-line accessibility on a tiny hand-made territory, where every distance is known."""

from __future__ import annotations

import math

import numpy as np
import pytest

from territories.accessibility import (
    BLOCK,
    EARTH_RADIUS_KM,
    Places,
    distances_km,
    nearest_distance_km,
    population_within,
)

# On the equator one degree of longitude (and everywhere one degree of latitude) is this long.
KM_PER_DEGREE = 2 * math.pi * EARTH_RADIUS_KM / 360  # 111.195 km

# (group, population, latitude, longitude); the house stands at (0, 0).
TINY = [
    ("A", 100, 0.0, 0.1),  # 11.1 km east
    ("A", 200, 0.0, 0.4),  # 44.5 km east
    ("A", 300, 0.0, 1.0),  # 111.2 km east
    ("B", 50, 0.5, 0.0),  # 55.6 km north
    ("B", 7, -0.2, 0.0),  # 22.2 km south
]


def test_distances_on_the_equator_are_known() -> None:
    places = Places.from_rows(TINY)
    nearest = nearest_distance_km(places.latitude, places.longitude, [(0.0, 0.0)])
    expected = np.array([0.1, 0.4, 1.0, 0.5, 0.2]) * KM_PER_DEGREE
    assert nearest == pytest.approx(expected, rel=1e-9)


def test_population_within_30_and_60_km_per_group() -> None:
    result = population_within(Places.from_rows(TINY), [(0.0, 0.0)], [30.0, 60.0])
    assert result[30.0] == {"A": 100, "B": 7}
    assert result[60.0] == {"A": 300, "B": 57}


def test_the_nearest_house_counts() -> None:
    # A second house at (0, 1) brings the third commune to 0 km and the second to 66.7 km.
    result = population_within(Places.from_rows(TINY), [(0.0, 0.0), (0.0, 1.0)], [30.0])
    assert result[30.0] == {"A": 400, "B": 7}


def test_no_house_means_nobody_within_reach() -> None:
    places = Places.from_rows(TINY)
    assert np.isinf(nearest_distance_km(places.latitude, places.longitude, [])).all()
    assert population_within(places, [], [60.0]) == {60.0: {"A": 0, "B": 0}}


def test_houses_beyond_one_block_are_all_considered() -> None:
    # The only near house comes last, after more than one block of far ones.
    far = [(10.0, 10.0 + i * 0.01) for i in range(BLOCK * 2 + 3)]
    places = Places.from_rows(TINY)
    nearest = nearest_distance_km(places.latitude, places.longitude, [*far, (0.0, 0.0)])
    assert nearest[0] == pytest.approx(0.1 * KM_PER_DEGREE)


def test_paris_lyon_is_about_392_km() -> None:
    [distance] = distances_km(48.8566, 2.3522, [(45.7640, 4.8357)])
    assert distance == pytest.approx(391.5, abs=1.0)
    assert distances_km(0.0, 0.0, []) == []
