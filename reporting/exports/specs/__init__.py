"""The registry of exports, by name: one module per export, each scoped by `visible_to(user)`
before any filter. The same specs drive the files, the Exports page and the data dictionary."""

from __future__ import annotations

from common.exports.base import ExportSpec
from reporting.exports.specs.activity import ACTIVITY_REPORTS
from reporting.exports.specs.conventions import CONVENTIONS
from reporting.exports.specs.coverage import COVERAGE
from reporting.exports.specs.funding import FUNDING
from reporting.exports.specs.sites import SITES
from reporting.exports.specs.staffing import STAFFING

EXPORTS: dict[str, ExportSpec] = {
    spec.name: spec for spec in [ACTIVITY_REPORTS, SITES, STAFFING, FUNDING, CONVENTIONS, COVERAGE]
}
