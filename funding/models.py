"""Funding reference data (sources, reference cost), regional envelopes and funding lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from common.uploads import PrivatePdfPath, validate_pdf_upload
from funding.enums import DEFAULT_NATURE, NATURE_OF_KIND, Axis, FundingKind, FundingNature
from masp.models import Site, scope_filter
from territories.models import Region

YEAR_VALIDATORS = [MinValueValidator(2024), MaxValueValidator(2040)]


def money(label: Any, **kwargs: Any) -> models.DecimalField:
    """Euros with cents: never a float."""
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))], **kwargs
    )


class FundingSourceQuerySet(models.QuerySet["FundingSource"]):
    def for_year(self, year: int) -> FundingSourceQuerySet:
        """The sources in use in `year` (versioned by their first and last year)."""
        return self.filter(
            Q(first_year__lte=year), Q(last_year__isnull=True) | Q(last_year__gte=year)
        )


class FundingSource(models.Model):
    """A funding channel: ONDAM médico-social, FIR, FISS (article 51), local authority..."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("libellé"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    first_year = models.PositiveSmallIntegerField(
        _("première année"), default=2024, validators=YEAR_VALIDATORS
    )
    last_year = models.PositiveSmallIntegerField(
        _("dernière année"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = FundingSourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source de financement")
        verbose_name_plural = _("sources de financement")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class ReferenceCostQuerySet(models.QuerySet["ReferenceCost"]):
    def for_year(self, year: int) -> ReferenceCost | None:
        """The reference in force in `year`: the latest one dated that year or before."""
        return self.filter(year__lte=year).order_by("-year").first()


class ReferenceCost(models.Model):
    """The reference annual running cost of a house and its capacity band, one row per year
    from which they apply."""

    year = models.PositiveSmallIntegerField(
        _("applicable à partir de"), unique=True, validators=YEAR_VALIDATORS
    )
    annual_cost = money(_("coût annuel de référence (€)"))
    capacity_min = models.PositiveSmallIntegerField(_("capacité minimale de la tranche"))
    capacity_max = models.PositiveSmallIntegerField(_("capacité maximale de la tranche"))
    source_note = models.CharField(_("source"), max_length=250, blank=True)

    objects = ReferenceCostQuerySet.as_manager()

    class Meta:
        verbose_name = _("coût de référence")
        verbose_name_plural = _("coûts de référence")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_min__gt=0, capacity_max__gte=models.F("capacity_min")),
                name="reference_cost_band_valid",
            )
        ]

    def __str__(self) -> str:
        return _("Référence %(year)s") % {"year": self.year}


class DailyFeeQuerySet(models.QuerySet["ResidentDailyFee"]):
    def on(self, day: dt.date) -> ResidentDailyFee | None:
        """The fee in force on `day`: the latest one dated that day or before."""
        return self.filter(valid_from__lte=day).order_by("-valid_from").first()


class ResidentDailyFee(models.Model):
    """The residents' daily fee (*forfait journalier*), a dated parameter with its source:
    it estimates the residents' contributions (occupied bed-days × fee)."""

    valid_from = models.DateField(_("applicable à partir du"), unique=True)
    amount = money(_("forfait journalier (€)"))
    source_note = models.CharField(_("source"), max_length=250)

    objects = DailyFeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("forfait journalier du résident")
        verbose_name_plural = _("forfaits journaliers du résident")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return _("Forfait journalier du %(day)s") % {"day": self.valid_from.strftime("%d/%m/%Y")}


class EnvelopeQuerySet(models.QuerySet["RegionalEnvelope"]):
    def visible_to(self, user: Any) -> EnvelopeQuerySet:
        """National roles all; an ARS agent their regions; a coordinator their house's region."""
        scope = scope_for(user)
        if scope.is_national:
            return self
        return self.filter(region_id__in=scope.region_codes | scope.coordinated_region_codes)


