"""The EMSP convention indicator of the funding scheme, registered here because it reads the
partners app and funding may not import it (funding and partners are siblings; reporting sits
above both). Imported from `ReportingConfig.ready()`."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from funding.indicators import Indicator, register, year_end
from masp.models import Site
from partners.enums import OrganisationKind
from partners.models import Convention


def emsp_convention(site: Site, year: int) -> Decimal:
    """100 when a convention with an EMSP is in force at the end of the year, else 0."""
    in_force = Convention.objects.in_force(year_end(year)).filter(
        site=site, partner__kind=OrganisationKind.EMSP
    )
    return Decimal(100) if in_force.exists() else Decimal(0)


register(Indicator("emsp_convention", _("convention signée avec une EMSP"), emsp_convention))
