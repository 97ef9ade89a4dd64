"""Demo activity reports: the twelve monthly campaigns of 2026 and plausible reports of the
open demo houses, in every workflow state. Called from `masp.demo_data.load` (discovery only
finds `<app>.demo_data`). The figure generator is also used by the test factories."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from masp.activity.enums import ReportStatus
from masp.activity.fields import (
    AGE_NAMES,
    CONDITION_NAMES,
    CURRENT_FORM_VERSION,
    ORIGIN_NAMES,
    REFUSAL_NAMES,
)
from masp.activity.rules import Period, warnings
from masp.models import ActivityReport, ReportingCampaign, ReportTransition, Site
from masp.sites.enums import SiteStatus

YEAR = 2026
DEMO_COMMENT = "Donnée de démonstration."
# States of the reports of months 1-10, rotating with the house so that every state shows.
STATE_CYCLE = (
    ReportStatus.VALIDATED,
    ReportStatus.VALIDATED,
    ReportStatus.SUBMITTED,
    ReportStatus.VALIDATED,
    ReportStatus.RETURNED,
    ReportStatus.VALIDATED,
    ReportStatus.REOPENED,
)
PATHS: dict[str, list[str]] = {
    ReportStatus.DRAFT: [],
    ReportStatus.SUBMITTED: [ReportStatus.SUBMITTED],
    ReportStatus.VALIDATED: [ReportStatus.SUBMITTED, ReportStatus.VALIDATED],
    ReportStatus.RETURNED: [ReportStatus.SUBMITTED, ReportStatus.RETURNED],
    ReportStatus.REOPENED: [ReportStatus.SUBMITTED, ReportStatus.VALIDATED, ReportStatus.REOPENED],
}


def split(rng: random.Random, total: int, weights: Sequence[int]) -> list[int]:
    """`total` units spread over len(weights) parts (sums exactly to `total`)."""
    parts = [0] * len(weights)
    # One draw for all the units: the same random sequence as one `choices` call per unit.
    for index in rng.choices(range(len(weights)), weights=weights, k=total):
        parts[index] += 1
    return parts


def plausible_figures(
    rng: random.Random,
    *,
    capacity: int,
    period: Period,
    residents_start: int | None = None,
    version: int = CURRENT_FORM_VERSION,
) -> dict[str, Any]:
    """A coherent report of form `version`: every error rule holds by construction."""
    places, days = capacity, period.days
    start = rng.randint(places // 2, places) if residents_start is None else residents_start
    start = min(start, places)
    admissions = rng.randint(1, max(2, places // 2))
    lowest_end = max(0, start + admissions - places)
    ended = rng.randint(lowest_end, min(start + admissions, lowest_end + max(1, places // 3)))
    end = start + admissions - ended
    deaths, home, hospital, facility, other = split(rng, ended, [12, 4, 2, 1, 1])
    mean_residents = (start + end) / 2
    bed_days = min(places * days, max(0, round(mean_residents * days) + rng.randint(-5, 5)))
    received = admissions + rng.randint(0, 10)
    refusals = split(rng, rng.randint(0, received - admissions), [4, 2, 2, 1])
    figures: dict[str, Any] = {
        "places_installed": places,
        "days_open": days,
        "occupied_bed_days": bed_days,
        "residents_start": start,
        "admissions": admissions,
        "discharges_home": home,
        "discharges_hospital": hospital,
        "discharges_other_facility": facility,
        "discharges_other": other,
        "deaths": deaths,
        "residents_end": end,
        "requests_received": received,
        "waiting_list_end": rng.randint(0, 8),
        "completed_stays_days": sum(rng.randint(5, 60) for _stay in range(ended)),
        "relatives_supported": rng.randint(end, end + admissions + 6),
        "bereavement_follow_ups": rng.randint(0, deaths + 2),
        "volunteer_hours": Decimal(rng.randint(0, 600)) / 2,
        "user_participation_events": rng.randint(0, 3),
        "serious_adverse_events": rng.choice([0] * 11 + [1]),
        "highlights": rng.choice(["", "Montée en charge de l'équipe.", "Fête de la maison."]),
    }
    figures.update(zip(REFUSAL_NAMES, refusals, strict=True))
    figures.update(zip(ORIGIN_NAMES, split(rng, admissions, [4, 5, 1, 1]), strict=True))
    figures.update(zip(AGE_NAMES, split(rng, admissions, [2, 4, 4, 3]), strict=True))
    figures.update(zip(CONDITION_NAMES, split(rng, admissions, [7, 2, 2, 1]), strict=True))
    if version >= 2:
        figures.update(national_figures(rng, figures))
    return figures


def national_figures(rng: random.Random, figures: dict[str, Any]) -> dict[str, Any]:
    """The national evaluation's figures (form version 2), within their rules."""
    start, admissions, end = (
        figures["residents_start"],
        figures["admissions"],
        figures["residents_end"],
    )
    people = rng.randint(max(start, end), start + admissions)
    end_of_life, respite = split(rng, admissions, [4, 1])
    stays = start + admissions
    return {
        "stays_end_of_life": end_of_life,
        "stays_respite": respite,
        "distinct_residents": people,
        "residents_other_department": rng.randint(0, people // 4),
        "median_days_to_admission": (
            (Decimal(rng.randint(2, 20)) / 2).quantize(Decimal("0.1")) if admissions else None
        ),
        "stays_with_emsp": rng.randint(0, stays),
        "stays_with_had": rng.randint(0, stays // 3),
        "residents_advance_directives": rng.randint(0, people),
        "residents_trusted_person": rng.randint(people // 2, people),
        "relatives_overnight_nights": min(figures["occupied_bed_days"], rng.randint(0, 20)),
    }


def demo_campaigns() -> list[ReportingCampaign]:
    campaigns = []
    for month in range(1, 13):
        model = ReportingCampaign.monthly(YEAR, month)
        fields = ("period_end", "opens_at", "deadline", "review_deadline", "corrections_until")
        defaults = {field: getattr(model, field) for field in fields}
        campaign, _created = ReportingCampaign.objects.get_or_create(
            period_start=model.period_start, defaults=defaults
        )
        campaigns.append(campaign)
    return campaigns


def state_for(index: int, month: int) -> str | None:
    """Every state shows; the last months look like a live campaign: some houses late."""
    if month == 12:
        return None  # opens in January: nothing filed yet
    if month == 11:
        return ReportStatus.DRAFT if index % 2 else None
    if month == 10 and index % 4 == 0:
        return None if index % 8 == 0 else ReportStatus.DRAFT
    return STATE_CYCLE[(index + month) % len(STATE_CYCLE)]


def submitted_on(campaign: ReportingCampaign, index: int) -> dt.date:
    """Most houses submit in the first week; one in five a few days after the deadline."""
    if (index + campaign.period_start.month) % 5 == 0:
        return campaign.deadline + dt.timedelta(days=3)
    return campaign.opens_at + dt.timedelta(days=index % 7)


def create_report(
    site: Site, campaign: ReportingCampaign, state: str, figures: dict, index: int
) -> None:
    report, created = ActivityReport.objects.get_or_create(
        site=site, campaign=campaign, defaults=figures
    )
    if not created:
        return  # keep whatever a user did with it
    if warnings(report.violations()):
        report.justification = "Montée en charge progressive de la maison."
    previous: str = ReportStatus.DRAFT
    for step, target in enumerate(PATHS[state]):
        comment = "" if target in (ReportStatus.SUBMITTED, ReportStatus.VALIDATED) else DEMO_COMMENT
        ReportTransition.objects.create(
            report=report,
            from_status=previous,
            to_status=target,
            comment=comment,
            at=_aware(submitted_on(campaign, index), 9 + step),
        )
        previous = target
    report.status = state
    report.version = 1 + len(PATHS[state])
    if state != ReportStatus.DRAFT:
        report.submitted_at = _aware(submitted_on(campaign, index), 9)
    if state in (ReportStatus.VALIDATED, ReportStatus.REOPENED):
        report.validated_at = _aware(submitted_on(campaign, index), 10)
    report.save()


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def load(*, log: Callable[[str], None]) -> None:
    campaigns = demo_campaigns()
    count = 0
    open_sites = Site.objects.filter(status=SiteStatus.OPEN).order_by("finess_et")
    for index, site in enumerate(open_sites):
        rng = random.Random(f"{site.finess_et}-{YEAR}")  # noqa: S311 - demo data
        residents = None
        for campaign in campaigns:
            state = state_for(index, campaign.period_start.month)
            if state is None or (site.opened_on and site.opened_on > campaign.period_end):
                continue
            figures = plausible_figures(
                rng,
                capacity=site.capacity,
                period=campaign.period,
                residents_start=residents,
                version=campaign.form_version,
            )
            residents = figures["residents_end"]
            create_report(site, campaign, state, figures, index)
            count += 1
    log(f"{len(campaigns)} campagnes et {count} rapports d'activité de démonstration.")
