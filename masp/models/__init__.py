"""Models of the masp app, one module per flow."""

from masp.models.reports import (
    ActivityReport,
    CampaignQuerySet,
    ReminderLog,
    ReportingCampaign,
    ReportQuerySet,
    ReportTransition,
)
from masp.models.sites import (
    CAPACITY_MAX,
    CAPACITY_MIN,
    CAPACITY_NORM_MAX,
    CAPACITY_NORM_MIN,
    Experimentation,
    Site,
    SiteQuerySet,
    scope_filter,
)

__all__ = [
    "CAPACITY_MAX",
    "CAPACITY_MIN",
    "CAPACITY_NORM_MAX",
    "CAPACITY_NORM_MIN",
    "ActivityReport",
    "CampaignQuerySet",
    "Experimentation",
    "ReminderLog",
    "ReportQuerySet",
    "ReportTransition",
    "ReportingCampaign",
    "Site",
    "SiteQuerySet",
    "scope_filter",
]
