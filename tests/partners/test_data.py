"""Reference data (national partners, requirements) and demo data of the partners app."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from masp.models import Site
from partners.conformity import expiring, non_conforming
from partners.models import (
    Convention,
    ConventionRequirement,
    Organisation,
    ParticipationBody,
)

pytestmark = pytest.mark.django_db


def test_reference_data_loads_the_nine_national_partners_without_overwriting_edits() -> None:
    national = Organisation.objects.national()
    assert national.count() == 9
    cnspfv = national.get(acronym="CNSPFV")
    assert "Créé en 2016" in cnspfv.description
    assert cnspfv.scope == "national"
    for partner in national:
        partner.full_clean()
        assert partner.description
    national.filter(acronym="SFAP").update(description="Texte revu")
    ConventionRequirement.objects.filter(kind="emsp").update(is_active=False)
    call_command("load_reference_data", stdout=io.StringIO())
    assert national.count() == 9
    assert national.get(acronym="SFAP").description == "Texte revu"
    assert not ConventionRequirement.objects.get(kind="emsp").is_active
    assert ConventionRequirement.objects.count() == 2


def seed() -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())


def test_demo_data_has_gaps_to_follow_and_is_idempotent() -> None:
    seed()
    counts = (Convention.objects.count(), Organisation.objects.count())
    seed()
    assert (Convention.objects.count(), Organisation.objects.count()) == counts
    assert counts[0] >= 40
    for convention in Convention.objects.all():
        convention.full_clean()
    missing = non_conforming(Site.objects.all())
    assert 3 <= len(missing) < Site.objects.filter(status="open").count()
    assert expiring(Convention.objects.all()).exists()
    statuses = {c.status for c in Convention.objects.with_status()}
    assert statuses == {"draft", "signed", "expired", "terminated"}
    assert ParticipationBody.objects.filter(kind="cvs").exists()
    # Signed demo conventions carry a real (one-page) PDF.
    with_document = Convention.objects.exclude(document="")
    assert with_document.count() == Convention.objects.filter(signed_on__isnull=False).count()
    sample = with_document.first()
    with sample.document.open("rb") as handle:
        assert PdfReader(handle, strict=True).pages[0].extract_text().startswith("Convention")
