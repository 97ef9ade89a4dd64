"""Run pip-audit over the locked dependencies and say plainly how many were really audited.

pip-audit reports "No known vulnerabilities found" even when it could not look a package up
(PyPI's per-version JSON API unreachable, for instance): each such package is only "skipped".
This wrapper prints how many packages were audited and skipped, fails on any vulnerability,
and with PIP_AUDIT_STRICT=1 also fails when a package could not be checked (see
docs/security.md for why CI is not strict yet).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    requirements = sys.argv[1] if len(sys.argv) > 1 else "requirements.txt"
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "report.json"
        command = [
            str(pip_audit),
            "--requirement",
            requirements,
            "--disable-pip",  # the lock pins every package: nothing to resolve
            "--no-deps",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(report_path),
        ]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if not report_path.exists():
            sys.stderr.write(result.stderr)
            print("pip-audit n'a pas produit de rapport.", file=sys.stderr)
            return result.returncode or 1
        report = json.loads(report_path.read_text())
    locked = _locked_versions(ROOT / requirements)
    dependencies = [
        _fallback(dep, locked.get(_normalise(dep["name"]))) if "skip_reason" in dep else dep
        for dep in report["dependencies"]
    ]
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    audited = len(dependencies) - len(skipped)
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "aucune"
            print(f"VULNÉRABLE {dep['name']} {dep['version']}: {vuln['id']} (corrigé en {fixes})")
    print(
        f"pip-audit : {audited} paquets audités, {len(skipped)} non vérifiés, "
        f"{len(vulnerable)} vulnérables."
    )
    if skipped:
        names = ", ".join(sorted(dep["name"] for dep in skipped))
        print(f"Non vérifiés (version verrouillée antérieure à la dernière publiée) : {names}")
    if vulnerable:
        return 1
    if skipped and os.environ.get("PIP_AUDIT_STRICT") == "1":
        print("PIP_AUDIT_STRICT=1 : des paquets n'ont pas pu être vérifiés.", file=sys.stderr)
        return 1
    return 0


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked_versions(path: Path) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", path.read_text(), re.M)
    return {_normalise(name): version for name, version in pins}


def _fallback(dep: dict, version: str | None) -> dict:
    """When pip-audit could not query PyPI's per-version API, the project-level JSON API still
    lists the vulnerabilities of the *latest* release: that settles packages locked at it."""
    url = f"https://pypi.org/pypi/{dep['name']}/json"
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            data = json.load(response)
    except (OSError, ValueError):
        return dep
    if version is None or data.get("info", {}).get("version") != version:
        return dep
    vulns = [
        {"id": vuln.get("id", "?"), "fix_versions": vuln.get("fixed_in") or []}
        for vuln in data.get("vulnerabilities", [])
        if not vuln.get("withdrawn")
    ]
    return {"name": dep["name"], "version": version, "vulns": vulns}


if __name__ == "__main__":
    sys.exit(main())
