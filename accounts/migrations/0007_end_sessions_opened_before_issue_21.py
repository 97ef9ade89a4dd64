"""End every session opened before issue 21's fixes: some were opened by the admin's own
login (no second factor, no rate limit) or by an invitation link, and under the old rules a
session could make an unverified address its login address. Everyone signs in again, through
allauth, and confirms their address by the link it sends when it is not yet verified."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def end_sessions(apps: Any, schema_editor: Any) -> None:
    apps.get_model("sessions", "Session").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_security_event_email_and_privileges"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(end_sessions, migrations.RunPython.noop)]
