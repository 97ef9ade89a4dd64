from __future__ import annotations

from decimal import Decimal

import factory

from funding.enums import FundingKind
from funding.models import FundingLine, FundingSource, RegionalEnvelope
from tests.masp.factories import SiteFactory
from tests.pdfs import VALID_PDF

PDF_BYTES = VALID_PDF  # a real PDF: uploads are parsed (common/uploads.py)


def source(code: str = "ondam_ms") -> FundingSource:
    # Loaded by load_reference_data in the session fixture.
    return FundingSource.objects.get(code=code)


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    class Params:
        with_document = factory.Trait(
            decision_document=factory.django.FileField(data=PDF_BYTES, filename="decision.pdf"),
            decision_document_name="arrete-ars.pdf",
        )

    site = factory.SubFactory(SiteFactory, opened=True)
    year = 2026
    source = factory.LazyFunction(source)
    kind = FundingKind.OPERATING_ALLOCATION
    amount_notified = Decimal("800000.00")
    amount_paid = Decimal("600000.00")
    decision_reference = "ARS-2026-001"


class EnvelopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalEnvelope
        django_get_or_create = ("region_id", "year", "source")

    region_id = "32"
    year = 2026
    source = factory.LazyFunction(source)
    amount_notified = Decimal("2000000.00")
