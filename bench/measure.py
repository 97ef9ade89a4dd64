"""In-process measurements of one data size (run by `bench/run.py` against the scratch
database): queries and median server time of the pages, the CSV export against a raw COPY,
the PDF reports; prints one JSON document on stdout.

Usage: python bench/measure.py --sites N [--cold] [--exports] [--pdf] [--siting] [--cookie]
       python bench/measure.py --sites N --freeze-pdf COMMIT  (re-freezes bench/references/)
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("MASP_BENCH_FLOOR", "True")  # the floor page is measured with the others

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, QuerySet  # noqa: E402
from django.http import StreamingHttpResponse  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.pages import bench_email, pages  # noqa: E402
from common.collection import fewer_collections  # noqa: E402
from common.exports.base import parse_params  # noqa: E402
from masp.models import ReportingCampaign, Site  # noqa: E402
from reporting.enums import ReportKind  # noqa: E402
from reporting.exports.specs import EXPORTS  # noqa: E402
from reporting.pdf import rendering  # noqa: E402
from reporting.pdf.rendering import (  # noqa: E402
    font_urls,
    gather_report,
    render_html,
    render_pdf,
    report_styles,
)
from reporting.pdf.sections import ReportContext  # noqa: E402
from territories.models import Region  # noqa: E402

REPEAT = 20
WARM_UP = 2
PDF_HOUSES = 50
# Pairs of renders of each report, after a first one that fills the caches. The same render
# takes from 1.0 to 1.6 s of CPU within a minute on these machines (CPU time, not waiting:
# the speed of the core itself), so that a pair's ratio reads 0.8 to 1.5 for a report that
# costs 1.05 times its reference; the median of eleven pairs lands within a tenth of it.
PDF_RUNS = 11


def client_for(address: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=address))
    return client


COUNTED = 3  # rounds whose queries are counted, apart from the timed ones


def get(client: Client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")


def counted_get(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        get(client, path)
    return len(queries)


def timed_get(client: Client, path: str) -> float:
    started = time.perf_counter()
    get(client, path)
    return time.perf_counter() - started


def measure_pages() -> dict[str, Any]:
    """Every page once per round, the floor included: WARM_UP rounds (caches filled), COUNTED
    rounds whose queries are counted, then REPEAT timed rounds without the query recorder
    (its cost grows with the number of queries, so it would weigh on the pages more than on
    the floor). Round by round, the floor and the pages see the same moments of a noisy
    machine, so their ratio is steadier than that of two series measured one after the
    other."""
    listed = pages()
    clients = {label: client_for(user) for label, user, _path in listed}
    counts: dict[str, set[int]] = {label: set() for label, _user, _path in listed}
    times: dict[str, list[float]] = {label: [] for label, _user, _path in listed}
    for _round in range(WARM_UP):
        for label, _user, path in listed:
            get(clients[label], path)
    for _round in range(COUNTED):
        for label, _user, path in listed:
            counts[label].add(counted_get(clients[label], path))
    for _round in range(REPEAT):
        for label, _user, path in listed:
            times[label].append(timed_get(clients[label], path))
    return {
        label: {
            "path": path,
            "queries": max(counts[label]),
            "queries_stable": len(counts[label]) == 1,
            "median_ms": round(statistics.median(times[label]) * 1000, 2),
        }
        for label, _user, path in listed
    }


def timed_export(client: Client, path: str) -> tuple[float, int, int]:
    tracemalloc.start()
    base, _peak = tracemalloc.get_traced_memory()
    started = time.perf_counter()
    response = client.get(path)
    assert isinstance(response, StreamingHttpResponse)
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, lines - 1, peak - base


def timed_copy(sql: str, params: Any) -> tuple[float, int]:
    """The same query, straight through psycopg's COPY: no view, no scope, no HTTP."""
    started = time.perf_counter()
    size = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy,
    ):
        for chunk in copy:
            size += len(chunk)
    return time.perf_counter() - started, size


def measure_export() -> dict[str, Any]:
    name = "activity-reports"
    analyst = User.objects.get(email=bench_email("analyst"))
    client = client_for(analyst.email)
    path = f"/api/v1/exports/{name}.csv"
    rows = EXPORTS[name].values(analyst, parse_params({}))
    assert isinstance(rows, QuerySet)  # this export is a query (COPY needs its SQL)
    sql, params = rows.query.sql_with_params()
    exports, copies, memory, count = [], [], [], 0
    for _attempt in range(5):
        elapsed, count, peak = timed_export(client, path)
        exports.append(elapsed)
        memory.append(peak)
        copies.append(timed_copy(sql, params)[0])
    export_s, copy_s = statistics.median(exports), statistics.median(copies)
    return {
        "export": name,
        "path": path,
        "rows": count,
        "export_s": round(export_s, 4),
        "copy_s": round(copy_s, 4),
        "export_rows_per_s": round(count / export_s),
        "copy_rows_per_s": round(count / copy_s),
        "ratio": round(export_s / copy_s, 2),
        "peak_memory_mb": round(max(memory) / 1e6, 2),
    }


