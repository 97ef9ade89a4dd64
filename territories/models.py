"""Regions and départements of the code officiel géographique (COG)."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=2, primary_key=True)
    name = models.CharField(_("nom"), max_length=100, unique=True)
    ars_name = models.CharField(_("agence régionale de santé"), max_length=150)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{2}$"), name="region_code_two_digits"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("région")
    )
    population = models.PositiveIntegerField(_("population municipale"), default=0)

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        # Sorting by (length, code) keeps 971-976 after 95 (and 2A/2B right after 29).
        ordering = [Length("code"), "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^([0-9]{2}|2[AB]|97[1-6])$"),
                name="department_code_cog",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class DepartmentBoundary(models.Model):
    """Simplified outline of a département (GeoJSON geometry, WGS84), kept apart so that
    ordinary département queries never load it."""

    department = models.OneToOneField(
        Department, on_delete=models.CASCADE, primary_key=True, related_name="boundary"
    )
    geometry = models.JSONField(_("géométrie GeoJSON"))

    class Meta:
        verbose_name = _("contour de département")
        verbose_name_plural = _("contours de départements")

    def __str__(self) -> str:
        return str(self.department_id)
