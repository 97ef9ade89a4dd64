"""`funding`: one row per funding line (house, year, source, kind), amounts in euros."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.exports.base import Column, ExportParams, ExportSpec
from funding.enums import FundingKind, FundingNature
from funding.models import FundingLine
from reporting.exports.specs.common import check_status, identity, in_territory


def _lines(user: Any, params: ExportParams) -> QuerySet[FundingLine]:
    # `status` filters the kind of funding here (a line has no workflow state).
    check_status(params.status, FundingKind.values)
    rows = in_territory(FundingLine.objects.visible_to(user), params, prefix="site__")
    if params.status:
        rows = rows.filter(kind=params.status)
    # from/to: the years the period touches.
    if params.period_from:
        rows = rows.filter(year__gte=params.period_from.year)
    if params.period_to:
        rows = rows.filter(year__lte=params.period_to.year)
    return rows.order_by("site_id", "year", "source_id", "kind", "pk")


EUROS = "euros"

FUNDING = ExportSpec(
    name="funding",
    label=_("Financement"),
    summary=_("Une ligne par financement d'une maison (année, source, nature) : montants "
              "notifié, versé et consommé, en euros."),
    description=_(
        "Une ligne par ligne de financement d'une maison (année, source, nature) ; from et to "
        "retiennent les années de la période, status filtre la nature du financement."
    ),
    rows=_lines,
    columns=(
        Column("funding_line_id", _("identifiant de la ligne"), "integer", source="pk"),
        *identity("site__"),
        Column("year", _("année"), "integer"),
        Column("source", _("source de financement"), source="source__code",
               definition=_("ondam_ms, fir, fiss, droit_commun, collectivite, cnsa, autre")),
        Column("kind", _("type de décision"), definition=_("type de la décision de financement"),
               choices=FundingKind.choices),
        Column("nature", _("nature"),
               definition=_("seul le fonctionnement est comparé au coût de référence ; "
                            "investissement et amorçage à part"),
               choices=FundingNature.choices),
        Column("amount_notified", _("montant notifié"), "decimal", unit=EUROS),
        Column("amount_paid", _("montant versé"), "decimal", unit=EUROS),
        Column("amount_spent", _("montant consommé"), "decimal", unit=EUROS,
               definition=_("déclaré par la maison après l'année ; vide tant qu'il ne l'est pas")),
        Column("decision_reference", _("référence de la décision")),
        Column("decision_date", _("date de la décision"), "date"),
        Column("over_allocation_confirmed", _("dépassement d'enveloppe confirmé"), "boolean",
               definition=_("vrai si l'ARS a confirmé un dépassement de l'enveloppe régionale")),
    ),
)  # fmt: skip
