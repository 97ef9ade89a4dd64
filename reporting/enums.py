"""Choices of the reporting app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    SITE = "site", _("rapport de maison")
    REGION = "region", _("rapport régional (revue semestrielle)")
    NATIONAL = "national", _("synthèse nationale")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    RUNNING = "running", _("en cours")
    DONE = "done", _("prêt")
    FAILED = "failed", _("échec")


IN_FLIGHT = (JobStatus.PENDING, JobStatus.RUNNING)
