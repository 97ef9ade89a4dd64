"""Fixtures of the reporting tests: a private storage per test, a fast fake renderer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reporting import services


@pytest.fixture(autouse=True)
def private_storage(tmp_path: Path, settings: Any) -> Path:
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    # Django's setting_changed handler resets default_storage.
    return location


class FakeRenderer:
    """Stands for WeasyPrint where the PDF's content does not matter; counts renderings."""

    def __init__(self) -> None:
        self.calls = 0
        self.error: Exception | None = None

    def __call__(self, gathered: Any, **kwargs: Any) -> bytes:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return b"%PDF-1.7 fake " + gathered.fingerprint.encode()


@pytest.fixture
def renderer(monkeypatch: pytest.MonkeyPatch) -> FakeRenderer:
    fake = FakeRenderer()
    monkeypatch.setattr(services, "render_pdf", fake)
    return fake
