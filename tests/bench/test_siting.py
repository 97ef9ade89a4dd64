"""The siting budgets of `make bench` (bench/siting.py), measured here on small runs: the
numbers are whatever this machine gives, the functions and the budgets' logic are checked."""

from __future__ import annotations

import pytest

from bench import siting
from bench.budgets import check_budgets
from masp.coverage.siting.services import Parameters
from tests.bench.test_budgets import sample

pytestmark = pytest.mark.django_db


def test_timed_measures_a_run() -> None:
    result, seconds, memory = siting.timed(Parameters(scope="94", k=2))  # Corse
    assert len(result.proposals) == 2
    assert seconds > 0
    assert memory > 0


def test_measure_siting_on_small_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # France stands for itself only in make bench: here the "region" is Corse, one greedy run.
    monkeypatch.setattr(siting, "REGION", "94")
    monkeypatch.setattr(siting, "REGION_EXACT_K", 2)
    monkeypatch.setattr(siting, "RUNS", 1)
    measured = siting.measure_siting(france_exact=False)
    assert measured["france_greedy"]["new_population"] > 0
    assert set(measured["region_exact"]) == {"1", "2"}
    assert all(run["status"] == "optimal" for run in measured["region_exact"].values())
    assert "france_exact" not in measured


SAMPLE = {
    "france_greedy": {"seconds": 1.2, "peak_memory_mb": 180.0, "gap": 0.3, "new_population": 1},
    "region_exact": {"1": {"seconds": 3.0, "status": "optimal", "gap": 0.0}},
    "france_exact": {"seconds": 61.0, "status": "time_limit", "gap": 0.05},
}


def test_budgets() -> None:
    assert [line["ok"] for line in siting.siting_budgets(SAMPLE)] == [True, True, True, True]
    slow = {
        **SAMPLE,
        "france_greedy": {**SAMPLE["france_greedy"], "seconds": 2.5, "peak_memory_mb": 600.0},
        "region_exact": {"5": {"seconds": 12.0, "status": "optimal", "gap": 0.0}},
        "france_exact": {"seconds": 61.0, "status": "time_limit", "gap": None},
    }
    assert [line["ok"] for line in siting.siting_budgets(slow)] == [False, False, False, False]
    unproven = {**SAMPLE, "region_exact": {"2": {"seconds": 1, "status": "time_limit", "gap": 0.1}}}
    assert not siting.siting_budgets(unproven)[2]["ok"]


def test_a_run_without_siting_figures_has_no_siting_budget() -> None:
    results = sample()
    names = [line["name"] for line in check_budgets(results)]
    assert not [name for name in names if name.startswith("siting")]
    results["sizes"]["1000"]["siting"] = SAMPLE
    with_siting = [line["name"] for line in check_budgets(results)]
    assert len([name for name in with_siting if name.startswith("siting")]) == 4
