"""The open-data files: their columns (one source for the CSV files, the Table Schemas and the
data package), their rows, and the `datapackage.json` descriptor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from common.exports.base import Column
from common.exports.tableschema import table_schema
from common.secrecy import THRESHOLD
from masp.activity.fields import FIELDS_BY_NAME
from reporting.opendata.dataset import ENDED, PEOPLE, Published

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
MASKED_NOTE = (
    f"Vide quand le chiffre est masqué par le secret statistique (de 1 à {THRESHOLD - 1} "
    "personnes, ou masqué pour qu'un total ou une différence ne révèle pas un autre chiffre "
    "masqué) : voir la colonne « {flag} »."
)


def _label(name: str) -> Any:
    if name == ENDED:
        return _("fins de séjour (sorties et décès)")
    return FIELDS_BY_NAME[name].label


def _definition(name: str) -> str:
    if name == ENDED:
        return "Séjours terminés pendant la période : sorties (toutes destinations) et décès."
    return FIELDS_BY_NAME[name].definition


def people_columns() -> list[Column]:
    columns = []
    for name in PEOPLE:
        flag = f"{name}_masked"
        definition = f"{_definition(name)} Somme des mois déclarés. {MASKED_NOTE.format(flag=flag)}"
        columns.append(Column(name, _label(name), "integer", "personnes", definition))
        columns.append(
            Column(
                flag,
                _("%(label)s : masqué") % {"label": _label(name)},
                "boolean",
                definition=f"Vrai quand « {name} » est masqué par le secret statistique.",
            )
        )
    return columns


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    identity: tuple[Column, ...]
    identity_values: Callable[[Published], list[Any]]
    primary_key: tuple[str, ...]

    @property
    def columns(self) -> list[Column]:
        return [*self.identity, *FIGURES, *people_columns()]

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def schema_path(self) -> str:
        return f"{self.name}.schema.json"

    def row(self, item: Published) -> list[Any]:
        figures = [
            item.row.months,
            item.row.places,
            item.row.days_open,
            item.row.bed_days,
            item.row.occupancy_rate,
        ]
        people: list[Any] = []
        for name in PEOPLE:
            people += [item.value(name), item.masked(name)]
        return [*self.identity_values(item), *figures, *people]

    def schema(self) -> dict[str, Any]:
        schema = table_schema(self.columns, primary_key=self.primary_key)
        for spec in schema["fields"]:
            if spec["type"] in ("integer", "number"):
                spec["constraints"] = {"minimum": 0}
            if spec["name"] in self.primary_key:
                spec["constraints"] = {**spec.get("constraints", {}), "required": True}
        return schema


FIGURES = (
    Column("months_reported", _("mois déclarés"), "integer", "mois",
           "Nombre de rapports mensuels validés additionnés dans la ligne."),
    Column("places_installed", _("places installées"), "integer", "places",
           "Places installées (la plus grande valeur des mois déclarés ; somme des maisons pour "
           "un département). Les places ne sont pas des personnes : jamais masquées."),
    Column("days_open", _("jours d'ouverture"), "integer", "jours",
           "Jours d'ouverture des mois déclarés (somme des maisons pour un département)."),
    Column("occupied_bed_days", _("journées réalisées"), "integer", "journées",
           "Somme, sur les jours des mois déclarés, du nombre de places occupées à minuit."),
    Column("occupancy_rate", _("taux d'occupation"), "decimal", "ratio (0 à 1)",
           "Journées réalisées / (places installées × jours d'ouverture), arrondi à 3 "
           "décimales ; vide si le dénominateur est nul."),
)  # fmt: skip

YEAR = Column("year", _("année"), "integer", definition="Année civile des mois déclarés.")
DEPARTMENT = (
    Column("department_code", _("code du département"), definition="Code INSEE du département."),
    Column("department_name", _("département"), definition="Nom du département."),
)
HOUSES = Resource(
    name="maisons-semestres",
    title="Activité des maisons d'accompagnement, par maison et par semestre",
    description=(
        "Une ligne par maison et par semestre : les rapports mensuels validés additionnés, "
        "avec le secret statistique appliqué aux nombres de personnes."
    ),
    identity=(
        YEAR,
        Column(
            "semester",
            _("semestre"),
            "integer",
            definition="1 : janvier à juin ; 2 : juillet à décembre.",
        ),
        *DEPARTMENT,
        Column(
            "finess_et",
            _("FINESS établissement"),
            definition="Numéro FINESS de l'établissement (répertoire public FINESS).",
        ),
        Column("site_name", _("maison"), definition="Nom de la maison."),
        Column("commune", _("commune"), definition="Commune de la maison."),
    ),
    identity_values=lambda item: [
        item.row.identity["year"],
        item.row.identity["semester"],
        item.row.identity["site"].department_id,
        item.row.identity["site"].department.name,
        item.row.identity["site"].finess_et,
        item.row.identity["site"].name,
        item.row.identity["site"].commune,
    ],
    primary_key=("year", "semester", "finess_et"),
)
DEPARTMENTS = Resource(
    name="departements-annees",
    title="Activité des maisons d'accompagnement, par département et par année",
    description=(
        "Une ligne par département et par année : les maisons du département additionnées, "
        "avec le secret statistique appliqué aux nombres de personnes."
    ),
    identity=(
        YEAR,
        *DEPARTMENT,
        Column(
            "houses",
            _("maisons"),
            "integer",
            "maisons",
            "Maisons dont au moins un rapport mensuel validé est additionné (jamais masqué).",
        ),
    ),
    identity_values=lambda item: [
        item.row.identity["year"],
        item.row.identity["department"].code,
        item.row.identity["department"].name,
        len(item.row.sites),
    ],
    primary_key=("year", "department_code"),
)
RESOURCES = (HOUSES, DEPARTMENTS)


def datapackage(created: str) -> dict[str, Any]:
    return {
        "name": "masp-activite",
        "title": "Activité des maisons d'accompagnement et de soins palliatifs",
        "description": (
            "Chiffres d'activité des maisons d'accompagnement et de soins palliatifs (MASP), "
            "tirés des rapports mensuels validés par les ARS. Secret statistique : aucun "
            f"nombre de personnes de 1 à {THRESHOLD - 1} n'est publié, ni ne peut être "
            "recalculé à partir des totaux (voir la documentation du portail, "
            "« Données ouvertes »)."
        ),
        "licenses": [LICENCE],
        "created": created,
        "resources": [
            {
                "name": resource.name,
                "title": resource.title,
                "description": resource.description,
                "path": resource.path,
                "schema": resource.schema_path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
            }
            for resource in RESOURCES
        ],
    }
