"""Conventions with partners: each house's conformity (required partner kinds without a
convention in force) and the conventions that expire within the warning window."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from masp.sites.enums import SiteStatus
from partners.conformity import conformity_of_sites, expiring, required_kinds
from partners.enums import OrganisationKind
from partners.models import Convention
from reporting.enums import ReportKind
from reporting.pdf.sections.base import Alert, ReportContext

KEY = "conventions"
TITLE = gettext_lazy("Conventions avec les partenaires")
TEMPLATE = "reporting/pdf/sections/conventions.html"
ORDER = 60
KINDS = frozenset(ReportKind.values)


def read(context: ReportContext) -> dict[str, Any]:
    """Four queries whatever the number of houses, shared with the alerts."""

    def compute() -> dict[str, Any]:
        today = timezone.localdate()
        sites = context.site_list()
        conventions = context.of_sites(Convention.objects.all())
        return {
            "required": required_kinds(),
            "conformity": conformity_of_sites(sites, today=today),
            "in_force": Counter(
                conventions.in_force(today).values_list("site_id", flat=True).order_by()
            ),
            "expiring": [
                {
                    "site": convention.site.name,
                    "partner": convention.partner.name,
                    "kind": convention.partner.get_kind_display(),
                    "subject": convention.get_subject_display(),
                    "valid_until": convention.valid_until,
                }
                for convention in expiring(conventions, today=today)
            ],
        }

    return context.memo("conventions", compute)


def gather(context: ReportContext) -> dict[str, Any]:
    found = read(context)
    houses = []
    for site in context.site_list():
        if site.status in (SiteStatus.PROJECT, SiteStatus.CLOSED):
            continue
        conformity = found["conformity"][site.pk]
        houses.append(
            {
                "name": site.name,
                "applies": conformity.applies,
                "conform": conformity.is_conform,
                "missing": conformity.missing_labels,
                "in_force": found["in_force"][site.pk],
            }
        )
    return {
        "required": [str(OrganisationKind(kind).label) for kind in found["required"]],
        "houses": houses,
        "non_conform": sum(1 for h in houses if h["applies"] and not h["conform"]),
        "expiring": found["expiring"],
        "window": settings.PARTNERS_EXPIRY_WARNING_DAYS,
    }


def alerts(context: ReportContext) -> list[Alert]:
    found = read(context)
    result = [
        Alert(
            level="error",
            subject=site.name,
            message=_("Convention exigée manquante : %(kinds)s.")
            % {"kinds": ", ".join(found["conformity"][site.pk].missing_labels)},
        )
        for site in context.site_list()
        if site.status == SiteStatus.OPEN and not found["conformity"][site.pk].is_conform
    ]
    result += [
        Alert(
            level="warning",
            subject=item["site"],
            message=_("La convention avec %(partner)s expire le %(date)s.")
            % {"partner": item["partner"], "date": item["valid_until"].strftime("%d/%m/%Y")},
        )
        for item in found["expiring"]
    ]
    return result
