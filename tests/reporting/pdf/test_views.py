from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from reporting.enums import JobStatus
from reporting.models import ReportRequest
from tests.personas import World
from tests.reporting.conftest import FakeRenderer
from tests.reporting.factories import REGION_32, ReportRequestFactory

pytestmark = pytest.mark.django_db


def test_the_form_offers_what_the_scope_allows(world: World) -> None:
    form = world.client("ars_a").get(reverse("reporting:list")).context["form"]
    assert [value for value, _ in form.fields["kind"].choices] == ["region", "site"]
    assert list(form.fields["region"].queryset.values_list("code", flat=True)) == ["32"]
    assert set(form.fields["site"].queryset) == {world.site_a, world.site_b}
    form = world.client("coordinator_a").get(reverse("reporting:list")).context["form"]
    assert [value for value, _ in form.fields["kind"].choices] == ["site"]
    assert list(form.fields["site"].queryset) == [world.site_a]
    form = world.client("analyst").get(reverse("reporting:list")).context["form"]
    assert [value for value, _ in form.fields["kind"].choices] == ["site", "region", "national"]


def test_asking_for_a_report_from_the_page(
    world: World, renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client("ars_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:create"), REGION_32)
    assert response.url == reverse("reporting:list")
    content = client.get(response.url).content.decode()
    assert "Votre demande est enregistrée" in content
    report = ReportRequest.objects.get()
    assert report.status == JobStatus.DONE
    assert reverse("reporting:download", args=[report.pk]) in content
    assert "/static/js/htmx.min.js" in content
    # The same request again: the existing file is offered.
    response = client.post(reverse("reporting:create"), REGION_32, follow=True)
    assert "existe déjà" in response.content.decode()
    assert ReportRequest.objects.count() == 1


def test_form_errors_are_shown_in_french(world: World) -> None:
    data = {**REGION_32, "period_end": "2025-12-31"}
    response = world.client("ars_a").post(reverse("reporting:create"), data)
    assert response.status_code == 400
    assert "La fin de la période précède son début." in response.content.decode()
    response = world.client("ars_a").post(reverse("reporting:create"), {**REGION_32, "region": ""})
    assert "Choisissez la région du rapport." in response.content.decode()
    assert not ReportRequest.objects.exists()


def test_the_status_row_polls_until_the_report_is_ready(world: World) -> None:
    report = ReportRequestFactory(site=world.site_a)
    url = reverse("reporting:status", args=[report.pk])
    row = world.client("ars_a").get(url).content.decode()
    assert f'hx-get="{url}"' in row
    assert 'hx-trigger="every 2s"' in row
    assert "en attente" in row
    ReportRequest.objects.filter(pk=report.pk).update(status=JobStatus.FAILED)
    row = world.client("ars_a").get(url).content.decode()
    assert "hx-trigger" not in row
    assert "échec" in row
    done = ReportRequestFactory(site=world.site_a, done=True)
    row = world.client("ars_a").get(reverse("reporting:status", args=[done.pk])).content.decode()
    assert "hx-trigger" not in row
    assert reverse("reporting:download", args=[done.pk]) in row


def test_download_is_a_private_pdf(world: World) -> None:
    report = ReportRequestFactory(site=world.site_a, done=True)
    response = world.client("coordinator_a").get(reverse("reporting:download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    pending = ReportRequestFactory(site=world.site_a)
    url = reverse("reporting:download", args=[pending.pk])
    assert world.client("coordinator_a").get(url).status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_report_list_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    ReportRequestFactory.create_batch(count, site=world.site_a, done=True)
    ReportRequestFactory.create_batch(count, region_report=True)
    client = world.client("ars_a")
    # session, user, savepoint, scope, count, the form's houses, regions and siting scenarios,
    # the page of reports (joined with houses, regions and users), savepoint release
    with django_assert_num_queries(10):
        response = client.get(reverse("reporting:list"))
    assert response.status_code == 200
    assert len(response.context["reports"]) == min(2 * count, 25)


@pytest.mark.parametrize("count", [2, 30])
def test_api_list_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    ReportRequestFactory.create_batch(count, site=world.site_a, done=True)
    client = world.client("ars_a")
    # session, user, savepoint, scope, count, page, savepoint release
    with django_assert_num_queries(7):
        response = client.get("/api/v1/reports/")
    assert response.json()["count"] == count


def test_api_request_status_and_download(
    world: World, renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client("ars_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/reports/", REGION_32, content_type="application/json")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending"
    assert body["download_url"] is None
    body = client.get(f"/api/v1/reports/{body['id']}/").json()
    assert body["status"] == "done"
    assert body["region"] == "32"
    assert body["download_url"] == f"http://testserver/api/v1/reports/{body['id']}/pdf/"
    download = client.get(body["download_url"], HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_api_site_report(world: World, renderer: FakeRenderer) -> None:
    data = {**REGION_32, "kind": "site", "site": world.site_a.pk, "region": None}
    response = world.client("coordinator_a").post(
        "/api/v1/reports/", data, content_type="application/json"
    )
    assert response.status_code == 202
    assert response.json()["site"] == world.site_a.pk


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"period_end": "2025-12-31"}, {"period_end": ["La fin de la période précède son début."]}),
        ({"region": "99"}, {"region": ["Région inconnue."]}),
        ({"kind": "world"}, {"kind": ["Type de rapport inconnu."]}),
        ({"kind": "site", "site": 999_999}, {"site": ["Maison inconnue."]}),
        ({"kind": "site"}, {"site": ["Choisissez la maison du rapport."]}),
    ],
)
def test_api_validation_errors_are_400_in_french(
    world: World, change: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    response = world.client("national_admin").post(
        "/api/v1/reports/", {**REGION_32, **change}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body.pop("code") == "invalid"
    assert body.pop("detail")  # a French summary; the field errors follow
    assert body == errors


def test_api_agent_asking_for_another_region_gets_404(world: World) -> None:
    response = world.client("ars_other").post(
        "/api/v1/reports/", REGION_32, content_type="application/json"
    )
    assert response.status_code == 404
    assert not ReportRequest.objects.exists()


def test_the_navigation_links_to_reports(world: World) -> None:
    content = world.client("coordinator_a").get(reverse("masp:site_list")).content.decode()
    assert f'href="{reverse("reporting:list")}"' in content
