"""The budgets of issue 29: every time a ratio to a reference measured in the same run (a
floor page, a raw COPY, frozen PDF references), so that a budget says something about the
code and not about the machine. Each budget records its measured value, its limit and how
they compare, for the history of bench/results.json."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

PAGE_TIME_FACTOR = 3.0  # a page at 1,000 houses against the floor view
LOAD_SHARE = {"API sites": 0.60, "national dashboard": 0.35}  # of the floor's requests/s
LOAD_TAIL = 2.0  # p99 against p50, for each target under load
COLD_FACTOR = 10.0  # the first rendering after an invalidation, against the floor view
EXPORT_RATIO, EXPORT_MEMORY_MB = 2.0, 50.0
PDF_REFERENCE_RATIO = 1.2  # the live report (gathering included) against its frozen HTML
GATHER_SHARE = 0.10
SEED_COPY_RATIO = 3.0  # seed_bench against a raw COPY FROM STDIN of the same rows

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    "==": operator.eq,
}


def budget(
    name: str,
    value: Any,
    limit: Any,
    comparison: str,
    detail: str,
    *,
    unit: str = "",
    ok: bool | None = None,
) -> dict[str, Any]:
    """`ok` defaults to `value <comparison> limit`; a caller passes it when more is checked
    (a stable query count, no error under load)."""
    passed = COMPARE[comparison](value, limit) if ok is None else ok
    return {
        "name": name,
        "value": value,
        "limit": limit,
        "comparison": comparison,
        "unit": unit,
        "ok": bool(passed),
        "detail": detail,
    }


def page_budgets(small: dict[str, Any], large: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    floor_ms = large["pages"]["floor"]["median_ms"]
    for label, page in large["pages"].items():
        before = small["pages"][label]["queries"]
        found.append(
            budget(
                f"queries identical at {small['sites']} and {large['sites']}: {label}",
                page["queries"],
                before,
                "==",
                f"{before} -> {page['queries']} requêtes",
                unit="requêtes",
                ok=before == page["queries"] and page["queries_stable"],
            )
        )
        if label != "floor":
            ratio = round(page["median_ms"] / floor_ms, 2)
            found.append(
                budget(
                    f"median time <= {PAGE_TIME_FACTOR:g}x floor: {label}",
                    ratio,
                    PAGE_TIME_FACTOR,
                    "<=",
                    f"{page['median_ms']} ms = {ratio:.2f}x floor ({floor_ms} ms)",
                    unit="x plancher",
                )
            )
    return found


def cold_budgets(cold: dict[str, Any], floor_ms: float) -> list[dict[str, Any]]:
    found = []
    for label, page in cold.items():
        ratio = round(page["median_ms"] / floor_ms, 2)
        found.append(
            budget(
                f"cold cache <= {COLD_FACTOR:g}x floor: {label}",
                ratio,
                COLD_FACTOR,
                "<=",
                f"{page['median_ms']} ms après invalidation = {ratio:.2f}x floor ({floor_ms} ms)",
                unit="x plancher",
            )
        )
    return found


def load_budgets(load: dict[str, Any]) -> list[dict[str, Any]]:
    floor = load["floor"]["requests_per_s"]
    found = []
    for label, share in LOAD_SHARE.items():
        target = load[label]
        rate = target["requests_per_s"]
        found.append(
            budget(
                f"under load >= {share:.0%} of the floor's requests/s: {label}",
                round(rate / floor, 3),
                share,
                ">=",
                f"{rate:.0f} req/s = {rate / floor:.0%} of {floor:.0f}",
                unit="part du plancher",
                ok=rate >= share * floor and not target.get("errors"),
            )
        )
        tail = target["tail"]  # the median of the rounds' p99 / p50 (bench/run.py `load_test`)
        found.append(
            budget(
                f"under load p99 <= {LOAD_TAIL:g}x p50: {label}",
                tail,
                LOAD_TAIL,
                "<=",
                f"p99 {target['p99_ms']} ms, p50 {target['p50_ms']} ms: median of "
                f"{len(target['rounds'])} rounds {tail:.2f}x",
                unit="x p50",
            )
        )
    return found


def export_budgets(export: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        budget(
            f"CSV export ({export['export']}) <= {EXPORT_RATIO:g}x raw COPY",
            export["ratio"],
            EXPORT_RATIO,
            "<=",
            f"{export['export_s']} s vs {export['copy_s']} s ({export['rows']} lignes): "
            f"{export['ratio']}x",
            unit="x COPY",
        ),
        budget(
            f"CSV export peak memory growth < {EXPORT_MEMORY_MB:g} MB",
            export["peak_memory_mb"],
            EXPORT_MEMORY_MB,
            "<",
            f"{export['peak_memory_mb']} MB",
            unit="Mo",
        ),
    ]


def pdf_budgets(pdf: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for kind in ("site", "region"):
        report = pdf[kind]
        reference = report["reference"]
        # The median of the pairs' ratios (bench/measure.py `timed_pdf`).
        ratio = round(report["ratio"], 2)
        pairs = len(report["runs_s"])
        found.append(
            budget(
                f"{kind} PDF <= {PDF_REFERENCE_RATIO:g}x its frozen reference",
                ratio,
                PDF_REFERENCE_RATIO,
                "<=",
                f"{report['seconds']} s ({report['pages']} p.) vs {reference['seconds']} s "
                f"({reference['pages']} p.): {ratio:.2f}x, median of {pairs} pairs",
                unit="x référence",
            )
        )
        found.append(
            budget(
                f"{kind} PDF data gathering < {GATHER_SHARE:.0%}",
                report["gather_share"],
                GATHER_SHARE,
                "<",
                f"{report['gather_s']} s of {report['seconds']} s; median share of {pairs} "
                f"renders {report['gather_share']:.1%}",
                unit="part du total",
            )
        )
    return found


def seed_budgets(large: dict[str, Any]) -> list[dict[str, Any]]:
    copy = large["copy"]
    ratio = copy["ratio"]  # the median of the pairs' ratios (bench/run.py `seed_against_copy`)
    return [
        budget(
            f"seed_bench {large['sites']} x {large['months']} <= {SEED_COPY_RATIO:g}x raw COPY",
            ratio,
            SEED_COPY_RATIO,
            "<=",
            f"{large['seed_s']} s vs {copy['seconds']} s ({copy['rows']} lignes): {ratio:.2f}x, "
            f"median of {len(copy['ratios'])} pairs",
            unit="x COPY",
        )
    ]


def siting_budgets(siting: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 26's budgets (bench/siting.py), when the run measured them."""
    if not siting:
        return []
    from bench.siting import siting_budgets as budgets

    return budgets(siting)


def check_budgets(results: dict[str, Any]) -> list[dict[str, Any]]:
    sizes = list(results["sizes"].values())
    small, large = sizes[0], sizes[-1]
    floor_ms = large["pages"]["floor"]["median_ms"]
    return [
        *seed_budgets(large),
        *page_budgets(small, large),
        *cold_budgets(large.get("cold", {}), floor_ms),
        *load_budgets(large["load"]),
        *export_budgets(large["export"]),
        *pdf_budgets(large["pdf"]),
        *siting_budgets(large.get("siting", {})),
    ]
