"""Who may ask for which report. Reading reports is `ReportRequest.objects.visible_to(user)`."""

from __future__ import annotations

from typing import Any

from accounts.scopes import scope_for
from masp.models import Site
from reporting.enums import ReportKind
from territories.models import Region


def can_request_report(
    user: Any, *, kind: str, site: Site | None = None, region: Region | None = None
) -> bool:
    """National roles ask for any report; an ARS agent for their region and its houses; a
    coordinator for the site report of their own house."""
    scope = scope_for(user)
    if scope.is_national:
        return True
    if kind == ReportKind.SITE and site is not None:
        return site.department.region_id in scope.region_codes or site.pk in scope.site_ids
    if kind == ReportKind.REGION and region is not None:
        return region.pk in scope.region_codes
    return False


def can_request_reports(user: Any) -> bool:
    """Shows the request form: anyone with a role may ask for some report."""
    return not scope_for(user).is_empty


def can_give_opinion(user: Any) -> bool:
    """The "Avis de l'ARS" of a report: typed by an ARS agent or a national role, never by a
    house's coordinator (it speaks for the authority)."""
    scope = scope_for(user)
    return scope.is_national or bool(scope.region_codes)
