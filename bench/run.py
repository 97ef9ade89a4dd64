"""`make bench`: seed 100 then 1,000 houses x 36 months in a scratch PostgreSQL database,
measure (bench/measure.py in-process, gunicorn + wrk under load), check the budgets, write
bench/results.json and the table of docs/performance.md. Needs DATABASE_URL (PostgreSQL):
the scratch databases sit beside its database, whose data is never touched."""

from __future__ import annotations

import compileall
import datetime as dt
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.budgets import check_budgets
from bench.report import write_markdown

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZES = (100, 1_000)
MONTHS = 36
# MASP_BENCH_DB names the scratch database (two benches on one server do not collide).
SCRATCH = os.environ.get("MASP_BENCH_DB", "masp_bench")
TEMPLATE = f"{SCRATCH}_template"
LOAD_TARGETS = {
    "floor": "/_floor/",
    "API sites": "/api/v1/sites/",
    "national dashboard": "/rapports/tableau-de-bord/",
}
WRK = ["wrk", "--threads", "2", "--connections", "10", "--duration", "10s", "--latency"]
LOAD_ROUNDS = 5  # rounds of the targets in turn (`load_test`)
SEED_PAIRS = 3  # pairs of seed_bench and raw COPY at the largest size (`seed_against_copy`)


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(
            "make bench mesure PostgreSQL : définissez DATABASE_URL=postgres://… "
            "(une base de travail masp_bench est créée à côté, la vôtre n'est pas modifiée)."
        )
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_sql(url: str, *statements: str) -> None:
    """DROP/CREATE DATABASE from a connection to the user's database (no data touched)."""
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore",
        "MASP_BENCH_FLOOR": "True",  # mounts `_floor/`, the reference page
    }


def manage(env: dict[str, str], *args: str) -> float:
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.monotonic() - started


def compile_sources() -> None:
    """Every module's bytecode written once, before anything is timed. Where
    PYTHONDONTWRITEBYTECODE is set (it is on these machines), every `manage.py` the bench runs
    would otherwise compile each module it imports again: some 1,300 files, two seconds of
    `seed_bench`'s time that a deployed portal (compiled at install) never pays."""
    for tree in (ROOT, Path(sys.prefix)):
        compileall.compile_dir(tree, quiet=1, workers=0)


def prepare_template(url: str) -> None:
    admin_sql(url, f"DROP DATABASE IF EXISTS {SCRATCH}", f"DROP DATABASE IF EXISTS {TEMPLATE}")
    admin_sql(url, f"CREATE DATABASE {TEMPLATE}")
    env = environment(with_database(url, TEMPLATE))
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_reference_data")


def seed(url: str, sites: int) -> dict[str, Any]:
    admin_sql(url, f"DROP DATABASE IF EXISTS {SCRATCH}")
    admin_sql(url, f"CREATE DATABASE {SCRATCH} TEMPLATE {TEMPLATE}")
    scratch = with_database(url, SCRATCH)
    seconds = manage(
        environment(scratch), "seed_bench", "--sites", str(sites), "--months", str(MONTHS),
        "--force",
    )  # fmt: skip
    with psycopg.connect(scratch, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")  # as autovacuum would soon do
    return {"sites": sites, "months": MONTHS, "seed_s": round(seconds, 2)}


def high_marks(url: str) -> dict[str, int]:
    """The largest `id` of every table that has one (0 when empty)."""
    marks = {}
    with psycopg.connect(url, autocommit=True) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND column_name = 'id' AND data_type IN ('integer', 'bigint') ORDER BY table_name"
        ).fetchall()
        for (table,) in tables:
            query = sql.SQL("SELECT coalesce(max(id), 0) FROM {}").format(sql.Identifier(table))
            row = connection.execute(query).fetchone()
            marks[table] = row[0] if row else 0
    return marks


