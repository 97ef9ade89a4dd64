"""Choices of the activity reports and their campaigns."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("transmis")
    RETURNED = "returned", _("renvoyé pour correction")
    VALIDATED = "validated", _("validé")
    REOPENED = "reopened", _("rouvert")


# States in which the coordinator may edit the figures.
EDITABLE_REPORT_STATUSES = frozenset(
    {ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.REOPENED}
)


class CampaignStatus(models.TextChoices):
    UPCOMING = "upcoming", _("à venir")
    OPEN = "open", _("ouverte")
    LATE = "late", _("échéance dépassée")
    CLOSED = "closed", _("close")


class ReminderStep(models.TextChoices):
    OPENING = "opening", _("ouverture de la campagne")
    MIDPOINT = "midpoint", _("mi-parcours")
    EVE = "eve", _("veille de l'échéance")
    OVERDUE_DIGEST = "overdue_digest", _("récapitulatif des retards")
    RETURNED = "returned", _("rapport renvoyé")
    VALIDATED = "validated", _("rapport validé")
