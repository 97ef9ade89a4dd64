"""Admin of the partners app: national partners and the required conventions are kept here by
national administrators. Every save that reaches the partners' conformity is audited."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from accounts.audit import AuditedAdminMixin
from partners.models import (
    Convention,
    ConventionRequirement,
    DigestDelivery,
    Organisation,
    ParticipationBody,
    Partnership,
)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "scope", "department"]
    list_filter = ["kind", "scope"]
    list_select_related = ["department"]
    search_fields = ["name", "acronym", "finess", "siret"]
    autocomplete_fields = ["department"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ConventionRequirement)
class ConventionRequirementAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "is_active"]
    list_editable = ["is_active"]


@admin.register(Convention)
class ConventionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["site", "partner", "subject", "signed_on", "valid_until", "terminated_on"]
    list_filter = ["subject", "site__department__region"]
    list_select_related = ["site", "partner"]
    search_fields = ["site__name", "partner__name"]
    autocomplete_fields = ["site", "partner"]


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["site", "organisation", "since"]
    list_select_related = ["site", "organisation"]
    autocomplete_fields = ["site", "organisation"]


@admin.register(ParticipationBody)
class ParticipationBodyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["site", "kind", "name", "meeting_frequency", "last_meeting_on"]
    list_filter = ["kind"]
    list_select_related = ["site"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["region", "week_start", "sent_at", "recipient_count"]
    list_filter = ["region"]
