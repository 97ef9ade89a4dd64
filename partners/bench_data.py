"""Benchmark partners (`manage.py seed_bench`): an EMSP, a volunteer association and an HAD
per département, each house partnered with its département's three, and their conventions
(the demo's mix of valid, expiring, expired, draft and missing ones)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.utils import timezone

from common.bench import BENCH_DOMAIN, BenchPlan, bulk_insert
from masp.models import Site
from partners.demo_data import SUBJECTS, convention_dates
from partners.enums import OrganisationKind, OrganisationScope
from partners.models import Convention, Organisation, Partnership
from territories.models import Department

ORDER = 40
KINDS = (OrganisationKind.EMSP, OrganisationKind.VOLUNTEER_ASSOCIATION, OrganisationKind.HAD)
NAMES = {
    OrganisationKind.EMSP: "EMSP de test",
    OrganisationKind.VOLUNTEER_ASSOCIATION: "Association de bénévoles de test",
    OrganisationKind.HAD: "HAD de test",
}


def build_organisations(departments: list[Department]) -> Iterator[Organisation]:
    for department in departments:
        for kind in KINDS:
            yield Organisation(
                name=f"{NAMES[kind]} — {department.name}",
                kind=kind,
                scope=OrganisationScope.DEPARTMENT,
                department=department,
                email=f"contact-{kind}-{department.code.lower()}@{BENCH_DOMAIN}",
            )


def load(*, plan: BenchPlan, log: Callable[[str], None]) -> None:
    today = plan.until or timezone.localdate()
    departments = list(Department.objects.order_by("code"))
    organisations = bulk_insert(Organisation, build_organisations(departments))
    by_department = {(o.department_id, o.kind): o for o in organisations}
    sites = list(Site.objects.filter(public_email__endswith=f"@{BENCH_DOMAIN}").order_by("pk"))
    partnerships = bulk_insert(
        Partnership,
        (
            Partnership(site=site, organisation=by_department[site.department_id, kind])
            for site in sites
            for kind in KINDS
        ),
    )
    conventions = bulk_insert(
        Convention,
        (
            Convention(
                site=site,
                partner=by_department[site.department_id, kind],
                subject=SUBJECTS[kind],
                **convention_dates(index, kind, today),
            )
            for index, site in enumerate(sites, start=1)
            for kind in KINDS
            if not (kind == OrganisationKind.EMSP and index % 5 == 0)  # missing: a gap to show
        ),
    )
    log(
        f"{len(organisations)} organisations, {len(partnerships)} partenariats et "
        f"{len(conventions)} conventions de banc d'essai."
    )
