"""The pages and API lists the benchmark measures, shared with the `bench` tests."""

from __future__ import annotations

from django.urls import reverse

from common.bench import BENCH_DOMAIN
from masp.models import Site
from masp.sites.enums import SiteStatus

REGION = "32"  # Hauts-de-France: five départements, about fifty houses at 1,000
SITING_QUERY = f"scope={REGION}&radius_km=30&k=3&existing=open&candidates=all&method=greedy"


def bench_email(name: str) -> str:
    return f"{name}@{BENCH_DOMAIN}"


def pages() -> list[tuple[str, str, str]]:
    """(label, user's email, path): the floor first."""
    analyst, ars = bench_email("analyst"), bench_email(f"ars-{REGION}")
    return [
        ("floor", analyst, reverse("bench_floor")),
        ("national dashboard", analyst, reverse("masp:report_dashboard")),
        ("national coverage", analyst, reverse("masp:coverage")),
        ("region work queue", ars, reverse("masp:review_queue")),
        ("house list", analyst, reverse("masp:site_list")),
        ("API sites", analyst, "/api/v1/sites/"),
        ("API activity reports", analyst, f"/api/v1/activity-reports/?region={REGION}"),
        # The siting advisor's answer is cached per parameters and data (issue 26: within 4x
        # the floor then); the warm-up rounds compute it.
        ("siting advisor (cached)", ars, f"{reverse('masp:siting')}?{SITING_QUERY}"),
        *homes(),
    ]


def homes() -> list[tuple[str, str, str]]:
    """Each role's "Mes actions" (issue 24) and the hub of the first open house, read by the
    ARS agent of its region; the coordinator is that house's."""
    site = (
        Site.objects.filter(status=SiteStatus.OPEN)
        .select_related("department")
        .order_by("pk")
        .first()
    )
    assert site is not None, "seed_bench first"
    ars = bench_email(f"ars-{site.department.region_id.lower()}")
    home = reverse("masp:home")
    return [
        ("home coordinator", bench_email(f"coord-{site.pk}"), home),
        ("home ARS agent", ars, home),
        ("home analyst", bench_email("analyst"), home),
        ("home national admin", bench_email("admin"), home),
        ("house hub", ars, site.get_absolute_url()),
    ]
