from __future__ import annotations

from typing import Any

from tests.access import API_LOGGED_IN, LOGGED_IN, PUBLIC, Route, house_a, house_c, statuses
from tests.partners.factories import (
    ConventionFactory,
    OrganisationFactory,
    ParticipationBodyFactory,
    PartnershipFactory,
)
from tests.personas import World

# Writing on house A: its coordinator and national administrators; ARS agents and analysts
# read only (403); those who cannot see the house get a 404.
MANAGE_A = statuses(
    403, anonymous=302, coordinator_a=200, national_admin=200, coordinator_b=404, ars_other=404
)
READ_A = statuses(200, anonymous=302, coordinator_b=404, ars_other=404)


def organisation_59(world: World) -> list[Any]:
    return [OrganisationFactory(department_id="59").pk]


def convention_of(site_attr: str, **kwargs: Any):
    def args(world: World) -> list[Any]:
        return [ConventionFactory(site=getattr(world, site_attr), **kwargs).pk]

    return args


def participation_of(site_attr: str):
    def args(world: World) -> list[Any]:
        return [ParticipationBodyFactory(site=getattr(world, site_attr)).pk]

    return args


def partnership_of(site_attr: str):
    def args(world: World) -> list[Any]:
        return [PartnershipFactory(site=getattr(world, site_attr)).pk]

    return args


def new_convention(world: World) -> dict[str, Any]:
    return {"partner": OrganisationFactory(department_id="59").pk, "subject": "expertise"}


ROUTES = [
    Route("partners:national_partners", PUBLIC),
    Route("partners:directory", LOGGED_IN),
    Route("partners:organisation_detail", LOGGED_IN, args=organisation_59),
    Route(
        "partners:organisation_create",
        statuses(403, anonymous=302, coordinator_a=200, coordinator_b=200, national_admin=200),
    ),
    # A local organisation of region 32 that no house uses: the coordinators of that region,
    # its ARS agent and national admins.
    Route(
        "partners:organisation_edit",
        statuses(
            403, anonymous=302, coordinator_a=200, coordinator_b=200, ars_a=200, national_admin=200
        ),
        args=organisation_59,
    ),
    Route(
        "partners:follow_up",
        statuses(200, anonymous=302, coordinator_a=403, coordinator_b=403),
    ),
    Route("partners:site_partners", READ_A, args=house_a, outside=house_c),
    Route("partners:partnership_add", MANAGE_A, args=house_a, outside=house_c),
    Route("partners:convention_create", MANAGE_A, args=house_a, outside=house_c),
    Route(
        "partners:convention_edit",
        MANAGE_A,
        args=convention_of("site_a"),
        outside=convention_of("site_c"),
    ),
    Route(
        "partners:convention_document",
        READ_A,
        args=convention_of("site_a", with_document=True),
        outside=convention_of("site_c", with_document=True),
    ),
    Route("partners:participation_add", MANAGE_A, args=house_a, outside=house_c),
    Route(
        "partners:participation_edit",
        MANAGE_A,
        args=participation_of("site_a"),
        outside=participation_of("site_c"),
    ),
    # Removal: GET is the confirmation page (the POST that deletes is tested apart).
    Route(
        "partners:participation_delete",
        MANAGE_A,
        args=participation_of("site_a"),
        outside=participation_of("site_c"),
    ),
    Route(
        "partners:partnership_delete",
        MANAGE_A,
        args=partnership_of("site_a"),
        outside=partnership_of("site_c"),
    ),
    Route("api_partner_list", API_LOGGED_IN),
    Route(
        "api_site_conventions",
        statuses(200, anonymous=401, coordinator_b=404, ars_other=404),
        args=house_a,
        outside=house_c,
    ),
    Route(
        "api_site_conventions",
        statuses(
            403,
            anonymous=401,
            coordinator_a=201,
            national_admin=201,
            coordinator_b=404,
            ars_other=404,
        ),
        args=house_a,
        outside=house_c,
        method="post",
        data=new_convention,
    ),
]
