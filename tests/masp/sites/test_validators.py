from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from masp.sites.validators import (
    finess_prefix,
    luhn_is_valid,
    luhn_key,
    validate_finess,
    validate_finess_department,
    validate_siren,
    validate_siret,
)


@pytest.mark.parametrize(
    ("number", "valid"),
    [("79927398713", True), ("79927398710", False), ("0", True), ("12a", False), ("", False)],
)
def test_luhn(number: str, valid: bool) -> None:
    assert luhn_is_valid(number) is valid


def test_luhn_key_completes_a_number() -> None:
    assert luhn_key("7992739871") == "3"


@pytest.mark.parametrize(
    "number",
    [
        "750712184",  # AP-HP (EJ)
        "590780193",  # CHU de Lille
        "2A0000012",  # Corsica: the key rule is unknown, accepted without the check
        "2B0001234",
        "970100228",  # Guadeloupe (97)
        "98" + "0000001"[:6] + luhn_key("98000000"),  # Mayotte (98)
    ],
)
def test_valid_finess(number: str) -> None:
    validate_finess(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("75071218", "finess_format"),  # 8 characters
        ("7507121845", "finess_format"),  # 10 characters
        ("2C0000012", "finess_format"),  # only 2A and 2B carry letters
        ("75A712184", "finess_format"),
        ("750712185", "finess_key"),  # wrong key
        ("590780194", "finess_key"),
    ],
)
def test_invalid_finess(number: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_finess(number)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("department", "prefix"),
    [("59", "59"), ("2A", "2A"), ("2B", "2B"), ("971", "97"), ("974", "97"), ("976", "98")],
)
def test_finess_prefix(department: str, prefix: str) -> None:
    assert finess_prefix(department) == prefix


def test_finess_department_consistency() -> None:
    validate_finess_department("590780193", "59")
    validate_finess_department("2A0000012", "2A")
    validate_finess_department("974000001", "974")
    validate_finess_department("980000001", "976")
    for number, department in [("590780193", "62"), ("2A0000012", "2B"), ("974000001", "976")]:
        with pytest.raises(ValidationError) as error:
            validate_finess_department(number, department)
        assert error.value.code == "finess_department"


@pytest.mark.parametrize(
    "number",
    [
        "44306184100047",  # a Luhn-valid SIRET
        "73282932000074",
        "35600000000048",  # La Poste head office (Luhn-valid)
        "35600000049837",  # La Poste establishment: sum of digits multiple of 5
    ],
)
def test_valid_siret(number: str) -> None:
    validate_siret(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("4430618410004", "siret_format"),
        ("443061841000471", "siret_format"),
        ("4430618410004A", "siret_format"),
        ("44306184100048", "siret_key"),
        ("35600000049838", "siret_key"),  # La Poste, neither rule holds
    ],
)
def test_invalid_siret(number: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_siret(number)
    assert error.value.code == code


def test_siren() -> None:
    validate_siren("443061841")
    with pytest.raises(ValidationError):
        validate_siren("443061842")
    with pytest.raises(ValidationError):
        validate_siren("44306184")


def test_messages_are_french() -> None:
    with pytest.raises(ValidationError) as error:
        validate_finess("123")
    assert "9 caractères" in error.value.messages[0]
