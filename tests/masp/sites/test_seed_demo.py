from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from masp.models import Site
from masp.sites.enums import SiteStatus

pytestmark = pytest.mark.django_db


def seed(*args: str) -> None:
    call_command("seed_demo", *args, stdout=io.StringIO())


def test_seed_demo_refuses_without_debug(settings: pytest.FixtureRequest) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not Site.objects.exists()


def test_seed_demo_is_plausible_and_idempotent() -> None:
    seed("--force")
    seed("--force")
    sites = Site.objects.all()
    assert 18 <= sites.count() <= 25
    per_region = dict(
        sites.values_list("department__region")
        .annotate(n=Count("pk"))
        .values_list("department__region", "n")
    )
    assert len(per_region) == 12
    assert per_region["32"] >= 2
    assert per_region["53"] >= 2
    assert sites.filter(status=SiteStatus.OPEN).count() >= 10
    for site in sites:
        site.full_clean()


def test_seed_demo_keeps_existing_edits() -> None:
    seed("--force")
    site = Site.objects.order_by("pk").first()
    Site.objects.filter(pk=site.pk).update(capacity=9)
    seed("--force")
    site.refresh_from_db()
    assert site.capacity == 9


def test_seed_demo_creates_one_account_per_role() -> None:
    from accounts.enums import Role
    from accounts.models import Membership

    seed("--force")
    seed("--force")
    memberships = {m.user.email: m for m in Membership.objects.select_related("user", "site")}
    assert memberships["admin@example.org"].role == Role.NATIONAL_ADMIN
    assert memberships["ars-hdf@example.org"].region_id == "32"
    assert memberships["ars-bre@example.org"].region_id == "53"
    assert memberships["coord-hdf@example.org"].site.name == "Maison de l'Estran"
    assert memberships["coord-bre@example.org"].site.department.region_id == "53"
    assert memberships["analyst@example.org"].role == Role.ANALYST
    assert Membership.objects.count() == 6
    admin = memberships["admin@example.org"].user
    assert admin.check_password("masp-demo-2026")
