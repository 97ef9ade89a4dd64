from __future__ import annotations

from tests.access import LOGGED_IN, PUBLIC, Route, house_a, house_c, statuses

ROUTES = [
    Route("masp:home", PUBLIC),
    Route("masp:site_list", LOGGED_IN),
    Route(
        "masp:site_detail",
        statuses(200, anonymous=302, coordinator_b=404, ars_other=404),
        args=house_a,
        outside=house_c,
    ),
]
