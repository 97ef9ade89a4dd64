"""Python's cyclic garbage collector, run less often while a process allocates millions of
short-lived objects (a PDF rendered by WeasyPrint, the benchmark data generated)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# With Python's default thresholds (700, 10, 10) the collector runs thousands of times a
# report or a load, each time walking the young objects and, often enough, the whole heap:
# the regional PDF spent a tenth to a fifth of its time there, `seed_bench` a sixth
# (docs/performance.md). A hundred times less often, the garbage is collected all the same.
FEWER_COLLECTIONS = (100_000, 50, 50)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The collector at FEWER_COLLECTIONS' thresholds inside the block, as before after it
    (exception or not)."""
    previous = gc.get_threshold()
    gc.set_threshold(*FEWER_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
