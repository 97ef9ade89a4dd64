"""What every section provider receives and may return: the report context and alerts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from masp.models import Site, SiteQuerySet
from reporting.enums import ReportKind
from territories.models import Region


@dataclass(frozen=True)
class ReportContext:
    """The parameters of one report; sections read the database from here."""

    kind: str
    period_start: dt.date
    period_end: dt.date
    site: Site | None = None
    region: Region | None = None

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
