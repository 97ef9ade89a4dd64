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
        *lists(),
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


def lists() -> list[tuple[str, str, str]]:
    """The other lists and dashboards (issue 29: every list, dashboard and home page), each
    read by a user who sees it whole: the analyst nationally, the ARS agent of REGION, the
    coordinator of the first open house for their own reports."""
    site = Site.objects.filter(status=SiteStatus.OPEN).order_by("pk").first()
    assert site is not None, "seed_bench first"
    analyst, ars, admin = bench_email("analyst"), bench_email(f"ars-{REGION}"), bench_email("admin")
    return [
        ("my reports", bench_email(f"coord-{site.pk}"), reverse("masp:my_reports")),
        ("campaigns", admin, reverse("masp:campaign_list")),
        ("staffing overview", analyst, reverse("masp:staffing_overview")),
        ("staffing region", ars, reverse("masp:staffing_region", args=[REGION])),
        ("house staffing", analyst, reverse("masp:staffing_detail", args=[site.pk])),
        ("region coverage", ars, reverse("masp:coverage_region", args=[REGION])),
        ("siting page", ars, reverse("masp:siting")),
        ("siting scenarios", ars, reverse("masp:siting_scenarios")),
        ("directory", analyst, reverse("masp:directory")),
        ("partners follow-up", ars, reverse("partners:follow_up")),
        ("national partners", analyst, reverse("partners:national_partners")),
        ("house partners", analyst, reverse("partners:site_partners", args=[site.pk])),
        ("national funding", analyst, reverse("funding:national")),
        ("region funding", ars, reverse("funding:region", args=[REGION])),
        ("house funding", analyst, reverse("funding:site", args=[site.pk])),
        ("PDF reports", analyst, reverse("reporting:list")),
        ("exports", analyst, reverse("exports:index")),
        ("invitations", ars, reverse("accounts:invitations")),
        ("API campaigns", analyst, "/api/v1/campaigns/"),
        ("API partners", analyst, "/api/v1/partners/"),
        ("API PDF reports", analyst, "/api/v1/reports/"),
        ("API public departments", analyst, "/api/v1/public/departments/"),
    ]
