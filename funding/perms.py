"""Who may act on funding. Reading is `visible_to(user)`; these say who may write."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accounts.scopes import scope_for
from funding.models import FundingLine
from masp.models import Site


def can_manage_region_funding(user: Any, region_code: str) -> bool:
    """The region's ARS agents manage its envelopes and its houses' funding lines."""
    return region_code in scope_for(user).region_codes


def can_manage_site_funding(user: Any, site: Site) -> bool:
    return can_manage_region_funding(user, site.department.region_id)


def can_declare_spent(user: Any, line: FundingLine) -> bool:
    """The house's coordinator, for a year that is over."""
    return line.site_id in scope_for(user).site_ids and line.year < timezone.localdate().year
