from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone

from reporting.enums import JobStatus, ReportKind
from reporting.models import ReportRequest
from reporting.pdf.services import report_render, report_request
from tests.personas import World
from tests.reporting.conftest import FakeRenderer

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 6, 30)}


def ask(world: World, persona: str = "ars_a", **kwargs: Any) -> ReportRequest:
    params = {"kind": ReportKind.REGION, "region": world.site_a.department.region, **PERIOD}
    return report_request(user=world.users[persona], **{**params, **kwargs})


def test_a_request_is_rendered_stored_and_announced(
    world: World, renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(world)
    request.refresh_from_db()
    assert request.status == JobStatus.DONE
    assert request.attempts == 1
    assert renderer.calls == 1
    with default_storage.open(request.file.name) as stored:
        content = stored.read()
    assert content.startswith(b"%PDF")
    assert request.size == len(content)
    assert len(request.sha256) == 64
    assert request.requested_by == world.users["ars_a"]
    assert [message.to for message in mail.outbox] == [["ars-a@example.org"]]
    assert "Hauts-de-France" in mail.outbox[0].subject
    assert "/rapports-pdf/" in mail.outbox[0].body


def test_two_identical_requests_produce_one_rendering(
    world: World, renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(world)
    with django_capture_on_commit_callbacks(execute=True):
        second = ask(world, persona="national_admin")
    assert second.pk == first.pk
    assert renderer.calls == 1
    assert ReportRequest.objects.count() == 1


def test_changed_data_gives_a_new_rendering(
    world: World, renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(world)
    world.site_a.capacity = 14
    world.site_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        second = ask(world)
    assert second.pk != first.pk
    assert second.fingerprint != first.fingerprint
    assert renderer.calls == 2


def test_identical_requests_racing_share_one_file(
    world: World, renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    # Two rows created before either was rendered (e.g. two web processes at once).
    with django_capture_on_commit_callbacks(execute=False):
        first = ask(world)
    twin = ReportRequest.objects.create(
        kind=first.kind,
        region=first.region,
        period_start=first.period_start,
        period_end=first.period_end,
        fingerprint=first.fingerprint,
    )
    report_render(request_id=first.pk)
    report_render(request_id=twin.pk)
    first.refresh_from_db()
    twin.refresh_from_db()
    assert renderer.calls == 1
    assert twin.status == JobStatus.DONE
    assert (twin.file.name, twin.sha256) == (first.file.name, first.sha256)


def test_a_second_delivery_of_the_message_does_nothing(
    world: World, renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        request = ask(world)
    assert report_render(request_id=request.pk) is not None
    assert report_render(request_id=request.pk) is None
    assert report_render(request_id=999_999) is None
    request.refresh_from_db()
    assert (request.status, request.attempts, renderer.calls) == (JobStatus.DONE, 1, 1)


def test_a_failing_render_is_retried_then_marked_failed(
    world: World, renderer: FakeRenderer, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    renderer.error = RuntimeError("Pango introuvable")
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(world)
    request.refresh_from_db()
    assert renderer.calls == settings.MASP_REPORT_MAX_ATTEMPTS
    assert request.status == JobStatus.FAILED
    assert request.attempts == settings.MASP_REPORT_MAX_ATTEMPTS
    assert request.error == "RuntimeError: Pango introuvable"
    assert request.finished_at is not None
    assert not request.file
    assert mail.outbox == []


def test_a_failed_request_can_be_asked_again(
    world: World, renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    renderer.error = RuntimeError("boom")
    with django_capture_on_commit_callbacks(execute=True):
        failed = ask(world)
    renderer.error = None
    with django_capture_on_commit_callbacks(execute=True):
        again = ask(world)
    again.refresh_from_db()
    assert again.pk != failed.pk
    assert again.status == JobStatus.DONE


def test_scope_and_parameters_are_checked(world: World, renderer: FakeRenderer) -> None:
    region_c = world.site_c.department.region
    with pytest.raises(Http404):
        ask(world, region=region_c)
    with pytest.raises(Http404):
        ask(world, persona="coordinator_a")
    with pytest.raises(Http404):
        ask(world, persona="ars_a", kind=ReportKind.NATIONAL, region=None)
    with pytest.raises(ValidationError) as error:
        ask(world, period_start=dt.date(2026, 6, 30), period_end=dt.date(2026, 1, 1))
    assert error.value.message_dict == {"period_end": ["La fin de la période précède son début."]}
    with pytest.raises(ValidationError):
        ask(world, kind=ReportKind.SITE, region=None)
    assert ReportRequest.objects.count() == 0


def test_a_coordinator_may_ask_for_their_own_house(world: World, renderer: FakeRenderer) -> None:
    request = ask(
        world, persona="coordinator_a", kind=ReportKind.SITE, site=world.site_a, region=None
    )
    assert (request.kind, request.site, request.region) == (ReportKind.SITE, world.site_a, None)
    with pytest.raises(Http404):
        ask(world, persona="coordinator_a", kind=ReportKind.SITE, site=world.site_b, region=None)


def test_visible_to_follows_the_scope(world: World, renderer: FakeRenderer) -> None:
    site_a = ask(world, kind=ReportKind.SITE, site=world.site_a, region=None)
    site_c = ask(
        world, persona="national_admin", kind=ReportKind.SITE, site=world.site_c, region=None
    )
    region_a = ask(world)
    national = ask(world, persona="analyst", kind=ReportKind.NATIONAL, region=None)
    seen = {
        persona: set(ReportRequest.objects.visible_to(world.users[persona]))
        for persona in world.users
    }
    assert seen == {
        "anonymous": set(),
        "coordinator_a": {site_a},
        "coordinator_b": set(),
        "ars_a": {site_a, region_a},
        "ars_other": {site_c},
        "analyst": {site_a, site_c, region_a, national},
        "national_admin": {site_a, site_c, region_a, national},
    }
    assert timezone.now() >= national.created_at
