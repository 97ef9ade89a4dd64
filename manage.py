#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

from __future__ import annotations

import atexit
import gc
import os
import sys


def main() -> None:
    # Registered first, so run last: at exit, the objects still alive (Django's, a command's)
    # are set aside from the collector. The interpreter's teardown otherwise walks all of them
    # several times (a quarter of a second of every command); their memory is freed all the
    # same, and the objects in cycles were never sure to be finalised at exit.
    atexit.register(gc.freeze)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
