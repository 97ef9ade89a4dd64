"""The convention status (pure function and QuerySet annotation) and the conformity rule."""

from __future__ import annotations

import datetime as dt

import pytest

from masp.sites.enums import SiteStatus
from partners.conformity import (
    conformity_of,
    missing_kinds,
    non_conforming,
    non_conforming_houses,
)
from partners.enums import ConventionStatus, OrganisationKind
from partners.models import Convention, ConventionRequirement, convention_status
from tests.masp.factories import SiteFactory
from tests.partners.factories import ConventionFactory, OrganisationFactory

TODAY = dt.date(2026, 6, 15)
EMSP, VOLUNTEERS = OrganisationKind.EMSP, OrganisationKind.VOLUNTEER_ASSOCIATION


@pytest.mark.parametrize(
    ("signed_on", "valid_until", "terminated_on", "expected"),
    [
        (None, None, None, ConventionStatus.DRAFT),
        (dt.date(2026, 1, 1), None, None, ConventionStatus.SIGNED),
        (dt.date(2026, 1, 1), TODAY, None, ConventionStatus.SIGNED),  # last valid day
        (dt.date(2025, 1, 1), dt.date(2026, 6, 14), None, ConventionStatus.EXPIRED),
        (dt.date(2025, 1, 1), None, TODAY, ConventionStatus.TERMINATED),
        (dt.date(2025, 1, 1), None, dt.date(2026, 7, 1), ConventionStatus.SIGNED),  # notice given
        (None, None, dt.date(2026, 1, 1), ConventionStatus.TERMINATED),  # abandoned draft
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2025, 6, 1), "terminated"),
    ],
)
@pytest.mark.django_db
def test_status_function_and_annotation_agree(
    signed_on: dt.date | None,
    valid_until: dt.date | None,
    terminated_on: dt.date | None,
    expected: str,
) -> None:
    assert (
        convention_status(
            signed_on=signed_on, valid_until=valid_until, terminated_on=terminated_on, today=TODAY
        )
        == expected
    )
    convention = ConventionFactory(
        signed_on=signed_on, valid_from=None, valid_until=valid_until, terminated_on=terminated_on
    )
    annotated = Convention.objects.with_status(TODAY).get(pk=convention.pk)
    assert annotated.computed_status == expected
    assert annotated.status == expected
    assert convention.status_on(TODAY) == expected


def test_missing_kinds_is_the_difference_in_requirement_order() -> None:
    assert missing_kinds([EMSP, VOLUNTEERS], {VOLUNTEERS, OrganisationKind.HAD}) == (EMSP,)
    assert missing_kinds([EMSP, VOLUNTEERS], set()) == (EMSP, VOLUNTEERS)
    assert missing_kinds([], {EMSP}) == ()


@pytest.fixture
def site(db: None):
    return SiteFactory(opened=True)


def bind(site, kind: str, **dates) -> Convention:
    return ConventionFactory(site=site, partner=OrganisationFactory(kind=kind), **dates)


def test_default_requirements_are_emsp_and_volunteers(db: None) -> None:
    assert set(ConventionRequirement.objects.active().values_list("kind", flat=True)) == {
        EMSP,
        VOLUNTEERS,
    }


def test_house_with_both_conventions_in_force_is_conform(site) -> None:
    bind(site, EMSP)
    bind(site, VOLUNTEERS)
    conformity = conformity_of(site, today=TODAY)
    assert conformity.is_conform
    assert conformity.applies


def test_missing_kind(site) -> None:
    bind(site, EMSP)
    bind(site, OrganisationKind.HAD)  # not a required kind
    conformity = conformity_of(site, today=TODAY)
    assert conformity.missing == (VOLUNTEERS,)
    assert conformity.missing_labels == ["association de bénévoles"]


def test_expired_convention_does_not_count(site) -> None:
    bind(site, VOLUNTEERS)
    bind(site, EMSP, valid_until=dt.date(2026, 6, 14))
    assert conformity_of(site, today=TODAY).missing == (EMSP,)
    # ... and it did count the day before it expired.
    assert conformity_of(site, today=dt.date(2026, 6, 14)).is_conform


