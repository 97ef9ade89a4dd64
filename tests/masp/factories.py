from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from masp.demo_data import demo_finess
from masp.enums import LegalStatus, SiteStatus
from masp.models import Experimentation, Site
from masp.reference_data import EXPERIMENTATION_NAME


def experimentation() -> Experimentation:
    # Loaded by load_reference_data in the session fixture.
    return Experimentation.objects.get(name=EXPERIMENTATION_NAME)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    class Params:
        opened = factory.Trait(status=SiteStatus.OPEN, opened_on=dt.date(2026, 3, 1))

    name = factory.Sequence(lambda n: f"Maison test {n:04d}")
    experimentation = factory.LazyFunction(experimentation)
    cohort_year = 2026
    department_id = "59"
    finess_et = factory.LazyAttributeSequence(lambda o, n: demo_finess(o.department_id, 50000 + n))
    manager_name = "Association de test"
    manager_legal_status = LegalStatus.PRIVATE_NON_PROFIT
    address = "1 rue de la Paix"
    postcode = "59000"
    commune = "Lille"
    latitude = Decimal("50.62920")
    longitude = Decimal("3.05730")
    capacity = 12
    status = SiteStatus.AUTHORISED
