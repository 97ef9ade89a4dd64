"""French phrasing: "de" before a place name, French plural counts."""

from __future__ import annotations

import pytest
from django.utils import translation

from common.text import of_place, plural_number


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Amiens", "d'Amiens"),
        ("Lille", "de Lille"),
        ("Évreux", "d'Évreux"),
        ("Île-d'Houat", "d'Île-d'Houat"),
        ("Orléans", "d'Orléans"),
        ("Yvetot", "d'Yvetot"),
        ("Ussel", "d'Ussel"),
        ("Hénin-Beaumont", "de Hénin-Beaumont"),  # H is treated as aspirated
        ("Hazebrouck", "de Hazebrouck"),
        ("Le Havre", "du Havre"),
        ("Les Andelys", "des Andelys"),
        ("La Rochelle", "de La Rochelle"),
        ("L'Haÿ-les-Roses", "de L'Haÿ-les-Roses"),
        ("Lens", "de Lens"),  # "Le" only as a whole word
        ("  Arras ", "d'Arras"),
    ],
)
def test_of_place(name: str, expected: str) -> None:
    assert of_place(name) == expected


def test_plural_number_puts_zero_in_the_singular_in_french() -> None:
    with translation.override("fr"):
        assert [plural_number(n) for n in (0, 1, 2, 5)] == [1, 1, 2, 5]
    with translation.override("en"):
        assert plural_number(0) == 0
