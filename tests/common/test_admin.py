"""The read-only admin mixin: records the services write are shown in the admin, never added
or changed there, and deleted only where the admin says so."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from masp.models import ActivityReport, StaffingDeclaration
from tests.masp.factories import filled_report
from tests.masp.staffing.factories import StaffingDeclarationFactory

pytestmark = pytest.mark.django_db


def test_a_read_only_admin_shows_a_row_and_refuses_every_change(superuser_client: Any) -> None:
    report = filled_report()
    change = reverse("admin:masp_activityreport_change", args=[report.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200
    assert str(report.site) in page.content.decode()
    assert 'name="_save"' not in page.content.decode()  # a view, not a form
    assert superuser_client.post(change, {}).status_code == 403
    assert superuser_client.get(reverse("admin:masp_activityreport_add")).status_code == 403
    delete = reverse("admin:masp_activityreport_delete", args=[report.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert ActivityReport.objects.filter(pk=report.pk).exists()


def test_a_deletable_read_only_admin_still_deletes(superuser_client: Any) -> None:
    declaration = StaffingDeclarationFactory()
    change = reverse("admin:masp_staffingdeclaration_change", args=[declaration.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert superuser_client.post(change, {}).status_code == 403
    assert superuser_client.get(reverse("admin:masp_staffingdeclaration_add")).status_code == 403
    delete = reverse("admin:masp_staffingdeclaration_delete", args=[declaration.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 302
    assert not StaffingDeclaration.objects.filter(pk=declaration.pk).exists()
