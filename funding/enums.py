"""Choices of the funding app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingKind(models.TextChoices):
    """The kind of decision a line records (how the money was granted)."""

    OPERATING_ALLOCATION = "operating_allocation", _("dotation de fonctionnement")
    NON_RECURRING = "non_recurring", _("crédits non reconductibles")
    INVESTMENT = "investment", _("investissement")
    START_UP = "start_up", _("crédits d'amorçage")
    INDICATOR_BASED = "indicator_based", _("part variable (indicateurs)")


class FundingNature(models.TextChoices):
    """What the money pays for. Only running costs are compared with the reference cost."""

    RUNNING = "running", _("fonctionnement")
    INVESTMENT = "investment", _("investissement")
    START_UP = "start_up", _("amorçage / non reconductible")


# A kind that fixes the nature (a non-recurring credit may pay for anything: the agent says).
NATURE_OF_KIND: dict[str, FundingNature] = {
    FundingKind.OPERATING_ALLOCATION: FundingNature.RUNNING,
    FundingKind.INDICATOR_BASED: FundingNature.RUNNING,
    FundingKind.INVESTMENT: FundingNature.INVESTMENT,
    FundingKind.START_UP: FundingNature.START_UP,
}


class Axis(models.TextChoices):
    """The three axes of seed 003 (the 2017 ACI of the maisons de santé)."""

    ACCESS = "access", _("accès aux soins et continuité des soins")
    TEAMWORK = "teamwork", _("travail en équipe et coordination")
    INFORMATION = "information", _("système d'information partagé")


# The nature a line gets when none is given (code paths, migrated rows): a non-recurring
# credit is one-off money.
DEFAULT_NATURE: dict[str, FundingNature] = {
    **NATURE_OF_KIND,
    FundingKind.NON_RECURRING: FundingNature.START_UP,
}
