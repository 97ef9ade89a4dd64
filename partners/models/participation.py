"""User participation in a house (seed 004): bodies and representatives, never residents."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from masp.models import Site, scope_filter
from partners.enums import MeetingFrequency, ParticipationKind


class ParticipationQuerySet(models.QuerySet["ParticipationBody"]):
    def visible_to(self, user: Any) -> ParticipationQuerySet:
        return self.filter(scope_filter(scope_for(user), prefix="site__"))


class ParticipationBody(models.Model):
    """A body (conseil de la vie sociale, comité des usagers...) or a representative's role
    through which users and relatives take part in the house's life. It names the body or the
    role, never a person: the portal holds no data identifying a resident."""

    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        related_name="participation_bodies",
        verbose_name=_("maison"),
    )
    kind = models.CharField(_("forme"), max_length=30, choices=ParticipationKind.choices)
    name = models.CharField(
        _("instance ou rôle"),
        max_length=200,
        help_text=_(
            "Le nom de l'instance ou le rôle du représentant (par exemple « représentante des "
            "familles »), jamais l'identité d'un résident ou d'un proche."
        ),
    )
    organisation_name = models.CharField(
        _("association ou organisme représenté"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple une association membre de France Assos Santé."),
    )
    meeting_frequency = models.CharField(
        _("fréquence des réunions"), max_length=12, choices=MeetingFrequency.choices, blank=True
    )
    last_meeting_on = models.DateField(_("dernière réunion"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("instance de participation")
        verbose_name_plural = _("instances de participation")
        ordering = ["site", "kind", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.name}"
