"""Schemathesis over the API, in-process against the WSGI app with an analyst's token: every
GET operation and the report endpoints, a bounded number of examples each; no server error
(5xx) and no response outside its documented schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.services import api_token_create
from masp.activity.enums import ReportStatus
from tests.masp.factories import CampaignFactory, filled_report
from tests.masp.staffing.factories import StaffingDeclarationFactory
from tests.partners.factories import ConventionFactory
from tests.personas import World

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MAX_EXAMPLES = 10
REPORT_PATHS = ("/api/v1/reports/", "/api/v1/activity-reports/")


@pytest.fixture
def keep_test_connection() -> Any:
    """The raw WSGI app closes the database connection after each request (Django's test
    client disconnects that handler; do the same), which would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def operations() -> list[Any]:
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    selected = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() == "GET" or operation.path.startswith(REPORT_PATHS):
            selected.append(operation)
    return selected


def test_api_has_no_server_error_and_keeps_to_its_schema(
    world: World, settings: Any, keep_test_connection: None
) -> None:
    settings.MASP_API_TOKEN_RATE = ""  # no throttling for the fuzzer
    report = filled_report(world.site_a, CampaignFactory(month=3), status=ReportStatus.SUBMITTED)
    StaffingDeclarationFactory(site=world.site_a)
    ConventionFactory(site=world.site_a)
    _token, key = api_token_create(user=world.users["national_admin"], name="fuzz", can_write=True)
    headers = {"Authorization": f"Token {key}"}
    checked = []
    for operation in operations():
        run(operation, headers)
        checked.append(f"{operation.method.upper()} {operation.path}")
    assert "GET /api/v1/exports/{name}.{fmt}" in checked
    assert "POST /api/v1/reports/" in checked
    assert len(checked) >= 15
    assert report.pk
    cache.clear()


def run(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    def check(case: Any) -> None:
        case.call_and_validate(
            headers=headers, checks=[not_a_server_error, response_schema_conformance]
        )

    check()
