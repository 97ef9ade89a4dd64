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
