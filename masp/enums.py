"""Choices of the house registry."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteStatus(models.TextChoices):
    PROJECT = "project", _("en projet")
    AUTHORISED = "authorised", _("autorisée")
    OPEN = "open", _("ouverte")
    SUSPENDED = "suspended", _("suspendue")
    CLOSED = "closed", _("fermée")


class LegalStatus(models.TextChoices):
    PUBLIC = "public", _("public")
    PRIVATE_NON_PROFIT = "private_non_profit", _("privé non lucratif")


# Staffing against the cahier des charges (see docs/staffing.md).


class RuleKind(models.TextChoices):
    FTE = "fte", _("effectif minimal (ETP)")
    PRESENCE = "presence", _("présence minimale")


class CoveragePattern(models.TextChoices):
    ALWAYS = "24_7", _("24 h/24, 7 j/7 (chaque jour, jour et nuit)")
    WEEKDAYS_DAY = "weekdays_day", _("en journée du lundi au vendredi")
    ONE_DAY_IN_TWO = "one_day_in_two", _("au moins un jour sur deux")
    MIN_DAYS = "min_days", _("un nombre minimal de jours par semaine")


class Shift(models.TextChoices):
    MORNING = "morning", _("matin")
    AFTERNOON = "afternoon", _("après-midi")
    NIGHT = "night", _("nuit")


class ComplianceStatus(models.TextChoices):
    COMPLIANT = "compliant", _("conforme")
    GAP = "gap", _("écart")
    NOT_EVALUABLE = "not_evaluable", _("non évaluable")


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