def copied_rows(url: str, template_marks: dict[str, int]) -> dict[str, bytes]:
    """The rows seed_bench added (every row above the template's largest id), by table, as
    COPY TO STDOUT writes them from the seeded database (into memory)."""
    scratch = with_database(url, SCRATCH)
    rows: dict[str, bytes] = {}
    with psycopg.connect(scratch, autocommit=True) as connection:
        for table, mark in high_marks(scratch).items():
            if mark <= template_marks.get(table, 0):
                continue
            query = sql.SQL("COPY (SELECT * FROM {} WHERE id > {}) TO STDOUT").format(
                sql.Identifier(table), sql.Literal(template_marks.get(table, 0))
            )
            with connection.cursor().copy(query) as copy:
                rows[table] = b"".join(bytes(chunk) for chunk in copy)
    return rows


def raw_copy(url: str, rows: dict[str, bytes]) -> float:
    """The floor of seed_bench: `rows` loaded into a fresh copy of the template by COPY FROM
    STDIN in one transaction, committed (the deferred foreign keys checked) as seed_bench
    commits. Only the load is timed (seconds)."""
    fresh = f"{SCRATCH}_copy"
    admin_sql(
        url, f"DROP DATABASE IF EXISTS {fresh}", f"CREATE DATABASE {fresh} TEMPLATE {TEMPLATE}"
    )
    try:
        with psycopg.connect(with_database(url, fresh)) as connection:
            started = time.monotonic()
            with connection.transaction(), connection.cursor() as cursor:
                for table, data in rows.items():
                    load = sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(table))
                    with cursor.copy(load) as copy:
                        copy.write(data)
            return time.monotonic() - started
    finally:
        admin_sql(url, f"DROP DATABASE IF EXISTS {fresh}")


def seed_against_copy(url: str, sites: int, template_marks: dict[str, int]) -> dict[str, Any]:
    """SEED_PAIRS pairs of a whole `seed_bench` and a raw COPY of the same rows, the COPY
    after the seed in one pair and before it in the next; the budget reads the median of the
    pairs' ratios. The disk's speed changes by half from one minute to the next on these
    machines (the raw COPY read 1.7 and 3.6 s in two runs of one morning): two loads timed
    once each, minutes apart, compare the moments more than the code. The last seed stays
    for the measurements."""
    seeds: list[float] = []
    copies: list[float] = []
    rows: dict[str, bytes] = {}
    size: dict[str, Any] = {}
    for pair in range(SEED_PAIRS):
        if pair % 2:
            copies.append(raw_copy(url, rows))
        size = seed(url, sites)
        seeds.append(size["seed_s"])
        if not rows:
            rows = copied_rows(url, template_marks)
        if not pair % 2:
            copies.append(raw_copy(url, rows))
    ratios = [seed_s / copy_s for seed_s, copy_s in zip(seeds, copies, strict=True)]
    return {
        **size,
        "seed_s": round(statistics.median(seeds), 2),
        "seed_runs_s": [round(seconds, 2) for seconds in seeds],
        "copy": {
            "seconds": round(statistics.median(copies), 2),
            "runs_s": [round(seconds, 2) for seconds in copies],
            "ratio": round(statistics.median(ratios), 2),
            "ratios": [round(ratio, 2) for ratio in ratios],
            "rows": sum(data.count(b"\n") for data in rows.values()),
            "tables": len(rows),
            "megabytes": round(sum(len(data) for data in rows.values()) / 1e6, 1),
        },
    }


def measure(url: str, sites: int, *flags: str) -> dict[str, Any]:
    env = environment(with_database(url, SCRATCH))
    command = [PYTHON, "bench/measure.py", "--sites", str(sites), *flags]
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn ne répond pas sur {url}")