class RegionalEnvelope(models.Model):
    """The amount notified to an ARS for a year and a source."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="funding_envelopes", verbose_name=_("région")
    )
    year = models.PositiveSmallIntegerField(_("année"), validators=YEAR_VALIDATORS)
    source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="envelopes", verbose_name=_("source")
    )
    amount_notified = money(_("montant notifié à l'ARS (€)"))
    notified_on = models.DateField(_("notifiée le"), null=True, blank=True)
    comment = models.CharField(_("commentaire"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = EnvelopeQuerySet.as_manager()

    class Meta:
        verbose_name = _("enveloppe régionale")
        verbose_name_plural = _("enveloppes régionales")
        ordering = ["region", "-year", "source__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "source"], name="one_envelope_per_region_year_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} — {self.year} — {self.source}"


class FundingLineQuerySet(models.QuerySet["FundingLine"]):
    def visible_to(self, user: Any) -> FundingLineQuerySet:
        return self.filter(scope_filter(scope_for(user), prefix="site__"))

    def in_region(self, code: str) -> FundingLineQuerySet:
        return self.filter(site__department__region_id=code)


class FundingLine(models.Model):
    """One allocation decision for a house, a year and a source, with what was paid and spent."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="funding_lines", verbose_name=_("maison")
    )
    year = models.PositiveSmallIntegerField(_("année"), validators=YEAR_VALIDATORS)
    source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="lines", verbose_name=_("source")
    )
    kind = models.CharField(_("type de décision"), max_length=25, choices=FundingKind.choices)
    nature = models.CharField(
        _("nature"),
        max_length=12,
        choices=FundingNature.choices,
        help_text=_(
            "Seul le fonctionnement est comparé au coût de référence ; l'investissement et "
            "l'amorçage sont présentés à part."
        ),
    )
    amount_notified = money(_("montant notifié (€)"))
    amount_paid = money(_("montant versé (€)"), default=Decimal("0.00"))
    amount_spent = money(
        _("montant consommé (€)"),
        null=True,
        blank=True,
        help_text=_("Déclaré par la maison après la fin de l'année."),
    )
    decision_reference = models.CharField(_("référence de la décision"), max_length=100, blank=True)
    decision_date = models.DateField(_("date de la décision"), null=True, blank=True)
    decision_document = models.FileField(
        _("décision (PDF)"),
        upload_to=PrivatePdfPath("funding/decisions"),
        blank=True,
        validators=[validate_pdf_upload],
    )
    decision_document_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    comment = models.CharField(_("commentaire"), max_length=250, blank=True)
    # Set when the agent confirmed a line that takes the region's envelope over its amount.
    over_allocation_confirmed = models.BooleanField(_("dépassement confirmé"), default=False)
    over_allocation_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dépassement confirmé par"),
    )
    over_allocation_confirmed_at = models.DateTimeField(
        _("dépassement confirmé le"), null=True, blank=True
    )
    spent_declared_at = models.DateTimeField(_("consommé déclaré le"), null=True, blank=True)
    # The simulation an indicator-based line was recorded from (indicator values and points).
    indicator_details = models.JSONField(_("détail des indicateurs"), default=dict, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = FundingLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("ligne de financement")
        verbose_name_plural = _("lignes de financement")
        ordering = ["-year", "site__name", "source__position", "pk"]
        indexes = [models.Index(fields=["year", "source"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_notified__gte=0, amount_paid__gte=0)
                & (Q(amount_spent__isnull=True) | Q(amount_spent__gte=0)),
                name="funding_line_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FundingKind.values), name="funding_line_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(nature__in=FundingNature.values), name="funding_line_nature_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} — {self.year} — {self.source} — {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.default_nature()
        super().save(*args, **kwargs)

    def default_nature(self) -> None:
        """A line written by code without a nature gets its kind's (forms require one)."""
        if not self.nature:
            self.nature = DEFAULT_NATURE.get(self.kind, FundingNature.RUNNING)

    def clean_fields(self, exclude: Any = None) -> None:
        self.default_nature()
        super().clean_fields(exclude)

    def clean(self) -> None:
        paid, notified = self.amount_paid, self.amount_notified
        if paid is not None and notified is not None and paid > notified:
            raise ValidationError(
                {"amount_paid": _("Le montant versé dépasse le montant notifié.")}
            )
        expected = NATURE_OF_KIND.get(self.kind)
        if self.nature and expected is not None and self.nature != expected:
            raise ValidationError(
                {
                    "nature": _("Une ligne « %(kind)s » est de nature « %(nature)s ».")
                    % {"kind": self.get_kind_display(), "nature": expected.label}
                }
            )


class IndicatorScheme(models.Model):
    """The indicator-based funding of a year, in seed 003's shape: a fixed part and a variable
    part earned on three axes (`IndicatorAxis` amounts, `IndicatorRule` thresholds and points).
    Every amount and threshold is data with its source (no constant in code)."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True, validators=YEAR_VALIDATORS)
    name = models.CharField(_("nom"), max_length=120)
    fixed_amount = money(
        _("part fixe par maison (€)"),
        help_text=_("Pour une année entière d'ouverture ; au prorata des jours d'ouverture."),
    )
    source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    source_note = models.TextField(
        _("source et hypothèses"),
        help_text=_("D'où viennent les montants ; ce que la source ne dit pas et qui est supposé."),
    )

    class Meta:
        verbose_name = _("barème de la part variable")
        verbose_name_plural = _("barèmes de la part variable")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class IndicatorAxis(models.Model):
    """The most a house may earn on one axis of a scheme, with its source."""

    scheme = models.ForeignKey(
        IndicatorScheme, on_delete=models.CASCADE, related_name="axes", verbose_name=_("barème")
    )
    axis = models.CharField(_("axe"), max_length=12, choices=Axis.choices)
    amount = money(_("montant maximal de l'axe par maison (€)"))
    source_note = models.CharField(_("source et hypothèses"), max_length=500)

    class Meta:
        verbose_name = _("axe de la part variable")
        verbose_name_plural = _("axes de la part variable")
        ordering = ["scheme", "axis"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "axis"], name="one_amount_per_scheme_axis"),
            models.CheckConstraint(condition=Q(axis__in=Axis.values), name="indicator_axis_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_axis_display()} : {self.amount} €"


class IndicatorRule(models.Model):
    """`points` are earned on `axis` when the indicator reaches `threshold`. Several rules on
    one indicator are tiers: the house earns the highest tier it reaches."""

    scheme = models.ForeignKey(
        IndicatorScheme, on_delete=models.CASCADE, related_name="rules", verbose_name=_("barème")
    )
    axis = models.CharField(_("axe"), max_length=12, choices=Axis.choices)
    indicator = models.CharField(_("indicateur"), max_length=40)
    threshold = models.DecimalField(_("seuil"), max_digits=8, decimal_places=2)
    points = models.PositiveSmallIntegerField(_("points"))
    source_note = models.CharField(_("source et hypothèses"), max_length=500)

    class Meta:
        verbose_name = _("règle de la part variable")
        verbose_name_plural = _("règles de la part variable")
        ordering = ["scheme", "axis", "indicator", "threshold"]
        constraints = [
            models.CheckConstraint(
                condition=Q(axis__in=Axis.values), name="indicator_rule_axis_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ≥ {self.threshold} : {self.points} pts"

    def clean(self) -> None:
        from funding.indicators import REGISTRY

        if self.indicator and self.indicator not in REGISTRY:
            raise ValidationError(
                {
                    "indicator": _("Indicateur inconnu : choisissez parmi %(codes)s.")
                    % {"codes": ", ".join(sorted(REGISTRY))}
                }
            )
