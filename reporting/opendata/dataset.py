"""The open-data dataset: validated activity reports, per house and semester and per département
and year, with the statistical secrecy of `common.secrecy` applied (docs/open-data.md).

Months are summed into semesters and houses into their département, which keeps most figures
above the threshold. Each département and year is one system of relations: in every row, the
parts of a breakdown add up to its total (ages, pathologies and provenances to the admissions;
destinations and deaths to the ended stays), and the houses' semesters add up to the
département's year, figure by figure. Suppression runs on the whole system, so a masked cell of
a house cannot be recomputed from its row, from its département or from both.

Left out on purpose: residents at the start and at the end of a period (start + admissions -
ended stays = end would give back masked flows), and every other count of people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from common.secrecy import Key, Relation, Suppression, suppress
from masp.activity.enums import ReportStatus
from masp.activity.fields import AGE_NAMES, CONDITION_NAMES, DISCHARGE_NAMES, ORIGIN_NAMES
from masp.models import ActivityReport

ENDED = "stays_ended"  # discharges + deaths: not a report field, the total of its breakdown
# (total, parts): every breakdown published; the parts add up to the total in every report
# (error rules of masp/activity/rules.py: a report is validated only when they do).
BREAKDOWNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("admissions", AGE_NAMES),
    ("admissions", CONDITION_NAMES),
    ("admissions", ORIGIN_NAMES),
    (ENDED, (*DISCHARGE_NAMES, "deaths")),
)
# Every count of people the dataset publishes, in column order.
PEOPLE: tuple[str, ...] = (
    "admissions",
    *AGE_NAMES,
    *CONDITION_NAMES,
    *ORIGIN_NAMES,
    ENDED,
    *DISCHARGE_NAMES,
    "deaths",
    "requests_received",
)
READ = tuple(name for name in PEOPLE if name != ENDED)


def semester_of(month: int) -> int:
    return 1 if month <= 6 else 2


@dataclass
class Row:
    """Summed figures of a house's semester or of a département's year, before masking."""

    identity: dict[str, Any]
    people: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PEOPLE, 0))
    months: int = 0
    days_open: int = 0
    bed_days: int = 0
    place_days: int = 0  # places x days open, summed: the occupancy rate's denominator
    places: int = 0
    sites: set[int] = field(default_factory=set)

    def add(self, report: ActivityReport) -> None:
        for name in READ:
            self.people[name] += getattr(report, name) or 0
        self.people[ENDED] += sum(
            getattr(report, name) or 0 for name in (*DISCHARGE_NAMES, "deaths")
        )
        self.months += 1
        days, places = report.days_open or 0, report.places_installed or 0
        self.days_open += days
        self.bed_days += report.occupied_bed_days or 0
        self.place_days += days * places
        self.sites.add(report.site_id)

    @property
    def occupancy_rate(self) -> float | None:
        return round(self.bed_days / self.place_days, 3) if self.place_days else None


@dataclass(frozen=True)
class Published:
    """A row as published: counts of people masked (None) where secrecy asks."""

    row: Row
    suppression: Suppression
    prefix: tuple[Any, ...]

    def value(self, name: str) -> int | None:
        return self.suppression.published((*self.prefix, name))

    def masked(self, name: str) -> bool:
        return (*self.prefix, name) in self.suppression.masked

    def shown(self, name: str) -> str:
        """The figure as a person reads it: "< 11" when masked."""
        return self.suppression.shown((*self.prefix, name))


@dataclass
class Dataset:
    houses: list[Published]
    departments: list[Published]
    suppressions: list[Suppression]

    def count(self, kind: str) -> int:
        return sum(len(getattr(s, kind)) for s in self.suppressions)

    @property
    def cells(self) -> int:
        return sum(len(s.values) for s in self.suppressions)


def validated_reports(year: int | None = None) -> Iterable[ActivityReport]:
    reports = ActivityReport.objects.filter(status=ReportStatus.VALIDATED).select_related(
        "site__department", "campaign"
    )
    if year is not None:
        reports = reports.filter(campaign__period_start__year=year)
    return reports.order_by("campaign__period_start", "site__department_id", "site__finess_et")


def build(year: int | None = None) -> Dataset:
    """The dataset of one year (every year when None), masked."""
    houses: dict[tuple[str, int, int, int], Row] = {}
    for report in validated_reports(year):
        site, start = report.site, report.campaign.period_start
        key = (site.department_id, start.year, semester_of(start.month), site.pk)
        row = houses.get(key)
        if row is None:
            row = houses[key] = Row(
                identity={"year": start.year, "semester": semester_of(start.month), "site": site}
            )
        row.add(report)
        row.places = max(row.places, report.places_installed or 0)
    groups: dict[tuple[str, int], list[tuple[tuple[str, int, int, int], Row]]] = defaultdict(list)
    for key, row in houses.items():
        groups[key[0], key[1]].append((key, row))
    dataset = Dataset(houses=[], departments=[], suppressions=[])
    for (_code, group_year), members in sorted(groups.items()):
        department, houses_of, result = mask_department(group_year, members)
        dataset.suppressions.append(result)
        dataset.departments.append(department)
        dataset.houses += houses_of
    return dataset


def mask_department(
    year: int, members: list[tuple[tuple[str, int, int, int], Row]]
) -> tuple[Published, list[Published], Suppression]:
    """A département's year and its houses' semesters (keys: (code, year, semester, site id)),
    masked as one system."""
    department = members[0][1].identity["site"].department
    total = Row(identity={"year": year, "department": department})
    places: dict[int, int] = {}
    for _key, row in members:
        for name in PEOPLE:
            total.people[name] += row.people[name]
        total.months += row.months
        total.days_open += row.days_open
        total.bed_days += row.bed_days
        total.place_days += row.place_days
        total.sites |= row.sites
        site_id = row.identity["site"].pk
        places[site_id] = max(places.get(site_id, 0), row.places)
    total.places = sum(places.values())
    values: dict[Key, int] = {("d", name): total.people[name] for name in PEOPLE}
    for (_code, _year, semester, site_id), row in members:
        values.update({("h", site_id, semester, name): row.people[name] for name in PEOPLE})
    prefixes = [("h", key[3], key[2]) for key, _row in members]
    relations = [
        Relation(tuple((*prefix, part) for part in parts), (*prefix, whole))
        for prefix in [*prefixes, ("d",)]
        for whole, parts in BREAKDOWNS
    ]
    relations += [
        Relation(tuple((*prefix, name) for prefix in prefixes), ("d", name)) for name in PEOPLE
    ]
    result = suppress(values, relations)
    houses = [
        Published(row, result, prefix)
        for (_key, row), prefix in zip(members, prefixes, strict=True)
    ]
    return Published(total, result, ("d",)), houses, result
