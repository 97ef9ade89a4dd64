"""The registry of report sections: every module of this package that defines `ORDER` is one.

A section module defines `KEY`, `TITLE`, `TEMPLATE`, `ORDER`, `KINDS` (the report kinds it
appears in), `gather(context) -> dict` and, optionally, `IN_TOC = False` and
`alerts(context) -> list[Alert]` (collected by the alerts section), `title(context) -> str`
(a title that depends on the report) and `applies(context) -> bool` (a section shown only
when the report asks for it, such as a siting scenario). Adding a section is one module here
plus one template under `templates/reporting/pdf/sections/`; the machinery does not change.
"""

from __future__ import annotations

import pkgutil
from dataclasses import replace
from functools import cache
from importlib import import_module
from types import ModuleType

from reporting.pdf.sections.base import Alert, GatheredSection, ReportContext

__all__ = ["Alert", "GatheredSection", "ReportContext", "alerts_for", "gather", "sections_for"]


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


def gather(context: ReportContext) -> list[GatheredSection]:
    context = replace(context)  # a fresh cache of shared reads
    return [
        GatheredSection(
            key=module.KEY,
            title=module.title(context) if hasattr(module, "title") else str(module.TITLE),
            template=module.TEMPLATE,
            in_toc=getattr(module, "IN_TOC", True),
            data=module.gather(context),
        )
        for module in sections_for(context.kind)
        if not hasattr(module, "applies") or module.applies(context)
    ]
