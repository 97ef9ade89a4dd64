"""`make prod-smoke`: the production stack run as a whole, a journey over real HTTP, and faults.

Private services under /tmp (PostgreSQL on 5440, Redis on 6390, gunicorn on 8440, an SMTP sink
on 8025), so nothing else on the machine is touched; web, worker and beat run the commands of
docker-compose.yml (read from it: `service_commands`, checked by tests/config/test_compose.py)
with production settings. Requests go to 127.0.0.1 as a TLS-terminating proxy would forward
them: `Host: masp.example.org` and `X-Forwarded-Proto: https`.

The run fails (exit 1) if a step fails, if any process logs a traceback, if a page answers 500
or if a page references a static file without its hashed name. Everything started here is
stopped at the end, whatever happens. docs/operations.md explains the figures it prints.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import html.parser
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import socketserver
import struct
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import psycopg
import requests
import yaml
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
WORK = Path(os.environ.get("PROD_SMOKE_DIR", "/tmp/masp-prod-smoke"))  # noqa: S108
LOGS = WORK / "logs"
PG_PORT, REDIS_PORT, WEB_PORT, SMTP_PORT = 5440, 6390, 8440, 8025
PUBLIC_HOST = "masp.example.org"
BASE = f"https://{PUBLIC_HOST}"
PASSWORD = os.environ.get("DEMO_PASSWORD", "masp-demo-2026")
# The services of docker-compose.yml that run the portal's code.
APP_SERVICES = ("web", "worker", "beat")
# How long a rendering may take here; the sweeper takes a request over once the hard limit
# plus its 60 s margin have passed (reporting/models.py: stuck_running).
TIME_LIMIT = 20
STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f} s] {message}", flush=True)


class SmokeFailure(Exception):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


# --- The commands of docker-compose.yml ----------------------------------------------------


def service_commands(compose: Path = COMPOSE) -> dict[str, str]:
    """The `command` of web, worker and beat as the container's shell would receive it
    (compose turns `$$` into `$`)."""
    services = yaml.safe_load(compose.read_text())["services"]
    return {name: services[name]["command"].replace("$$", "$") for name in APP_SERVICES}


def service_argv(command: str) -> list[str]:
    """What the container runs for a command string (compose splits it like a shell)."""
    return shlex.split(command)


def dockerfile_settings_module() -> str:
    found = re.search(r"DJANGO_SETTINGS_MODULE=(\S+)", (ROOT / "Dockerfile").read_text())
    return found.group(1) if found else ""


# --- Processes -----------------------------------------------------------------------------


@dataclass
class Stack:
    env: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    pg_bin: Path = Path()
    as_postgres: list[str] = field(default_factory=list)

    # Each process runs in its own session: a stop or a kill reaches its children too.
    def start(self, name: str, argv: list[str], *, env: dict[str, str] | None = None) -> None:
        log = (LOGS / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def run(self, argv: list[str], *, log: str, env: dict[str, str] | None = None) -> str:
        """A one-off command (manage.py …); its output goes to logs/<log>.log too."""
        result = subprocess.run(
            argv, cwd=ROOT, env=env or self.env, capture_output=True, text=True, check=False
        )
        with (LOGS / f"{log}.log").open("a") as out:
            out.write(result.stdout + result.stderr)
        if result.returncode:
            raise SmokeFailure(f"{' '.join(argv[:4])} : code {result.returncode}\n{result.stderr}")
        return result.stdout

    def manage(self, *args: str) -> str:
        return self.run([sys.executable, "manage.py", *args], log="manage")

    # PostgreSQL: a cluster of its own. initdb refuses root: run it as the postgres user.
    def pg(self, tool: str, *args: str) -> None:
        argv = [*self.as_postgres, str(self.pg_bin / tool), *args]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=WORK)

    def start_postgres(self) -> None:
        self.pg(
            "pg_ctl",
            "-D",
            str(WORK / "pgdata"),
            "-l",
            str(LOGS / "postgres.log"),
            "-o",
            f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {WORK / 'pgsock'}",
            "-w",
            "start",
        )

    def stop_postgres(self) -> None:
        self.pg("pg_ctl", "-D", str(WORK / "pgdata"), "-m", "fast", "-w", "stop")

    def start_redis(self) -> None:
        # No persistence: a restart loses the queued messages, the worst case for the drill.
        self.start(
            "redis",
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(WORK),
            ],
        )
        wait_for(lambda: redis_cli("PING") == "PONG", "Redis", timeout=10)

    def start_app(self, service: str) -> None:
        self.start(service, service_argv(service_commands()[service]))

    def children(self, pid: int) -> list[int]:
        """Processes whose parent is `pid` (from /proc: no procps needed)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with suppress(OSError, ValueError, IndexError):
                # "pid (comm) state ppid …": comm may hold spaces, split after its ")".
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(stat.parent.name))
        return sorted(found)

    def gunicorn_workers(self) -> tuple[int, list[int]]:
        """The gunicorn master (child of the compose command's `sh -c`) and its workers."""
        shell = self.processes["web"].pid
        masters = [pid for pid in self.children(shell) if b"gunicorn" in _cmdline(pid)]
        masters = masters or [shell]  # `sh` may have exec'd gunicorn itself
        return masters[0], self.children(masters[0])

    def teardown(self) -> None:
        for name in ("web", "beat", "worker", "redis"):
            self.stop(name)
        if (WORK / "pgdata" / "postmaster.pid").exists():
            with suppress(subprocess.CalledProcessError):
                self.stop_postgres()


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def redis_cli(*args: str) -> str:
    result = subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", str(REDIS_PORT), *args],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def wait_for(
    condition: Callable[[], object], what: str, timeout: float, every: float = 0.2
) -> float:
    """Seconds it took `condition` to hold; a failure after `timeout`."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        with suppress(Exception):
            if condition():
                return time.monotonic() - start
        time.sleep(every)
    raise SmokeFailure(f"{what} : toujours pas après {timeout:.0f} s")


def wait_until_served(quiet: float = 1.5, timeout: float = 30) -> float:
    """Seconds until gunicorn has served every request it had accepted: no new line in the web
    log for `quiet` seconds (a request writes its line when it ends)."""
    start = time.monotonic()
    log = LOGS / "web.log"
    size, since = -1, start
    while time.monotonic() - start < timeout:
        now_size = log.stat().st_size if log.exists() else 0
        if now_size != size:
            size, since = now_size, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return since - start
        time.sleep(0.1)
    raise SmokeFailure(f"gunicorn sert encore des requêtes après {timeout:.0f} s")


# --- An SMTP sink: the portal's emails (reports ready) land here -----------------------------


class SmtpSink(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", SMTP_PORT), SmtpHandler)
        self.messages: list[str] = []


class SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: every message is kept in `server.messages`."""

    def handle(self) -> None:
        self.reply("220 smoke ESMTP")
        data: list[str] | None = None
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if data is not None:
                if line == ".":
                    self.server.messages.append("\n".join(data))  # type: ignore[attr-defined]
                    data = None
                    self.reply("250 OK")
                else:
                    data.append(line)
                continue
            verb = line[:4].upper()
            if verb == "DATA":
                data = []
                self.reply("354 go ahead")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            elif verb == "EHLO":
                self.reply("250 smoke")
            else:
                self.reply("250 OK")

    def reply(self, text: str) -> None:
        self.wfile.write(f"{text}\r\n".encode())


