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


def convention_in_force(site: Site, year: int, kind: str) -> Decimal:
    """100 when a convention with a partner of `kind` is in force at the end of the year."""
    in_force = Convention.objects.in_force(year_end(year)).filter(site=site, partner__kind=kind)
    return Decimal(100) if in_force.exists() else Decimal(0)


def emsp_convention(site: Site, year: int) -> Decimal:
    return convention_in_force(site, year, OrganisationKind.EMSP)


def had_convention(site: Site, year: int) -> Decimal:
    return convention_in_force(site, year, OrganisationKind.HAD)


register(Indicator("emsp_convention", _("convention signée avec une EMSP"), emsp_convention))
register(Indicator("had_convention", _("convention signée avec une HAD"), had_convention))
