from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    names = {"SECRET_KEY", "SECRET_KEY_FALLBACKS", "ALLOWED_HOSTS", "CACHE_URL", "EMAIL_URL"}
    environment = {k: v for k, v in os.environ.items() if k not in names}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_requires_a_secret_key() -> None:
    result = run_check(
        ALLOWED_HOSTS="masp.example.org",
        CACHE_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="smtp://127.0.0.1:25",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_check_deploy() -> None:
    result = run_check(
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-key-1234",
        ALLOWED_HOSTS="masp.example.org",
        CACHE_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="smtp+tls://portal:pw@smtp.example.org:587",
    )
    assert result.returncode == 0, result.stderr
