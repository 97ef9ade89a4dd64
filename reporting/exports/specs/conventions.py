"""`conventions`: one row per convention between a house and a partner organisation."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from common.exports.base import Column, ExportParams, ExportSpec
from partners.enums import ConventionStatus, ConventionSubject, OrganisationKind
from partners.models import Convention
from reporting.exports.specs.common import check_status, identity, in_territory


def _conventions(user: Any, params: ExportParams) -> QuerySet[Convention]:
    check_status(params.status, ConventionStatus.values)
    conventions = Convention.objects.visible_to(user).with_status()
    rows = in_territory(conventions, params, prefix="site__")
    if params.status:
        rows = rows.filter(computed_status=params.status)
    # from/to: conventions in force at some point of the period.
    if params.period_to:
        rows = rows.filter(
            Q(signed_on__isnull=False),
            Q(valid_from__lte=params.period_to)
            | Q(valid_from__isnull=True, signed_on__lte=params.period_to),
        )
    if params.period_from:
        rows = rows.filter(
            Q(signed_on__isnull=False),
            Q(valid_until__isnull=True) | Q(valid_until__gte=params.period_from),
            Q(terminated_on__isnull=True) | Q(terminated_on__gt=params.period_from),
        )
    return rows.order_by("site_id", "partner__name", "pk")


CONVENTIONS = ExportSpec(
    name="conventions",
    label=_("Conventions"),
    summary=_("Une ligne par convention entre une maison et un partenaire : objet, dates "
              "de validité et état du jour."),
    description=_(
        "Une ligne par convention entre une maison et un partenaire ; from et to retiennent "
        "les conventions en vigueur pendant la période, status filtre l'état du jour."
    ),
    rows=_conventions,
    columns=(
        Column("convention_id", _("identifiant de la convention"), "integer", source="pk"),
        *identity("site__"),
        Column("partner_id", _("identifiant du partenaire"), "integer", source="partner_id"),
        Column("partner_name", _("partenaire"), source="partner__name",
               definition=_("nom de l'organisation partenaire (jamais une personne)")),
        Column("partner_kind", _("type de partenaire"), source="partner__kind",
               definition=_("EMSP, USP, HAD, association de bénévoles, EHPAD…"),
               choices=OrganisationKind.choices),
        Column("partner_finess", _("FINESS du partenaire"), source="partner__finess"),
        Column("partner_siret", _("SIRET du partenaire"), source="partner__siret"),
        Column("subject", _("objet de la coopération"),
               definition=_("ce que la convention organise entre la maison et le partenaire"),
               choices=ConventionSubject.choices),
        Column("signed_on", _("signée le"), "date"),
        Column("valid_from", _("en vigueur du"), "date",
               source=Coalesce(F("valid_from"), F("signed_on")),
               definition=_("début de validité (par défaut : la date de signature)")),
        Column("valid_until", _("en vigueur jusqu'au"), "date",
               definition=_("vide : durée indéterminée")),
        Column("terminated_on", _("résiliée le"), "date"),
        Column("status", _("état du jour"), source="computed_status",
               definition=_("en projet, signée, expirée ou résiliée, à la date de l'export"),
               choices=ConventionStatus.choices),
        Column("has_document", _("convention signée déposée"), "boolean",
               source=Case(When(document="", then=Value(False)), default=Value(True)),
               definition=_("vrai si le PDF signé a été déposé")),
    ),
)  # fmt: skip
