"""Staffing: the role catalogue, versioned norm sets and the houses' staffing declarations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masp.sites.models import Site, scope_filter
from masp.staffing.enums import CoveragePattern, RuleKind, Scaling
from masp.staffing.grids import MAX_WEEKS

if TYPE_CHECKING:
    from accounts.models import User


class StaffRole(models.Model):
    """A role of the catalogue (reference data, editable by national administrators)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("libellé"), max_length=120)
    counts_in_fte = models.BooleanField(
        _("compté en ETP"),
        default=True,
        help_text=_("Les bénévoles se comptent en personnes et en heures, jamais en ETP."),
    )
    annual_cost_per_fte = models.DecimalField(
        _("coût annuel de référence par ETP (euros)"),
        max_digits=9,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("fonction")
        verbose_name_plural = _("fonctions (catalogue)")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class NormSetQuerySet(models.QuerySet["NormSet"]):
    def in_force(self, on: dt.date | None = None) -> NormSetQuerySet:
        on = on or timezone.localdate()
        return self.filter(
            Q(effective_from__lte=on), Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        ).order_by("-effective_from", "-version")

    def with_rules(self) -> NormSetQuerySet:
        return self.prefetch_related("rules__roles", "rules__partner_roles")

    def default(self, on: dt.date | None = None) -> NormSet | None:
        """The set the portal evaluates against unless told otherwise."""
        return self.in_force(on).with_rules().first()


class NormSet(models.Model):
    """A versioned set of staffing rules. Once it has started to apply it is never edited in
    place (the admin refuses): a change is a new version."""

    name = models.CharField(_("nom"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    effective_from = models.DateField(
        _("en vigueur à partir du"),
        null=True,
        blank=True,
        help_text=_("Laisser vide tant que la version est un brouillon."),
    )
    effective_to = models.DateField(_("en vigueur jusqu'au"), null=True, blank=True)
    source = models.TextField(_("source"))
    notes = models.TextField(_("remarques"), blank=True)
    # What turns a presence grid into hours (the grid against the FTE declared).
    morning_hours = models.DecimalField(
        _("durée du créneau du matin (heures)"), max_digits=4, decimal_places=2, default=6,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )  # fmt: skip
    afternoon_hours = models.DecimalField(
        _("durée du créneau de l'après-midi (heures)"), max_digits=4, decimal_places=2,
        default=6, validators=[MinValueValidator(0), MaxValueValidator(24)],
    )  # fmt: skip
    night_hours = models.DecimalField(
        _("durée du créneau de nuit (heures)"), max_digits=4, decimal_places=2, default=12,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )  # fmt: skip
    hours_per_fte = models.DecimalField(
        _("heures par ETP et par an"), max_digits=6, decimal_places=1, default=1607,
        null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Vide : le planning n'est pas comparé aux ETP déclarés."),
    )  # fmt: skip
    grid_tolerance = models.DecimalField(
        _("tolérance planning / ETP (%)"), max_digits=5, decimal_places=2, default=10,
        validators=[MinValueValidator(0)],
        help_text=_("Au-delà, un planning que les ETP déclarés ne peuvent tenir est signalé."),
    )  # fmt: skip
    grid_assumption = models.TextField(_("hypothèse planning / ETP"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = NormSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("référentiel d'effectifs")
        verbose_name_plural = _("référentiels d'effectifs")
        ordering = ["-effective_from", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="normset_name_version"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=False, effective_to__gte=models.F("effective_from")),
                name="normset_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_locked(self) -> bool:
        """Started to apply (in force or past): frozen, except for closing its end date."""
        return self.effective_from is not None and self.effective_from <= timezone.localdate()

    @property
    def is_in_force(self) -> bool:
        today = timezone.localdate()
        return self.is_locked and (self.effective_to is None or self.effective_to >= today)


class NormRule(models.Model):
    norm_set = models.ForeignKey(
        NormSet, on_delete=models.CASCADE, related_name="rules", verbose_name=_("référentiel")
    )
    kind = models.CharField(_("type"), max_length=10, choices=RuleKind.choices)
    label = models.CharField(
        _("libellé"), max_length=120, blank=True, help_text=_("Par défaut : les fonctions.")
    )
    roles = models.ManyToManyField(StaffRole, verbose_name=_("fonctions"), related_name="+")
    partner_roles = models.ManyToManyField(
        StaffRole, verbose_name=_("fonctions du second membre du binôme"), related_name="+",
        blank=True,
        help_text=_("Règle de binôme : les infirmiers, si les fonctions sont le médecin."),
    )  # fmt: skip
    min_fte = models.DecimalField(
        _("ETP minimal fixe"),
        default=0,
        validators=[MinValueValidator(0)],
        max_digits=6,
        decimal_places=2,
    )
    fte_per_place = models.DecimalField(
        _("ETP par place"), max_digits=6, decimal_places=3, default=0,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    capacity_min = models.PositiveSmallIntegerField(
        _("à partir de (places)"), null=True, blank=True
    )
    capacity_max = models.PositiveSmallIntegerField(_("jusqu'à (places)"), null=True, blank=True)
    scaling = models.CharField(
        _("hors de la bande de référence"), max_length=10, choices=Scaling.choices,
        default=Scaling.NONE,
    )  # fmt: skip
    step_places = models.PositiveSmallIntegerField(
        _("palier : tous les N places"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    step_fte = models.DecimalField(
        _("palier : ETP par palier"), max_digits=6, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    source = models.TextField(_("source de la règle"), blank=True)
    assumption = models.TextField(
        _("hypothèse"), blank=True,
        help_text=_("Là où la source est muette : la lecture retenue, affichée avec le résultat."),
    )  # fmt: skip
    each_role = models.BooleanField(
        _("chaque fonction pourvue"),
        default=False,
        help_text=_("Exige au moins un ETP non nul pour chacune des fonctions (binôme)."),
    )
    pattern = models.CharField(
        _("couverture"), max_length=20, choices=CoveragePattern.choices, blank=True
    )
    min_days = models.PositiveSmallIntegerField(
        _("jours minimum par semaine"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("règle")
        verbose_name_plural = _("règles")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()

    def clean(self) -> None:
        if self.kind == RuleKind.PRESENCE and not self.pattern:
            raise ValidationError({"pattern": _("Une règle de présence précise sa couverture.")})
        if self.scaling == Scaling.STEPS and not self.step_places:
            raise ValidationError({"step_places": _("Indiquez la taille d'un palier (places).")})
        if self.pattern == CoveragePattern.MIN_DAYS and not self.min_days:
            raise ValidationError({"min_days": _("Indiquez le nombre minimal de jours.")})
        if (
            self.capacity_min is not None
            and self.capacity_max is not None
            and self.capacity_min > self.capacity_max
        ):
            raise ValidationError({"capacity_max": _("La bande de capacité est inversée.")})


class StaffingDeclarationQuerySet(models.QuerySet["StaffingDeclaration"]):
    def visible_to(self, user: User | Any) -> StaffingDeclarationQuerySet:
        from accounts.scopes import scope_for

        return self.filter(scope_filter(scope_for(user), prefix="site__"))

    def with_lines(self) -> StaffingDeclarationQuerySet:
        return self.prefetch_related("lines")

    def latest_ids(self) -> Subquery:
        """For a `Site` queryset: the id of each house's latest declaration."""
        return Subquery(
            self.filter(site=OuterRef("pk")).order_by("-declared_on", "-pk").values("pk")[:1]
        )


class StaffingDeclaration(models.Model):
    """What a house declares about its team at a date (a new one each quarter or change)."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="staffing_declarations",
        verbose_name=_("maison"),
    )  # fmt: skip
    declared_on = models.DateField(_("date de la déclaration"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déclarée par"),
    )
    comment = models.TextField(_("commentaire"), blank=True)
    cycle_weeks = models.PositiveSmallIntegerField(
        _("durée du cycle (semaines)"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKS)],
    )  # fmt: skip
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)

    objects = StaffingDeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("déclaration d'effectifs")
        verbose_name_plural = _("déclarations d'effectifs")
        ordering = ["-declared_on", "-pk"]
        indexes = [models.Index(fields=["site", "-declared_on"])]

    def __str__(self) -> str:
        return f"{self.site} — {self.declared_on:%d/%m/%Y}"


class StaffingLine(models.Model):
    """One role of a declaration: FTE and the presence over the rota cycle (7 x n days of 3
    shifts, n = the declaration's `cycle_weeks`)."""

    declaration = models.ForeignKey(
        StaffingDeclaration, on_delete=models.CASCADE, related_name="lines",
        verbose_name=_("déclaration"),
    )  # fmt: skip
    role = models.ForeignKey(
        StaffRole, on_delete=models.PROTECT, related_name="+", verbose_name=_("fonction")
    )
    fte_funded = models.DecimalField(_("ETP financés"), default=0, max_digits=6, decimal_places=2)
    fte_filled = models.DecimalField(_("ETP pourvus"), default=0, max_digits=6, decimal_places=2)
    vacant_posts = models.PositiveSmallIntegerField(_("postes vacants"), default=0)
    fte_agency = models.DecimalField(
        _("ETP intérim ou vacation"), default=0, max_digits=6, decimal_places=2
    )
    headcount = models.PositiveSmallIntegerField(_("personnes"), default=0)
    hours_per_month = models.PositiveSmallIntegerField(_("heures par mois"), default=0)
    # [[morning, afternoon, night] for each day from the Monday of week 1]: people present.
    presence = models.JSONField(_("présence sur le cycle"), default=list, blank=True)

    class Meta:
        verbose_name = _("ligne de déclaration")
        verbose_name_plural = _("lignes de déclaration")
        ordering = ["role__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "role"], name="staffingline_unique"),
            models.CheckConstraint(
                condition=Q(fte_funded__gte=0, fte_filled__gte=0, fte_agency__gte=0),
                name="staffingline_fte_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration} — {self.role_id}"
