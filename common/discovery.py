"""Find a named module (`reference_data`, `demo_data`) in every installed app, in the order the
apps declare, so commands can reach higher apps without lower apps importing them."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> Iterator[ModuleType]:
    """Yield `<app>.<name>` for each installed app that has one, sorted by its ORDER
    (default 100), then by app order."""
    found: list[tuple[int, int, ModuleType]] = []
    for index, config in enumerate(apps.get_app_configs()):
        dotted = f"{config.name}.{name}"
        if find_spec(dotted) is None:
            continue
        module = import_module(dotted)
        found.append((getattr(module, "ORDER", 100), index, module))
    for _order, _index, module in sorted(found, key=lambda item: item[:2]):
        yield module
