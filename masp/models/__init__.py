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
from masp.models.staffing import (
    NormRule,
    NormSet,
    StaffingDeclaration,
    StaffingLine,
    StaffRole,
)

__all__ = [
    "CAPACITY_MAX",
    "CAPACITY_MIN",
    "CAPACITY_NORM_MAX",
    "CAPACITY_NORM_MIN",
    "ActivityReport",
    "CampaignQuerySet",
    "Experimentation",
    "NormRule",
    "NormSet",
    "ReminderLog",
    "ReportQuerySet",
    "ReportTransition",
    "ReportingCampaign",
    "Site",
    "SiteQuerySet",
    "StaffRole",
    "StaffingDeclaration",
    "StaffingLine",
    "scope_filter",
]
