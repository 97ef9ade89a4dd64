"""Identity of the houses: name, FINESS, commune, département, capacity, status, dates."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from masp.models import CAPACITY_NORM_MAX, CAPACITY_NORM_MIN, Site
from masp.sites.enums import SiteStatus
from reporting.enums import ReportKind
from reporting.pdf.sections.base import Alert, ReportContext

KEY = "houses"
TITLE = _("Les maisons")
TEMPLATE = "reporting/pdf/sections/houses.html"
ORDER = 10
KINDS = frozenset(ReportKind.values)


def title(context: ReportContext) -> str:
    return str(_("La maison") if context.kind == ReportKind.SITE else TITLE)


def identity(site: Site) -> dict[str, Any]:
    return {
        "name": site.name,
        "finess_et": site.finess_et,
        "finess_ej": site.finess_ej,
        "manager": site.manager_name,
        "legal_status": site.get_manager_legal_status_display(),
        "address": site.address,
        "postcode": site.postcode,
        "commune": site.commune,
        "department": f"{site.department.name} ({site.department_id})",
        "region": site.department.region.name,
        "capacity": site.capacity,
        "capacity_outside_norm": site.capacity_outside_norm,
        "status": site.status,
        "status_label": site.get_status_display(),
        "authorised_on": site.authorised_on,
        "opened_on": site.opened_on,
        "closed_on": site.closed_on,
    }


def gather(context: ReportContext) -> dict[str, Any]:
    houses = [identity(site) for site in context.sites()]
    return {
        "houses": houses,
        "single": context.kind == ReportKind.SITE,
        "by_region": context.kind == ReportKind.NATIONAL,
        "open": sum(1 for house in houses if house["status"] == SiteStatus.OPEN),
        "places": sum(h["capacity"] for h in houses if h["status"] == SiteStatus.OPEN),
        "norm_min": CAPACITY_NORM_MIN,
        "norm_max": CAPACITY_NORM_MAX,
    }


def alerts(context: ReportContext) -> list[Alert]:
    found = []
    for site in context.sites():
        if site.capacity_outside_norm and site.status != SiteStatus.CLOSED:
            found.append(
                Alert(
                    level="warning",
                    subject=site.name,
                    message=str(
                        _(
                            "Capacité de %(capacity)s places, hors de la fourchette du cahier "
                            "des charges (%(min)s à %(max)s places)."
                        )
                        % {
                            "capacity": site.capacity,
                            "min": CAPACITY_NORM_MIN,
                            "max": CAPACITY_NORM_MAX,
                        }
                    ),
                )
            )
        if site.status == SiteStatus.SUSPENDED:
            found.append(
                Alert(level="error", subject=site.name, message=str(_("Activité suspendue.")))
            )
    return found