def test_terminated_convention_does_not_count(site) -> None:
    bind(site, VOLUNTEERS)
    bind(site, EMSP, terminated_on=dt.date(2026, 5, 1))
    assert conformity_of(site, today=TODAY).missing == (EMSP,)


def test_convention_starting_in_the_future_does_not_count_yet(site) -> None:
    bind(site, VOLUNTEERS)
    bind(site, EMSP, signed_on=dt.date(2026, 6, 1), valid_from=dt.date(2026, 7, 1))
    assert conformity_of(site, today=TODAY).missing == (EMSP,)
    assert conformity_of(site, today=dt.date(2026, 7, 1)).is_conform


def test_draft_convention_does_not_count(site) -> None:
    bind(site, VOLUNTEERS)
    bind(site, EMSP, draft=True)
    assert conformity_of(site, today=TODAY).missing == (EMSP,)


def test_start_defaults_to_the_signature_date(site) -> None:
    bind(site, VOLUNTEERS)
    bind(site, EMSP, signed_on=dt.date(2026, 6, 20), valid_from=None)
    assert conformity_of(site, today=TODAY).missing == (EMSP,)
    assert conformity_of(site, today=dt.date(2026, 6, 20)).is_conform


def test_another_house_convention_does_not_count(site) -> None:
    bind(SiteFactory(opened=True), EMSP)
    bind(site, VOLUNTEERS)
    assert conformity_of(site, today=TODAY).missing == (EMSP,)


def test_deactivated_requirement_is_no_longer_required(site) -> None:
    ConventionRequirement.objects.filter(kind=EMSP).update(is_active=False)
    bind(site, VOLUNTEERS)
    assert conformity_of(site, today=TODAY).is_conform


def test_non_conforming_lists_only_open_houses(site) -> None:
    unopened = SiteFactory(status=SiteStatus.AUTHORISED)
    bind(site, EMSP)
    listed = non_conforming(type(site).objects.filter(pk__in=[site.pk, unopened.pk]), today=TODAY)
    assert [(house, conformity.missing) for house, conformity in listed] == [(site, (VOLUNTEERS,))]
    assert not conformity_of(unopened, today=TODAY).applies


def test_expiring_within_the_window(site) -> None:
    soon = bind(site, EMSP, valid_until=TODAY + dt.timedelta(days=90))
    bind(site, VOLUNTEERS, valid_until=TODAY + dt.timedelta(days=91))
    bind(site, OrganisationKind.HAD, valid_until=TODAY - dt.timedelta(days=1))  # expired
    bind(site, OrganisationKind.USP, valid_until=TODAY + dt.timedelta(days=5), draft=True)
    assert list(Convention.objects.expiring_within(90, TODAY)) == [soon]


def test_termination_cannot_precede_signature(db: None) -> None:
    from django.core.exceptions import ValidationError

    convention = ConventionFactory.build(
        site=SiteFactory(), partner=OrganisationFactory(), terminated_on=dt.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        convention.full_clean()
    assert caught.value.message_dict == {"terminated_on": ["La résiliation précède la signature."]}


def test_non_conforming_houses_are_the_non_conforming_ones_as_values(site) -> None:
    """The follow-up's values (`non_conforming_houses`) list the same houses in the same
    order as `non_conforming`, with what the page shows of them."""
    others = [SiteFactory(status=SiteStatus.OPEN, department_id=code) for code in ("59", "02")]
    SiteFactory(status=SiteStatus.AUTHORISED)
    bind(site, EMSP)
    bind(others[0], EMSP)
    bind(others[0], VOLUNTEERS)  # conform
    sites = type(site).objects.all()
    expected = non_conforming(sites, today=TODAY)
    listed = non_conforming_houses(sites, today=TODAY)
    assert [(house.pk, c) for house, c in listed] == [(house.pk, c) for house, c in expected]
    assert others[1].pk in {house.pk for house, _c in listed}
    for (house, _c), (model, _m) in zip(listed, expected, strict=True):
        assert house.name == model.name
        assert house.department == str(model.department)
        assert house.region_name == model.department.region.name
