"""Demo partners: for each demo house, an EMSP, a volunteer association and an HAD of its
département, conventions (some missing, expired, draft or expiring soon) and participation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import timezone

from common.pdfs import pdf_file
from masp.models import Site
from masp.sites.demo import demo_houses, demo_siret
from masp.sites.enums import SiteStatus
from partners.enums import (
    ConventionSubject,
    MeetingFrequency,
    OrganisationKind,
    OrganisationScope,
    ParticipationKind,
)
from partners.models import Convention, Organisation, ParticipationBody, Partnership

ORDER = 40  # after the demo accounts (10) and houses (20)


def local_partners(site: Site, index: int) -> dict[str, Organisation]:
    department = site.department
    specs = {
        OrganisationKind.EMSP: (f"EMSP du centre hospitalier de {site.commune}", "EMSP"),
        OrganisationKind.VOLUNTEER_ASSOCIATION: (
            f"Accompagnement bénévole {department.name}",
            "",
        ),
        OrganisationKind.HAD: (f"HAD {department.name}", "HAD"),
    }
    found: dict[str, Organisation] = {}
    for kind, (name, acronym) in specs.items():
        organisation, _created = Organisation.objects.get_or_create(
            name=name,
            department=department,
            defaults={
                "kind": kind,
                "acronym": acronym,
                "scope": OrganisationScope.DEPARTMENT,
                "siret": demo_siret(1000 + index * 3 + len(found)),
                "address": f"{index} avenue de la République, {site.postcode} {site.commune}",
            },
        )
        found[kind] = organisation
    return found


def convention_dates(index: int, kind: str, today: dt.date) -> dict[str, dt.date | None]:
    """Mostly valid conventions, with a few gaps so that the follow-up pages have content."""
    signed = today - dt.timedelta(days=300 + index * 7)
    dates: dict[str, dt.date | None] = {
        "signed_on": signed,
        "valid_from": signed,
        "valid_until": signed + dt.timedelta(days=3 * 365),
    }
    if kind == OrganisationKind.EMSP and index % 7 == 3:
        dates["valid_until"] = today + dt.timedelta(days=30 + index)  # expiring soon
    if kind == OrganisationKind.VOLUNTEER_ASSOCIATION and index % 6 == 4:
        dates["valid_until"] = today - dt.timedelta(days=20)  # expired
    if kind == OrganisationKind.VOLUNTEER_ASSOCIATION and index % 9 == 2:
        dates.update(signed_on=None, valid_from=None, valid_until=None)  # still a draft
    if kind == OrganisationKind.HAD and index % 4 == 0:
        dates["terminated_on"] = today - dt.timedelta(days=60)
    return dates


def demo_pdf(title: str) -> bytes:
    """A one-page PDF saying it is a demo document (hand-built, with a correct xref table)."""
    text = title.encode("cp1252", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 770 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    return pdf_file(objects)


SUBJECTS: dict[str, str] = {
    OrganisationKind.EMSP: ConventionSubject.EXPERTISE,
    OrganisationKind.VOLUNTEER_ASSOCIATION: ConventionSubject.VOLUNTEERS,
    OrganisationKind.HAD: ConventionSubject.ADMISSIONS,
}


def attach_demo_document(convention: Convention) -> None:
    title = f"Convention de démonstration — {convention.site} / {convention.partner}"
    convention.document_name = "convention-demonstration.pdf"
    convention.document.save("demo.pdf", ContentFile(demo_pdf(title)), save=True)


def load_site(site: Site, index: int, today: dt.date) -> int:
    created = 0
    for kind, organisation in local_partners(site, index).items():
        Partnership.objects.get_or_create(site=site, organisation=organisation)
        if kind == OrganisationKind.EMSP and index % 5 == 0:
            continue  # no convention with the EMSP yet: a missing required convention
        convention, new = Convention.objects.get_or_create(
            site=site,
            partner=organisation,
            subject=SUBJECTS[kind],
            defaults=convention_dates(index, kind, today),
        )
        if new and convention.signed_on:
            attach_demo_document(convention)
        created += new
    if site.status == SiteStatus.OPEN:
        ParticipationBody.objects.get_or_create(
            site=site,
            kind=ParticipationKind.CVS,
            name="Conseil de la vie sociale",
            defaults={
                "meeting_frequency": MeetingFrequency.QUARTERLY,
                "last_meeting_on": today - dt.timedelta(days=20 + index),
            },
        )
        ParticipationBody.objects.get_or_create(
            site=site,
            kind=ParticipationKind.RELATIVES_REPRESENTATIVE,
            name="Représentant des familles et des proches",
            defaults={"organisation_name": "Association membre de France Assos Santé"},
        )
    return created


def load(*, log: Callable[[str], None]) -> None:
    today = timezone.localdate()
    created = 0
    for index, site in demo_houses():
        created += load_site(site, index, today)
    log(f"{created} conventions de démonstration créées.")
