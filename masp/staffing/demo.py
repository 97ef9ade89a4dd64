"""Demo staffing declarations: a mix of compliant houses and houses with gaps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
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


MORNING, DAY, ALL_DAY, OFF = (1, 0, 0), (1, 1, 0), (1, 1, 1), (0, 0, 0)


def team() -> dict[str, LineInput]:
    """A team of a 12-15 place house meeting both reference norm sets, with a grid its FTE can
    staff (6 h a half-day, 12 h a night, 1,607 h per FTE a year)."""
    return {
        line.role: line
        for line in [
            # Monday morning with the nurses: the doctor-nurse pair meets.
            LineInput("medecin_coordonnateur", D("0.2"), D("0.2"), presence=grid(MORNING)),
            LineInput(
                "infirmier_coordinateur", D("0.5"), D("0.5"), presence=grid(MORNING, MORNING)
            ),
            LineInput("infirmier", D(2), D(2), presence=grid(*[DAY] * 5, MORNING)),
            LineInput("aide_soignant", D("5.4"), D("5.4"), presence=(ALL_DAY,) * WEEK),
            LineInput("aes_av", D("2.7"), D("2.7"), presence=(DAY,) * WEEK),
            # Monday, Wednesday, Friday, Sunday: never two days in a row without her.
            LineInput(
                "psychologue",
                D(1),
                D(1),
                presence=grid(MORNING, OFF, MORNING, OFF, MORNING, OFF, MORNING),
            ),
            LineInput("assistant_social", D("0.5"), D("0.5"), presence=grid(OFF, MORNING)),
            LineInput("coordinateur_administratif", D(1), D(1), presence=grid(*[MORNING] * 5)),
            LineInput("agent_service", D("1.5"), D("1.5"), presence=(MORNING,) * WEEK),
            LineInput("benevole", headcount=8, hours_per_month=60, presence=grid(*[(0, 1, 0)] * 5)),
        ]
    }


def two_week_team() -> dict[str, LineInput]:
    """The same team on a two-week rota: the psychologist alternates her days."""
    lines = team()
    for code, line in lines.items():
        lines[code] = replace(line, presence=line.presence * 2)
    psychologist = grid(OFF, MORNING, OFF, MORNING, OFF, MORNING, OFF)
    lines["psychologue"] = replace(
        lines["psychologue"], presence=lines["psychologue"].presence[:WEEK] + psychologist
    )
    return lines


def variant(index: int) -> dict[str, LineInput]:
    """A quarter of the houses meet the norms; the others show a typical gap or warning."""
    lines = team() if index % 8 != 4 else two_week_team()
    kind = index % 4
    if kind == 1:  # no aide-soignant on Sunday night
        night_off = (ALL_DAY,) * 6 + (DAY,)
        lines["aide_soignant"] = LineInput(
            "aide_soignant", D("5.4"), D("5"), D("0.2"), 1, presence=night_off
        )
    elif kind == 2:  # two aides-soignants by day on 5.4 FTE: the grid cannot be staffed
        lines["aide_soignant"] = LineInput(
            "aide_soignant", D("5.4"), D("5.4"), presence=((2, 2, 1),) * WEEK
        )
    elif kind == 3:  # a vacant nurse post and a psychologist two days a week
        lines["infirmier"] = LineInput(
            "infirmier", D(2), D("1.2"), vacant_posts=1, presence=grid(*[DAY] * 5)
        )
        lines["psychologue"] = LineInput(
            "psychologue", D(1), D("0.4"), presence=grid(DAY, OFF, DAY)
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
