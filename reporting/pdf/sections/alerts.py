"""Alerts: every section may raise some (`alerts(context)`); they are listed together here."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext_lazy as _

from reporting.enums import ReportKind
from reporting.pdf.sections.base import ReportContext

KEY = "alerts"
TITLE = _("Alertes")
TEMPLATE = "reporting/pdf/sections/alerts.html"
# Last: the alerts sum up the sections before them.
ORDER = 1000
KINDS = frozenset(ReportKind.values)


def gather(context: ReportContext) -> dict[str, Any]:
    # Imported here: the registry imports this module.
    from reporting.pdf.sections import alerts_for

    found = [asdict(alert) for alert in alerts_for(context)]
    return {
        "alerts": found,
        "groups": grouped(found),
        "errors": sum(1 for alert in found if alert["level"] == "error"),
        "warnings": sum(1 for alert in found if alert["level"] == "warning"),
    }


def grouped(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One block per subject (a house), the subjects with an error first, in the order found."""
    groups: dict[str, dict[str, Any]] = {}
    for alert in found:
        group = groups.setdefault(alert["subject"], {"subject": alert["subject"], "items": []})
        group["items"].append(alert)
    for group in groups.values():
        levels = {item["level"] for item in group["items"]}
        group["level"] = "error" if "error" in levels else "warning"
    return sorted(groups.values(), key=lambda group: (group["level"] != "error", group["subject"]))
