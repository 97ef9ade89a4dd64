"""Benchmark partners (`manage.py seed_bench`): an EMSP, a volunteer association and an HAD
per département, each house partnered with its département's three, and their conventions
(the demo's mix of valid, expiring, expired, draft and missing ones)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import timezone

from common.bench import BENCH_DOMAIN, BenchPlan, insert_rows
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


def organisation_rows(departments: list[Department]) -> Iterator[tuple[Any, ...]]:
    for department in departments:
        for kind in KINDS:
            yield (
                f"{NAMES[kind]} — {department.name}",
                kind,
                OrganisationScope.DEPARTMENT,
                department.pk,
                f"contact-{kind}-{department.code.lower()}@{BENCH_DOMAIN}",
            )


def load(*, plan: BenchPlan, log: Callable[[str], None]) -> None:
    today = plan.until or timezone.localdate()
    departments = list(Department.objects.order_by("code"))
    keys = insert_rows(
        Organisation,
        ("name", "kind", "scope", "department_id", "email"),
        organisation_rows(departments),
    )
    pairs = [(department.pk, str(kind)) for department in departments for kind in KINDS]
    by_department: dict[tuple[str, str], int] = dict(zip(pairs, keys, strict=True))
    sites = list(
        Site.objects.filter(public_email__endswith=f"@{BENCH_DOMAIN}")
        .order_by("pk")
        .values_list("pk", "department_id")
    )
    partnerships = insert_rows(
        Partnership,
        ("site_id", "organisation_id"),
        ((site, by_department[department, kind]) for site, department in sites for kind in KINDS),
    )
    conventions = insert_rows(
        Convention,
        ("site_id", "partner_id", "subject", *DATES),
        convention_rows(sites, by_department, today),
    )
    log(
        f"{len(keys)} organisations, {len(partnerships)} partenariats et "
        f"{len(conventions)} conventions de banc d'essai."
    )


DATES = ("signed_on", "valid_from", "valid_until", "terminated_on")


def convention_rows(
    sites: list[tuple[int, str]], by_department: dict[tuple[str, str], int], today: dt.date
) -> Iterator[tuple[Any, ...]]:
    """A convention per house and partner (site, partner, subject, *DATES), the demo's dates."""
    for index, (site, department) in enumerate(sites, start=1):
        for kind in KINDS:
            if kind == OrganisationKind.EMSP and index % 5 == 0:  # missing: a gap to show
                continue
            dates = convention_dates(index, kind, today)
            unknown = dates.keys() - set(DATES)
            if unknown:
                raise ValueError(f"convention dates changed: {sorted(unknown)}")
            yield (
                site,
                by_department[department, kind],
                SUBJECTS[kind],
                *(dates.get(name) for name in DATES),
            )
