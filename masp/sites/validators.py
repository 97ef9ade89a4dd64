"""Validators of French identifiers: FINESS (establishment), SIREN and SIRET (legal entity)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FINESS_RE = re.compile(r"[0-9]{9}|2[AB][0-9]{7}")
# La Poste's establishments share one SIREN and follow their own key rule.
LA_POSTE_SIREN = "356000000"


def luhn_is_valid(number: str) -> bool:
    """True when a string of digits passes the Luhn (mod 10) check."""
    if not number.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def finess_prefix(department_code: str) -> str:
    """The two characters a FINESS number starts with for a département (Mayotte: 98)."""
    if department_code == "976":
        return "98"
    return department_code[:2]


def validate_finess(value: str) -> None:
    # fullmatch, not match with "$": "$" also matches before a trailing newline.
    if not FINESS_RE.fullmatch(value or ""):
        raise ValidationError(
            _("Un numéro FINESS compte 9 caractères : des chiffres, ou 2A/2B suivi de 7 chiffres."),
            code="finess_format",
        )
    # The key rule of Corsican numbers is not published: they are accepted without the check.
    if value.isdigit() and not luhn_is_valid(value):
        raise ValidationError(
            _("Le numéro FINESS %(value)s a une clé de contrôle invalide."),
            code="finess_key",
            params={"value": value},
        )


def validate_finess_department(value: str, department_code: str) -> None:
    expected = finess_prefix(department_code)
    if not value.startswith(expected):
        raise ValidationError(
            _("Un numéro FINESS du département %(dep)s commence par %(prefix)s."),
            code="finess_department",
            params={"dep": department_code, "prefix": expected},
        )


def validate_siren(value: str) -> None:
    if not re.fullmatch(r"[0-9]{9}", value or ""):
        raise ValidationError(_("Un numéro SIREN compte 9 chiffres."), code="siren_format")
    if not luhn_is_valid(value):
        raise ValidationError(
            _("Le numéro SIREN %(value)s a une clé de contrôle invalide."),
            code="siren_key",
            params={"value": value},
        )


def validate_siret(value: str) -> None:
    if not re.fullmatch(r"[0-9]{14}", value or ""):
        raise ValidationError(_("Un numéro SIRET compte 14 chiffres."), code="siret_format")
    valid = luhn_is_valid(value)
    if not valid and value.startswith(LA_POSTE_SIREN):
        valid = sum(int(char) for char in value) % 5 == 0
    if not valid:
        raise ValidationError(
            _("Le numéro SIRET %(value)s a une clé de contrôle invalide."),
            code="siret_key",
            params={"value": value},
        )


def luhn_key(partial: str) -> str:
    """The digit that completes `partial` into a Luhn-valid number (used by demo data)."""
    for digit in "0123456789":
        if luhn_is_valid(partial + digit):
            return digit
    raise ValueError(partial)  # unreachable for a string of digits
