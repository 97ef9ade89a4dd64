from __future__ import annotations

from typing import Any

from tests.access import API_LOGGED_IN, LOGGED_IN, PUBLIC, Route, house_a, house_c, statuses
from tests.personas import World

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
