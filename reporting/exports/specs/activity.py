"""`activity-reports`: one row per house and campaign, every figure of `masp/activity/fields.py`
(generated from it, never retyped) and the computed indicators, all in SQL so that PostgreSQL's
COPY writes the file."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from common.exports.base import Column, ExportParams, ExportSpec
from masp.activity.enums import ReportStatus
from masp.activity.fields import DISCHARGE_NAMES, REFUSAL_NAMES, REPORT_FIELDS
from masp.activity.models import place_days_expression
from masp.models import ActivityReport
from reporting.exports.specs.common import Ratio, check_status, identity, in_territory

ALL = "all"


def _sum(names: tuple[str, ...]) -> Any:
    total: Any = Value(0)
    for name in names:
        total = total + Coalesce(F(name), Value(0))
    return total


ENDED = (*DISCHARGE_NAMES, "deaths")  # stays ended in the period: discharges and deaths

# The same formulas as the `ActivityReport` properties (tests compare both), rounded alike.
INDICATORS = (
    Column(
        "occupancy_rate", _("taux d'occupation"), "decimal", unit="ratio (0 à 1)",
        definition=_("journées réalisées / journées-places disponibles (celles déclarées si "
                     "les places ont changé pendant la période, sinon places installées × "
                     "jours d'ouverture), arrondi à 3 décimales ; vide si le dénominateur est nul"),
        source=Ratio(F("occupied_bed_days"), place_days_expression(), 3),
    ),
    Column(
        "mean_length_of_stay", _("durée moyenne de séjour"), "decimal", unit="jours",
        definition=_("durée totale des séjours terminés / (sorties + décès), arrondie à "
                     "1 décimale ; vide sans séjour terminé"),
        source=Ratio(F("completed_stays_days"), _sum(ENDED), 1),
    ),
    Column(
        "death_rate", _("part des décès"), "decimal", unit="ratio (0 à 1)",
        definition=_("décès / (sorties + décès), arrondi à 3 décimales ; vide sans séjour "
                     "terminé"),
        source=Ratio(Coalesce(F("deaths"), Value(0)), _sum(ENDED), 3),
    ),
    Column(
        "refusal_rate", _("taux de refus"), "decimal", unit="ratio (0 à 1)",
        definition=_("demandes refusées (tous motifs) / demandes reçues, arrondi à 3 "
                     "décimales ; vide sans demande reçue"),
        source=Ratio(_sum(REFUSAL_NAMES), F("requests_received"), 3),
    ),
)  # fmt: skip

FIGURES = tuple(
    Column(field.name, field.label, field.kind, field.unit, field.definition)
    for field in REPORT_FIELDS
)


def _reports(user: Any, params: ExportParams) -> QuerySet[ActivityReport]:
    check_status(params.status, [*ReportStatus.values, ALL])
    # An analyst exports the validated reports only (whatever `status` asks for): drafts and
    # returned reports are not figures yet.
    readable = ActivityReport.objects.visible_to(user).with_figures_for(user)
    reports = in_territory(readable, params, prefix="site__")
    status = params.status or ReportStatus.VALIDATED
    if status != ALL:
        reports = reports.filter(status=status)
    if params.period_from:
        reports = reports.filter(campaign__period_start__gte=params.period_from)
    if params.period_to:
        reports = reports.filter(campaign__period_end__lte=params.period_to)
    return reports.order_by("campaign__period_start", "site_id")


ACTIVITY_REPORTS = ExportSpec(
    name="activity-reports",
    label=_("Rapports d'activité"),
    summary=_("Une ligne par maison et par période de rapport : les chiffres déclarés "
              "(séjours, admissions, sorties, refus…) et les indicateurs calculés (taux "
              "d'occupation, durée moyenne de séjour…). Par défaut, les rapports validés."),
    description=_(
        "Une ligne par maison et campagne : les chiffres déclarés et les indicateurs calculés. "
        "Par défaut, les rapports validés seulement (status=all pour tous ; les analystes "
        "n'exportent que les rapports validés) ; from et to bornent la période des campagnes."
    ),
    rows=_reports,
    columns=(
        Column("report_id", _("identifiant du rapport"), "integer", source="pk"),
        *identity("site__"),
        Column("period_start", _("début de la période"), "date", source="campaign__period_start"),
        Column("period_end", _("fin de la période"), "date", source="campaign__period_end"),
        Column("status", _("statut du rapport"),
               definition=_("où en est le rapport : brouillon, transmis, renvoyé, validé, rouvert"),
               choices=ReportStatus.choices),
        Column("version", _("version"), "integer",
               definition=_("numéro de version, augmenté à chaque réouverture")),
        Column("form_version", _("version du formulaire"), "integer",
               source="campaign__form_version",
               definition=_("version du formulaire de la campagne : les champs de l'évaluation "
                            "nationale (version 2) sont vides pour les rapports de version 1")),
        Column("submitted_at", _("transmis le"), "datetime"),
        Column("validated_at", _("validé le"), "datetime"),
        *FIGURES,
        *INDICATORS,
    ),
)  # fmt: skip
