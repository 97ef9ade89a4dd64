"""Fixtures of the open-data tests: two houses with hand-chosen figures."""

from __future__ import annotations

import pytest

from masp.activity.enums import ReportStatus
from masp.activity.fields import AGE_NAMES, CONDITION_NAMES, DISCHARGE_NAMES, ORIGIN_NAMES
from tests.masp.factories import CampaignFactory, SiteFactory, filled_report

ZERO = dict.fromkeys((*AGE_NAMES, *CONDITION_NAMES, *ORIGIN_NAMES, *DISCHARGE_NAMES, "deaths"), 0)


def people(admissions: int, ages: list[int], deaths: int, requests: int) -> dict[str, int]:
    """Every admission for cancer, from hospital; every stay ended by a death."""
    figures = {**ZERO, "admissions": admissions, "deaths": deaths, "requests_received": requests}
    figures.update(zip(AGE_NAMES, ages, strict=True))
    figures.update(admissions_cancer=admissions, admissions_from_hospital=admissions)
    return figures


@pytest.fixture
def two_houses() -> None:
    """Two houses of the Nord, one validated month each in the first semester of 2026, and a
    submitted (not validated) month that must be left out."""
    a = SiteFactory(opened=True, name="Maison A")
    b = SiteFactory(opened=True, name="Maison B")
    march, april = CampaignFactory(month=3), CampaignFactory(month=4)
    filled_report(a, march, ReportStatus.VALIDATED, **people(40, [20, 3, 15, 2], 30, 50))
    filled_report(b, april, ReportStatus.VALIDATED, **people(56, [12, 14, 30, 0], 25, 60))
    filled_report(a, april, ReportStatus.SUBMITTED, **people(5, [1, 1, 1, 2], 1, 5))
