"""The budgets of `make bench` (bench/budgets.py) and the history it keeps (bench/run.py): every
time budget a ratio to a reference measured in the same run, each with its value and limit."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from bench import run
from bench.budgets import check_budgets
from bench.report import write_markdown


def page(queries: int, median_ms: float) -> dict[str, Any]:
    return {"path": "/x/", "queries": queries, "queries_stable": True, "median_ms": median_ms}


def pdf(seconds: float, gather_s: float, reference_s: float) -> dict[str, Any]:
    return {
        "seconds": seconds,
        "gather_s": gather_s,
        "render_s": seconds - gather_s,
        "gather_share": round(gather_s / seconds, 3),
        "ratio": round(seconds / reference_s, 3),
        "ratios": [round(seconds / reference_s, 3)],
        "runs_s": [seconds],
        "bytes": 1,
        "pages": 8,
        "reference": {"seconds": reference_s, "runs_s": [reference_s], "pages": 8},
    }


def load(rate: float, p50: float, p99: float) -> dict[str, Any]:
    run = {"requests_per_s": rate, "p50_ms": p50, "p99_ms": p99}
    return {"path": "/x/", **run, "tail": round(p99 / p50, 2), "rounds": [run]}


def sample() -> dict[str, Any]:
    """A run where every budget passes, each near its limit."""
    small = {
        "sites": 100,
        "months": 36,
        "seed_s": 3.0,
        "pages": {"floor": page(5, 10.0), "house list": page(7, 20.0)},
    }
    large = {
        "sites": 1000,
        "months": 36,
        "seed_s": 29.0,
        "seed_runs_s": [29.0],
        "copy": {
            "seconds": 10.0,
            "runs_s": [10.0],
            "ratio": 2.9,
            "ratios": [2.9],
            "rows": 500,
            "tables": 12,
            "megabytes": 80.0,
        },
        "pages": {"floor": page(5, 10.0), "house list": page(7, 30.0)},
        "cold": {"national dashboard": {"path": "/x/", "median_ms": 99.0, "runs_ms": [99.0]}},
        "load": {
            "floor": load(400.0, 20.0, 30.0),
            "API sites": load(240.0, 30.0, 60.0),
            "national dashboard": load(140.0, 60.0, 110.0),
        },
        "export": {
            "export": "activity-reports", "path": "/x.csv", "rows": 10, "export_s": 0.2,
            "copy_s": 0.1, "export_rows_per_s": 50, "copy_rows_per_s": 100, "ratio": 2.0,
            "peak_memory_mb": 1.0,
        },
        "pdf": {
            "period": ["2025-12-01", "2026-11-30"],
            "site": pdf(1.2, 0.1, 1.0),
            "region": {"code": "28", "houses": 50, **pdf(3.6, 0.35, 3.0)},
        },
    }  # fmt: skip
    return {
        "date": "2026-12-05T17:00:00+00:00",
        "machine": {
            "nproc": 2, "memory_gb": 8.0, "cpu": "x86_64", "python": "3.11", "postgresql": "15",
            "commit": "0" * 40, "dirty": True, "load_average": [1.0, 1.0, 1.0],
            "steal_share": 0.0,
        },
        "sizes": {"100": small, "1000": large},
        "duration_s": 600,
    }  # fmt: skip


def verdicts(results: dict[str, Any]) -> dict[str, bool]:
    return {line["name"]: line["ok"] for line in check_budgets(results)}


def test_every_budget_passes_at_its_limit() -> None:
    found = check_budgets(sample())
    assert all(line["ok"] for line in found), [line for line in found if not line["ok"]]
    names = [line["name"] for line in found]
    assert names == [
        "seed_bench 1000 x 36 <= 3x raw COPY",
        "queries identical at 100 and 1000: floor",
        "queries identical at 100 and 1000: house list",
        "median time <= 3x floor: house list",
        "cold cache <= 10x floor: national dashboard",
        "under load >= 60% of the floor's requests/s: API sites",
        "under load p99 <= 2x p50: API sites",
        "under load >= 35% of the floor's requests/s: national dashboard",
        "under load p99 <= 2x p50: national dashboard",
        "CSV export (activity-reports) <= 2x raw COPY",
        "CSV export peak memory growth < 50 MB",
        "site PDF <= 1.2x its frozen reference",
        "site PDF data gathering < 10%",
        "region PDF <= 1.2x its frozen reference",
        "region PDF data gathering < 10%",
    ]
    assert all({"value", "limit", "comparison"} <= set(line) for line in found)


@pytest.mark.parametrize(
    ("change", "failed"),
    [
        (lambda large: large["copy"].update(ratio=3.01), "seed_bench 1000 x 36 <= 3x raw COPY"),
        (
            lambda large: large["pages"]["house list"].update(median_ms=30.1),
            "median time <= 3x floor: house list",
        ),
        (
            lambda large: large["pages"]["house list"].update(queries=8),
            "queries identical at 100 and 1000: house list",
        ),
        (
            lambda large: large["cold"]["national dashboard"].update(median_ms=100.1),
            "cold cache <= 10x floor: national dashboard",
        ),
        (
            lambda large: large["load"]["API sites"].update(requests_per_s=239.0),
            "under load >= 60% of the floor's requests/s: API sites",
        ),
        (
            lambda large: large["load"]["national dashboard"].update(tail=2.02),
            "under load p99 <= 2x p50: national dashboard",
        ),
        (
            lambda large: large["load"]["API sites"].update(errors=3),
            "under load >= 60% of the floor's requests/s: API sites",
        ),
        (
            lambda large: large["pdf"]["site"].update(ratio=1.25),
            "site PDF <= 1.2x its frozen reference",
        ),
        (
            lambda large: large["pdf"]["region"].update(gather_share=0.1),
            "region PDF data gathering < 10%",
        ),
    ],
)
def test_one_budget_over_its_limit_fails_alone(change: Any, failed: str) -> None:
    results = copy.deepcopy(sample())
    change(results["sizes"]["1000"])
    assert [name for name, ok in verdicts(results).items() if not ok] == [failed]


def test_the_history_keeps_one_entry_per_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = tmp_path / "results.json"
    history.write_text(json.dumps({"date": "an old single run", "budgets": []}))
    monkeypatch.setattr(run, "HISTORY", history)
    first = sample()
    first["budgets"] = check_budgets(first)
    run.record(first)
    second = copy.deepcopy(first)
    second["machine"]["commit"] = "1" * 40
    run.record(second)
    document = json.loads(history.read_text())
    assert [entry["commit"] for entry in document["history"]] == ["0" * 40, "1" * 40]
    entry = document["history"][-1]
    assert entry["dirty"] is True
    assert entry["references"] == {
        "floor_ms": 10.0,
        "floor_requests_per_s": 400.0,
        "copy_s": 10.0,
        "site_pdf_reference_s": 1.0,
        "region_pdf_reference_s": 3.0,
    }
    assert entry["passed"] == len(entry["budgets"])
    assert entry["budgets"][0] == {
        "name": "seed_bench 1000 x 36 <= 3x raw COPY",
        "value": 2.9,
        "limit": 3.0,
        "comparison": "<=",
        "ok": True,
    }
    assert document["last"]["sizes"]["1000"]["copy"]["rows"] == 500


def test_the_page_prints_the_references_first(tmp_path: Path) -> None:
    results = sample()
    results["budgets"] = check_budgets(results)
    target = tmp_path / "performance.md"
    write_markdown(results, target)
    text = target.read_text()
    head = text.split("## Budgets")[0]
    assert "plancher `/_floor/` à 1000 maisons : **10.0 ms**" in head
    assert "maison **1.0 s** (8 pages), région **3.0 s** (8 pages)" in head
    assert "## Budgets : 15 PASS sur 15" in text
    assert "| median time <= 3x floor: house list | PASS | <= 3.0 x plancher |" in text
