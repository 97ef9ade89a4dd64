"""Conventions between a house and a partner, the partner kinds a house must be bound to, and
the log of weekly digests."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from common.models import ChoiceLabels
from common.uploads import validate_pdf_upload
from masp.models import Site, scope_filter
from partners.enums import ConventionStatus, ConventionSubject, OrganisationKind
from partners.models.organisations import Organisation
from territories.models import Region


def convention_status(
    *,
    signed_on: dt.date | None,
    valid_until: dt.date | None,
    terminated_on: dt.date | None,
    today: dt.date,
) -> ConventionStatus:
    """The status a convention has on `today`, from its dates alone (mirrors
    `ConventionQuerySet.with_status`)."""
    if terminated_on is not None and terminated_on <= today:
        return ConventionStatus.TERMINATED
    if signed_on is None:
        return ConventionStatus.DRAFT
    if valid_until is not None and valid_until < today:
        return ConventionStatus.EXPIRED
    return ConventionStatus.SIGNED


def document_path(instance: Convention, filename: str) -> str:
    # A random name: the stored path reveals neither the house nor the original file name.
    return f"conventions/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class ConventionQuerySet(models.QuerySet["Convention"]):
    def visible_to(self, user: Any) -> ConventionQuerySet:
        return self.filter(scope_filter(scope_for(user), prefix="site__"))

    def with_status(self, today: dt.date | None = None) -> ConventionQuerySet:
        today = today or timezone.localdate()
        return self.annotate(
            computed_status=Case(
                When(terminated_on__lte=today, then=Value(ConventionStatus.TERMINATED.value)),
                When(signed_on__isnull=True, then=Value(ConventionStatus.DRAFT.value)),
                When(valid_until__lt=today, then=Value(ConventionStatus.EXPIRED.value)),
                default=Value(ConventionStatus.SIGNED.value),
                output_field=models.CharField(),
            )
        )

    def in_force(self, today: dt.date | None = None) -> ConventionQuerySet:
        """Signed, started (valid from, or signed on, today or before), not expired, not
        terminated: what counts towards a house's conformity."""
        today = today or timezone.localdate()
        return self.annotate(starts_on=Coalesce("valid_from", "signed_on")).filter(
            Q(signed_on__isnull=False, starts_on__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
            Q(terminated_on__isnull=True) | Q(terminated_on__gt=today),
        )

    def expiring_within(self, days: int, today: dt.date | None = None) -> ConventionQuerySet:
        today = today or timezone.localdate()
        return self.in_force(today).filter(valid_until__lte=today + dt.timedelta(days=days))


class Convention(ChoiceLabels):
    """A partnership agreement between a house and an organisation, with its signed PDF."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="conventions", verbose_name=_("maison")
    )
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="conventions",
        verbose_name=_("partenaire"),
    )
    subject = models.CharField(
        _("objet de la coopération"), max_length=20, choices=ConventionSubject.choices
    )
    signed_on = models.DateField(
        _("signée le"),
        null=True,
        blank=True,
        help_text=_("Vide tant que la convention est en projet."),
    )
    valid_from = models.DateField(
        _("en vigueur du"), null=True, blank=True, help_text=_("Par défaut : date de signature.")
    )
    valid_until = models.DateField(
        _("en vigueur jusqu'au"), null=True, blank=True, help_text=_("Vide : durée indéterminée.")
    )
    terminated_on = models.DateField(_("résiliée le"), null=True, blank=True)
    document = models.FileField(
        _("convention signée (PDF)"),
        upload_to=document_path,
        blank=True,
        validators=[validate_pdf_upload],
    )
    document_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["site", "partner__name", "pk"]
        indexes = [models.Index(fields=["valid_until"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="convention_valid_until_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.get_subject_display()}"

    def get_absolute_url(self) -> str:
        return reverse("partners:site_partners", args=[self.site_id]) + f"#convention-{self.pk}"

    @property
    def status(self) -> str:
        annotated = getattr(self, "computed_status", None)
        return annotated or self.status_on(timezone.localdate())

    def status_on(self, today: dt.date) -> ConventionStatus:
        return convention_status(
            signed_on=self.signed_on,
            valid_until=self.valid_until,
            terminated_on=self.terminated_on,
            today=today,
        )

    def get_status_display(self) -> str:
        return str(ConventionStatus(self.status).label)

    @property
    def starts_in_future(self) -> bool:
        start = self.valid_from or self.signed_on
        return start is not None and start > timezone.localdate()

    def set_document_name(self, filename: str) -> None:
        self.document_name = PurePath(filename).name[:200]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("La fin de validité précède son début.")
        if self.terminated_on and self.signed_on and self.terminated_on < self.signed_on:
            errors["terminated_on"] = _("La résiliation précède la signature.")
        if self.document and not self.signed_on:
            errors["signed_on"] = _("Indiquez la date de signature du document joint.")
        if errors:
            raise ValidationError(errors)


class RequirementQuerySet(models.QuerySet["ConventionRequirement"]):
    def active(self) -> RequirementQuerySet:
        return self.filter(is_active=True)


class ConventionRequirement(models.Model):
    """A partner kind every open house must have a signed convention in force with
    (reference data, edited by national administrators)."""

    kind = models.CharField(
        _("type de partenaire"), max_length=30, choices=OrganisationKind.choices, unique=True
    )
    is_active = models.BooleanField(_("exigée"), default=True)
    rationale = models.TextField(_("fondement"), blank=True)

    objects = RequirementQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention exigée")
        verbose_name_plural = _("conventions exigées")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class DigestDelivery(models.Model):
    """One weekly digest for one region: the row makes the task idempotent."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("région")
    )
    week_start = models.DateField(_("semaine du"))
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    recipient_count = models.PositiveSmallIntegerField(_("destinataires"), default=0)

    class Meta:
        verbose_name = _("synthèse hebdomadaire")
        verbose_name_plural = _("synthèses hebdomadaires")
        ordering = ["-week_start", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "week_start"], name="digest_unique_week")
        ]

    def __str__(self) -> str:
        return f"{self.region} — {self.week_start:%d/%m/%Y}"
