"""Cover page: what the report is about (the table of contents follows it)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from masp.models import Experimentation
from reporting.enums import ReportKind
from reporting.pdf.sections.base import ReportContext

KEY = "cover"
TITLE = _("Couverture")
TEMPLATE = "reporting/pdf/sections/cover.html"
ORDER = 0
KINDS = frozenset(ReportKind.values)
IN_TOC = False

TITLES = {
    ReportKind.SITE: _("Rapport de maison"),
    ReportKind.REGION: _("Revue semestrielle régionale"),
    ReportKind.NATIONAL: _("Synthèse nationale"),
}


def gather(context: ReportContext) -> dict[str, Any]:
    experimentation = Experimentation.objects.first()
    authority = "Ministère chargé de la santé"
    if context.region is not None:
        authority = context.region.ars_name
    elif context.site is not None:
        authority = context.site.department.region.ars_name
    return {
        "title": str(TITLES[ReportKind(context.kind)]),
        "scope": context.scope_label,
        "authority": authority,
        "experimentation": experimentation.name if experimentation else "",
        "period_start": context.period_start,
        "period_end": context.period_end,
    }
