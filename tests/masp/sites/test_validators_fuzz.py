"""Bad input: the FINESS, SIREN and SIRET validators under any string (hypothesis)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from masp.sites.validators import (
    LA_POSTE_SIREN,
    luhn_is_valid,
    luhn_key,
    validate_finess,
    validate_siren,
    validate_siret,
)

DIGITS = "0123456789"
# What a French message of these validators looks like.
FRENCH = re.compile(r"numéro|compte \d+ (?:caractères|chiffres)|clé de contrôle")
# Strings that look like identifiers, to reach the key checks more often than random text does.
identifier_like = st.text(alphabet=DIGITS + "2AB \n\t-٣", min_size=7, max_size=16)
any_input = st.one_of(st.text(max_size=30), identifier_like)


def outcome(validator: Callable[[str], None], value: str) -> ValidationError | None:
    try:
        validator(value)
    except ValidationError as error:
        return error
    return None  # any other exception fails the test


def digits(size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=DIGITS, min_size=size, max_size=size)


def change_one_digit(number: str, position: int, shift: int) -> str:
    """The same number with the digit at `position` replaced by a different digit."""
    index = position % len(number)
    while not number[index].isdigit():
        index = (index + 1) % len(number)
    new = str((int(number[index]) + shift) % 10)
    return number[:index] + new + number[index + 1 :]


@settings(max_examples=500, deadline=None)
@given(value=any_input)
@example("590780193\n")  # was accepted: the regex ended with "$", which allows a final "\n"
@example("590780193 ")
@example("٥٩٠٧٨٠١٩٣")  # Arabic-Indic digits are not FINESS digits
def test_finess_any_string_is_valid_or_a_french_error(value: str) -> None:
    error = outcome(validate_finess, value)
    if error is None:
        assert re.fullmatch(r"[0-9]{9}|2[AB][0-9]{7}", value)
        assert value[:2] in {"2A", "2B"} or luhn_is_valid(value)
    else:
        assert FRENCH.search(error.messages[0]), error.messages


@settings(max_examples=500, deadline=None)
@given(value=any_input)
@example("443061841\n")
@example("٤٤٣٠٦١٨٤١")
def test_siren_any_string_is_valid_or_a_french_error(value: str) -> None:
    error = outcome(validate_siren, value)
    if error is None:
        assert re.fullmatch(r"[0-9]{9}", value)
        assert luhn_is_valid(value)
    else:
        assert FRENCH.search(error.messages[0]), error.messages


@settings(max_examples=500, deadline=None)
@given(value=any_input)
@example("44306184100047\n")
def test_siret_any_string_is_valid_or_a_french_error(value: str) -> None:
    error = outcome(validate_siret, value)
    if error is None:
        assert re.fullmatch(r"[0-9]{14}", value)
        assert luhn_is_valid(value) or value.startswith(LA_POSTE_SIREN)
    else:
        assert FRENCH.search(error.messages[0]), error.messages


@given(body=digits(8))
def test_generated_numeric_finess_pass(body: str) -> None:
    validate_finess(body + luhn_key(body))


@given(letter=st.sampled_from("AB"), body=digits(7))
def test_corsican_finess_pass_without_key(letter: str, body: str) -> None:
    validate_finess(f"2{letter}{body}")


@given(body=digits(8), position=st.integers(0, 8), shift=st.integers(1, 9))
def test_one_digit_change_of_a_valid_finess_fails_the_key(
    body: str, position: int, shift: int
) -> None:
    changed = change_one_digit(body + luhn_key(body), position, shift)
    with pytest.raises(ValidationError) as error:
        validate_finess(changed)
    assert error.value.code == "finess_key"


@given(body=digits(8), position=st.integers(0, 8), shift=st.integers(1, 9))
def test_generated_siren_pass_and_one_digit_change_fails(
    body: str, position: int, shift: int
) -> None:
    siren = body + luhn_key(body)
    validate_siren(siren)
    with pytest.raises(ValidationError) as error:
        validate_siren(change_one_digit(siren, position, shift))
    assert error.value.code == "siren_key"


@given(body=digits(13), position=st.integers(0, 13), shift=st.integers(1, 9))
def test_generated_siret_pass_and_one_digit_change_fails(
    body: str, position: int, shift: int
) -> None:
    siret = body + luhn_key(body)
    validate_siret(siret)
    changed = change_one_digit(siret, position, shift)
    assume(not changed.startswith(LA_POSTE_SIREN))  # La Poste's own rule: example tests
    with pytest.raises(ValidationError) as error:
        validate_siret(changed)
    assert error.value.code == "siret_key"
