"""Saved siting scenarios for tests: a stored result, without running the advisor."""

from __future__ import annotations

from typing import Any

from masp.coverage.siting.models import SitingScenario
from masp.coverage.siting.services import Parameters


def stored_result(parameters: Parameters, proposals: list[dict[str, Any]] | None = None) -> dict:
    proposals = proposals or [
        {
            "insee": "59350",
            "commune": "Lille",
            "department": "59",
            "department_name": "Nord",
            "latitude": 50.63,
            "longitude": 3.06,
            "new_population": 1_000_000,
            "covered_population": 1_500_000,
            "covered_share": 0.25,
            "nearest_house_km": 12.5,
            "nearest_usp_km": None,
        }
    ]
    return {
        "parameters": parameters.as_dict(),
        "method": "greedy",
        "status": "heuristic",
        "optimality_gap": 0.1,
        "seconds": 0.2,
        "scope_population": 6_000_000,
        "existing_population": 500_000,
        "greedy_new_population": 1_000_000,
        "upper_bound_population": 1_100_000,
        "candidates": 3782,
        "proposals": proposals,
        "houses": [],
    }


def scenario(region: str = "32", name: str = "Scénario test", **kwargs: Any) -> SitingScenario:
    parameters = Parameters(scope=region, k=1)
    return SitingScenario.objects.create(
        name=name,
        region_id=None if region == "FR" else region,
        parameters=parameters.as_dict(),
        result=stored_result(parameters),
        **kwargs,
    )
