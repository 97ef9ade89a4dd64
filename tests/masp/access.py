from __future__ import annotations

from typing import Any

from masp.activity.enums import ReportStatus
from tests.access import API_LOGGED_IN, LOGGED_IN, PUBLIC, Route, house_a, house_c, statuses
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

# Reports: everyone in scope reads; the coordinator of house A writes; the ARS agent of region
# A reviews; a persona in scope with the wrong role gets 403, out of scope 404.
API_READ = statuses(200, anonymous=401, coordinator_b=404, ars_other=404)
PAGE_READ = statuses(200, anonymous=302, coordinator_b=404, ars_other=404)


def _report(house: str, status: str) -> Any:
    """Arguments naming one report per test (the matrix calls `args` once per persona)."""

    def build(world: World) -> list[Any]:
        key = f"_report_{house}"
        if not hasattr(world, key):
            setattr(world, key, filled_report(getattr(world, house), status=status))
        return [getattr(world, key).pk]

    return build


def report(status: str) -> Any:
    return _report("site_a", status)


def report_c(status: str) -> Any:
    return _report("site_c", status)


def coordinator_only(code: int = 200) -> dict[str, int]:
    return statuses(403, anonymous=401, coordinator_a=code, coordinator_b=404, ars_other=404)


def reviewer_only(code: int = 200) -> dict[str, int]:
    return statuses(403, anonymous=401, ars_a=code, coordinator_b=404, ars_other=404)


def new_report(world: World) -> dict[str, Any]:
    return {"site": world.site_a.pk, "campaign": CampaignFactory(month=5).pk, "admissions": 3}


ROUTES = [
    Route("masp:home", PUBLIC),
    Route("masp:site_list", LOGGED_IN),
    Route(
        "masp:site_detail",
        statuses(200, anonymous=302, coordinator_b=404, ars_other=404),
        args=house_a,
        outside=house_c,
    ),
    # Coverage aggregates are public figures; the houses listed on a region page follow the scope.
    Route("masp:coverage", LOGGED_IN),
    Route("masp:coverage_region", LOGGED_IN, args=lambda world: ["32"]),
    Route("masp:directory", PUBLIC),
    Route("api-territories-departments", API_LOGGED_IN),
    Route("api-territories-regions", API_LOGGED_IN),
    Route("api-public-departments", PUBLIC),
]

# Staffing: ARS agents and analysts read, only the house's coordinator declares.
HOUSE_READERS = statuses(200, anonymous=302, coordinator_b=404, ars_other=404)
DECLARER_ONLY = statuses(403, anonymous=302, coordinator_a=200, coordinator_b=404, ars_other=404)


def region_a(world: World) -> list[Any]:
    return [world.site_a.department.region_id]


def region_c(world: World) -> list[Any]:
    return [world.site_c.department.region_id]


def declaration_payload(world: World) -> dict[str, Any]:
    return {"lines": [{"role": "infirmier", "fte_funded": "2", "fte_filled": "2"}]}


ROUTES += [
    Route("masp:staffing_detail", HOUSE_READERS, args=house_a, outside=house_c),
    Route("masp:staffing_history", HOUSE_READERS, args=house_a, outside=house_c),
    Route("masp:staffing_declare", DECLARER_ONLY, args=house_a, outside=house_c),
    Route("masp:staffing_overview", LOGGED_IN),
    Route(
        "masp:staffing_region",
        statuses(200, anonymous=302, ars_other=404),
        args=region_a,
        outside=region_c,
    ),
    Route(
        "api_site_staffing",
        statuses(200, anonymous=401, coordinator_b=404, ars_other=404),
        args=house_a,
        outside=house_c,
    ),
    Route(
        "api_site_staffing",
        statuses(403, anonymous=401, coordinator_a=201, coordinator_b=404, ars_other=404),
        args=house_a,
        outside=house_c,
        method="post",
        as_json=True,
        data=declaration_payload,
    ),
]

ROUTES += [
    # API
    Route("campaign-list", API_LOGGED_IN),
    Route("campaign-detail", API_LOGGED_IN, args=lambda world: [CampaignFactory(month=2).pk]),
    Route(
        "campaign-create-year",
        statuses(403, anonymous=401, national_admin=201),
        method="post",
        data=lambda world: {"year": 2030},
    ),
    Route("activity-report-list", API_LOGGED_IN),
    Route(
        "activity-report-list",
        # Another house's site is not a valid choice (400); in scope without the role: 403.
        statuses(403, anonymous=401, coordinator_a=201, coordinator_b=400, ars_other=400),
        method="post",
        data=new_report,
    ),
    Route(
        "activity-report-detail",
        API_READ,
        args=report(ReportStatus.DRAFT),
        outside=report_c(ReportStatus.DRAFT),
    ),
    Route(
        "activity-report-detail",
        coordinator_only(),
        method="patch",
        as_json=True,
        args=report(ReportStatus.DRAFT),
        outside=report_c(ReportStatus.DRAFT),
        data=lambda world: {"version": 1, "admissions_from_other": 0},
    ),
    Route(
        "activity-report-submit",
        coordinator_only(),
        method="post",
        args=report(ReportStatus.DRAFT),
        outside=report_c(ReportStatus.DRAFT),
    ),
    Route(
        "activity-report-return",
        reviewer_only(),
        method="post",
        args=report(ReportStatus.SUBMITTED),
        outside=report_c(ReportStatus.SUBMITTED),
        data=lambda world: {"comment": "Vérifiez les sorties."},
    ),
    Route(
        "activity-report-validate",
        reviewer_only(),
        method="post",
        args=report(ReportStatus.SUBMITTED),
        outside=report_c(ReportStatus.SUBMITTED),
    ),
    Route(
        "activity-report-reopen",
        reviewer_only(),
        method="post",
        args=report(ReportStatus.VALIDATED),
        outside=report_c(ReportStatus.VALIDATED),
        data=lambda world: {"comment": "Erreur sur les décès."},
    ),
]

