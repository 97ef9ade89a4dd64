"""The exports, by name. Each one is scoped by `visible_to(user)` before any filter."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from config.exports.base import Column, ExportParams, ExportSpec
from masp.models import Site


def _sites(user: Any, params: ExportParams) -> QuerySet[Site]:
    sites = Site.objects.visible_to(user)
    if params.region:
        sites = sites.filter(department__region_id=params.region)
    if params.department:
        sites = sites.filter(department_id=params.department)
    if params.status:
        sites = sites.filter(status=params.status)
    return sites.order_by("pk")


SITE_IDENTITY = (
    Column("site_id", _("identifiant de la maison"), "integer", source="pk"),
    Column("site_name", _("nom de la maison"), source="name"),
    Column("finess_et", _("FINESS établissement"), definition=_("numéro FINESS du site (ET)")),
    Column("region_code", _("code région"), source="department__region_id"),
    Column("region_name", _("région"), source="department__region__name"),
    Column("department_code", _("code département"), source="department_id"),
    Column("department_name", _("département"), source="department__name"),
)

SITES = ExportSpec(
    name="sites",
    label=_("Maisons"),
    description=_("Le registre des maisons, une ligne par maison."),
    rows=_sites,
    columns=(
        *SITE_IDENTITY,
        Column("finess_ej", _("FINESS entité juridique")),
        Column("manager_name", _("organisme gestionnaire")),
        Column("manager_siret", _("SIRET du gestionnaire")),
        Column(
            "manager_legal_status",
            _("statut du gestionnaire"),
            definition=_("public ou privé non lucratif"),
        ),
        Column("postcode", _("code postal")),
        Column("commune", _("commune")),
        Column("latitude", _("latitude"), "decimal", unit="degrés"),
        Column("longitude", _("longitude"), "decimal", unit="degrés"),
        Column("capacity", _("capacité"), "integer", unit="places"),
        Column("status", _("statut"), definition=_("project, authorised, open, suspended, closed")),
        Column("authorised_on", _("date d'autorisation"), "date"),
        Column("opened_on", _("date d'ouverture"), "date"),
        Column("closed_on", _("date de fermeture"), "date"),
        Column("cohort_year", _("année de cohorte"), "integer"),
    ),
)

EXPORTS: dict[str, ExportSpec] = {spec.name: spec for spec in [SITES]}
