"""Demo staffing declarations: a mix of compliant houses and houses with gaps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from masp.models import Site
from masp.sites.enums import SiteStatus
from masp.staffing import reference as staffing_reference
from masp.staffing.services import LineInput, staffing_declare

D = Decimal
WEEK = 7


def grid(*days: tuple[int, int, int], rest: tuple[int, int, int] = (0, 0, 0)) -> tuple:
    return tuple(days) + (rest,) * (WEEK - len(days))


def team() -> dict[str, LineInput]:
    """A team of a 12-15 place house meeting both reference norm sets."""
    return {
        line.role: line
        for line in [
            LineInput("medecin_coordonnateur", D("0.2"), D("0.2"), presence=grid((1, 0, 0))),
            LineInput(
                "infirmier_coordinateur", D("0.5"), D("0.5"), presence=grid(*[(1, 0, 0)] * 5)
            ),
            LineInput("infirmier", D(2), D(2), presence=grid(*[(1, 1, 0)] * 5, rest=(1, 0, 0))),
            LineInput("aide_soignant", D("5.4"), D("5.4"), presence=((2, 2, 1),) * WEEK),
            LineInput("aes_av", D("2.7"), D("2.7"), presence=((1, 1, 0),) * WEEK),
            LineInput("psychologue", D(1), D(1), presence=grid(*[(1, 0, 0)] * 5)),
            LineInput("assistant_social", D("0.5"), D("0.5"), presence=grid((0, 0, 0), (1, 0, 0))),
            LineInput("coordinateur_administratif", D(1), D(1), presence=grid(*[(1, 1, 0)] * 5)),
            LineInput("agent_service", D("1.5"), D("1.5"), presence=((1, 0, 0),) * WEEK),
            LineInput("benevole", headcount=8, hours_per_month=60, presence=grid(*[(0, 1, 0)] * 5)),
        ]
    }


def variant(index: int) -> dict[str, LineInput]:
    """Every other house meets the norms; the others show a typical gap."""
    lines = team()
    kind = index % 4
    if kind == 1:  # no aide-soignant on Sunday night
        night_off = ((2, 2, 1),) * 6 + ((2, 2, 0),)
        lines["aide_soignant"] = LineInput(
            "aide_soignant", D("5.4"), D("5"), D("0.2"), 1, presence=night_off
        )
    elif kind == 3:  # a vacant nurse post and a psychologist two days a week
        lines["infirmier"] = LineInput(
            "infirmier", D(2), D("1.2"), vacant_posts=1, presence=grid(*[(1, 1, 0)] * 5)
        )
        lines["psychologue"] = LineInput(
            "psychologue", D(1), D("0.4"), presence=grid((1, 1, 0), (0, 0, 0), (1, 1, 0))
        )
    return lines


def load(*, log: Callable[[str], None]) -> None:
    staffing_reference.load(log=log)
    today = timezone.localdate()
    sites = Site.objects.filter(status__in=[SiteStatus.OPEN, SiteStatus.AUTHORISED]).order_by(
        "name"
    )
    created = 0
    for index, site in enumerate(sites):
        if site.staffing_declarations.exists():
            continue  # keep what was declared since
        first = team() if index % 4 == 3 else variant(index)
        staffing_declare(
            site=site,
            user=None,
            lines=list(first.values()),
            declared_on=today - dt.timedelta(days=100),
        )
        staffing_declare(
            site=site,
            user=None,
            lines=list(variant(index).values()),
            declared_on=today - dt.timedelta(days=10),
        )
        created += 2
    log(f"{created} déclarations d'effectifs de démonstration.")
