"""Models of the masp app, one module per flow."""

from masp.activity.models import (
    ActivityReport,
    CampaignQuerySet,
    ReminderLog,
    ReportingCampaign,
    ReportQuerySet,
    ReportTransition,
)
from masp.coverage.siting.models import SitingScenario, SitingScenarioQuerySet
from masp.sites.models import (
    CAPACITY_MAX,
    CAPACITY_MIN,
    CAPACITY_NORM_MAX,
    CAPACITY_NORM_MIN,
    Experimentation,
    Site,
    SiteQuerySet,
    scope_filter,
)
from masp.staffing.models import (
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
    "SitingScenario",
    "SitingScenarioQuerySet",
    "StaffRole",
    "StaffingDeclaration",
    "StaffingLine",
    "scope_filter",
]