# --- HTTP as the proxy forwards it ------------------------------------------------------------


class ProxyAdapter(HTTPAdapter):
    """Sends https://masp.example.org/… to gunicorn on 127.0.0.1 in plain HTTP with the headers
    a TLS-terminating proxy adds; the session keeps seeing the public https address, so its
    Secure cookies are stored and sent as a browser would."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        public = request.url or ""
        parts = urlsplit(public)
        proxied = request.copy()
        proxied.url = urlunsplit(("http", f"127.0.0.1:{WEB_PORT}", parts.path, parts.query, ""))
        proxied.headers["Host"] = parts.netloc
        proxied.headers["X-Forwarded-Proto"] = "https"
        response = super().send(proxied, **kwargs)
        response.url = public
        response.request = request
        return response


@dataclass
class Visit:
    """Every answer the journey got, to fail on a 500 at the end."""

    statuses: list[tuple[int, str]] = field(default_factory=list)
    static_checked: set[str] = field(default_factory=set)


VISITS = Visit()
HASHED_STATIC = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
STATIC_REF = re.compile(r"""(?:href|src)=["'](/static/[^"'?#]+)""")


def browser() -> requests.Session:
    session = requests.Session()
    session.mount(BASE, ProxyAdapter())
    session.hooks["response"].append(_record)
    return session


def _record(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    VISITS.statuses.append((response.status_code, f"{response.request.method} {response.url}"))


def get(session: requests.Session, path: str, **kwargs: Any) -> requests.Response:
    response = session.get(urljoin(BASE, path), timeout=60, **kwargs)
    if "text/html" in response.headers.get("Content-Type", ""):
        check_static(session, response.text, path)
    return response


def post(session: requests.Session, path: str, data: dict[str, Any]) -> requests.Response:
    url = urljoin(BASE, path)
    # Django checks the Referer of a form posted over HTTPS (CSRF).
    response = session.post(url, data=data, headers={"Referer": url}, timeout=120)
    if "text/html" in response.headers.get("Content-Type", ""):
        check_static(session, response.text, path)
    return response


def check_static(session: requests.Session, page: str, path: str) -> None:
    """Every static file a page references has its hashed name and is served (WhiteNoise)."""
    for ref in sorted(set(STATIC_REF.findall(page)) - VISITS.static_checked):
        VISITS.static_checked.add(ref)
        check(HASHED_STATIC.search(ref), f"{path} référence {ref} sans empreinte dans son nom")
        response = session.get(urljoin(BASE, ref), timeout=30)
        check(response.status_code == 200, f"{ref} : {response.status_code}")
        check(
            "immutable" in response.headers.get("Cache-Control", ""),
            f"{ref} servi sans Cache-Control immutable",
        )


class FormParser(html.parser.HTMLParser):
    """The forms of a page: action and the fields they would send as rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "id": a.get("id", ""), "fields": {}})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                fields.setdefault(name, None)
            elif kind not in ("submit", "button"):
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            fields[name] = None
        elif tag == "option" and self._select:
            if fields[self._select] is None or "selected" in a:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None


def forms_of(page: str) -> list[dict[str, Any]]:
    parser = FormParser()
    parser.feed(page)
    return parser.forms


def form_with(page: str, *, action: str = "", form_id: str = "") -> dict[str, Any]:
    for form in forms_of(page):
        if (action and form["action"].startswith(action)) or (form_id and form["id"] == form_id):
            return form
    raise SmokeFailure(f"pas de formulaire {action or form_id} dans la page")


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238: the code an authenticator app shows (SHA-1, 30 s, 6 digits)."""
    counter = int((time.time() if at is None else at) // 30)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def login(email: str, *, totp_secret: str | None = None) -> requests.Session:
    session = browser()
    page = get(session, "/comptes/login/")
    form = _login_form(page.text)
    form.update(login=email, password=PASSWORD)
    response = post(session, "/comptes/login/", form)
    if totp_secret is not None:
        check("/2fa/" in response.url, f"{email} : pas de second facteur demandé ({response.url})")
        fields = _csrf_form(response.text)
        if time.time() % 30 > 27:  # the code would change on its way: take the next one
            time.sleep(30 - time.time() % 30 + 0.1)
        fields["code"] = totp(totp_secret)
        response = post(session, urlsplit(response.url).path, fields)
    check(response.status_code == 200, f"connexion de {email} : {response.status_code}")
    check("/comptes/login/" not in response.url, f"connexion de {email} refusée")
    return session


def _login_form(page: str) -> dict[str, Any]:
    for form in forms_of(page):
        if "login" in form["fields"] and "password" in form["fields"]:
            return dict(form["fields"])
    raise SmokeFailure("pas de formulaire de connexion")


def _csrf_form(page: str) -> dict[str, Any]:
    for form in forms_of(page):
        if "csrfmiddlewaretoken" in form["fields"] and "code" in form["fields"]:
            return dict(form["fields"])
    raise SmokeFailure("pas de formulaire de code TOTP")


def sendable(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


# --- Database look-ups (what a person would see on the list page) -----------------------------


def db() -> psycopg.Connection[Any]:
    return psycopg.connect(f"postgresql://postgres@127.0.0.1:{PG_PORT}/masp", autocommit=True)


def sql(query: str, *params: Any) -> list[tuple[Any, ...]]:
    with db() as connection:
        return connection.execute(query, params).fetchall()


def pdf_row(pk: int) -> tuple[str, int, str]:
    status, attempts, file = sql(
        "SELECT status, attempts, file FROM reporting_reportrequest WHERE id = %s", pk
    )[0]
    return status, attempts, file


def files_of(pk: int) -> list[Path]:
    return sorted((WORK / "private" / "reports").rglob(f"rapport-{pk}-*.pdf"))


def ready_notices(pk: int) -> int:
    text = (LOGS / "worker.log").read_text(errors="replace")
    return len(re.findall(rf"report request {pk}: ready notice sent", text))


def settled_notices(pk: int) -> int:
    """The "report ready" emails sent for `pk`: the email leaves after the row is marked done
    (on commit), so wait for the first, then give a duplicate the time to show up."""
    wait_for(lambda: ready_notices(pk) >= 1, f"avis « prêt » du PDF {pk}", 30)
    time.sleep(2)
    return ready_notices(pk)


# --- The journey ------------------------------------------------------------------------------


@dataclass
class Journey:
    stack: Stack
    totp_secret: str
    ars: requests.Session | None = None
    report_ids: list[int] = field(default_factory=list)

    def run(self) -> None:
        coordinator = login("coord-hdf@example.org")
        report = self.file_report(coordinator)
        self.ars = login("ars-hdf@example.org", totp_secret=self.totp_secret)
        self.validate(report)
        pk = self.request_pdf(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
        waited = wait_for(lambda: pdf_row(pk)[0] == "done", "rendu du PDF régional", 90)
        say(f"PDF régional {pk} rendu par le worker en {waited:.1f} s")
        self.download(pk)
        analyst = login("analyst@example.org", totp_secret=self.totp_secret)
        export = get(analyst, "/api/v1/exports/activity-reports.csv")
        check(export.status_code == 200, f"export de l'analyste : {export.status_code}")
        lines = export.text.splitlines()
        check(len(lines) > 1, "export vide")
        say(f"analyste : export activity-reports.csv, {len(lines) - 1} lignes")
        for path in ("/", "/rapports-pdf/", "/exports/", "/instruction/"):
            page = get(self.ars, path)
            check(page.status_code == 200, f"{path} : {page.status_code}")

    def file_report(self, session: requests.Session) -> int:
        page = get(session, "/rapports/")
        check(page.status_code == 200, f"/rapports/ : {page.status_code}")
        edit = re.search(r'href="(/rapports/(\d+)/modifier/)"', page.text)
        if edit is None:  # nothing started: start the first report to file
            start = next(f for f in forms_of(page.text) if "/rapports/nouveau/" in f["action"])
            response = post(session, start["action"], sendable(start["fields"]))
            check("/modifier/" in response.url, f"saisie non ouverte : {response.url}")
            path = urlsplit(response.url).path
        else:
            path = edit.group(1)
        pk = int(re.findall(r"\d+", path)[0])
        page = get(session, path)
        form = form_with(page.text, form_id="report-form")
        fields = sendable(form["fields"])
        figures = self.plausible_figures(pk, fields.get("residents_start") or "")
        # Only the fields the page renders: the form of this campaign's version.
        fields.update({k: ("" if v is None else v) for k, v in figures.items() if k in fields})
        fields["justification"] = "Montée en charge progressive de la maison (test de fumée)."
        fields["submit"] = "1"
        response = post(session, path, fields)
        check(response.status_code == 200, f"dépôt du rapport {pk} : {response.status_code}")
        status = sql("SELECT status FROM masp_activityreport WHERE id = %s", pk)[0][0]
        check(status == "submitted", f"rapport {pk} non transmis ({status}) : {response.url}")
        say(f"coordination : rapport d'activité {pk} saisi et transmis ({len(figures)} chiffres)")
        return pk

    def plausible_figures(self, pk: int, residents_start: str) -> dict[str, Any]:
        """The project's own generator (masp.activity.demo): figures that pass every rule."""
        code = (
            "import json, random; from masp.models import ActivityReport; "
            "from masp.activity.demo import plausible_figures; "
            f"r = ActivityReport.objects.select_related('site', 'campaign').get(pk={pk}); "
            f"start = {int(residents_start) if residents_start.isdigit() else None!r}; "
            "f = plausible_figures(random.Random(1), capacity=r.site.capacity, "
            "period=r.campaign.period, residents_start=start, version=r.form_version); "
            "print(json.dumps(f, default=str))"
        )
        return json.loads(self.stack.manage("shell", "-c", code).strip().splitlines()[-1])

    def validate(self, pk: int) -> None:
        assert self.ars is not None
        page = get(self.ars, f"/instruction/{pk}/")
        check(page.status_code == 200, f"/instruction/{pk}/ : {page.status_code}")
        form = form_with(page.text, action=f"/instruction/{pk}/decision/")
        fields = sendable(form["fields"])
        fields.update(decision="validate", comment="Validé par le test de fumée.")
        response = post(self.ars, form["action"], fields)
        check(response.status_code == 200, f"décision : {response.status_code}")
        status = sql("SELECT status FROM masp_activityreport WHERE id = %s", pk)[0][0]
        check(status == "validated", f"rapport {pk} non validé ({status})")
        say(f"ARS : rapport {pk} validé")

    def request_pdf(self, start: dt.date, end: dt.date) -> int:
        """The ARS agent asks for the regional PDF of Hauts-de-France (32) over a period."""
        assert self.ars is not None
        page = get(self.ars, "/rapports-pdf/")
        form = form_with(page.text, action="/rapports-pdf/demander/")
        fields = sendable(form["fields"])  # only what the form renders
        fields.update(kind="region", region="32", site="")
        fields.update(period_start=start.isoformat(), period_end=end.isoformat())
        before = sql("SELECT coalesce(max(id), 0) FROM reporting_reportrequest")[0][0]
        response = post(self.ars, form["action"], fields)
        check(response.status_code == 200, f"demande de PDF : {response.status_code}")
        rows = sql(
            "SELECT id FROM reporting_reportrequest WHERE id > %s ORDER BY id DESC LIMIT 1", before
        )
        check(rows, f"aucune demande de PDF créée ({start} – {end})")
        return int(rows[0][0])

    def download(self, pk: int) -> None:
        assert self.ars is not None
        response = get(self.ars, f"/rapports-pdf/{pk}/pdf/")
        check(response.status_code == 200, f"téléchargement du PDF {pk} : {response.status_code}")
        check(response.content.startswith(b"%PDF"), f"PDF {pk} : ce n'est pas un PDF")
        say(f"ARS : PDF {pk} téléchargé ({len(response.content) // 1024} Ko, %PDF)")


# --- Faults -------------------------------------------------------------------------------------


def drill_gunicorn(stack: Stack, cookie: str) -> dict[str, Any]:
    """kill -9 one gunicorn worker while wrk sends load and a client with retries reads pages."""
    _master, workers = stack.gunicorn_workers()
    check(len(workers) == 2, f"gunicorn : {len(workers)} workers au lieu de 2")
    wrk = subprocess.Popen(
        [
            "wrk",
            "-t2",
            "-c8",
            "-d8s",
            "-H",
            f"Host: {PUBLIC_HOST}",
            "-H",
            "X-Forwarded-Proto: https",
            "-H",
            f"Cookie: sessionid={cookie}",
            f"http://127.0.0.1:{WEB_PORT}/",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    counts = {"sent": 0, "failed_first_try": 0, "failed_after_retry": 0}
    stop = threading.Event()

    def client() -> None:
        session = requests.Session()
        # The page wrk loads, as the same coordinator.
        headers = {
            "Host": PUBLIC_HOST,
            "X-Forwarded-Proto": "https",
            "Cookie": f"sessionid={cookie}",
        }
        while not stop.is_set():
            counts["sent"] += 1
            for attempt in range(4):
                try:
                    response = session.get(
                        f"http://127.0.0.1:{WEB_PORT}/", headers=headers, timeout=10
                    )
                    if response.status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if attempt == 0:
                    counts["failed_first_try"] += 1
                time.sleep(0.1 * (attempt + 1))
            else:
                counts["failed_after_retry"] += 1

    thread = threading.Thread(target=client)
    thread.start()
    time.sleep(3)
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    say(f"gunicorn : worker {victim} tué (kill -9) sous charge")
    replaced = wait_for(
        lambda: len(w := stack.gunicorn_workers()[1]) == 2 and victim not in w,
        "remplacement du worker gunicorn",
        30,
        every=0.05,
    )
    out, _ = wrk.communicate(timeout=60)
    stop.set()
    thread.join()
    # wrk closes its connections when its time is up, but gunicorn's sync workers still serve
    # the requests already queued on them: wait until the web log is quiet, so that no request
    # of this drill is still running when the next drill stops PostgreSQL under it.
    drained = wait_until_served()
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    socket_line = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = sum(int(n) for n in socket_line.groups()) if socket_line else 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    result = {
        "wrk_requests": total,
        "wrk_socket_errors": errors,
        "wrk_non_2xx_3xx": int(non2xx.group(1)) if non2xx else 0,
        "wrk_rps": float(rate.group(1)) if rate else 0.0,
        "replaced_in_s": round(replaced, 2),
        "drained_in_s": round(drained, 2),
        **counts,
    }
    say(
        f"gunicorn : worker remplacé en {replaced:.2f} s ; wrk {total} requêtes "
        f"({result['wrk_rps']:.0f}/s), {errors} erreurs de socket, "
        f"{result['wrk_non_2xx_3xx']} réponses non 2xx/3xx ; client avec reprise : "
        f"{counts['sent']} requêtes, {counts['failed_first_try']} échecs au premier essai, "
        f"{counts['failed_after_retry']} après reprise ; requêtes en cours servies "
        f"{drained:.1f} s après la fin de wrk"
    )
    check(counts["failed_after_retry"] == 0, "des requêtes échouent même après reprise")
    check(result["wrk_non_2xx_3xx"] == 0, "wrk a reçu des réponses d'erreur")
    return result


def celery_call(stack: Stack, task: str) -> None:
    stack.run(["celery", "-A", "config", "call", task], log="celery-call")


def drill_redis(stack: Stack, journey: Journey) -> dict[str, Any]:
    """Redis restarted while a PDF is pending (worker stopped, message queued): the message is
    lost with Redis; the sweeper sends the request again and it is delivered once."""
    stack.stop("worker")
    pk = journey.request_pdf(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    queued = int(redis_cli("LLEN", "celery") or 0)
    stack.stop("redis")
    down = health()
    stack.start_redis()
    lost = int(redis_cli("LLEN", "celery") or 0)
    say(
        f"Redis : redémarré avec le PDF {pk} en attente ({queued} message en file avant, "
        f"{lost} après) ; /healthz pendant la coupure : {down[0]} {down[1]}"
    )
    check(down[0] == 503, "/healthz aurait dû répondre 503 sans Redis")
    wait_for(lambda: health()[0] == 200, "/healthz après le retour de Redis", 30)
    stack.start_app("worker")
    time.sleep(4)  # past REPORT_PENDING_GRACE: the request now looks lost
    start = time.monotonic()
    celery_call(stack, "reporting.pdf.tasks.sweep_reports")
    wait_for(lambda: pdf_row(pk)[0] == "done", f"PDF {pk} après le balayage", 90)
    journey.download(pk)
    delivered = {
        "pdf": pk,
        "queued_before": queued,
        "queued_after_restart": lost,
        "delivered_in_s": round(time.monotonic() - start, 1),
        "files": len(files_of(pk)),
        "ready_notices": settled_notices(pk),
    }
    say(
        f"Redis : PDF {pk} livré {delivered['delivered_in_s']} s après le balayage ; "
        f"{delivered['files']} fichier, {delivered['ready_notices']} avis « prêt »"
    )
    check(delivered["files"] == 1 and delivered["ready_notices"] == 1, "livraison non unique")
    return delivered


def drill_worker(stack: Stack, journey: Journey, meanwhile: Callable[[], None]) -> dict[str, Any]:
    """The Celery worker killed (kill -9, with its pool) in the middle of a rendering: the
    sweeper retries it past the time limit; one file is kept, one notice sent. The other
    drills (`meanwhile`) run while the time limit passes."""
    pk = journey.request_pdf(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    wait_for(lambda: pdf_row(pk)[0] == "running", f"rendu du PDF {pk} commencé", 30, every=0.02)
    stack.stop("worker", sig=signal.SIGKILL)
    status, attempts, _file = pdf_row(pk)
    say(f"worker Celery tué (kill -9) pendant le rendu du PDF {pk} ({status}, essai {attempts})")
    check(status == "running", f"le rendu de {pk} était déjà fini ({status})")
    stack.start_app("worker")
    started = sql("SELECT started_at FROM reporting_reportrequest WHERE id = %s", pk)[0][0]
    deadline = started + dt.timedelta(seconds=TIME_LIMIT + 60)
    say(f"le balayeur reprendra le rendu {TIME_LIMIT + 60} s après son début ; en attendant :")
    meanwhile()
    pause = (deadline - dt.datetime.now(dt.UTC)).total_seconds() + 1
    say(f"attente de {max(0, pause):.0f} s encore avant le balayage")
    time.sleep(max(0, pause))
    celery_call(stack, "reporting.pdf.tasks.sweep_reports")
    wait_for(lambda: pdf_row(pk)[0] == "done", f"PDF {pk} après reprise", 90)
    journey.download(pk)
    status, attempts, _file = pdf_row(pk)
    result = {"pdf": pk, "attempts": attempts, "files": len(files_of(pk))}
    result["ready_notices"] = settled_notices(pk)
    say(
        f"worker : PDF {pk} rendu de nouveau (essai {attempts}) ; {result['files']} fichier "
        f"gardé, {result['ready_notices']} avis « prêt »"
    )
    check(attempts == 2, f"PDF {pk} : {attempts} essais au lieu de 2")
    check(result["files"] == 1 and result["ready_notices"] == 1, "rendu non unique")
    return result


def health() -> tuple[int, dict[str, Any]]:
    try:
        response = requests.get(
            f"http://127.0.0.1:{WEB_PORT}/healthz", headers={"Host": PUBLIC_HOST}, timeout=5
        )
    except requests.RequestException:
        return 0, {}
    return response.status_code, response.json()


def drill_postgres(stack: Stack) -> dict[str, Any]:
    """PostgreSQL stopped (fast) and started again: /healthz says 503 meanwhile, then 200
    without restarting anything else."""
    check(health()[0] == 200, "/healthz ne répond pas 200 avant la coupure")
    stack.stop_postgres()
    stopped = time.monotonic()
    down = health()
    say(f"PostgreSQL arrêté : /healthz {down[0]} {down[1]}")
    check(down[0] == 503 and down[1].get("database") == "unavailable", "/healthz sans 503")
    time.sleep(2)
    restart = time.monotonic()
    stack.start_postgres()  # pg_ctl -w: returns once the server accepts connections
    started = time.monotonic() - restart
    wait_for(lambda: health()[0] == 200, "/healthz après le retour de PostgreSQL", 60)
    recovered = time.monotonic() - restart
    session = login("coord-hdf@example.org")
    check(get(session, "/rapports/").status_code == 200, "pages après la coupure")
    result = {
        "stop_to_pages_again_s": round(time.monotonic() - stopped, 1),
        "healthz_down": down[0],
        "postgres_start_s": round(started, 2),
        "healthz_200_after_start_s": round(recovered, 2),
    }
    say(
        f"PostgreSQL : /healthz 503 pendant la coupure ; relancé en {started:.2f} s, /healthz "
        f"200 {recovered:.2f} s après la relance, sans rien relancer d'autre ; une "
        "coordinatrice se reconnecte et lit ses rapports"
    )
    return result


# --- Checks over the whole run ------------------------------------------------------------------


def scan_logs(logs: Path = LOGS) -> list[str]:
    """Tracebacks in any of the portal's processes, and 500s in the web log."""
    problems = []
    for name in ("web", "worker", "beat", "manage", "celery-call"):
        path = logs / f"{name}.log"
        if not path.exists():
            continue
        text = path.read_text(errors="replace")
        if "Traceback" in text:
            problems.append(f"{path} contient une trace d'exception (Traceback)")
        if name == "web":
            for line in text.splitlines():
                with suppress(ValueError):
                    entry = json.loads(line)
                    failed = isinstance(entry, dict) and int(entry.get("status") or 0) >= 500
                    if failed and entry.get("route") != "healthz":
                        problems.append(f"réponse {entry['status']} : {line[:200]}")
    for status, what in VISITS.statuses:
        if status >= 500:
            problems.append(f"{status} : {what}")
    return problems


def check_request_log() -> dict[str, Any]:
    """One JSON line per request with its id; the id of the PDF request found in the worker."""
    lines = [
        json.loads(line)
        for line in (LOGS / "web.log").read_text().splitlines()
        if line.startswith("{")
    ]
    requests_logged = [line for line in lines if line.get("logger") == "masp.request"]
    check(requests_logged, "aucune ligne JSON de requête dans le journal de gunicorn")
    sample = requests_logged[-1]
    for key in ("request_id", "user_id", "route", "status", "duration_ms"):
        check(key in sample, f"ligne de requête sans {key}")
    asked = [line for line in requests_logged if line.get("route") == "reporting:create"]
    worker = (LOGS / "worker.log").read_text(errors="replace")
    carried = [line["request_id"] for line in asked if line["request_id"] in worker]
    check(carried, "l'identifiant de la requête n'apparaît pas dans le journal du worker")
    return {"request_lines": len(requests_logged), "ids_carried_to_worker": len(carried)}


def check_metrics(token: str) -> None:
    url = f"http://127.0.0.1:{WEB_PORT}/metrics"
    headers = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
    refused = requests.get(url, headers=headers, timeout=10).status_code
    check(refused == 403, f"/metrics sans jeton : {refused}")
    served = requests.get(url, headers={**headers, "Authorization": f"Bearer {token}"}, timeout=10)
    check(served.status_code == 200, f"/metrics avec jeton : {served.status_code}")
    check("django_http_requests" in served.text, "/metrics sans compteurs django-prometheus")


# --- Set-up ---------------------------------------------------------------------------------------


def environment(metrics_token: str) -> dict[str, str]:
    """What docker-compose.yml and the Dockerfile give the containers, pointed at the private
    services, with the environment's own PATH so that `python`, `gunicorn` and `celery` are the
    virtualenv's."""
    venv_bin = str(Path(sys.executable).parent)
    return {
        "PATH": f"{venv_bin}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": os.environ.get("HOME", str(WORK)),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": dockerfile_settings_module(),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/masp",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": PUBLIC_HOST,
        "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
        "SITE_URL": BASE,
        "PORT": str(WEB_PORT),
        "CELERY_BEAT_SCHEDULE_FILENAME": str(WORK / "celerybeat-schedule"),
        "STATIC_ROOT": str(WORK / "static"),
        "PRIVATE_MEDIA_ROOT": str(WORK / "private"),
        "METRICS_TOKEN": metrics_token,
        "PROMETHEUS_MULTIPROC_DIR": str(WORK / "prometheus"),
        "DEMO_PASSWORD": PASSWORD,
        # The drills' clocks: a pending request counts as lost after 3 s, a rendering is
        # stuck 60 s after TIME_LIMIT.
        "REPORT_PENDING_GRACE": "3",
        "REPORT_SOFT_TIME_LIMIT": str(TIME_LIMIT - 5),
        "REPORT_TIME_LIMIT": str(TIME_LIMIT),
    }


SEED_TOTP = """
import os
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from accounts.models import User
for email in ("ars-hdf@example.org", "analyst@example.org", "admin@example.org"):
    user = User.objects.get(email=email)
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, os.environ["SMOKE_TOTP_SECRET"])
print("ok")
"""


def set_up(stack: Stack, totp_secret: str) -> None:
    stack.pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version)[-1]
    if os.geteuid() == 0:
        stack.as_postgres = ["runuser", "-u", "postgres", "--"]
    if (WORK / "pgdata" / "postmaster.pid").exists():  # a run killed before its teardown
        with suppress(subprocess.CalledProcessError):
            stack.stop_postgres()
    busy = [port for port in (PG_PORT, REDIS_PORT, WEB_PORT) if port_in_use(port)]
    check(not busy, f"ports déjà utilisés : {busy} (un autre prod-smoke tourne-t-il ?)")
    if WORK.exists():
        shutil.rmtree(WORK)
    for sub in ("logs", "pgdata", "pgsock", "private", "prometheus", "static"):
        (WORK / sub).mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(WORK / "pgdata", "postgres")
        shutil.chown(WORK / "pgsock", "postgres")
        (LOGS / "postgres.log").touch()
        shutil.chown(LOGS / "postgres.log", "postgres")
        os.chmod(WORK, 0o755)  # noqa: S103 - the postgres user walks into its directories
    stack.pg("initdb", "-D", str(WORK / "pgdata"), "-A", "trust", "-U", "postgres", "-E", "UTF8")
    stack.start_postgres()
    subprocess.run(
        [
            str(stack.pg_bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "masp",
        ],
        check=True,
    )
    stack.start_redis()
    say(
        f"PostgreSQL {stack.pg_bin.parent.name} (port {PG_PORT}) et Redis (port {REDIS_PORT}) prêts"
    )
    # Before gunicorn starts: WhiteNoise indexes the collected files when a worker loads.
    timed(stack, "collectstatic", "--noinput")


def start_stack(stack: Stack, totp_secret: str) -> None:
    """web first (its compose command migrates and loads the reference data), then the demo
    data and the TOTP secrets, then the worker and beat."""
    stack.start_app("web")
    waited = wait_for(lambda: health()[0] == 200, "/healthz au démarrage", 300)
    say(f"web : migrate, référentiel, gunicorn (2 workers) ; /healthz 200 en {waited:.0f} s")
    timed(stack, "seed_demo", "--force")
    stack.run(
        [sys.executable, "manage.py", "shell", "-c", SEED_TOTP],
        log="manage",
        env={**stack.env, "SMOKE_TOTP_SECRET": totp_secret},
    )
    stack.start_app("worker")
    stack.start_app("beat")
    say("secrets TOTP des comptes ARS, analyste et admin ; worker et beat Celery démarrés")


def timed(stack: Stack, *args: str) -> None:
    start = time.monotonic()
    stack.manage(*args)
    say(f"manage.py {args[0]} : {time.monotonic() - start:.0f} s")


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _version(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.name))


@contextmanager
def smtp_sink() -> Iterator[SmtpSink]:
    server = SmtpSink()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def main() -> int:
    metrics_token = secrets.token_urlsafe(32)
    totp_secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
    stack = Stack(env=environment(metrics_token))
    figures: dict[str, Any] = {}
    failure: str | None = None
    # A CI timeout sends SIGTERM: exit through `finally`, which stops the private services.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    with smtp_sink() as mail:
        try:
            set_up(stack, totp_secret)
            start_stack(stack, totp_secret)
            journey = Journey(stack, totp_secret)
            journey.run()
            cookie = login("coord-hdf@example.org").cookies["sessionid"]
            figures["redis"] = drill_redis(stack, journey)

            def meanwhile() -> None:
                figures["gunicorn"] = drill_gunicorn(stack, cookie)
                figures["postgres"] = drill_postgres(stack)

            figures["worker"] = drill_worker(stack, journey, meanwhile)
            dead = [name for name in APP_SERVICES if stack.processes[name].poll() is not None]
            check(not dead, f"services arrêtés à la fin : {dead}")
            check_metrics(metrics_token)
            figures["logs"] = check_request_log()
            figures["emails"] = len(mail.messages)
            figures["static_files_checked"] = len(VISITS.static_checked)
        except SmokeFailure as error:
            failure = str(error)
        except Exception as error:  # a bug of the smoke itself: say where, still tear down
            traceback.print_exc()
            failure = f"{type(error).__name__} : {error}"
        finally:
            stack.teardown()
    problems = scan_logs() + ([failure] if failure else [])
    say(f"résumé : {json.dumps(figures, ensure_ascii=False)}")
    if problems:
        for problem in problems:
            print(f"ÉCHEC : {problem}", file=sys.stderr)
        print(f"journaux : {LOGS}", file=sys.stderr)
        return 1
    say(f"prod-smoke réussi en {time.monotonic() - STARTED:.0f} s (journaux : {LOGS})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
