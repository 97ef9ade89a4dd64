"""The budgets of the issue, as ratios to a floor measured in the same run where time is
involved (these machines are noisy; ratios hold, absolute times drift)."""

from __future__ import annotations

from typing import Any

PAGE_TIME_FACTOR = 4.0
LOAD_SHARE = {"API sites": 0.50, "national dashboard": 0.25}
EXPORT_RATIO, EXPORT_MEMORY_MB = 2.0, 50.0
PDF_SECONDS = {"site": 1.5, "region": 5.0}
GATHER_SHARE = 0.20
SEED_SECONDS = 60.0


def budget(name: str, ok: bool, detail: str) -> dict[str, Any]:
    return {"name": name, "ok": bool(ok), "detail": detail}


def page_budgets(small: dict[str, Any], large: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    floor_ms = large["pages"]["floor"]["median_ms"]
    for label, page in large["pages"].items():
        before = small["pages"][label]["queries"]
        found.append(
            budget(
                f"queries identical at {small['sites']} and {large['sites']}: {label}",
                before == page["queries"] and page["queries_stable"],
                f"{before} -> {page['queries']} requêtes",
            )
        )
        if label != "floor":
            ratio = page["median_ms"] / floor_ms
            found.append(
                budget(
                    f"median time <= {PAGE_TIME_FACTOR:g}x floor: {label}",
                    ratio <= PAGE_TIME_FACTOR,
                    f"{page['median_ms']} ms = {ratio:.1f}x floor ({floor_ms} ms)",
                )
            )
    return found


def load_budgets(load: dict[str, Any]) -> list[dict[str, Any]]:
    floor = load["floor"]["requests_per_s"]
    found = []
    for label, share in LOAD_SHARE.items():
        rate = load[label]["requests_per_s"]
        found.append(
            budget(
                f"under load >= {share:.0%} of the floor's requests/s: {label}",
                rate >= share * floor and not load[label].get("errors"),
                f"{rate:.0f} req/s = {rate / floor:.0%} of {floor:.0f}",
            )
        )
    return found


def export_budgets(export: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        budget(
            f"CSV export ({export['export']}) <= {EXPORT_RATIO:g}x raw COPY",
            export["ratio"] <= EXPORT_RATIO,
            f"{export['export_s']} s vs {export['copy_s']} s ({export['rows']} lignes): "
            f"{export['ratio']}x",
        ),
        budget(
            f"CSV export peak memory growth < {EXPORT_MEMORY_MB:g} MB",
            export["peak_memory_mb"] < EXPORT_MEMORY_MB,
            f"{export['peak_memory_mb']} MB",
        ),
    ]


def pdf_budgets(pdf: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for kind, limit in PDF_SECONDS.items():
        report = pdf[kind]
        found.append(
            budget(f"{kind} PDF < {limit:g} s", report["seconds"] < limit, f"{report['seconds']} s")
        )
        found.append(
            budget(
                f"{kind} PDF data gathering < {GATHER_SHARE:.0%}",
                report["gather_share"] < GATHER_SHARE,
                f"{report['gather_s']} s of {report['seconds']} s ({report['gather_share']:.1%})",
            )
        )
    return found


def siting_budgets(siting: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 26's budgets (bench/siting.py), when the run measured them."""
    if not siting:
        return []
    from bench.siting import siting_budgets as budgets

    return budgets(siting)


def check_budgets(results: dict[str, Any]) -> list[dict[str, Any]]:
    sizes = list(results["sizes"].values())
    small, large = sizes[0], sizes[-1]
    return [
        budget(
            f"seed_bench {large['sites']} x {large['months']} < {SEED_SECONDS:g} s",
            large["seed_s"] < SEED_SECONDS,
            f"{large['seed_s']} s",
        ),
        *page_budgets(small, large),
        *load_budgets(large["load"]),
        *export_budgets(large["export"]),
        *pdf_budgets(large["pdf"]),
        *siting_budgets(large.get("siting", {})),
    ]
