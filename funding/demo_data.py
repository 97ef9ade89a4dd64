"""Demo funding for 2026: an ONDAM allocation per open or authorised demo house (pro rata of
its months open), some FIR, FISS and local-authority lines, and the regional envelopes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from funding.enums import FundingKind, FundingNature
from funding.figures import ZERO, cents, months_open, reference_annual_cost
from funding.models import FundingLine, FundingSource, ReferenceCost, RegionalEnvelope
from masp.models import Site
from masp.sites.demo import demo_houses
from masp.sites.enums import SiteStatus

ORDER = 50  # after the demo accounts (10), houses (20) and the reference data
YEAR = 2026
THOUSAND = Decimal(1000)


def round_thousand(value: Decimal) -> Decimal:
    return cents((value / THOUSAND).to_integral_value() * THOUSAND)


def site_lines(site: Site, index: int, sources: dict[str, FundingSource]) -> list[dict]:
    reference = ReferenceCost.objects.for_year(YEAR)
    if reference is None:
        return []
    months = len(months_open(site.opened_on, site.closed_on, YEAR)) or 3  # start-up months
    ondam = round_thousand(reference_annual_cost(reference, site.capacity) * months / 12)
    lines = [
        {
            "source": sources["ondam_ms"],
            "kind": FundingKind.OPERATING_ALLOCATION,
            "nature": FundingNature.RUNNING,
            "amount_notified": ondam,
            "amount_paid": cents(ondam * 3 / 4),
        },
    ]
    if index % 3 == 0:
        lines.append(
            {
                "source": sources["fir"],
                "kind": FundingKind.NON_RECURRING,
                "nature": FundingNature.START_UP,
                "amount_notified": Decimal("35000.00"),
                "amount_paid": Decimal("35000.00"),
            }
        )
    if index % 4 == 0:
        lines.append(
            {
                "source": sources["fiss"],
                "kind": FundingKind.START_UP,
                "nature": FundingNature.START_UP,
                "amount_notified": Decimal("60000.00"),
                "amount_paid": Decimal("30000.00"),
            }
        )
    if index % 5 == 0:
        lines.append(
            {
                "source": sources["collectivite"],
                "kind": FundingKind.INVESTMENT,
                "nature": FundingNature.INVESTMENT,
                "amount_notified": Decimal("250000.00"),
                "amount_paid": ZERO,
            }
        )
    return lines


def load(*, log: Callable[[str], None]) -> None:
    sources = {source.code: source for source in FundingSource.objects.all()}
    allocated: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    created = 0
    for index, site in demo_houses():
        if site.status not in (SiteStatus.OPEN, SiteStatus.AUTHORISED):
            continue
        for number, values in enumerate(site_lines(site, index, sources), start=1):
            line, new = FundingLine.objects.get_or_create(
                site=site,
                year=YEAR,
                source=values["source"],
                kind=values["kind"],
                defaults={
                    **values,
                    "decision_reference": f"ARS-{YEAR}-{index:03d}-{number}",
                    "decision_date": f"{YEAR}-02-15",
                },
            )
            created += new
            allocated[(site.department.region_id, line.source_id)] += line.amount_notified
    for (region, source_id), amount in allocated.items():
        if source_id == sources["collectivite"].pk:
            continue  # local authorities fund houses directly, not through the ARS
        RegionalEnvelope.objects.get_or_create(
            region_id=region,
            year=YEAR,
            source_id=source_id,
            defaults={
                "amount_notified": round_thousand(amount * Decimal("1.1")),
                "notified_on": f"{YEAR}-01-20",
            },
        )
    log(f"funding: {created} lignes de financement {YEAR}, {len(allocated)} enveloppes")
