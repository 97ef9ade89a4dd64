"""Choices of staffing against the cahier des charges (see docs/staffing.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleKind(models.TextChoices):
    FTE = "fte", _("effectif minimal (ETP)")
    PRESENCE = "presence", _("présence minimale")
    PAIR = "pair", _("binôme présent ensemble")


class CoveragePattern(models.TextChoices):
    ALWAYS = "24_7", _("24 h/24, 7 j/7 (chaque jour, jour et nuit)")
    WEEKDAYS_DAY = "weekdays_day", _("en journée du lundi au vendredi")
    ONE_DAY_IN_TWO = "one_day_in_two", _("au moins un jour sur deux")
    MIN_DAYS = "min_days", _("un nombre minimal de jours par semaine")


class Scaling(models.TextChoices):
    """How an FTE rule moves outside its reference capacity band."""

    NONE = "none", _("aucune : non évaluable hors de la bande")
    FIXED = "fixed", _("fixe : la même valeur à toute capacité")
    PER_PLACE = "per_place", _("par place : proportionnelle au nombre de places")
    STEPS = "steps", _("par paliers : un palier d'ETP par tranche de places")


class Shift(models.TextChoices):
    MORNING = "morning", _("matin")
    AFTERNOON = "afternoon", _("après-midi")
    NIGHT = "night", _("nuit")


class ComplianceStatus(models.TextChoices):
    COMPLIANT = "compliant", _("conforme")
    WARNING = "warning", _("avertissement")
    GAP = "gap", _("écart")
    NOT_EVALUABLE = "not_evaluable", _("non évaluable")
