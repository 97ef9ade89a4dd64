"""The admin of masp: each feature registers its own models."""

from masp.activity import admin as activity_admin  # noqa: F401
from masp.coverage.siting import admin as siting_admin  # noqa: F401
from masp.sites import admin as sites_admin  # noqa: F401
from masp.staffing import admin as staffing_admin  # noqa: F401
