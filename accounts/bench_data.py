"""Benchmark accounts (`manage.py seed_bench`): an administrator, an analyst and an ARS agent
per region, all with the demo password. The coordinators, one per house, come
with the houses (masp's bench data), through `bulk_accounts`."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.enums import Role
from accounts.models import Membership, User
from common.bench import BENCH_DOMAIN, BenchPlan, insert_rows
from territories.models import Region

ORDER = 10  # before the houses (masp, 20)
SCOPES = ("region_id", "site_id")  # a membership's scope: its region or its house, or none


def bench_email(name: str) -> str:
    return f"{name}@{BENCH_DOMAIN}"


def demo_password_hash() -> str:
    """Hashing is slow on purpose: every bench account shares one hash of the password."""
    return _password_hash(settings.MASP_DEMO_PASSWORD, tuple(settings.PASSWORD_HASHERS))


@cache
def _password_hash(password: str, _hashers: tuple[str, ...]) -> str:
    return make_password(password)


def bulk_accounts(scopes: list[tuple[str, str, dict]]) -> tuple[int, int]:
    """Insert one user with one membership per (email, role, scope: {"region_id": …},
    {"site_id": …} or {}); returns the number of users and of memberships."""
    unknown = {key for _email, _role, scope in scopes for key in scope} - set(SCOPES)
    if unknown:
        raise ValueError(f"membership scopes are {SCOPES}, not {sorted(unknown)}")
    password = demo_password_hash()
    users = insert_rows(
        User,
        ("email", "password", "is_staff"),
        ((email, password, role == Role.NATIONAL_ADMIN) for email, role, _scope in scopes),
    )
    memberships = insert_rows(
        Membership,
        ("user_id", "role", *SCOPES),
        (
            (user, role, *(scope.get(key) for key in SCOPES))
            for user, (_email, role, scope) in zip(users, scopes, strict=True)
        ),
    )
    return len(users), len(memberships)


def load(*, plan: BenchPlan, log: Callable[[str], None]) -> None:
    scopes: list[tuple[str, str, dict]] = [
        (bench_email("admin"), Role.NATIONAL_ADMIN, {}),
        (bench_email("analyst"), Role.ANALYST, {}),
    ]
    for code in Region.objects.order_by("code").values_list("code", flat=True):
        scopes.append((bench_email(f"ars-{code.lower()}"), Role.ARS_AGENT, {"region_id": code}))
    users, memberships = bulk_accounts(scopes)
    log(f"{users} comptes et {memberships} rôles de banc d'essai.")
