"""A real OpenID provider for the federation tests: tests/oidc/provider/provider.js, the npm
package oidc-provider run by Node on a free loopback port, with a ProConnect-like client and a
Pro Santé Connect-like one. Node and npm are required (Debian's nodejs and npm, installed by
`MASP_BROWSER_TESTS=1 bash scripts/system-deps.sh`): without them these tests fail, with that
message, rather than being skipped. The first run installs the provider with `npm ci`."""

from __future__ import annotations

import copy
import fcntl
import re
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from config.settings.base import federation_apps

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
PORTAL = "http://testserver"
INSTALL_HINT = "Installez-les avec : MASP_BROWSER_TESTS=1 bash scripts/system-deps.sh"


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(
            f"{tool} est introuvable : les tests de fédération d'identité lancent un vrai "
            f"fournisseur OpenID Connect (Node.js, npm). {INSTALL_HINT}",
            pytrace=False,
        )
    return path


def _require_node_20(node: str) -> None:
    """oidc-provider 9 runs on Node.js 20 or later (Debian 12's own nodejs is 18)."""
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    major = version.stdout.strip().lstrip("v").split(".")[0]
    if not major.isdigit() or int(major) < 20:
        pytest.fail(
            f"Node.js 20 ou plus est requis par le fournisseur OpenID de test "
            f"(trouvé : {version.stdout.strip() or version.stderr.strip()}).",
            pytrace=False,
        )


def _npm_ci(npm: str) -> None:
    """`npm ci` once per lock file (several pytest-xdist workers may get here together)."""
    stamp = PROVIDER_DIR / "node_modules" / ".masp-lock"
    lock = (PROVIDER_DIR / "package-lock.json").read_bytes()
    with open(PROVIDER_DIR / ".npm-ci.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if stamp.exists() and stamp.read_bytes() == lock:
            return
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=PROVIDER_DIR,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"npm ci a échoué dans {PROVIDER_DIR} :\n{result.stderr}", pytrace=False)
        stamp.write_bytes(lock)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OidcProvider:
    """The running provider and its test controls (accounts, tampering, journal)."""

    def __init__(self, issuer: str) -> None:
        self.issuer = issuer

    def add_account(
        self,
        sub: str,
        *,
        email: str,
        acr: str = "eidas1",
        amr: list[str] | None = None,
        **claims: Any,
    ) -> str:
        account = {"claims": {"email": email, **claims}, "acr": acr, "amr": amr or ["pwd"]}
        requests.post(f"{self.issuer}/__test/accounts", json={sub: account}, timeout=5)
        return sub

    def tamper(self, on: bool) -> None:
        requests.post(f"{self.issuer}/__test/tamper", json={"on": on}, timeout=5)

    def journal(self) -> dict[str, Any]:
        return requests.get(f"{self.issuer}/__test/journal", timeout=5).json()


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OidcProvider]:
    node, npm = _require("node"), _require("npm")
    _require_node_20(node)
    _npm_ci(npm)
    port = _free_port()
    # The test client's origin, and any live server (pytest-django serves on localhost).
    process = subprocess.Popen(
        [node, "provider.js", str(port), PORTAL, "http://localhost:*"],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    drain = threading.Thread(target=process.stdout.read, daemon=True)
    try:
        line = process.stdout.readline()  # blocks until "ready ISSUER" or the process dies
        while line and not line.startswith("ready "):
            line = process.stdout.readline()
        if not line:
            pytest.fail(f"Le fournisseur OpenID de test n'a pas démarré ({node}).", pytrace=False)
        issuer = line.split()[1]
        # Drain its output so that a chatty provider never blocks on a full pipe.
        drain.start()
        yield OidcProvider(issuer)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if drain.is_alive():
            drain.join(timeout=5)
        process.stdout.close()


class _Env:
    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def str(self, name: str, default: str | None = None) -> str:
        return self.values.get(name, default or "")


def federation_settings(issuer: str) -> list[dict]:
    """The apps exactly as config/settings/base.py builds them from the environment."""
    return federation_apps(
        _Env(
            {
                "PROCONNECT_SERVER_URL": issuer,
                "PROCONNECT_CLIENT_ID": "proconnect",
                "PROCONNECT_CLIENT_SECRET": "proconnect-secret",
                "PSC_SERVER_URL": f"{issuer}/.well-known/openid-configuration",
                "PSC_CLIENT_ID": "psc",
                "PSC_CLIENT_SECRET": "psc-secret",
            }
        )  # type: ignore[arg-type]
    )


@pytest.fixture
def federations(settings: Any, oidc_provider: OidcProvider) -> OidcProvider:
    """Both federations configured against the test provider, as the environment would."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": federation_settings(oidc_provider.issuer),
        }
    }
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = [
        *settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],
        oidc_provider.issuer,
    ]
    settings.CONTENT_SECURITY_POLICY = policy
    oidc_provider.tamper(False)
    return oidc_provider


def _form(html: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the provider's (auto-submitted) end-session form."""
    action = unescape(re.search(r'<form[^>]*action="([^"]+)"', html).group(1))  # type: ignore[union-attr]
    fields = {
        unescape(name): unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    }
    return action, fields


def _portal_page(location: str) -> bool:
    path = location.removeprefix(PORTAL)
    return path.startswith("/") and not path.startswith("/comptes/oidc/")


def _base(response: Any) -> str:
    return response.url if isinstance(response, requests.Response) else PORTAL


class Person:
    """One person's browser: the portal's test client and the provider's cookies (requests),
    each request going where its URL points, with every redirect followed for real."""

    def __init__(self, client: Client | None = None) -> None:
        self.client = client or Client()
        self.provider = requests.Session()

    def login_url(self, provider_id: str, sub: str | None = None, **query: str) -> str:
        params = dict(query)
        if sub is not None:
            params["auth_params"] = urlencode({"login_hint": sub})
        url = reverse("openid_connect_login", kwargs={"provider_id": provider_id})
        return f"{url}?{urlencode(params)}" if params else url

    def sign_in(self, provider_id: str, sub: str | None = None, **query: str) -> Any:
        """Press the federation's button; returns the last response (the portal's, or the
        provider's page when it stops there)."""
        return self.follow(self.client.post(self.login_url(provider_id, sub, **query)))

    def follow(self, response: Any, limit: int = 20) -> Any:
        for _ in range(limit):
            if getattr(response, "status_code", 200) not in (301, 302, 303):
                return response
            location = response.headers["Location"]
            if not isinstance(response, requests.Response) and _portal_page(location):
                return response  # back on the portal: where it sends the person is the result
            response = self.go(location, base=_base(response))
        raise AssertionError("Trop de redirections.")

    def go(
        self, location: str, *, base: str = PORTAL, method: str = "get", data: Any = None
    ) -> Any:
        url = urljoin(base, location)
        if url.startswith(PORTAL) or not url.startswith("http"):
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            return getattr(self.client, method)(path, data)
        return self.provider.request(method, url, data=data, allow_redirects=False, timeout=10)

    def log_out(self) -> Any:
        """The portal's logout button, then the provider's end-session page as a browser
        would run it (its form submits itself)."""
        response = self.follow(self.client.post(reverse("account_logout")))
        if "op.logoutForm" in getattr(response, "text", ""):
            action, fields = _form(response.text)
            response = self.follow(
                self.go(action, base=_base(response), method="post", data=fields)
            )
        return response
