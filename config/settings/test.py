"""Test settings: fast hashing, in-memory email, no external service unless a test starts one."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from config.settings import base as _base
from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = False
SECRET_KEY = "test-secret-key-not-used-anywhere-else-0123456789abcdef"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# Tests that are about tasks start their own worker; everything else runs tasks in-process.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
# Celery reads this variable before its own configuration: left in the environment (CI exports
# it), it would send the test process's tasks to that broker instead of the tests' own one.
os.environ.pop("CELERY_BROKER_URL", None)
TEST_REDIS_URL = env.str("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
MASP_ENFORCE_MFA = False
WHITENOISE_AUTOREFRESH = True  # no collectstatic in tests
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than memory, so that the Celery worker started by the worker test (another
    # process) opens the same test database.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    # MASP_TEST_DB lets two test runs share a checkout without sharing a database file.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": env.str("MASP_TEST_DB", default=str(BASE_DIR / "var" / "test-db.sqlite3"))  # noqa: F405
    }
# Uploaded and generated files of a test run go to a throw-away directory, never to
# var/private; worker processes started by the tests inherit it through the environment.
if not os.environ.get("MASP_TEST_PRIVATE_ROOT"):
    os.environ["MASP_TEST_PRIVATE_ROOT"] = tempfile.mkdtemp(prefix="masp-test-private-")
    atexit.register(shutil.rmtree, os.environ["MASP_TEST_PRIVATE_ROOT"], ignore_errors=True)
PRIVATE_MEDIA_ROOT = Path(os.environ["MASP_TEST_PRIVATE_ROOT"])
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}


class UnknownTemplateVariable(BaseException):
    # Not an Exception: no `except Exception` on the way (a job's failure handler, a view's
    # fallback) can turn a template typo into a quiet status.
    pass


PROJECT_TEMPLATES = f"{BASE_DIR / 'templates'}{os.sep}"  # noqa: F405


def _template_being_rendered() -> str:
    """The file of the innermost template node being rendered ("" for a string template)."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "render_annotated":
            origin = getattr(frame.f_locals.get("self"), "origin", None)
            return str(getattr(origin, "name", ""))
        frame = frame.f_back  # type: ignore[assignment]
    return ""


class StrictTemplateVariables(str):
    """`string_if_invalid`: an unknown variable in one of the project's templates raises.
    Third-party templates (the admin's, django-dsfr's, allauth's) rely on unknown variables
    being empty: for them it is falsy, so Django renders "" and applies the filters as usual."""

    def __bool__(self) -> bool:
        return _template_being_rendered().startswith(PROJECT_TEMPLATES)

    def __contains__(self, key: object) -> bool:
        return key == "%s"

    def __mod__(self, name: object) -> str:
        template = _template_being_rendered()
        if template.startswith(PROJECT_TEMPLATES):
            raise UnknownTemplateVariable(f"{name!r} is unknown in {template}")
        return ""  # {% blocktranslate %} of a third-party template


_ENGINE: dict[str, Any] = _base.TEMPLATES[0]
_OPTIONS = {**_ENGINE["OPTIONS"], "string_if_invalid": StrictTemplateVariables()}
TEMPLATES = [{**_ENGINE, "OPTIONS": _OPTIONS}]
