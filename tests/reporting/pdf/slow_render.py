"""Imported by the worker of the fault drills (`celery worker --include`): the first rendering
writes its process id to MASP_TEST_RENDER_PIDFILE and hangs, so the test can kill it mid-way;
later renderings are quick. Never imported by the portal itself."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from reporting.pdf import services

PIDFILE = Path(os.environ["MASP_TEST_RENDER_PIDFILE"])


def slow_render_pdf(gathered: Any, **kwargs: Any) -> bytes:
    first = not PIDFILE.exists()
    PIDFILE.write_text(f"{os.getpid()}\n")
    if first:
        time.sleep(120)
    return b"%PDF-1.7 drill " + gathered.fingerprint.encode()


services.render_pdf = slow_render_pdf
