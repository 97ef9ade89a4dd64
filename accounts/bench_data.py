"""Benchmark accounts (`manage.py seed_bench`): an administrator, an analyst, an ARS agent per
region and a coordinator per house, all with the demo password (hashed once)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.enums import Role
from accounts.models import Membership, User
from common.bench import BENCH_DOMAIN, BenchPlan, bulk_insert
from masp.models import Site
from territories.models import Region

ORDER = 30  # after the houses


def bench_email(name: str) -> str:
    return f"{name}@{BENCH_DOMAIN}"


def load(*, plan: BenchPlan, log: Callable[[str], None]) -> None:
    password = make_password(settings.MASP_DEMO_PASSWORD)
    scopes: list[tuple[str, str, dict]] = [
        (bench_email("admin"), Role.NATIONAL_ADMIN, {}),
        (bench_email("analyst"), Role.ANALYST, {}),
    ]
    for code in Region.objects.order_by("code").values_list("code", flat=True):
        scopes.append((bench_email(f"ars-{code.lower()}"), Role.ARS_AGENT, {"region_id": code}))
    sites = Site.objects.filter(public_email__endswith=f"@{BENCH_DOMAIN}").order_by("pk")
    for site_id in sites.values_list("pk", flat=True):
        scopes.append((bench_email(f"coord-{site_id}"), Role.COORDINATOR, {"site_id": site_id}))
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
    log(f"{len(users)} comptes et {len(memberships)} rôles de banc d'essai.")
