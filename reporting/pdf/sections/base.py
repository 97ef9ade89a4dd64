"""What every section provider receives and may return: the report context and alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import QuerySet

from masp.models import ReportingCampaign, Site, SiteQuerySet, SitingScenario
from reporting.enums import ReportKind
from territories.models import Region

T = TypeVar("T")
Q = TypeVar("Q", bound=QuerySet)


@dataclass(frozen=True)
class ReportContext:
    """The parameters of one report; sections read the database from here."""

    kind: str
    period_start: dt.date
    period_end: dt.date
    site: Site | None = None
    region: Region | None = None
    # A saved siting scenario to show (regional reports only).
    scenario: SitingScenario | None = None
    # The agent's "Avis de l'ARS", typed when asking for the report (empty: none shown).
    opinion: str = ""
    # Reads shared by several sections during one gathering (the registry gives each
    # gathering a fresh copy, so a figure never outlives the data it was read from).
    cache: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def site_list(self) -> list[Site]:
        """`sites()` read once per gathering."""
        return self.memo("sites", lambda: list(self.sites()))

    def of_sites(self, queryset: Q, field: str = "site") -> Q:
        """Rows of a model hanging from a house (`field`), restricted to the report's houses."""
        if self.kind == ReportKind.NATIONAL:
            return queryset
        return queryset.filter(**{f"{field}__in": [site.pk for site in self.site_list()]})

    def campaigns(self) -> list[ReportingCampaign]:
        """The reporting campaigns overlapping the period, oldest first (read once)."""
        return self.memo(
            "campaigns",
            lambda: list(
                ReportingCampaign.objects.filter(
                    period_start__lte=self.period_end, period_end__gte=self.period_start
                ).order_by("period_start")
            ),
        )

    def sites(self) -> SiteQuerySet:
        """The houses the report is about."""
        sites = Site.objects.with_territory().order_by("department__region__name", "name")
        if self.kind == ReportKind.SITE:
            assert self.site is not None
            return sites.filter(pk=self.site.pk)
        if self.kind == ReportKind.REGION:
            assert self.region is not None
            return sites.in_region(self.region)
        return sites

    @property
    def scope_label(self) -> str:
        if self.site is not None:
            return self.site.name
        if self.region is not None:
            return self.region.name
        return "France entière"


@dataclass(frozen=True)
class Alert:
    """One line of the alerts section; `level` is "warning" or "error"."""

    level: str
    subject: str
    message: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GatheredSection:
    key: str
    title: str
    template: str
    in_toc: bool
    data: dict[str, Any]
