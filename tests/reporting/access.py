from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from reporting.models import ExportRequest, ReportRequest
from tests.access import API_LOGGED_IN, LOGGED_IN, PUBLIC, Route, statuses
from tests.personas import World
from tests.reporting.factories import ReportRequestFactory


def report_of(site: Any) -> list[int]:
    report: ReportRequest = ReportRequestFactory(site=site, done=True)
    return [report.pk]


def report_a(world: World) -> list[int]:
    return report_of(world.site_a)


def report_c(world: World) -> list[int]:
    return report_of(world.site_c)


def region_a_request(world: World) -> dict[str, Any]:
    return {
        "kind": "region",
        "region": "32",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
    }


# A site report of house A: its coordinator, the region's agents and the national roles.
REPORT_OF_A = statuses(200, anonymous=302, coordinator_b=404, ars_other=404)
API_REPORT_OF_A = statuses(200, anonymous=401, coordinator_b=404, ars_other=404)

ROUTES = [
    Route("reporting:list", LOGGED_IN),
    # A region report of region 32: the form does not offer it to coordinators nor to the
    # other region's agent (400, the form again with its errors).
    Route(
        "reporting:create",
        statuses(302, coordinator_a=400, coordinator_b=400, ars_other=400),
        method="post",
        data=region_a_request,
    ),
    Route("reporting:status", REPORT_OF_A, args=report_a, outside=report_c),
    Route("reporting:download", REPORT_OF_A, args=report_a, outside=report_c),
    Route("api-report-list", API_LOGGED_IN),
    Route(
        "api-report-list",
        statuses(202, anonymous=401, coordinator_a=404, coordinator_b=404, ars_other=404),
        method="post",
        data=region_a_request,
        as_json=True,
    ),
    Route("api-report-detail", API_REPORT_OF_A, args=report_a, outside=report_c),
    Route("api-report-pdf", API_REPORT_OF_A, args=report_a, outside=report_c),
    Route("api-export", API_LOGGED_IN, args=lambda world: ["sites", "csv"]),
    # Open data: public, the statistical secrecy applied (tests/reporting/opendata/).
    Route("opendata:index", PUBLIC),
    Route("opendata:download", PUBLIC, args=lambda world: ["datapackage.json"]),
    Route("opendata:download", statuses(404), args=lambda world: ["settings.py"]),
]


def export_request_of(persona: str) -> Any:
    def args(world: World) -> list[int]:
        export = ExportRequest.objects.create(name="sites", requested_by=world.users[persona])
        return [export.pk]

    return args


def ready_export_of(persona: str) -> Any:
    def args(world: World) -> list[int]:
        export = ExportRequest.objects.create(
            name="sites",
            requested_by=world.users[persona],
            status="done",
            file=ContentFile(b"PK", name="export.xlsx"),
        )
        return [export.pk]

    return args


# An export request is its requester's only (analyst here); house C's counterpart is one of
# the other region's agent.
ONLY_ANALYST = statuses(404, anonymous=401, analyst=200)

ROUTES += [
    Route("exports:index", LOGGED_IN),
    Route("exports:dictionary", LOGGED_IN),
    Route("api-export-dictionary", API_LOGGED_IN),
    # The Table Schema of an export: its columns, no data (logged in, as the dictionary).
    Route("exports:schema", LOGGED_IN, args=lambda world: ["sites"]),
    Route("api-export-schema", API_LOGGED_IN, args=lambda world: ["sites"]),
    Route("api-export-request-list", API_LOGGED_IN),
    Route(
        "api-export-request-detail",
        ONLY_ANALYST,
        args=export_request_of("analyst"),
        outside=export_request_of("ars_other"),
    ),
    Route(
        "api-export-request-file",
        ONLY_ANALYST,
        args=ready_export_of("analyst"),
        outside=ready_export_of("ars_other"),
    ),
]
