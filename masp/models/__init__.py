"""Models of the masp app, one module per flow."""

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
    "Experimentation",
    "NormRule",
    "NormSet",
    "Site",
    "SiteQuerySet",
    "StaffRole",
    "StaffingDeclaration",
    "StaffingLine",
    "scope_filter",
]
