"""Issue 21: a PDF request covers at most three years (finding 9: a century took 11 s in the
web request), in the form and in the API; and it does not tell whether a house id exists
(finding 17c: a house outside the scope and a missing one get the same answer)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reporting.enums import ReportKind
from reporting.models import ReportRequest
from reporting.pdf.services import check_parameters
from tests.personas import World
from tests.reporting.conftest import FakeRenderer

pytestmark = [pytest.mark.django_db, pytest.mark.security]

API = "/api/v1/reports/"
REGION_32 = {"kind": "region", "region": "32"}
TOO_LONG = "La période couvre au plus 3 ans."


def period_errors(start: dt.date, end: dt.date) -> dict[str, list[str]]:
    try:
        check_parameters(
            kind=ReportKind.NATIONAL, site=None, region=None, period_start=start, period_end=end
        )
    except ValidationError as error:
        return error.message_dict
    return {}


def test_three_years_at_most() -> None:
    assert period_errors(dt.date(2024, 1, 1), dt.date(2026, 12, 31)) == {}
    assert period_errors(dt.date(2024, 2, 29), dt.date(2027, 2, 27)) == {}
    assert period_errors(dt.date(2024, 1, 1), dt.date(2027, 1, 1)) == {"period_end": [TOO_LONG]}
    assert period_errors(dt.date(2024, 2, 29), dt.date(2027, 2, 28)) == {"period_end": [TOO_LONG]}
    assert period_errors(dt.date(2026, 1, 1), dt.date(2126, 1, 1)) == {"period_end": [TOO_LONG]}


def test_the_period_starts_in_a_sensible_year() -> None:
    # No date arithmetic error near year 9999: a French message instead.
    errors = period_errors(dt.date(9998, 1, 1), dt.date(9999, 12, 31))
    assert errors == {"period_start": ["La période commence entre 2000 et 2100."]}


def test_the_form_refuses_a_century(world: World, renderer: FakeRenderer) -> None:
    data = {**REGION_32, "period_start": "2026-01-01", "period_end": "2126-06-30"}
    response = world.client("ars_a").post(reverse("reporting:create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"period_end": [TOO_LONG]}
    assert not ReportRequest.objects.exists()
    assert not renderer.calls


def test_the_api_refuses_a_century_in_french(world: World, renderer: FakeRenderer) -> None:
    data = {**REGION_32, "period_start": "2026-01-01", "period_end": "2126-06-30"}
    response = world.client("ars_a").post(API, data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["period_end"] == [TOO_LONG]
    assert not ReportRequest.objects.exists()
    assert not renderer.calls


@pytest.mark.parametrize("persona", ["coordinator_a", "ars_a", "ars_other"])
def test_a_house_outside_the_scope_is_answered_like_a_missing_one(
    world: World, persona: str
) -> None:
    client = world.client(persona)
    outside = world.site_c if persona != "ars_other" else world.site_a
    answers = []
    for site in (outside.pk, 999_999):
        data = {"kind": "site", "site": site, "period_start": "2026-01-01"}
        data["period_end"] = "2026-06-30"
        response = client.post(API, data, content_type="application/json")
        answers.append((response.status_code, response.json()))
    assert answers[0] == answers[1]
    assert answers[0][0] == 400
    assert answers[0][1]["site"] == ["Maison inconnue."]
    assert not ReportRequest.objects.exists()


def test_a_house_id_too_large_for_the_database_is_a_400(world: World) -> None:
    data = {"kind": "site", "site": 2**70, "period_start": "2026-01-01", "period_end": "2026-06-30"}
    response = world.client("analyst").post(API, data, content_type="application/json")
    assert response.status_code == 400
    assert "site" in response.json()
