"""Staffing compliance: each house's latest declaration against the norm set in force, its
overall status (conforme, avertissement, écart, non évaluable) and the rules in gap or warning
with the engine's French messages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from masp.sites.enums import SiteStatus
from masp.staffing.enums import ComplianceStatus
from masp.staffing.queries import Context, HouseRow, house_rows, region_rows
from reporting.enums import ReportKind
from reporting.pdf.sections.base import Alert, ReportContext

KEY = "staffing"
TITLE = gettext_lazy("Effectifs et conformité au cahier des charges")
TEMPLATE = "reporting/pdf/sections/staffing.html"
ORDER = 50
KINDS = frozenset(ReportKind.values)

# Houses held to the staffing norms (a project has no team yet; a closed house none left).
STAFFED = [SiteStatus.AUTHORISED, SiteStatus.OPEN, SiteStatus.SUSPENDED]


def rows(context: ReportContext) -> tuple[Context, list[HouseRow]]:
    def read() -> tuple[Context, list[HouseRow]]:
        norms = Context.cached()
        return norms, house_rows(context.sites().filter(status__in=STAFFED), norms)

    return context.memo("staffing", read)


def house(row: HouseRow) -> dict[str, Any]:
    results = row.compliance.results if row.compliance else ()
    return {
        "name": row.site.name,
        "region": row.site.department.region.name,
        "capacity": row.site.capacity,
        "declared_on": row.declared_on,
        "status": row.status,
        "status_label": str(ComplianceStatus(row.status).label),
        "rules": len(results),
        "compliant": sum(1 for r in results if r.status == ComplianceStatus.COMPLIANT),
        "gaps": [
            {
                "subject": gap.subject,
                "summary": gap.summary,
                "message": gap.message,
                "status": gap.status,
                "status_label": gap.status_label,
            }
            for gap in (row.compliance.problems if row.compliance else [])
        ],
    }


def gather(context: ReportContext) -> dict[str, Any]:
    norms, found = rows(context)
    houses = [house(row) for row in found]
    data: dict[str, Any] = {
        "norm_set": str(norms.norm_set) if norms.norm_set else "",
        "houses": houses,
        "counts": {
            status: sum(1 for h in houses if h["status"] == status)
            for status in ComplianceStatus.values
        },
    }
    if context.kind == ReportKind.NATIONAL:
        data["regions"] = [
            {
                "name": region.name,
                "houses": region.houses,
                "declared": region.declared,
                "compliant": region.compliant,
                "gap": region.gap,
                "warning": region.warning,
                "not_evaluable": region.not_evaluable,
            }
            for region in region_rows(found)
        ]
    return data


def alerts(context: ReportContext) -> list[Alert]:
    found = []
    for row in rows(context)[1]:
        if row.site.status != SiteStatus.OPEN:
            continue
        if row.declaration is None:
            found.append(
                Alert(
                    level="warning",
                    subject=row.site.name,
                    message=_("Aucune déclaration d'effectifs : conformité non évaluable."),
                )
            )
        elif row.status == ComplianceStatus.GAP and row.compliance:
            subjects = ", ".join(gap.subject for gap in row.compliance.gaps)
            found.append(
                Alert(
                    level="error",
                    subject=row.site.name,
                    message=_("Effectifs non conformes au cahier des charges : %(rules)s.")
                    % {"rules": subjects},
                )
            )
        elif row.status == ComplianceStatus.WARNING and row.compliance:
            subjects = ", ".join(warning.subject for warning in row.compliance.warnings)
            found.append(
                Alert(
                    level="warning",
                    subject=row.site.name,
                    message=_(
                        "Planning de présence que les ETP déclarés ne peuvent pas tenir : "
                        "%(rules)s."
                    )
                    % {"rules": subjects},
                )
            )
    return found
