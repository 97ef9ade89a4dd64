"""The siting advisor's budgets (issue 26): France greedy at 30 km for ten houses, a region's
exact optimum for one to five houses, France exact under its time limit. Called by
bench/measure.py (`--siting`) in the bench's Django process; `python bench/siting.py` prints
the same measurement against the configured database."""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

GREEDY_SECONDS, GREEDY_MEMORY_MB = 2.0, 500.0
REGION_EXACT_SECONDS, REGION_EXACT_K = 10.0, 5
# HiGHS's limit plus the model's construction and the greedy run before it.
FRANCE_EXACT_SECONDS = 65.0
REGION = "32"
RUNS = 3  # the median of three greedy runs: one run on a noisy machine proves little


def timed(parameters: Any) -> tuple[Any, float, float]:
    """The result, the seconds and the peak memory (MB) of one computation (no cache)."""
    from masp.coverage.siting.services import compute

    tracemalloc.start()
    started = time.perf_counter()
    result = compute(parameters)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, peak / 1e6


def measure_siting(*, france_exact: bool = True) -> dict[str, Any]:
    from masp.coverage.siting.queries import communes
    from masp.coverage.siting.services import Parameters

    communes()  # loaded once per change of the reference data, as the pages find it
    greedy = [timed(Parameters(scope="FR", radius_km=30, k=10)) for _run in range(RUNS)]
    result, seconds, _memory = sorted(greedy, key=lambda run: run[1])[len(greedy) // 2]
    out: dict[str, Any] = {
        "france_greedy": {
            "seconds": round(seconds, 3),
            "peak_memory_mb": round(max(run[2] for run in greedy), 1),
            "gap": result.optimality_gap,
            "new_population": result.new_population,
        },
        "region_exact": {},
    }
    for k in range(1, REGION_EXACT_K + 1):
        exact, seconds, _memory = timed(Parameters(scope=REGION, k=k, method="exact"))
        out["region_exact"][str(k)] = {
            "seconds": round(seconds, 3),
            "status": exact.status,
            "gap": exact.optimality_gap,
        }
    if france_exact:
        exact, seconds, _memory = timed(Parameters(scope="FR", k=10, method="exact"))
        out["france_exact"] = {
            "seconds": round(seconds, 3),
            "status": exact.status,
            "gap": exact.optimality_gap,
        }
    return out


def siting_budgets(siting: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 26's budgets, in seconds and megabytes (not yet ratios: see docs/performance.md)."""
    from bench.budgets import budget

    greedy = siting["france_greedy"]
    found = [
        budget(
            f"siting, France, 30 km, k = 10, greedy < {GREEDY_SECONDS:g} s",
            greedy["seconds"],
            GREEDY_SECONDS,
            "<",
            f"{greedy['seconds']} s",
            unit="s",
        ),
        budget(
            f"siting, France greedy peak memory < {GREEDY_MEMORY_MB:g} MB",
            greedy["peak_memory_mb"],
            GREEDY_MEMORY_MB,
            "<",
            f"{greedy['peak_memory_mb']} MB",
            unit="Mo",
        ),
    ]
    for k, run in siting["region_exact"].items():
        found.append(
            budget(
                f"siting, region {REGION}, exact optimum, k = {k} < {REGION_EXACT_SECONDS:g} s",
                run["seconds"],
                REGION_EXACT_SECONDS,
                "<",
                f"{run['seconds']} s, {run['status']}",
                unit="s",
                ok=run["seconds"] < REGION_EXACT_SECONDS and run["status"] == "optimal",
            )
        )
    if "france_exact" in siting:
        run = siting["france_exact"]
        found.append(
            budget(
                f"siting, France exact, gap reported, < {FRANCE_EXACT_SECONDS:g} s",
                run["seconds"],
                FRANCE_EXACT_SECONDS,
                "<",
                f"{run['seconds']} s, {run['status']}, écart {run['gap']}",
                unit="s",
                ok=run["seconds"] < FRANCE_EXACT_SECONDS and run["gap"] is not None,
            )
        )
    return found


if __name__ == "__main__":
    import json
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    measured = measure_siting(france_exact="--no-france-exact" not in sys.argv)
    print(json.dumps(measured, indent=2))
    for line in siting_budgets(measured):
        print(f"{'PASS' if line['ok'] else 'FAIL'}  {line['name']}: {line['detail']}")
