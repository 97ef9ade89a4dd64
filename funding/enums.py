"""Choices of the funding app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingKind(models.TextChoices):
    OPERATING_ALLOCATION = "operating_allocation", _("dotation de fonctionnement")
    NON_RECURRING = "non_recurring", _("crédits non reconductibles")
    INVESTMENT = "investment", _("investissement")
    START_UP = "start_up", _("crédits d'amorçage")
    INDICATOR_BASED = "indicator_based", _("part variable (indicateurs)")
