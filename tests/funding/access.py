from __future__ import annotations

from typing import Any

from tests.access import LOGGED_IN, Route, house_a, house_c, statuses
from tests.funding.factories import EnvelopeFactory, FundingLineFactory
from tests.personas import World

READ = statuses(200, anonymous=302, coordinator_b=404, ars_other=404)
API_READ = statuses(200, anonymous=401, coordinator_b=404, ars_other=404)
# The region's page: coordinators of a house there see it (with their house only).
REGION_READ = statuses(200, anonymous=302, ars_other=404)
ARS_ONLY = statuses(403, anonymous=302, ars_a=200, coordinator_b=404, ars_other=404)


def region_a(world: World) -> list[Any]:
    return ["32"]


def region_c(world: World) -> list[Any]:
    return ["53"]


def line_of(house: str, **traits: Any) -> Any:
    def build(world: World) -> list[Any]:
        key = f"_line_{house}_{'_'.join(sorted(traits))}"
        if not hasattr(world, key):
            setattr(world, key, FundingLineFactory(site=getattr(world, house), **traits))
        return [getattr(world, key).pk]

    return build


def envelope_of(region: str) -> Any:
    def build(world: World) -> list[Any]:
        return [EnvelopeFactory(region_id=region).pk]

    return build


ROUTES = [
    Route("funding:national", LOGGED_IN),
    Route("funding:national_export", LOGGED_IN, args=lambda world: ["csv"]),
    Route("funding:region", REGION_READ, args=region_a, outside=region_c),
    Route(
        "funding:region_export",
        REGION_READ,
        args=lambda world: ["32", "xlsx"],
        outside=lambda world: ["53", "csv"],
    ),
    Route(
        "funding:envelope_create",
        statuses(403, anonymous=302, ars_a=200, ars_other=404),
        args=region_a,
        outside=region_c,
    ),
    Route(
        "funding:envelope_edit",
        statuses(403, anonymous=302, ars_a=200, ars_other=404),
        args=envelope_of("32"),
        outside=envelope_of("53"),
    ),
    Route("funding:site", READ, args=house_a, outside=house_c),
    Route("funding:line_create", ARS_ONLY, args=house_a, outside=house_c),
    Route(
        "funding:indicator_confirm",
        statuses(403, anonymous=302, ars_a=302, coordinator_b=404, ars_other=404),
        args=house_a,
        outside=house_c,
        method="post",
        data=lambda world: {"year": 2026},
    ),
    Route("funding:line_edit", ARS_ONLY, args=line_of("site_a"), outside=line_of("site_c")),
    Route(
        "funding:line_spent",
        statuses(403, anonymous=302, coordinator_a=200, coordinator_b=404, ars_other=404),
        args=line_of("site_a", year=2025),
        outside=line_of("site_c", year=2025),
    ),
    Route(
        "funding:line_document",
        READ,
        args=line_of("site_a", with_document=True),
        outside=line_of("site_c", with_document=True),
    ),
    Route("api_site_funding", API_READ, args=house_a, outside=house_c),
    Route(
        "api_region_funding",
        statuses(200, anonymous=401, ars_other=404),
        args=region_a,
        outside=region_c,
    ),
]
