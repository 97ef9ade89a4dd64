"""Models of the partners app."""

from partners.models.conventions import (
    Convention,
    ConventionQuerySet,
    ConventionRequirement,
    DigestDelivery,
    convention_status,
)
from partners.models.organisations import Organisation, OrganisationQuerySet, Partnership
from partners.models.participation import ParticipationBody

__all__ = [
    "Convention",
    "ConventionQuerySet",
    "ConventionRequirement",
    "DigestDelivery",
    "Organisation",
    "OrganisationQuerySet",
    "ParticipationBody",
    "Partnership",
    "convention_status",
]
