"""What every process pays before its first line of work: `django.setup()` loads no heavy
library that only one feature uses (a web worker, a Celery worker and each `manage.py`
command start with it), and `manage.py` leaves its objects to the OS at exit rather than
walking them in the interpreter's teardown."""

from __future__ import annotations

import atexit
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# numpy and SciPy (coverage distances, siting), PyJWT and its crypto backend (a federated
# sign-in), pypdf (an uploaded document), WeasyPrint (a PDF report): imported where used.
ON_DEMAND = ("numpy", "scipy", "jwt", "pypdf", "weasyprint")


def test_django_setup_loads_no_library_only_one_feature_uses() -> None:
    script = (
        "import sys, django; django.setup(); "
        f"print(sorted(set({ON_DEMAND!r}) & sys.modules.keys()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_manage_py_sets_its_objects_aside_from_the_collector_at_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import django.core.management

    sys.path.insert(0, str(ROOT))
    monkeypatch.setattr(sys, "path", sys.path)
    import manage

    registered = []
    commands = []
    monkeypatch.setattr(atexit, "register", registered.append)
    monkeypatch.setattr(django.core.management, "execute_from_command_line", commands.append)
    manage.main()
    assert registered == [gc.freeze]  # registered before any command: run after all others
    assert commands == [sys.argv]
