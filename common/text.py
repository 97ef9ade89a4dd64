"""French phrasing helpers: "de" before a place name, and French plural counts."""

from __future__ import annotations

import unicodedata

from django.utils.translation import get_language

# A name starting with a vowel takes "d'" ("d'Amiens", "d'Évreux", "d'Île-d'Houat"). A leading
# H is treated as aspirated ("de Hénin-Beaumont", "de Hazebrouck"): most place names in H are,
# and telling the mute ones ("d'Hyères") apart needs a list the portal does not have. A leading
# Y counts as a vowel ("d'Yvetot", "d'Ytrac"), which holds for French communes.
VOWELS = frozenset("aeiouy")
# Names whose article contracts with "de": "Le Havre" gives "du Havre", "Les Andelys" gives "des
# Andelys". "La" and "L'" do not contract ("de La Rochelle", "de L'Haÿ-les-Roses").
CONTRACTED = (("Le ", "du "), ("Les ", "des "))


def _first_letter(name: str) -> str:
    """The first letter of `name` without its accent, lower case ("É" gives "e")."""
    plain = unicodedata.normalize("NFKD", name.strip()[:1])
    return plain[:1].lower()


def of_place(name: str) -> str:
    """ "de" + a place name, elided or contracted as French writes it."""
    name = name.strip()
    for article, contracted in CONTRACTED:
        if name.startswith(article):
            return contracted + name[len(article) :]
    if _first_letter(name) in VOWELS:
        return f"d'{name}"
    return f"de {name}"


def plural_number(count: int) -> int:
    """The number to give `ngettext` (or `{% blocktranslate count %}`) so that French takes the
    singular for 0 as for 1 ("0 maison"). Without a French catalogue for the portal's own
    messages, gettext falls back to the English rule, which puts 0 in the plural."""
    if count == 0 and (get_language() or "fr").startswith("fr"):
        return 1
    return count
