"""Partner organisations (national partners and local ones) and each house's partners."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from common.models import ChoiceLabels
from masp.models import Site, scope_filter
from masp.sites.validators import validate_finess, validate_siret
from partners.enums import OrganisationKind, OrganisationScope
from territories.models import Department


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def national(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.NATIONAL_PARTNER)

    def local(self) -> OrganisationQuerySet:
        return self.exclude(kind=OrganisationKind.NATIONAL_PARTNER)

    def search(self, term: str) -> OrganisationQuerySet:
        term = term.strip()
        return self.filter(
            Q(name__icontains=term) | Q(acronym__icontains=term) | Q(finess=term) | Q(siret=term)
        )


class Organisation(ChoiceLabels):
    """A partner: one of the national partners of the strategy, or a local structure (EMSP,
    USP, HAD, volunteer association...). The directory is shared by every house."""

    name = models.CharField(_("nom"), max_length=200)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    scope = models.CharField(
        _("échelon"),
        max_length=12,
        choices=OrganisationScope.choices,
        default=OrganisationScope.DEPARTMENT,
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_organisations",
        verbose_name=_("département"),
    )
    finess = models.CharField(_("FINESS"), max_length=9, blank=True, validators=[validate_finess])
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    website = models.URLField(_("site internet"), blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["kind", "department"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope=OrganisationScope.NATIONAL, department__isnull=True)
                | Q(scope=OrganisationScope.DEPARTMENT, department__isnull=False),
                name="organisation_department_matches_scope",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.NATIONAL_PARTNER)
                | Q(scope=OrganisationScope.NATIONAL),
                name="organisation_national_partner_is_national",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation_detail", args=[self.pk])

    @property
    def is_national_partner(self) -> bool:
        return self.kind == OrganisationKind.NATIONAL_PARTNER

    def house_ids(self) -> set[int]:
        """The houses working with it: as a partner, or bound by a convention (one made in
        the admin brings no partnership)."""
        partners = self.partnerships.order_by().values_list("site_id", flat=True)
        bound = self.conventions.order_by().values_list("site_id", flat=True)
        return set(partners.union(bound))

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == OrganisationKind.NATIONAL_PARTNER:
            self.scope = OrganisationScope.NATIONAL
        if self.scope == OrganisationScope.NATIONAL and self.department_id:
            errors["department"] = _("Une organisation nationale n'a pas de département.")
        if self.scope == OrganisationScope.DEPARTMENT and not self.department_id:
            errors["department"] = _("Indiquez le département d'une organisation locale.")
        if errors:
            raise ValidationError(errors)


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def visible_to(self, user: Any) -> PartnershipQuerySet:
        return self.filter(scope_filter(scope_for(user), prefix="site__"))


class Partnership(models.Model):
    """An organisation a house works with, whether or not a convention binds them."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("maison")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("nature de la coopération"),
        max_length=250,
        blank=True,
        help_text=_("Par exemple : avis sur les admissions, interventions hebdomadaires."),
    )
    since = models.DateField(_("depuis le"), null=True, blank=True)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partenaire de la maison")
        verbose_name_plural = _("partenaires des maisons")
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "organisation"], name="partnership_unique_site_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} — {self.organisation}"
