"""Regions and départements of the code officiel géographique (COG)."""

from __future__ import annotations

import re
import unicodedata

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
    # The strategy aims at "on average one house per département"; an administrator may set
    # another target where the population calls for it.
    house_target = models.PositiveSmallIntegerField(_("cible de maisons"), default=1)

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


def search_key(name: str) -> str:
    """A commune name as people type it: no accents, case, hyphens or apostrophes, and
    "St"/"Ste" spelled out ("Saint-Étienne" and "st etienne" give "saint etienne")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", plain.lower()).split()
    spelled = {"st": "saint", "ste": "sainte"}
    return " ".join(spelled.get(word, word) for word in words)


class CommuneQuerySet(models.QuerySet["Commune"]):
    def matching(self, term: str) -> CommuneQuerySet:
        """Communes named like `term` or served by the postcode `term`, largest first."""
        term = term.strip()
        if re.fullmatch(r"[0-9]{5}", term):
            # Postcodes are five digits separated by spaces: a match is always a whole code.
            found = self.filter(postcodes__contains=term)
        else:
            key = search_key(term)
            found = self.filter(search_name__startswith=key) if key else self.none()
        return found.order_by("-population", "code")


class Commune(models.Model):
    """A current commune (COG 2026) with its population, postcodes and a representative point
    (inside the commune), used for distance indicators and the public directory search."""

    code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    # search_key(name), indexed for "starts with" searches.
    search_name = models.CharField(_("nom de recherche"), max_length=100, db_index=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="communes", verbose_name=_("département")
    )
    population = models.PositiveIntegerField(_("population municipale"), default=0)
    # Space-separated La Poste postcodes ("01190 01380").
    postcodes = models.CharField(_("codes postaux"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.department_id})"


class Arrondissement(models.Model):
    """A municipal arrondissement of Paris, Lyon or Marseille (COG 2026), with its own
    population and representative point. The coverage indicators count these three communes
    by their arrondissements (see `territories/demand.py`); the directory's search keeps the
    commune."""

    code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        related_name="arrondissements",
        verbose_name=_("commune"),
    )
    population = models.PositiveIntegerField(_("population municipale"), default=0)
    postcodes = models.CharField(_("codes postaux"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("arrondissement municipal")
        verbose_name_plural = _("arrondissements municipaux")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class OfferReference(models.Model):
    """A published figure on the wider palliative-care offer, shown next to the MASP indicators
    for comparison; always with its source and year."""

    key = models.SlugField(_("clé"), max_length=50, unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    value = models.DecimalField(_("valeur"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unité"), max_length=50)
    year = models.PositiveSmallIntegerField(_("année"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("référence de l'offre de soins palliatifs")
        verbose_name_plural = _("références de l'offre de soins palliatifs")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.label} ({self.year})"
