"""The experimentation and its houses (sites)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scopes import Scope, scope_for
from common.models import ChoiceLabels
from masp.sites.enums import LegalStatus, SiteStatus
from masp.sites.validators import validate_finess, validate_finess_department, validate_siret
from territories.models import Department, Region

if TYPE_CHECKING:
    from accounts.models import User

# The cahier des charges expects 8 to 20 places; the registry accepts 1 to 50 and warns outside.
CAPACITY_MIN, CAPACITY_MAX = 1, 50
CAPACITY_NORM_MIN, CAPACITY_NORM_MAX = 8, 20


class Experimentation(models.Model):
    """The experimentation as a public fiche (in the spirit of the article 51 fiches)."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    short_name = models.CharField(_("nom court"), max_length=50, blank=True)
    carrier = models.CharField(_("porteur"), max_length=200)
    legal_basis = models.TextField(_("base juridique"))
    launched_on = models.DateField(_("date de lancement"))
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"))
    regions = models.ManyToManyField(Region, verbose_name=_("régions participantes"), blank=True)
    target_population = models.TextField(_("population cible"))
    objectives = models.TextField(_("objectifs"))
    funding_model = models.TextField(_("modèle de financement"))
    evaluation = models.TextField(_("évaluation"))
    partners = models.TextField(_("partenaires"), blank=True)

    class Meta:
        verbose_name = _("expérimentation")
        verbose_name_plural = _("expérimentations")
        ordering = ["-launched_on"]

    def __str__(self) -> str:
        return self.short_name or self.name


class SiteQuerySet(models.QuerySet["Site"]):
    def with_territory(self) -> SiteQuerySet:
        return self.select_related("department__region")

    def public(self) -> SiteQuerySet:
        """Houses shown in the public directory."""
        return self.filter(status=SiteStatus.OPEN)

    def in_region(self, region: Region | str) -> SiteQuerySet:
        code = region.code if isinstance(region, Region) else region
        return self.filter(department__region_id=code)

    def visible_to(self, user: User | Any) -> SiteQuerySet:
        """The houses a user may see: national roles all, an ARS agent their region's,
        a coordinator their own. Every view, API, export and report starts here."""
        return self.filter(scope_filter(scope_for(user)))


def scope_filter(scope: Scope, prefix: str = "") -> models.Q:
    """The condition "house within scope", for models that hang from a house (`prefix` is
    the path to the house, e.g. "site__")."""
    if scope.is_national:
        return models.Q()
    if scope.is_empty:
        return models.Q(pk__in=[])
    return models.Q(**{f"{prefix}department__region_id__in": scope.region_codes}) | models.Q(
        **{f"{prefix}pk__in" if not prefix else f"{prefix[:-2]}_id__in": scope.site_ids}
    )


class Site(ChoiceLabels):
    """A maison d'accompagnement et de soins palliatifs (FINESS ET)."""

    name = models.CharField(_("nom"), max_length=200)
    experimentation = models.ForeignKey(
        Experimentation,
        on_delete=models.PROTECT,
        related_name="sites",
        verbose_name=_("expérimentation"),
    )
    cohort_year = models.PositiveSmallIntegerField(
        _("année de cohorte"), validators=[MinValueValidator(2024), MaxValueValidator(2040)]
    )
    finess_et = models.CharField(
        _("FINESS établissement (ET)"), max_length=9, unique=True, validators=[validate_finess]
    )
    finess_ej = models.CharField(
        _("FINESS entité juridique (EJ)"), max_length=9, blank=True, validators=[validate_finess]
    )
    manager_name = models.CharField(_("organisme gestionnaire"), max_length=200)
    manager_siret = models.CharField(
        _("SIRET du gestionnaire"), max_length=14, blank=True, validators=[validate_siret]
    )
    manager_legal_status = models.CharField(
        _("statut du gestionnaire"), max_length=20, choices=LegalStatus.choices
    )
    address = models.CharField(_("adresse"), max_length=250)
    postcode = models.CharField(_("code postal"), max_length=5)
    commune = models.CharField(_("commune"), max_length=100)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="sites", verbose_name=_("département")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    capacity = models.PositiveSmallIntegerField(
        _("capacité (places)"),
        validators=[MinValueValidator(CAPACITY_MIN), MaxValueValidator(CAPACITY_MAX)],
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=SiteStatus.choices, default=SiteStatus.PROJECT
    )
    authorised_on = models.DateField(_("autorisée le"), null=True, blank=True)
    opened_on = models.DateField(_("ouverte le"), null=True, blank=True)
    closed_on = models.DateField(_("fermée le"), null=True, blank=True)
    public_phone = models.CharField(_("téléphone public"), max_length=20, blank=True)
    public_email = models.EmailField(_("courriel public"), blank=True)
    website = models.URLField(_("site internet"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("maison")
        verbose_name_plural = _("maisons")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["department", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=CAPACITY_MIN, capacity__lte=CAPACITY_MAX),
                name="site_capacity_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=SiteStatus.values), name="site_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="site_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="site_coordinates_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("masp:site_detail", args=[self.pk])

    @property
    def region_code(self) -> str:
        """As on the dashboard's light house rows, so both can be passed to the same code."""
        return self.department.region_id

    @property
    def capacity_outside_norm(self) -> bool:
        return not CAPACITY_NORM_MIN <= self.capacity <= CAPACITY_NORM_MAX

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.finess_et and self.department_id:
            try:
                validate_finess_department(self.finess_et, self.department_id)
            except ValidationError as error:
                errors.setdefault("finess_et", []).extend(error.error_list)
        if self.status == SiteStatus.OPEN and not self.opened_on:
            errors.setdefault("opened_on", []).append(
                _("Indiquez la date d'ouverture d'une maison ouverte.")
            )
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors.setdefault("closed_on", []).append(
                _("La date de fermeture précède la date d'ouverture.")
            )
        if errors:
            raise ValidationError(errors)
