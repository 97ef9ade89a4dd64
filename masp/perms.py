"""Predicates on houses. Reading is `Site.objects.visible_to(user)`; these say who may act."""

from __future__ import annotations

from typing import Any

from accounts.scopes import Scope, scope_for
from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, Site


def can_edit_site(user: Any, site: Site) -> bool:
    """The coordinator of the house, or a national administrator."""
    scope = scope_for(user)
    return scope.is_national_admin or site.pk in scope.site_ids


def can_review_reports(user: Any, site: Site) -> bool:
    """The ARS agents of the house's region review its reports."""
    return site.department.region_id in scope_for(user).region_codes


def is_ars_agent_of(user: Any, region_code: str) -> bool:
    return region_code in scope_for(user).region_codes


def can_export(user: Any) -> bool:
    """Anyone with a role exports within their scope; the scope does the filtering."""
    return not scope_for(user).is_empty


def can_declare_staffing(user: Any, site: Site) -> bool:
    """Only the house's coordinator declares its team (ARS agents and analysts read it)."""
    return site.pk in scope_for(user).site_ids


def can_see_region(user: Any, region_code: str) -> bool:
    """A regional page is reachable by national roles, the region's ARS agents and the
    coordinators of a house there (who then see only their own house)."""
    scope = scope_for(user)
    return (
        scope.is_national
        or region_code in scope.region_codes
        or region_code in scope.coordinated_region_codes
    )


def can_follow_reports(user: Any, site: Site) -> bool:
    """Reads a house's reports at every stage (drafts, returned reports, justifications,
    comments, history): its coordinator, its region's ARS agents, national administrators.
    Analysts read only the validated figures and the status of the others (the object form
    of `masp.activity.models.followed_filter`)."""
    return follows_house_reports(scope_for(user), site.pk, site.department.region_id)


def follows_house_reports(scope: Scope, site_id: int, region_code: str) -> bool:
    """`can_follow_reports` for a house known by its key and its region's code: what a list
    written from rows of values (the activity-reports API) decides on."""
    return scope.is_national_admin or site_id in scope.site_ids or region_code in scope.region_codes


def follows_reports(user: Any) -> bool:
    """Follows the reports of at least one house (`can_follow_reports`): not an analyst only."""
    scope = scope_for(user)
    return scope.is_national_admin or bool(scope.site_ids or scope.region_codes)


def can_read_report_figures(user: Any, report: ActivityReport) -> bool:
    """The figures, indicators, rule alerts and justification of a report in scope."""
    return report.status == ReportStatus.VALIDATED or can_follow_reports(user, report.site)


def reads_report_figures(scope: Scope, status: str, site_id: int, region_code: str) -> bool:
    """`can_read_report_figures` for a report known by its status, its house's key and its
    region's code (rows of values)."""
    return status == ReportStatus.VALIDATED or follows_house_reports(scope, site_id, region_code)


def can_file_report(user: Any, site: Site) -> bool:
    """Only the coordinator of the house fills in and submits its activity reports."""
    return site.pk in scope_for(user).site_ids


def can_manage_campaigns(user: Any) -> bool:
    return scope_for(user).is_national_admin


def can_use_siting(user: Any) -> bool:
    """The siting advisor is for national roles and ARS agents (not coordinators)."""
    scope = scope_for(user)
    return scope.is_national or bool(scope.region_codes)


def can_run_siting(user: Any, scope_code: str) -> bool:
    """National roles run it on any region or France ("FR"), ARS agents on their regions."""
    scope = scope_for(user)
    return scope.is_national or scope_code in scope.region_codes


def can_save_siting(user: Any, scope_code: str) -> bool:
    """Saving a scenario is work of the ARS agents (their regions) and of the national
    administrators; analysts read."""
    scope = scope_for(user)
    return scope.is_national_admin or scope_code in scope.region_codes
