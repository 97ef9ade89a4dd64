"""Saved runs of the siting advisor (scenarios), compared side by side and added to a
regional PDF report."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from territories.models import Region


class SitingScenarioQuerySet(models.QuerySet["SitingScenario"]):
    def visible_to(self, user: Any) -> SitingScenarioQuerySet:
        """National roles see every scenario; an ARS agent those of their regions (a France
        scenario, with no region, is national work)."""
        scope = scope_for(user)
        if scope.is_national:
            return self.all()
        return self.filter(region_id__in=scope.region_codes)


class SitingScenario(models.Model):
    name = models.CharField(_("nom"), max_length=120)
    # Empty for a scenario over France.
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="siting_scenarios",
        verbose_name=_("région"),
    )
    # The inputs as the API takes them, and the result as the API gives it: a scenario keeps
    # the answer of its day, whatever the houses and populations become.
    parameters = models.JSONField(_("paramètres"))
    result = models.JSONField(_("résultat"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="siting_scenarios",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = SitingScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("scénario d'implantation")
        verbose_name_plural = _("scénarios d'implantation")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def new_population(self) -> int:
        """The population the proposals bring within reach, all of them together."""
        return sum(proposal["new_population"] for proposal in self.result["proposals"])
