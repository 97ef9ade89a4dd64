"""Reference data of the partners app: the nine national partners of the strategy (seed 001)
and the partner kinds each open house must have a convention with."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from partners.enums import OrganisationKind, OrganisationScope
from partners.models import ConventionRequirement, Organisation

ORDER = 40


# Websites are given only where the address is certain; the seed does not list them.
class NationalPartner(NamedTuple):
    acronym: str
    name: str
    website: str
    description: str


NATIONAL_PARTNERS = [
    NationalPartner(
        "CNSPFV",
        "Centre national des soins palliatifs et de la fin de vie",
        "https://www.parlons-fin-de-vie.fr",
        "Créé en 2016, centre national de référence sur les soins palliatifs et la fin de vie : "
        "il recueille, exploite et met à disposition des ressources statistiques, "
        "épidémiologiques et documentaires, produit des expertises indépendantes, informe le "
        "grand public et les professionnels, et contribue à l'animation du débat sociétal et "
        "éthique.",
    ),
    NationalPartner(
        "SFAP",
        "Société française d'accompagnement et de soins palliatifs",
        "https://sfap.org",
        "Regroupe plus de 5 000 soignants impliqués dans la démarche palliative et "
        "200 associations d'accompagnement rassemblant plus de 25 000 membres ; espace de "
        "réflexion, de recherche, de recommandations et de formation, vecteur de solidarité et "
        "de mutualisation des savoirs.",
    ),
    NationalPartner(
        "France Assos Santé",
        "France Assos Santé",
        "https://www.france-assos-sante.org",
        "Regroupe 85 associations ; informe les usagers de la santé sur leurs droits de recours "
        "aux établissements, aux professionnels de santé et aux organismes de protection "
        "sociale, et répond à toute question juridique ou sociale liée à leur état de santé.",
    ),
    NationalPartner(
        "HAS",
        "Haute Autorité de santé",
        "https://www.has-sante.fr",
        "Produit des recommandations à destination des professionnels sur la prise en charge en "
        "soins palliatifs, y compris le maintien à domicile, les aspects sociaux et familiaux et "
        "les dimensions spirituelles.",
    ),
    NationalPartner(
        "CNAM",
        "Caisse nationale de l'assurance maladie",
        "https://www.ameli.fr",
        "Gère, au niveau national, les branches maladie et accidents du travail - maladies "
        "professionnelles du régime général de la sécurité sociale et pilote les organismes "
        "chargés de la mettre en œuvre.",
    ),
    NationalPartner(
        "2SPP",
        "Société française de soins palliatifs pédiatriques",
        "https://www.2spp.fr",
        "Société savante pluridisciplinaire des acteurs des soins palliatifs pédiatriques : "
        "promeut la démarche palliative en pédiatrie, de la période anténatale à la transition "
        "vers l'âge adulte ; espace de réflexion, de formation et de recherche.",
    ),
    NationalPartner(
        "",
        "Plateforme nationale pour la recherche sur la fin de vie",
        "",
        "Contribue à la structuration, au développement et à la valorisation de la recherche "
        "française dans le domaine de la fin de vie et des soins palliatifs.",
    ),
    NationalPartner(
        "CMG",
        "Collège de la médecine générale",
        "https://lecmg.fr",
        "Association loi de 1901 qui regroupe l'ensemble des organisations œuvrant pour la "
        "médecine générale, dans les champs professionnel, scientifique et universitaire.",
    ),
    NationalPartner(
        "CNPI",
        "Conseil national professionnel infirmier",
        "",
        "Contribue à l'amélioration de la prise en charge, à la qualité et à la sécurité des "
        "soins et à la compétence des professionnels infirmiers ; interlocuteur des autorités "
        "publiques, il collabore avec les autres conseils nationaux professionnels, les acteurs "
        "médico-sociaux et les associations d'usagers.",
    ),
]

REQUIREMENTS = {
    OrganisationKind.EMSP: (
        "Le projet de loi prévoit une convention de chaque maison avec une équipe mobile de soins "
        "palliatifs (expertise, avis, interventions)."
    ),
    OrganisationKind.VOLUNTEER_ASSOCIATION: (
        "Le cahier des charges prévoit l'intervention de bénévoles d'accompagnement issus "
        "d'associations, encadrée par une convention."
    ),
}


def load(*, log: Callable[[str], None]) -> None:
    # get_or_create: re-running never overwrites what a national administrator edited.
    for partner in NATIONAL_PARTNERS:
        Organisation.objects.get_or_create(
            kind=OrganisationKind.NATIONAL_PARTNER,
            name=partner.name,
            defaults={
                "acronym": partner.acronym,
                "scope": OrganisationScope.NATIONAL,
                "website": partner.website,
                "description": partner.description,
            },
        )
    for kind, rationale in REQUIREMENTS.items():
        ConventionRequirement.objects.get_or_create(kind=kind, defaults={"rationale": rationale})
    log(f"{len(NATIONAL_PARTNERS)} partenaires nationaux, {len(REQUIREMENTS)} conventions exigées.")
