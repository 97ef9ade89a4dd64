"""Demo houses: about twenty plausible (fictitious) houses across the twelve pilot regions."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from accounts.demo_data import DEMO_USERS
from accounts.enums import Role
from accounts.models import Membership, User
from masp.models import Experimentation, Site
from masp.reference_data import EXPERIMENTATION_NAME
from masp.sites.enums import LegalStatus, SiteStatus
from masp.sites.validators import finess_prefix, luhn_key


class DemoSite(NamedTuple):
    name: str
    commune: str
    postcode: str
    department: str
    latitude: str
    longitude: str
    capacity: int
    status: str
    manager: str


DATA_FILE = Path(__file__).resolve().parent / "data" / "demo_sites.csv"


def demo_sites() -> list[DemoSite]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return [
            DemoSite(**{**row, "capacity": int(row["capacity"])})  # type: ignore[arg-type]
            for row in csv.DictReader(handle)
        ]


def demo_finess(department: str, sequence: int, entity: int = 0) -> str:
    """A well-formed FINESS number for the département (fictitious: 6xxxx series)."""
    prefix = finess_prefix(department)
    body = f"{prefix}{6 - entity}{sequence:05d}"
    return body + ("0" if not body.isdigit() else luhn_key(body))


def demo_houses() -> Iterator[tuple[int, Site]]:
    """The demo houses `load` saved, with their number in the demo list (the other apps' demo
    data is laid over them)."""
    for index, demo in enumerate(demo_sites(), start=1):
        site = (
            Site.objects.filter(finess_et=demo_finess(demo.department, index))
            .select_related("department")
            .first()
        )
        if site is not None:
            yield index, site


def demo_siret(sequence: int) -> str:
    body = f"9{sequence:08d}0001{sequence % 10}"[:13]
    return body + luhn_key(body)


def site_defaults(index: int, demo: DemoSite, experimentation: Experimentation) -> dict:
    opened = demo.status == SiteStatus.OPEN
    public = demo.name.lower().replace(" ", "").replace("'", "")[:20]
    return {
        "name": demo.name,
        "experimentation": experimentation,
        "cohort_year": 2026 if index % 3 else 2027,
        "finess_ej": demo_finess(demo.department, index, entity=1),
        "manager_name": demo.manager,
        "manager_siret": demo_siret(index),
        "manager_legal_status": LegalStatus.PUBLIC
        if demo.manager.startswith(("Centre hospitalier", "CHU"))
        else LegalStatus.PRIVATE_NON_PROFIT,
        "address": f"{index + 2} rue des Tilleuls",
        "postcode": demo.postcode,
        "commune": demo.commune,
        "department_id": demo.department,
        "latitude": Decimal(demo.latitude),
        "longitude": Decimal(demo.longitude),
        "capacity": demo.capacity,
        "status": demo.status,
        "authorised_on": dt.date(2025, 12, 1) if demo.status != SiteStatus.PROJECT else None,
        "opened_on": dt.date(2026, 1 + index % 6, 1) if opened else None,
        "public_phone": f"01 23 45 {index:02d} {index + 10:02d}",
        "public_email": f"contact@{public}.example.org",
        "website": f"https://{public}.example.org",
    }


def load(*, log: Callable[[str], None]) -> None:
    experimentation = Experimentation.objects.get(name=EXPERIMENTATION_NAME)
    sites = demo_sites()
    for index, demo in enumerate(sites, start=1):
        # get_or_create: re-running keeps whatever a user changed in the demo houses.
        Site.objects.get_or_create(
            finess_et=demo_finess(demo.department, index),
            defaults=site_defaults(index, demo, experimentation),
        )
    log(f"{len(sites)} maisons de démonstration.")


def coordinators(*, log: Callable[[str], None]) -> None:
    """The demo coordinators (accounts' demo data) each run the first demo house of their
    region, by name order."""
    granted = 0
    for demo in DEMO_USERS:
        if demo.role != Role.COORDINATOR or not demo.region:
            continue
        site = Site.objects.in_region(demo.region).order_by("name").first()
        Membership.objects.get_or_create(
            user=User.objects.get(email=demo.email), role=demo.role, is_active=True, site=site
        )
        granted += 1
    log(f"{granted} coordinations de maison de démonstration.")
