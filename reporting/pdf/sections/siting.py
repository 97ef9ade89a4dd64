"""A saved siting scenario (regional reports, when the request names one): the parameters,
the places proposed in order with the population each brings within reach, the map."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from masp.coverage.siting.maps import siting_map
from masp.coverage.siting.services import Result
from reporting.enums import ReportKind
from reporting.pdf.sections.base import ReportContext

KEY = "siting"
TITLE = gettext_lazy("Scénario d'implantation")
TEMPLATE = "reporting/pdf/sections/siting.html"
ORDER = 27  # right after the coverage it builds on
KINDS = frozenset({ReportKind.REGION})
EXISTING_LABELS = {
    "open": gettext_lazy("ouvertes"),
    "authorised": gettext_lazy("autorisées"),
    "project": gettext_lazy("en projet"),
}


def applies(context: ReportContext) -> bool:
    return context.scenario is not None


def title(context: ReportContext) -> str:
    if context.scenario is None:
        return str(TITLE)
    return _("Scénario d'implantation : %(name)s") % {"name": context.scenario.name}


def gather(context: ReportContext) -> dict[str, Any]:
    scenario = context.scenario
    if scenario is None:
        return {}
    # The scenario's own result, as saved: a report shows the run that was chosen.
    result = Result.from_dict(scenario.result)
    parameters = result.parameters
    return {
        "name": scenario.name,
        "author": scenario.author.email if scenario.author else "",
        "created_at": scenario.created_at.date(),
        "parameters": parameters,
        "existing": ", ".join(str(EXISTING_LABELS[name]) for name in parameters["existing"]),
        "result": {
            **{key: value for key, value in asdict(result).items() if key != "houses"},
            "new_population": result.new_population,
            "covered_share": round(100 * result.covered_share, 1),
            "optimality_gap": round(100 * result.optimality_gap, 1),
        },
        "proposals": [
            {**asdict(proposal), "covered_share": round(100 * proposal.covered_share, 1)}
            for proposal in result.proposals
        ],
        "map": siting_map(result, f"scenario-{scenario.pk}", interactive=False),
    }