REFERENCES = ROOT / "bench" / "references"
KINDS = ("site", "region")


def pdf_contexts() -> dict[str, ReportContext]:
    """The report of the first house and of the region nearest to fifty houses, on the last
    twelve campaigns: the reports the frozen references were made from."""
    campaigns = list(ReportingCampaign.objects.order_by("-period_start")[:12])
    start, end = campaigns[-1].period_start, campaigns[0].period_end
    site = Site.objects.order_by("pk").first()
    region, _houses = pdf_region()
    return {
        "site": ReportContext(kind=ReportKind.SITE, site=site, period_start=start, period_end=end),
        "region": ReportContext(
            kind=ReportKind.REGION, region=region, period_start=start, period_end=end
        ),
    }


def reference_styles() -> tuple[Any, Any]:
    """The frozen stylesheet (bench/references/print.css) after the Marianne fonts, as
    `reporting.pdf.rendering.report_styles` builds the live one."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    fonts = render_to_string("reporting/pdf/fonts.css", {"fonts": font_urls()})
    text = fonts + (REFERENCES / "print.css").read_text()
    return CSS(string=text, font_config=font_config), font_config


def weasyprint_document(html: str, styles: tuple[Any, Any]) -> Any:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(Path(rendering.__file__).resolve().parent)), styles


def page_count(html: str, styles: tuple[Any, Any]) -> int:
    document, (css, font_config) = weasyprint_document(html, styles)
    return len(document.render(stylesheets=[css], font_config=font_config).pages)


def timed_reference(html: str, styles: tuple[Any, Any]) -> float:
    """One render of a frozen report: WeasyPrint only, as `render_pdf` calls it."""
    gc.collect()  # see `timed_live`
    started = time.perf_counter()
    document, (css, font_config) = weasyprint_document(html, styles)
    with fewer_collections():
        document.write_pdf(stylesheets=[css], font_config=font_config)
    return time.perf_counter() - started


def timed_live(context: ReportContext) -> tuple[float, float, int]:
    """One live report: gathering, templates and WeasyPrint (seconds, gathering, bytes).
    The garbage the previous render left (WeasyPrint's layout is full of reference cycles) is
    collected before the clock starts: otherwise the collection it triggers falls in the next
    report's gathering, the one that did not make it (measured: a gathering of 0.09-0.13 s
    read 0.09-0.29 s, a share of 4-6 % read 4-12 %)."""
    gc.collect()
    started = time.perf_counter()
    gathered = gather_report(context)
    gathered_at = time.perf_counter()
    pdf = render_pdf(gathered)
    return time.perf_counter() - started, gathered_at - started, len(pdf)


def timed_pdf(context: ReportContext, reference: str, styles: tuple[Any, Any]) -> dict[str, Any]:
    """PDF_RUNS pairs of renders: a live report, each from its own gathering, and the frozen
    reference, live first in one pair and the reference first in the next (a render takes
    seconds on a machine whose speed drifts by a fifth from one minute to the next: within a
    pair both see the same moments, and a drift inside a pair weighs on each side in turn).
    The budgets read the median of the pairs' ratios and of the gathering's shares; the
    medians of each side's times are printed beside them."""
    live_runs: list[tuple[float, float, int]] = []
    reference_runs: list[float] = []
    for run in range(PDF_RUNS):
        if run % 2:
            reference_runs.append(timed_reference(reference, styles))
            live_runs.append(timed_live(context))
        else:
            live_runs.append(timed_live(context))
            reference_runs.append(timed_reference(reference, styles))
    ratios = [live[0] / ref for live, ref in zip(live_runs, reference_runs, strict=True)]
    shares = [gather / total for total, gather, _size in live_runs]
    total, gather, size = sorted(live_runs)[len(live_runs) // 2]
    reference_s = statistics.median(reference_runs)
    return {
        "seconds": round(total, 3),
        "gather_s": round(gather, 3),
        "render_s": round(total - gather, 3),
        "gather_share": round(statistics.median(shares), 3),
        "ratio": round(statistics.median(ratios), 3),
        "ratios": [round(ratio, 3) for ratio in ratios],
        "runs_s": [round(run[0], 3) for run in live_runs],
        "bytes": size,
        "pages": page_count(render_html(gather_report(context)), report_styles()),
        "reference": {
            "seconds": round(reference_s, 3),
            "runs_s": [round(run, 3) for run in reference_runs],
            "pages": page_count(reference, styles),
        },
    }


def pdf_region() -> tuple[Region, int]:
    """The region whose house count is nearest to fifty."""
    counts = Site.objects.values("department__region_id").annotate(n=Count("pk"))
    best = min(counts, key=lambda row: abs(row["n"] - PDF_HOUSES))
    return Region.objects.get(code=best["department__region_id"]), best["n"]


def measure_pdf() -> dict[str, Any]:
    contexts = pdf_contexts()
    styles = reference_styles()
    references = {kind: (REFERENCES / f"{kind}.html").read_text() for kind in KINDS}
    for kind in KINDS:  # fonts loaded, caches filled, for the live and the frozen reports
        render_pdf(gather_report(contexts[kind]))
        timed_reference(references[kind], styles)
    region = contexts["region"].region
    assert region is not None
    return {
        "period": [
            contexts["site"].period_start.isoformat(),
            contexts["site"].period_end.isoformat(),
        ],
        "site": timed_pdf(contexts["site"], references["site"], styles),
        "region": {
            "code": region.code,
            "houses": Site.objects.filter(department__region=region).count(),
            **timed_pdf(contexts["region"], references["region"], styles),
        },
    }


def freeze_pdf(commit: str) -> dict[str, Any]:
    """Write bench/references/: the HTML of today's site and region reports, the stylesheet
    they are printed with, and what they were (pages, render time on this machine)."""
    REFERENCES.mkdir(exist_ok=True)
    (REFERENCES / "print.css").write_text(render_to_string("reporting/pdf/print.css"))
    styles = reference_styles()
    contexts = pdf_contexts()
    frozen: dict[str, Any] = {
        "frozen_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit,
    }
    for kind in KINDS:
        context = contexts[kind]
        html = render_html(gather_report(context))
        (REFERENCES / f"{kind}.html").write_text(html)
        timed_reference(html, styles)  # fonts loaded
        runs = [timed_reference(html, styles) for _run in range(PDF_RUNS)]
        frozen[kind] = {
            "period": [context.period_start.isoformat(), context.period_end.isoformat()],
            "houses": (
                1
                if context.site
                else Site.objects.filter(department__region=context.region).count()
            ),
            "pages": page_count(html, styles),
            "html_bytes": len(html.encode()),
            "seconds": round(statistics.median(runs), 3),
        }
    (REFERENCES / "references.json").write_text(json.dumps(frozen, indent=2) + "\n")
    return frozen


COLD_RUNS = 5
COLD_PAGES = ("national dashboard", "national coverage")


def measure_cold() -> dict[str, Any]:
    """The national dashboard and coverage rendered right after a change that invalidates
    their cache (a house saved, as its edit form saves it): the median of COLD_RUNS."""
    site = Site.objects.order_by("pk").first()
    assert site is not None
    listed = {label: (user, path) for label, user, path in pages() if label in COLD_PAGES}
    clients = {label: client_for(user) for label, (user, _path) in listed.items()}
    times: dict[str, list[float]] = {label: [] for label in listed}
    for label, (_user, path) in listed.items():
        get(clients[label], path)  # what does not follow the data (reference data) loaded
    for _run in range(COLD_RUNS):
        for label, (_user, path) in listed.items():
            site.save(update_fields=["name"])
            times[label].append(timed_get(clients[label], path))
    return {
        label: {
            "path": path,
            "median_ms": round(statistics.median(times[label]) * 1000, 2),
            "runs_ms": [round(run * 1000, 1) for run in times[label]],
        }
        for label, (_user, path) in listed.items()
    }


def session_cookie() -> str:
    """A session of the analyst, for the load generator (sessions live in the database)."""
    client = client_for(bench_email("analyst"))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, required=True)
    parser.add_argument("--exports", action="store_true")
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--cookie", action="store_true")
    parser.add_argument("--siting", action="store_true")
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--freeze-pdf", metavar="COMMIT", help="re-freeze bench/references/")
    args = parser.parse_args()
    if args.freeze_pdf:
        json.dump(freeze_pdf(args.freeze_pdf), sys.stdout)
        return
    out: dict[str, Any] = {"sites": Site.objects.count(), "pages": measure_pages()}
    if args.cold:
        out["cold"] = measure_cold()
    if args.exports:
        out["export"] = measure_export()
    if args.pdf:
        out["pdf"] = measure_pdf()
    if args.siting:
        from bench.siting import measure_siting

        out["siting"] = measure_siting()
    if args.cookie:
        out["cookie"] = session_cookie()
    out["measured_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
