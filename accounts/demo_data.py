"""Demo accounts, one per role (the password comes from DEMO_PASSWORD)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings

from accounts.enums import Role
from accounts.models import Membership, User
from masp.models import Site

ORDER = 30  # after the demo houses


class DemoUser(NamedTuple):
    email: str
    role: str
    region: str | None
    label: str


DEMO_USERS = [
    DemoUser("admin@example.org", Role.NATIONAL_ADMIN, None, "administration nationale"),
    DemoUser("ars-hdf@example.org", Role.ARS_AGENT, "32", "agent ARS Hauts-de-France"),
    DemoUser("ars-bre@example.org", Role.ARS_AGENT, "53", "agent ARS Bretagne"),
    DemoUser("coord-hdf@example.org", Role.COORDINATOR, "32", "coordination, maison des HDF"),
    DemoUser("coord-bre@example.org", Role.COORDINATOR, "53", "coordination, maison de Bretagne"),
    DemoUser("analyst@example.org", Role.ANALYST, None, "analyste CNSPFV"),
]


def membership_scope(demo: DemoUser) -> dict:
    if demo.role == Role.COORDINATOR and demo.region:
        # The first demo house of the region, by name order.
        return {"site": Site.objects.in_region(demo.region).order_by("name").first()}
    return {"region_id": demo.region if demo.role == Role.ARS_AGENT else None}


def load(*, log: Callable[[str], None]) -> None:
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(email=demo.email)
        if created:
            user.set_password(settings.MASP_DEMO_PASSWORD)
            user.is_staff = user.is_superuser = demo.role == Role.NATIONAL_ADMIN
            user.save()
        Membership.objects.get_or_create(
            user=user, role=demo.role, is_active=True, **membership_scope(demo)
        )
    log(f"{len(DEMO_USERS)} comptes de démonstration.")
