"""`coverage`: the territorial coverage indicators per département (`masp.coverage.indicators`).

They are computed in Python (distances from every commune, or municipal arrondissement in
Paris, Lyon and Marseille, to the houses) and cached, so the rows come from the snapshot,
filtered by the caller's scope: the départements of their regions (ARS agents), of their house
(coordinators), or all (national roles).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from common.exports.base import Column, ExportParams, ExportSpec
from masp.coverage.indicators import Coverage, coverage
from masp.models import Site
from territories.vintage import vintage

Getter = Any
FIELDS: tuple[tuple[Column, Getter], ...] = (
    (Column("department_code", _("code département"), definition=_("code INSEE (COG)")),
     lambda c: c.code),
    (Column("department_name", _("département")), lambda c: c.name),
    (Column("region_code", _("code région")), lambda c: c.region_code),
    (Column("region_name", _("région")), lambda c: c.region_name),
    (Column("population", _("population"), "integer", unit="habitants",
            definition=_("population municipale légale des communes du département (INSEE, "
                         "millésime donné par population_year)")),
     lambda c: c.population),
    (Column("population_year", _("millésime des populations"), "integer", unit="année",
            definition=_("année du recensement des populations municipales légales (INSEE) ; "
                         "Mayotte : recensement 2017")),
     lambda c: vintage().population_year),
    (Column("houses_open", _("maisons ouvertes"), "integer", unit="maisons"),
     lambda c: c.houses_open),
    (Column("houses_planned", _("maisons en projet ou autorisées"), "integer", unit="maisons"),
     lambda c: c.houses_planned),
    (Column("places", _("places"), "integer", unit="places",
            definition=_("places des maisons ouvertes")), lambda c: c.places),
    (Column("places_per_100k", _("places pour 100 000 habitants"), "decimal",
            unit="places / 100 000 hab.", definition=_("arrondi à 2 décimales")),
     lambda c: round(c.places_per_100k, 2)),
    (Column("within_30km", _("population à moins de 30 km"), "integer", unit="habitants",
            definition=_("habitants des communes à moins de 30 km d'une maison ouverte : "
                         "distances à vol d'oiseau depuis le point représentatif de chaque "
                         "commune (de chaque arrondissement municipal à Paris, Lyon et "
                         "Marseille)")), lambda c: c.within_30km),
    (Column("within_30km_share", _("part de la population à moins de 30 km"), "decimal",
            unit="ratio (0 à 1)", definition=_("arrondi à 4 décimales")),
     lambda c: round(c.within_30km_share, 4)),
    (Column("within_60km", _("population à moins de 60 km"), "integer", unit="habitants",
            definition=_("comme within_30km, à moins de 60 km")),
     lambda c: c.within_60km),
    (Column("within_60km_share", _("part de la population à moins de 60 km"), "decimal",
            unit="ratio (0 à 1)", definition=_("arrondi à 4 décimales")),
     lambda c: round(c.within_60km_share, 4)),
    (Column("target", _("cible de maisons"), "integer", unit="maisons",
            definition=_("nombre de maisons visé dans le département")), lambda c: c.target),
    (Column("target_gap", _("écart à la cible"), "integer", unit="maisons",
            definition=_("cible moins maisons ouvertes (0 si atteinte)")),
     lambda c: c.target_gap),
)  # fmt: skip


def _visible(user: Any, departments: tuple[Coverage, ...]) -> list[Coverage]:
    scope = scope_for(user)
    if scope.is_national:
        return list(departments)
    own = set(Site.objects.visible_to(user).values_list("department_id", flat=True))
    return [d for d in departments if d.region_code in scope.region_codes or d.code in own]


def _produce(user: Any, params: ExportParams) -> list[tuple[Any, ...]]:
    return [
        tuple(getter(item) for _column, getter in FIELDS)
        for item in _visible(user, coverage().departments)
        if (not params.region or item.region_code == params.region)
        and (not params.department or item.code == params.department)
    ]


COVERAGE = ExportSpec(
    name="coverage",
    label=_("Couverture territoriale"),
    summary=_(
        "Une ligne par département : maisons, places, population à moins de 30 et "
        "60 km d'une maison ouverte, écart à la cible. La situation du jour. Distances à "
        "vol d'oiseau depuis le point représentatif de chaque commune ; populations légales "
        "de l'INSEE, millésime dans la colonne population_year."
    ),
    description=_(
        "Une ligne par département : maisons, places et population à distance d'une maison "
        "ouverte (indicateurs du jour ; from, to et status ne s'appliquent pas)."
    ),
    produce=_produce,
    columns=tuple(column for column, _getter in FIELDS),
)