def parse_wrk(output: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for line in output.splitlines():
        words = line.split()
        if line.startswith("Requests/sec:"):
            result["requests_per_s"] = float(words[1])
        elif len(words) == 2 and words[0] in ("50%", "99%"):
            result[f"p{words[0][:-1]}_ms"] = _milliseconds(words[1])
        elif "Non-2xx or 3xx responses" in line:
            result["errors"] = int(words[-1])
    return result


def _milliseconds(value: str) -> float:
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
    for suffix in ("us", "ms", "s", "m"):
        if value.endswith(suffix):
            return round(float(value[: -len(suffix)]) * units[suffix], 2)
    return float(value)


def load_summary(path: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    """A target's LOAD_ROUNDS runs: the median of each figure and of each run's p99 / p50
    (the tail, read within a run), the errors of all, the runs."""
    return {
        "path": path,
        **{
            name: statistics.median(run[name] for run in runs)
            for name in ("requests_per_s", "p50_ms", "p99_ms")
        },
        "tail": round(statistics.median(run["p99_ms"] / run["p50_ms"] for run in runs), 2),
        "errors": sum(run.get("errors", 0) for run in runs),
        "rounds": runs,
    }


def load_test(url: str, cookie: str) -> dict[str, Any]:
    """Gunicorn (two workers) under `wrk`: each target warmed, then LOAD_ROUNDS rounds of the
    targets in turn, each figure the median of its rounds. The floor itself, a page that
    does nothing, reads p99 = 1.4 to 2.2x p50 from one ten-second round to the next on these
    machines (wrk, two workers and PostgreSQL share two cores whose speed varies by half
    within a minute), and once 7.9x; a burst of the hypervisor falls in one round: one round
    of the dashboard read 5.2x in a bench whose other rounds read 1.4-1.8x."""
    port = free_port()
    env = environment(with_database(url, SCRATCH))
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "--workers", "2",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        rounds: dict[str, list[dict[str, Any]]] = {label: [] for label in LOAD_TARGETS}
        for path in LOAD_TARGETS.values():
            target = f"http://127.0.0.1:{port}{path}"
            warm = ["wrk", "-t1", "-c2", "-d2s", "-H", f"Cookie: {cookie}", target]
            subprocess.run(warm, check=True, capture_output=True)
        for _round in range(LOAD_ROUNDS):
            for label, path in LOAD_TARGETS.items():
                done = subprocess.run(
                    [*WRK, "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}"],
                    check=True, capture_output=True, text=True,
                )  # fmt: skip
                rounds[label].append(parse_wrk(done.stdout))
        return {label: load_summary(LOAD_TARGETS[label], runs) for label, runs in rounds.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


# What the bench writes itself: a change there leaves the figures those of the commit.
OWN_RECORD = (":!bench/results.json", ":!docs/performance.md")


def machine(url: str) -> dict[str, Any]:
    with psycopg.connect(url) as connection:
        (postgres,) = connection.execute("SHOW server_version").fetchone() or ("?",)
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "commit": git("rev-parse", "HEAD"),
        # Uncommitted changes to tracked files: the figures are not those of the commit (the
        # bench's own record of earlier runs does not count).
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no", "--", ".", *OWN_RECORD)),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


def cpu_times() -> list[int]:
    """The machine's CPU time counters (user, nice, system, idle, iowait, irq, softirq, steal),
    in ticks since boot; [] where /proc/stat is not there."""
    stat = Path("/proc/stat")
    if not stat.exists():
        return []
    return [int(value) for value in stat.read_text().split("\n", 1)[0].split()[1:9]]


def steal_share(before: list[int], after: list[int]) -> float | None:
    """Of the time the machine's processors had work to do during the run, the share the
    hypervisor gave to other machines (steal; idle time left out): absolute times (the PDFs'
    budgets) stretch with it, ratios to the floor much less."""
    if len(before) < 8 or len(after) < 8:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        end - start for start, end in zip(before, after, strict=True)
    )
    busy = user + nice + system + irq + softirq + steal
    return round(steal / busy, 3) if busy else None


HISTORY = ROOT / "bench" / "results.json"


def summary(results: dict[str, Any]) -> dict[str, Any]:
    """One entry of the history: the commit, the machine, the references measured in the run
    and each budget's value, limit and verdict."""
    large = list(results["sizes"].values())[-1]
    pdf = large["pdf"]
    return {
        "date": results["date"],
        "commit": results["machine"]["commit"],
        "dirty": results["machine"]["dirty"],
        "machine": results["machine"],
        "duration_s": results["duration_s"],
        "references": {
            "floor_ms": large["pages"]["floor"]["median_ms"],
            "floor_requests_per_s": large["load"]["floor"]["requests_per_s"],
            "copy_s": large["copy"]["seconds"],
            "site_pdf_reference_s": pdf["site"]["reference"]["seconds"],
            "region_pdf_reference_s": pdf["region"]["reference"]["seconds"],
        },
        "passed": sum(budget["ok"] for budget in results["budgets"]),
        "budgets": [
            {key: budget[key] for key in ("name", "value", "limit", "comparison", "ok")}
            for budget in results["budgets"]
        ],
    }


def record(results: dict[str, Any]) -> None:
    """bench/results.json: the history (one entry per run, oldest first) and the last run's
    full figures, from which docs/performance.md is written."""
    history: list[dict[str, Any]] = []
    if HISTORY.exists():
        previous = json.loads(HISTORY.read_text())
        history = previous.get("history", []) if isinstance(previous, dict) else []
    history.append(summary(results))
    document = {"history": history, "last": results}
    HISTORY.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def freeze() -> None:
    """`make bench-freeze`: seed 1,000 houses and write bench/references/ from today's
    templates (when a template change is meant to change the reports)."""
    url = database_url()
    prepare_template(url)
    seed(url, SIZES[-1])
    env = environment(with_database(url, SCRATCH))
    command = [
        PYTHON,
        "bench/measure.py",
        "--sites",
        str(SIZES[-1]),
        "--freeze-pdf",
        git("rev-parse", "HEAD"),
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    admin_sql(url, f"DROP DATABASE IF EXISTS {SCRATCH}", f"DROP DATABASE IF EXISTS {TEMPLATE}")
    frozen = json.loads(done.stdout)
    for kind in ("site", "region"):
        print(
            f"bench/references/{kind}.html : {frozen[kind]['pages']} pages, "
            f"{frozen[kind]['seconds']} s sur cette machine."
        )


def main() -> None:
    if "--freeze" in sys.argv[1:]:
        freeze()
        return
    url = database_url()
    if shutil.which("wrk") is None:
        sys.exit("wrk est introuvable : apt-get install -y wrk (make bench l'installe en root).")
    started, ticks = time.monotonic(), cpu_times()
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(url),
        "sizes": {},
    }
    compile_sources()
    prepare_template(url)
    template_marks = high_marks(with_database(url, TEMPLATE))
    for sites in SIZES:
        print(f"— {sites} maisons x {MONTHS} mois", flush=True)
        largest = sites == SIZES[-1]
        size = seed_against_copy(url, sites, template_marks) if largest else seed(url, sites)
        flags = ("--cold", "--exports", "--pdf", "--siting", "--cookie") if largest else ()
        size.update(measure(url, sites, *flags))
        if largest:
            size["load"] = load_test(url, size.pop("cookie"))
        results["sizes"][str(sites)] = size
    admin_sql(url, f"DROP DATABASE IF EXISTS {TEMPLATE}")
    results["duration_s"] = round(time.monotonic() - started)
    results["machine"]["steal_share"] = steal_share(ticks, cpu_times())
    results["budgets"] = check_budgets(results)
    record(results)
    write_markdown(results, ROOT / "docs" / "performance.md")
    for budget in results["budgets"]:
        print(f"{'PASS' if budget['ok'] else 'FAIL'}  {budget['name']}: {budget['detail']}")
    passed = sum(budget["ok"] for budget in results["budgets"])
    print(
        f"{passed}/{len(results['budgets'])} PASS ; bench/results.json et docs/performance.md "
        f"écrits ({results['duration_s']} s)."
    )
    sys.exit(0 if all(budget["ok"] for budget in results["budgets"]) else 1)


if __name__ == "__main__":
    main()
