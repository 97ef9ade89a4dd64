"""Demo accounts (the password comes from DEMO_PASSWORD)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from accounts.models import User

ORDER = 30
DEMO_ADMIN = "admin@example.org"


def load(*, log: Callable[[str], None]) -> None:
    admin, created = User.objects.get_or_create(
        email=DEMO_ADMIN,
        defaults={
            "first_name": "Camille",
            "last_name": "Administratrice",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created:
        admin.set_password(settings.MASP_DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    log(f"Compte de démonstration : {DEMO_ADMIN}")
