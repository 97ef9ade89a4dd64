from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from masp.models import Site
from masp.sites.demo import demo_finess
from masp.sites.enums import SiteStatus
from tests.masp.factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("capacity", [0, 51])
def test_capacity_outside_1_50_is_refused_by_the_database(capacity: int) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteFactory(capacity=capacity)


def test_unknown_status_is_refused_by_the_database() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteFactory(status="demolished")


def test_closing_before_opening_is_refused_by_the_database() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteFactory(opened_on=dt.date(2026, 5, 1), closed_on=dt.date(2026, 4, 1))


def test_finess_et_is_unique() -> None:
    site = SiteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteFactory(finess_et=site.finess_et)


def test_full_clean_accepts_a_valid_house() -> None:
    SiteFactory.build(manager_siret="44306184100047").full_clean()


def test_full_clean_checks_finess_against_the_department() -> None:
    site = SiteFactory.build(department_id="62", finess_et=demo_finess("59", 1))
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "commence par 62" in error.value.message_dict["finess_et"][0]


def test_full_clean_reports_invalid_identifiers_in_french() -> None:
    site = SiteFactory.build(finess_ej="123", manager_siret="44306184100048")
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "9 caractères" in error.value.message_dict["finess_ej"][0]
    assert "clé de contrôle" in error.value.message_dict["manager_siret"][0]


def test_open_house_needs_an_opening_date() -> None:
    site = SiteFactory.build(status=SiteStatus.OPEN, opened_on=None)
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "opened_on" in error.value.message_dict


@pytest.mark.parametrize(("capacity", "warning"), [(7, True), (8, False), (20, False), (21, True)])
def test_capacity_outside_the_cahier_des_charges_warns(capacity: int, warning: bool) -> None:
    assert SiteFactory.build(capacity=capacity).capacity_outside_norm is warning


def test_corsican_house() -> None:
    site = SiteFactory(department_id="2A", finess_et=demo_finess("2A", 7), postcode="20000")
    site.full_clean()
    assert Site.objects.in_region("94").get() == site
