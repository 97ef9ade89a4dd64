"""Demo accounts, one per role (the password comes from DEMO_PASSWORD). The coordinators'
memberships name a house: masp's demo data grants them (accounts sits below masp)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings

from accounts.enums import Role
from accounts.models import Membership, User
from accounts.services import email_mark_verified

ORDER = 10  # before the demo houses (masp, 20), which give the coordinators their house


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


def demo_user(demo: DemoUser) -> User:
    user, created = User.objects.get_or_create(email=demo.email)
    if created:
        user.set_password(settings.MASP_DEMO_PASSWORD)
        user.is_staff = user.is_superuser = demo.role == Role.NATIONAL_ADMIN
        user.save()
    # Logging in needs a verified address (ACCOUNT_EMAIL_VERIFICATION): demo mailboxes are
    # not real, so the addresses are taken as verified.
    email_mark_verified(user=user)
    return user


def load(*, log: Callable[[str], None]) -> None:
    for demo in DEMO_USERS:
        user = demo_user(demo)
        if demo.role == Role.COORDINATOR:
            continue  # see masp.sites.demo.coordinators
        region = demo.region if demo.role == Role.ARS_AGENT else None
        Membership.objects.get_or_create(
            user=user, role=demo.role, is_active=True, region_id=region
        )
    log(f"{len(DEMO_USERS)} comptes de démonstration.")
