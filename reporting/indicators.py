"""The convention indicators of the funding scheme (EMSP, HAD), registered here because they
read the partners app and funding may not import it (funding and partners are siblings;
reporting sits above both). Imported from `ReportingConfig.ready()`."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from funding.indicators import Indicator, register, year_end
from masp.models import Site
from partners.enums import OrganisationKind
from partners.models import Convention


def kinds_in_force(site: Site, year: int) -> frozenset[str]:
    """The kinds of the partners with a convention in force at the end of the year: one
    query for both indicators (they share this loader in the simulation)."""
    in_force = Convention.objects.in_force(year_end(year)).filter(site=site)
    return frozenset(in_force.values_list("partner__kind", flat=True).distinct())


def convention_indicator(code: str, label: object, kind: str) -> Indicator:
    """100 when a convention with a partner of `kind` is in force at the end of the year."""

    def from_kinds(kinds: frozenset[str], year: int) -> Decimal:
        return Decimal(100) if kind in kinds else Decimal(0)

    return Indicator(
        code,
        label,
        lambda site, year: from_kinds(kinds_in_force(site, year), year),
        loader=kinds_in_force,
        from_loaded=from_kinds,
    )


EMSP_LABEL, HAD_LABEL = _("convention signée avec une EMSP"), _("convention signée avec une HAD")
register(convention_indicator("emsp_convention", EMSP_LABEL, OrganisationKind.EMSP))
register(convention_indicator("had_convention", HAD_LABEL, OrganisationKind.HAD))
