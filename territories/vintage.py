"""The vintage of the reference populations (COG year, INSEE census year), read from
`territories/data/vintage.json`, written by `scripts/build_territories.py` with the data."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext

VINTAGE_FILE = Path(__file__).resolve().parent / "data" / "vintage.json"


@dataclass(frozen=True)
class Vintage:
    cog_year: int
    population_year: int
    population_in_force: str
    mayotte_population_year: int


@functools.cache
def vintage() -> Vintage:
    return Vintage(**json.loads(VINTAGE_FILE.read_text(encoding="utf-8")))


def population_note() -> str:
    """The census year of the populations, as every coverage output names it."""
    current = vintage()
    return gettext(
        "populations municipales légales de l'INSEE, millésime %(year)s (en vigueur au "
        "1er janvier %(cog)s ; Mayotte : recensement %(mayotte)s)"
    ) % {
        "year": current.population_year,
        "cog": current.cog_year,
        "mayotte": current.mayotte_population_year,
    }


def distance_note() -> str:
    """How distances are measured, as every coverage output states it."""
    return gettext(
        "distances à vol d'oiseau depuis le point représentatif de chaque commune "
        "(de chaque arrondissement municipal à Paris, Lyon et Marseille)"
    )


def method_note() -> str:
    """The sentence pages, maps, PDF sections and exports show under coverage figures."""
    return gettext("Méthode : %(distances)s ; %(populations)s.") % {
        "distances": distance_note(),
        "populations": population_note(),
    }
