"""`common.collection.fewer_collections`: the collector's thresholds raised inside the
block, given back after it, exception or not."""

from __future__ import annotations

import gc

import pytest

from common.collection import FEWER_COLLECTIONS, fewer_collections


def test_the_thresholds_are_raised_inside_and_given_back_after() -> None:
    before = gc.get_threshold()
    assert before != FEWER_COLLECTIONS
    with fewer_collections():
        assert gc.get_threshold() == FEWER_COLLECTIONS
    assert gc.get_threshold() == before
    with pytest.raises(ZeroDivisionError), fewer_collections():
        1 / 0  # noqa: B018
    assert gc.get_threshold() == before


def test_the_collector_still_runs_inside() -> None:
    freed = []

    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

        def __del__(self) -> None:
            freed.append(1)

    gc.collect()
    with fewer_collections():
        for _ in range(FEWER_COLLECTIONS[0] * 2):
            Node()
        assert freed  # the collector ran by itself, past the raised threshold
