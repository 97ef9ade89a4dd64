from __future__ import annotations

import datetime as dt

import factory

from partners.enums import (
    ConventionSubject,
    OrganisationKind,
    OrganisationScope,
    ParticipationKind,
)
from partners.models import Convention, Organisation, ParticipationBody, Partnership
from tests.masp.factories import SiteFactory
from tests.pdfs import VALID_PDF

PDF_BYTES = VALID_PDF  # a real PDF: uploads are parsed (common/uploads.py)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    class Params:
        national = factory.Trait(
            kind=OrganisationKind.NATIONAL_PARTNER,
            scope=OrganisationScope.NATIONAL,
            department_id=None,
        )
        volunteers = factory.Trait(kind=OrganisationKind.VOLUNTEER_ASSOCIATION)

    name = factory.Sequence(lambda n: f"Organisation test {n:04d}")
    kind = OrganisationKind.EMSP
    scope = OrganisationScope.DEPARTMENT
    department_id = "59"


class ConventionFactory(factory.django.DjangoModelFactory):
    """A signed convention, in force since 2025 and for three years."""

    class Meta:
        model = Convention

    class Params:
        with_document = factory.Trait(
            document=factory.django.FileField(data=PDF_BYTES, filename="convention.pdf"),
            document_name="convention-signee.pdf",
        )
        draft = factory.Trait(signed_on=None, valid_from=None, valid_until=None)

    site = factory.SubFactory(SiteFactory, opened=True)
    partner = factory.SubFactory(OrganisationFactory)
    subject = ConventionSubject.EXPERTISE
    signed_on = dt.date(2025, 1, 10)
    valid_from = dt.date(2025, 2, 1)
    valid_until = dt.date(2028, 1, 31)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    site = factory.SubFactory(SiteFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class ParticipationBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationBody

    site = factory.SubFactory(SiteFactory)
    kind = ParticipationKind.CVS
    name = "Conseil de la vie sociale"
