"""The figures of an activity report: the single source of truth for model fields, forms,
serializers, imports, exports and the data dictionary (docs/activity-reports.md)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

INTEGER, DECIMAL, TEXT = "integer", "decimal", "text"


@dataclass(frozen=True)
class ReportField:
    name: str
    label: Any  # lazy French string
    kind: str
    unit: str
    definition: str
    group: str
    # The form version that introduced the field: a report keeps the fields of its campaign's
    # version (`fields_for`), the later ones stay empty for it.
    version: int = 1
    # Left empty when it does not apply: the capacity-change figures (filled only when the
    # installed places changed during the period) and the figures that need an admission.
    optional: bool = False
    required_if_positive: str = ""  # required when this other figure is above 0

    @property
    def is_number(self) -> bool:
        return self.kind in (INTEGER, DECIMAL)

    def model_field(self) -> models.Field:
        if self.kind == TEXT:
            return models.TextField(self.label, blank=True, help_text=self.definition)
        if self.kind == DECIMAL:
            return models.DecimalField(
                self.label,
                max_digits=9,
                decimal_places=1,
                null=True,
                blank=True,
                validators=[MinValueValidator(Decimal(0))],
                help_text=self.definition,
            )
        return models.PositiveIntegerField(
            self.label, null=True, blank=True, help_text=self.definition
        )


CAPACITY, FLOWS, REQUESTS, ORIGIN, AGE, CONDITION, SUPPORT, NATIONAL = (
    _("Capacité et occupation"),
    _("Résidents : entrées et sorties"),
    _("Demandes d'admission"),
    _("Admissions par provenance"),
    _("Admissions par âge"),
    _("Admissions par pathologie principale"),
    _("Proches, bénévoles, participation, qualité"),
    _("Évaluation nationale"),
)

P, D, J, H, N = "places", "jours", "journées", "heures", "nombre"


# The national evaluation's figures arrived with version 2 of the form; campaigns created
# before it keep version 1 (migration 0007).
CURRENT_FORM_VERSION = 2
FORM_VERSIONS = (1, 2)


def _f(
    name: str, label: str, unit: str, definition: str, group: Any, kind: str = INTEGER, **extra: Any
) -> Any:
    return ReportField(name, _(label), kind, unit, definition, group, **extra)


def _v2(
    name: str, label: str, unit: str, definition: str, kind: str = INTEGER, **extra: Any
) -> Any:
    return _f(name, label, unit, definition, NATIONAL, kind, version=2, **extra)


REPORT_FIELDS: tuple[ReportField, ...] = (
    _f("places_installed", "places installées", P, "Places installées et ouvertes pendant la période (au dernier jour).", CAPACITY),
    _f("days_open", "jours d'ouverture", D, "Nombre de jours de la période pendant lesquels la maison était ouverte.", CAPACITY),
    _f("places_start", "places installées au premier jour", P, "Seulement si les places installées ont changé pendant la période : places installées le premier jour (vide : les places installées au dernier jour).", CAPACITY, optional=True),
    _f("place_days", "journées-places disponibles", J, "Seulement si les places installées ont changé pendant la période : somme, sur les jours d'ouverture, des places installées ce jour-là (vide : places installées × jours d'ouverture).", CAPACITY, optional=True),
    _f("occupied_bed_days", "journées réalisées", J, "Somme, sur les jours de la période, du nombre de places occupées à minuit.", CAPACITY),
    _f("residents_start", "résidents au début", N, "Résidents présents le premier jour de la période, à 0 h.", FLOWS),
    _f("admissions", "admissions", N, "Entrées dans la maison pendant la période (un résident admis deux fois compte deux fois).", FLOWS),
    _f("discharges_home", "sorties vers le domicile", N, "Sorties vers le domicile (ou le domicile d'un proche).", FLOWS),
    _f("discharges_hospital", "sorties vers l'hôpital", N, "Sorties vers un établissement de santé (USP, LISP, autre service, HAD exclue).", FLOWS),
    _f("discharges_other_facility", "sorties vers un autre établissement médico-social", N, "Sorties vers un EHPAD ou un autre établissement médico-social.", FLOWS),
    _f("discharges_other", "autres sorties", N, "Sorties vers une autre destination ou de destination inconnue.", FLOWS),
    _f("deaths", "décès", N, "Décès survenus dans la maison pendant la période.", FLOWS),
    _f("residents_end", "résidents à la fin", N, "Résidents présents le dernier jour de la période, à 24 h.", FLOWS),
    _f("requests_received", "demandes reçues", N, "Demandes d'admission reçues pendant la période.", REQUESTS),
    _f("requests_refused_no_place", "refus faute de place", N, "Demandes refusées faute de place disponible.", REQUESTS),
    _f("requests_refused_too_complex", "refus pour complexité", N, "Demandes refusées car la situation relevait d'un niveau de soins supérieur.", REQUESTS),
    _f("requests_refused_out_of_criteria", "refus hors critères", N, "Demandes refusées hors critères d'admission (âge, pathologie, territoire).", REQUESTS),
    _f("requests_refused_other", "refus pour autre motif", N, "Demandes refusées pour un autre motif.", REQUESTS),
    _f("waiting_list_end", "liste d'attente en fin de période", N, "Personnes en liste d'attente le dernier jour de la période.", REQUESTS),
    _f("admissions_from_home", "admissions depuis le domicile", N, "Admissions de personnes venant du domicile.", ORIGIN),
    _f("admissions_from_hospital", "admissions depuis l'hôpital", N, "Admissions de personnes venant d'un établissement de santé.", ORIGIN),
    _f("admissions_from_facility", "admissions depuis un établissement médico-social", N, "Admissions de personnes venant d'un EHPAD ou d'un autre établissement médico-social.", ORIGIN),
    _f("admissions_from_other", "admissions d'autre provenance", N, "Admissions d'une autre provenance.", ORIGIN),
    _f("admissions_age_18_59", "admissions 18-59 ans", N, "Admissions de personnes âgées de 18 à 59 ans à l'entrée.", AGE),
    _f("admissions_age_60_74", "admissions 60-74 ans", N, "Admissions de personnes âgées de 60 à 74 ans à l'entrée.", AGE),
    _f("admissions_age_75_84", "admissions 75-84 ans", N, "Admissions de personnes âgées de 75 à 84 ans à l'entrée.", AGE),
    _f("admissions_age_85_plus", "admissions 85 ans et plus", N, "Admissions de personnes âgées de 85 ans ou plus à l'entrée.", AGE),
    _f("admissions_cancer", "admissions pour cancer", N, "Admissions dont la pathologie principale est un cancer.", CONDITION),
    _f("admissions_neurological", "admissions pour maladie neurologique", N, "Admissions dont la pathologie principale est neurologique (SLA, Parkinson, démences...).", CONDITION),
    _f("admissions_organ_failure", "admissions pour défaillance d'organe", N, "Admissions dont la pathologie principale est une insuffisance d'organe (cardiaque, respiratoire, rénale, hépatique).", CONDITION),
    _f("admissions_other_condition", "admissions pour autre pathologie", N, "Admissions pour une autre pathologie principale.", CONDITION),
    _f("completed_stays_days", "durée totale des séjours terminés", J, "Somme des durées (en jours) des séjours qui se sont terminés pendant la période (sortie ou décès).", FLOWS),
    _f("relatives_supported", "proches accompagnés", N, "Proches et aidants ayant bénéficié d'un accompagnement pendant la période.", SUPPORT),
    _f("bereavement_follow_ups", "suivis de deuil", N, "Proches suivis après un décès pendant la période.", SUPPORT),
    _f("volunteer_hours", "heures de bénévolat", H, "Heures de présence des bénévoles d'accompagnement (décimales admises).", SUPPORT, DECIMAL),
    _f("user_participation_events", "actions de participation des usagers", N, "Réunions, instances ou actions associant les usagers ou leurs représentants.", SUPPORT),
    _f("serious_adverse_events", "événements indésirables graves", N, "Événements indésirables graves déclarés pendant la période.", SUPPORT),
    _v2("stays_end_of_life", "admissions en séjour de fin de vie", N, "Admissions de la période pour un séjour jusqu'à la fin de la vie."),
    _v2("stays_respite", "admissions en séjour de répit", N, "Admissions de la période pour un séjour temporaire (répit des proches, stabilisation)."),
    _v2("distinct_residents", "personnes accueillies", N, "Personnes différentes présentes au moins un jour de la période (file active : une personne admise deux fois compte une fois)."),
    _v2("residents_other_department", "personnes domiciliées hors du département", N, "Personnes accueillies dont le domicile est dans un autre département que la maison."),
    _v2("median_days_to_admission", "délai médian demande-admission", D, "Médiane, sur les admissions de la période, des jours entre la réception de la demande et l'admission (décimales admises ; vide sans admission).", DECIMAL, optional=True, required_if_positive="admissions"),
    _v2("stays_with_emsp", "séjours avec intervention de l'EMSP", N, "Séjours de la période (résidents au début et admissions) avec au moins une intervention de l'équipe mobile de soins palliatifs."),
    _v2("stays_with_had", "séjours avec intervention de l'HAD", N, "Séjours de la période (résidents au début et admissions) avec au moins une intervention de l'hospitalisation à domicile."),
    _v2("residents_advance_directives", "personnes avec directives anticipées", N, "Personnes accueillies dont les directives anticipées sont consignées au dossier."),
    _v2("residents_trusted_person", "personnes avec personne de confiance", N, "Personnes accueillies ayant désigné une personne de confiance."),
    _v2("relatives_overnight_nights", "nuitées de proches", "nuits", "Nuits passées dans la maison par des proches de résidents (une nuit par proche)."),
    _f("highlights", "faits marquants", "", "Texte libre : faits marquants de la période (sans aucune donnée identifiante).", SUPPORT, TEXT),
)  # fmt: skip

FIELDS_BY_NAME = {field.name: field for field in REPORT_FIELDS}
FIGURE_NAMES = tuple(field.name for field in REPORT_FIELDS if field.is_number)
FIELD_NAMES = tuple(field.name for field in REPORT_FIELDS)
DISCHARGE_NAMES = (
    "discharges_home",
    "discharges_hospital",
    "discharges_other_facility",
    "discharges_other",
)
REFUSAL_NAMES = (
    "requests_refused_no_place",
    "requests_refused_too_complex",
    "requests_refused_out_of_criteria",
    "requests_refused_other",
)
ORIGIN_NAMES = tuple(f.name for f in REPORT_FIELDS if f.group is ORIGIN)
AGE_NAMES = tuple(f.name for f in REPORT_FIELDS if f.group is AGE)
CONDITION_NAMES = tuple(f.name for f in REPORT_FIELDS if f.group is CONDITION)
STAY_TYPE_NAMES = ("stays_end_of_life", "stays_respite")
NATIONAL_NAMES = tuple(f.name for f in REPORT_FIELDS if f.group is NATIONAL)


def fields_for(version: int) -> tuple[ReportField, ...]:
    """The fields of a form version: those introduced by it or before."""
    return tuple(field for field in REPORT_FIELDS if field.version <= version)


def field_names_for(version: int) -> tuple[str, ...]:
    return tuple(field.name for field in fields_for(version))


def figures_model() -> type[models.Model]:
    """An abstract model holding one column per figure, built from REPORT_FIELDS."""
    attrs: dict[str, Any] = {
        "__module__": "masp.activity.models",
        "Meta": type("Meta", (), {"abstract": True}),
    }
    attrs.update({field.name: field.model_field() for field in REPORT_FIELDS})
    return type("ReportFigures", (models.Model,), attrs)


def dictionary_markdown() -> str:
    """The data dictionary as a Markdown table (pasted into docs/activity-reports.md; a test
    keeps the two identical)."""
    lines = [
        "| Champ (API) | Libellé | Type | Unité | Version | Définition |",
        "|---|---|---|---|---|---|",
    ]
    for field in REPORT_FIELDS:
        lines.append(
            f"| `{field.name}` | {field.label} | {field.kind} | {field.unit or '—'} "
            f"| {field.version} | {field.definition} |"
        )
    return "\n".join(lines)
