"""Demo data of masp (`manage.py seed_demo`): the houses and their coordinators, then their
staff, then their reports."""

from __future__ import annotations

from collections.abc import Callable

from masp.activity import demo as activity_demo
from masp.sites import demo as sites_demo
from masp.staffing import demo as staffing_demo

ORDER = 20  # after the demo accounts (10): the coordinators are given their house here


def load(*, log: Callable[[str], None]) -> None:
    sites_demo.load(log=log)
    sites_demo.coordinators(log=log)
    staffing_demo.load(log=log)
    activity_demo.load(log=log)
