"""`sites`: the registry of houses, one row per house."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.exports.base import Column, ExportParams, ExportSpec
from masp.models import Site
from masp.sites.enums import LegalStatus, SiteStatus
from reporting.exports.specs.common import check_status, identity, in_territory


def _sites(user: Any, params: ExportParams) -> QuerySet[Site]:
    check_status(params.status, SiteStatus.values)
    sites = in_territory(Site.objects.visible_to(user), params)
    if params.status:
        sites = sites.filter(status=params.status)
    return sites.order_by("pk")


SITES = ExportSpec(
    name="sites",
    label=_("Maisons"),
    summary=_(
        "Une ligne par maison : identité, gestionnaire, commune, capacité, statut et "
        "dates clés (autorisation, ouverture, fermeture)."
    ),
    description=_("Le registre des maisons, une ligne par maison (filtre statut : la maison)."),
    rows=_sites,
    columns=(
        *identity(),
        Column("finess_ej", _("FINESS entité juridique")),
        Column("manager_name", _("organisme gestionnaire")),
        Column("manager_siret", _("SIRET du gestionnaire")),
        Column(
            "manager_legal_status",
            _("statut du gestionnaire"),
            definition=_("public ou privé non lucratif"),
            choices=LegalStatus.choices,
        ),
        Column("postcode", _("code postal")),
        Column("commune", _("commune")),
        Column("latitude", _("latitude"), "decimal", unit="degrés"),
        Column("longitude", _("longitude"), "decimal", unit="degrés"),
        Column("capacity", _("capacité"), "integer", unit="places"),
        Column(
            "status",
            _("statut"),
            definition=_("où en est la maison : en projet, autorisée, ouverte, suspendue, fermée"),
            choices=SiteStatus.choices,
        ),
        Column("authorised_on", _("date d'autorisation"), "date"),
        Column("opened_on", _("date d'ouverture"), "date"),
        Column("closed_on", _("date de fermeture"), "date"),
        Column("cohort_year", _("année de cohorte"), "integer"),
    ),
)
