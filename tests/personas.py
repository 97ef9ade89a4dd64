"""The seven personas every view and endpoint is tested with.

Houses A and B are in region A (Hauts-de-France, 32); house C is in another region (Bretagne,
53). "ars_other" is the ARS agent of region 53: house A is outside their scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.test import Client

from accounts.enums import Role
from accounts.models import Membership, User
from masp.models import Site
from tests.accounts.factories import UserFactory
from tests.masp.factories import SiteFactory

PERSONAS = (
    "anonymous",
    "coordinator_a",
    "coordinator_b",
    "ars_a",
    "ars_other",
    "analyst",
    "national_admin",
)
REGION_A, REGION_OTHER = "32", "53"


@dataclass
class World:
    site_a: Site
    site_b: Site
    site_c: Site
    users: dict[str, User | None] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        client = Client()
        user = self.users[persona]
        if user is not None:
            client.force_login(user)
        return client


def grant(user: User, role: str, *, region: str | None = None, site: Site | None = None) -> None:
    Membership.objects.create(user=user, role=role, region_id=region, site=site)


def build_world() -> World:
    world = World(
        site_a=SiteFactory(name="Maison A", department_id="59", opened=True),
        site_b=SiteFactory(name="Maison B", department_id="62", postcode="62200", opened=True),
        site_c=SiteFactory(name="Maison C", department_id="29", postcode="29200", opened=True),
    )
    world.users["anonymous"] = None
    for persona in PERSONAS[1:]:
        world.users[persona] = UserFactory(email=f"{persona.replace('_', '-')}@example.org")
    grant(world.users["coordinator_a"], Role.COORDINATOR, site=world.site_a)
    grant(world.users["coordinator_b"], Role.COORDINATOR, site=world.site_b)
    grant(world.users["ars_a"], Role.ARS_AGENT, region=REGION_A)
    grant(world.users["ars_other"], Role.ARS_AGENT, region=REGION_OTHER)
    grant(world.users["analyst"], Role.ANALYST)
    grant(world.users["national_admin"], Role.NATIONAL_ADMIN)
    return world
