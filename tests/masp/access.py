from __future__ import annotations

from tests.access import API_LOGGED_IN, LOGGED_IN, PUBLIC, Route, house_a, house_c, statuses

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
