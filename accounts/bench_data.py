"""Benchmark accounts (`manage.py seed_bench`): an administrator, an analyst and an ARS agent
per region, all with the demo password. The coordinators, one per house, come
with the houses (masp's bench data), through `bulk_accounts`."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.enums import Role
from accounts.models import Membership, User
from common.bench import BENCH_DOMAIN, BenchPlan, bulk_insert
from territories.models import Region

ORDER = 10  # before the houses (masp, 20)


def bench_email(name: str) -> str:
    return f"{name}@{BENCH_DOMAIN}"


def bulk_accounts(scopes: list[tuple[str, str, dict]]) -> tuple[int, int]:
    """Insert one user with one membership per (email, role, membership fields); returns the
    number of users and of memberships."""
    # Hashing is slow on purpose: the accounts of a batch share one hash of the password.
    password = make_password(settings.MASP_DEMO_PASSWORD)
    users = bulk_insert(
        User,
        (
            User(email=email, password=password, is_staff=role == Role.NATIONAL_ADMIN)
            for email, role, _scope in scopes
        ),
    )
    memberships = bulk_insert(
        Membership,
        (
            Membership(user=user, role=role, **scope)
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