PAGE_COORDINATOR = statuses(403, anonymous=302, coordinator_a=200, coordinator_b=404, ars_other=404)


def start_args(house: str) -> Any:
    return lambda world: [getattr(world, house).pk, CampaignFactory(month=1).pk]


ROUTES += [
    Route("masp:my_reports", LOGGED_IN),
    Route("masp:review_queue", LOGGED_IN),
    Route("masp:report_dashboard", LOGGED_IN),
    Route("masp:report_import", LOGGED_IN),
    Route("masp:report_import_template", LOGGED_IN),
    Route("masp:campaign_list", LOGGED_IN),
    Route(
        "masp:campaign_list",
        statuses(403, anonymous=302, national_admin=200),  # an empty form is shown again
        method="post",
    ),
    Route(
        "masp:review_validate",
        statuses(302),  # nothing ticked: back to the queue with a message
        method="post",
    ),
    Route("masp:review_validate", statuses(302)),  # the same before confirming (GET)
    Route(
        # The review page: the region's ARS agents, and national administrators who read it.
        "masp:report_review",
        statuses(
            403, anonymous=302, ars_a=200, national_admin=200, coordinator_b=404, ars_other=404
        ),
        args=report(ReportStatus.SUBMITTED),
        outside=report_c(ReportStatus.SUBMITTED),
    ),
    Route(
        # The decision panel: only the region's ARS agents (no decision posted: the page again)
        "masp:review_decide",
        statuses(403, anonymous=302, ars_a=200, coordinator_b=404, ars_other=404),
        method="post",
        args=report(ReportStatus.SUBMITTED),
        outside=report_c(ReportStatus.SUBMITTED),
    ),
    Route(
        "masp:report_start",
        statuses(403, anonymous=302, coordinator_a=302, coordinator_b=404, ars_other=404),
        method="post",
        args=start_args("site_a"),
        outside=start_args("site_c"),
    ),
    Route(
        "masp:report_detail",
        PAGE_READ,
        args=report(ReportStatus.SUBMITTED),
        outside=report_c(ReportStatus.SUBMITTED),
    ),
    Route(
        "masp:report_history",
        PAGE_READ,
        args=report(ReportStatus.SUBMITTED),
        outside=report_c(ReportStatus.SUBMITTED),
    ),
    Route(
        "masp:report_edit",
        PAGE_COORDINATOR,
        args=report(ReportStatus.DRAFT),
        outside=report_c(ReportStatus.DRAFT),
    ),
    Route(
        "masp:report_transition",
        statuses(403, anonymous=302, coordinator_a=302, coordinator_b=404, ars_other=404),
        method="post",
        args=lambda world: [*report(ReportStatus.DRAFT)(world), "submit"],
        outside=lambda world: [*report_c(ReportStatus.DRAFT)(world), "submit"],
    ),
    Route(
        "masp:report_transition",
        statuses(403, anonymous=302, ars_a=302, coordinator_b=404, ars_other=404),
        method="post",
        args=lambda world: [*report(ReportStatus.SUBMITTED)(world), "validate"],
        outside=lambda world: [*report_c(ReportStatus.SUBMITTED)(world), "validate"],
    ),
]

# Siting advisor: national roles on any region or France, ARS agents on their regions, no
# coordinator (403); a region outside the scope, or a scenario of it, is a 404.
SITING_PAGE = statuses(200, anonymous=302, coordinator_a=403, coordinator_b=403)
SITING_RUN = "scope=32&radius_km=30&k=1&existing=open&candidates=all&method=greedy"
SCENARIO_READ = statuses(200, anonymous=302, coordinator_a=404, coordinator_b=404, ars_other=404)


def siting_scenario(region: str) -> Any:
    def build(world: World) -> list[Any]:
        from tests.masp.coverage.siting.factories import scenario

        key = f"_scenario_{region}"
        if not hasattr(world, key):
            setattr(world, key, scenario(region))
        return [getattr(world, key).pk]

    return build


def siting_save(world: World) -> dict[str, Any]:
    return {
        "name": "Trois maisons",
        "scope": "32",
        "radius_km": "30",
        "k": "1",
        "existing": ["open"],
        "candidates": "all",
        "method": "greedy",
    }


ROUTES += [
    Route("masp:siting", SITING_PAGE),
    Route("masp:siting", {**SITING_PAGE, "ars_other": 404}, query=SITING_RUN),
    Route(
        "masp:siting_export",
        {**SITING_PAGE, "ars_other": 404},
        args=lambda world: ["csv"],
        query=SITING_RUN,
    ),
    Route("masp:siting_scenarios", SITING_PAGE),
    Route(
        "masp:siting_scenarios",
        statuses(302, coordinator_a=403, coordinator_b=403, ars_other=404, analyst=403),
        method="post",
        data=siting_save,
    ),
    Route("masp:siting_compare", SITING_PAGE),
    Route(
        "masp:siting_scenario",
        SCENARIO_READ,
        args=siting_scenario("32"),
        outside=siting_scenario("53"),
    ),
    Route(
        "masp:siting_scenario_export",
        SCENARIO_READ,
        args=lambda world: [*siting_scenario("32")(world), "xlsx"],
        outside=lambda world: [*siting_scenario("53")(world), "xlsx"],
    ),
    Route(
        "api-siting",
        statuses(200, anonymous=401, coordinator_a=403, coordinator_b=403, ars_other=404),
        method="post",
        as_json=True,
        data=lambda world: {"scope": "32", "radius_km": 30, "k": 1},
    ),
]
