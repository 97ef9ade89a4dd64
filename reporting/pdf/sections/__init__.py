"""The registry of report sections: every module of this package that defines `ORDER` is one.

A section module defines `KEY`, `TITLE`, `TEMPLATE`, `ORDER`, `KINDS` (the report kinds it
appears in), `gather(context) -> dict` and, optionally, `IN_TOC = False` and
`alerts(context) -> list[Alert]` (collected by the alerts section), `title(context) -> str`
(a title that depends on the report) and `applies(context) -> bool` (a section shown only
when the report asks for it, such as a siting scenario). A module with `SUMMARY = True` (the
summary for decision makers) is gathered after the others, from what they gathered:
`gather(context, earlier)`, `earlier` mapping each other section's key to its data; it is still
shown in the place its `ORDER` gives it. Adding a section is one module here plus one template
under `templates/reporting/pdf/sections/`; the machinery does not change.
"""

from __future__ import annotations

import pkgutil
from dataclasses import replace
from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Any

from reporting.pdf.sections.base import Alert, GatheredSection, ReportContext

__all__ = [
    "Alert",
    "GatheredSection",
    "ReportContext",
    "alerts_for",
    "gather",
    "gather_section",
    "sections_for",
]


@cache
def all_sections() -> tuple[ModuleType, ...]:
    modules = [
        import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if info.name != "base" and not info.name.startswith("_")
    ]
    return tuple(sorted((m for m in modules if hasattr(m, "ORDER")), key=lambda m: m.ORDER))


def sections_for(kind: str) -> list[ModuleType]:
    return [module for module in all_sections() if kind in module.KINDS]


def alerts_for(context: ReportContext) -> list[Alert]:
    """Alerts raised by every section of the report's kind, errors first."""
    found = [
        alert
        for module in sections_for(context.kind)
        if hasattr(module, "alerts")
        for alert in module.alerts(context)
    ]
    return sorted(found, key=lambda alert: (alert.level != "error", alert.subject))


def gather_section(
    module: ModuleType, context: ReportContext, earlier: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """One section's data; a summary also reads the data of the sections gathered before it."""
    if getattr(module, "SUMMARY", False):
        return module.gather(context, earlier)
    return module.gather(context)


def gather(context: ReportContext) -> list[GatheredSection]:
    context = replace(context)  # a fresh cache of shared reads
    modules = [
        module
        for module in sections_for(context.kind)
        if not hasattr(module, "applies") or module.applies(context)
    ]
    found: dict[str, dict[str, Any]] = {}
    # Summaries last (a stable sort keeps the others in their order), shown in their place.
    for module in sorted(modules, key=lambda module: getattr(module, "SUMMARY", False)):
        found[module.KEY] = gather_section(module, context, found)
    return [
        GatheredSection(
            key=module.KEY,
            title=module.title(context) if hasattr(module, "title") else str(module.TITLE),
            template=module.TEMPLATE,
            in_toc=getattr(module, "IN_TOC", True),
            data=found[module.KEY],
        )
        for module in modules
    ]
