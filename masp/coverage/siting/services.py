"""The siting advisor: from the parameters of a run to the places proposed (cached per
parameters and data), and the saving of a run as a scenario."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from masp.coverage.indicators import TIMEOUT, current_version
from masp.coverage.siting import engine
from masp.coverage.siting.models import SitingScenario
from masp.coverage.siting.queries import (
    Communes,
    communes,
    departments_with_open_house,
    houses,
)
from masp.perms import can_run_siting, can_save_siting, can_use_siting
from masp.sites.enums import SiteStatus
from territories.accessibility import nearest_distance_km
from territories.models import Region

FRANCE = "FR"
RADIUS_MIN, RADIUS_MAX, RADIUS_PRESETS = 10, 100, (30, 60)
K_MIN, K_MAX = 1, 20
EXISTING = {
    "open": SiteStatus.OPEN,
    "authorised": SiteStatus.AUTHORISED,
    "project": SiteStatus.PROJECT,
}
METHODS = ("greedy", "exact")
# A proposal's fields, in the order of the API contract and of the downloads.
PROPOSAL_FIELDS = (
    "insee",
    "commune",
    "department",
    "new_population",
    "covered_population",
    "covered_share",
    "nearest_house_km",
    "nearest_usp_km",
)
# Time given to HiGHS: the budget for France; a region is solved well within it.
EXACT_TIME_LIMIT = 60.0
# A "greedy" run is also solved exactly when the model is this small (candidates x pairs):
# HiGHS then answers in well under a second and the gap becomes a proven one.
SMALL_CANDIDATES, SMALL_PAIRS, SMALL_TIME_LIMIT = 400, 40_000, 2.0
# No location of the palliative-care units (USP) is in the reference data (only national
# counts, see docs/siting.md): the distance is null until such points are loaded.
USP_POINTS: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Parameters:
    """The inputs of a run, as the API takes them."""

    scope: str = FRANCE
    radius_km: float = 30
    k: int = 3
    existing: tuple[str, ...] = ("open",)
    min_population: int = 0
    insee: tuple[str, ...] = ()
    one_per_department: bool = False
    only_uncovered_departments: bool = False
    method: str = "greedy"

    def as_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "radius_km": self.radius_km,
            "k": self.k,
            "existing": list(self.existing),
            "candidates": (
                {"insee": list(self.insee)}
                if self.insee
                else {"min_population": self.min_population}
            ),
            "one_per_department": self.one_per_department,
            "only_uncovered_departments": self.only_uncovered_departments,
            "method": self.method,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Parameters:
        """From `as_dict()` (a saved scenario): trusted, already checked."""
        candidates = data.get("candidates") or {}
        return cls(
            scope=data["scope"],
            radius_km=float(data["radius_km"]),
            k=int(data["k"]),
            existing=tuple(data["existing"]),
            min_population=int(candidates.get("min_population") or 0),
            insee=tuple(candidates.get("insee") or ()),
            one_per_department=bool(data["one_per_department"]),
            only_uncovered_departments=bool(data["only_uncovered_departments"]),
            method=data["method"],
        )

    @property
    def digest(self) -> str:
        encoded = json.dumps(self.as_dict(), sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()[:32]


@dataclass(frozen=True)
class Proposal:
    insee: str
    commune: str
    department: str
    department_name: str
    latitude: float
    longitude: float
    new_population: int
    covered_population: int
    covered_share: float
    nearest_house_km: float | None
    nearest_usp_km: float | None


@dataclass(frozen=True)
class Result:
    parameters: dict[str, Any]
    method: str
    status: str
    optimality_gap: float
    seconds: float
    scope_population: int
    existing_population: int
    greedy_new_population: int
    upper_bound_population: int
    candidates: int
    proposals: list[Proposal]
    houses: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        return cls(**{**data, "proposals": [Proposal(**p) for p in data["proposals"]]})

    @property
    def new_population(self) -> int:
        return sum(proposal.new_population for proposal in self.proposals)

    @property
    def covered_share(self) -> float:
        if not self.proposals:
            return self.existing_population / self.scope_population if self.scope_population else 0
        return self.proposals[-1].covered_share


def check_parameters(parameters: Parameters, places: Communes | None = None) -> None:
    """A French message per wrong field (ValidationError with a field dict)."""
    errors: dict[str, str] = {}
    if parameters.scope != FRANCE and not Region.objects.filter(code=parameters.scope).exists():
        errors["scope"] = _("Périmètre inconnu : indiquez le code d'une région ou « FR ».")
    if not RADIUS_MIN <= parameters.radius_km <= RADIUS_MAX:
        errors["radius_km"] = _("Le rayon doit être compris entre %(min)s et %(max)s km.") % {
            "min": RADIUS_MIN,
            "max": RADIUS_MAX,
        }
    if not K_MIN <= parameters.k <= K_MAX:
        errors["k"] = _("Le nombre de maisons doit être compris entre %(min)s et %(max)s.") % {
            "min": K_MIN,
            "max": K_MAX,
        }
    if set(parameters.existing) - set(EXISTING):
        errors["existing"] = _("Maisons existantes : choisissez parmi open, authorised, project.")
    if parameters.min_population < 0:
        errors["candidates"] = _("La population minimale ne peut pas être négative.")
    if parameters.method not in METHODS:
        errors["method"] = _("Méthode inconnue : greedy ou exact.")
    if errors:
        raise ValidationError(errors)
    candidate_errors(parameters, places or communes())


def candidate_errors(parameters: Parameters, places: Communes) -> None:
    """The candidates must be communes of the scope, at least as many places as houses asked
    for (one per département under that constraint)."""
    unknown: list[str] = []
    if parameters.insee:
        inside = set(places.code[places.candidates_in(parameters.scope)].tolist())
        unknown = [code for code in parameters.insee if code not in inside]
    if unknown:
        raise ValidationError(
            {
                "candidates": _("Communes inconnues ou hors du périmètre : %(codes)s.")
                % {"codes": ", ".join(unknown[:10])}
            }
        )
    chosen = candidate_indices(parameters, places)
    if not len(chosen):
        raise ValidationError(
            {"candidates": _("Aucune commune candidate ne remplit ces critères.")}
        )
    possible = (
        len(set(places.department[chosen].tolist()))
        if parameters.one_per_department
        else len(chosen)
    )
    if possible < parameters.k:
        raise ValidationError(
            {
                "k": _(
                    "Seulement %(possible)s emplacements possibles avec ces critères "
                    "pour %(k)s maisons demandées."
                )
                % {"possible": possible, "k": parameters.k}
            }
        )


def candidate_indices(parameters: Parameters, places: Communes) -> np.ndarray:
    scope = places.candidates_in(parameters.scope)
    if parameters.insee:
        wanted = set(parameters.insee)
        chosen = scope[np.isin(places.code[scope], list(wanted))]
    else:
        chosen = scope[places.population[scope] >= parameters.min_population]
    if parameters.only_uncovered_departments:
        covered = departments_with_open_house()
        keep = np.fromiter(
            (code not in covered for code in places.department[chosen]), bool, len(chosen)
        )
        chosen = chosen[keep]
    return chosen


def may_run(user: Any, scope: str) -> None:
    """403 for a role without the advisor (coordinators), 404 for a region out of scope."""
    if not can_use_siting(user):
        raise PermissionDenied
    if not can_run_siting(user, scope):
        raise Http404


def siting_run(*, user: Any, parameters: Parameters) -> Result:
    """Check the user and the parameters, then answer (from the cache when the same run was
    made on the same data)."""
    may_run(user, parameters.scope)
    check_parameters(parameters)
    return cached_result(parameters)


def cached_result(parameters: Parameters) -> Result:
    key = f"siting:result:{current_version()}:{parameters.digest}"
    result = cache.get(key)
    if result is None:
        result = compute(parameters)
        cache.set(key, result, TIMEOUT)
    return result


def compute(parameters: Parameters) -> Result:
    started = time.perf_counter()
    places = communes()
    scope = places.demand_in(parameters.scope)
    existing = houses(tuple(EXISTING[name] for name in parameters.existing))
    points = [(house.latitude, house.longitude) for house in existing]
    reached = (
        nearest_distance_km(places.latitude[scope], places.longitude[scope], points)
        <= parameters.radius_km
    )
    weight = np.where(reached, 0.0, places.population[scope])
    demand = scope[weight > 0]  # points already within reach add nothing: left out
    chosen = candidate_indices(parameters, places)
    _codes, group = np.unique(places.department[chosen].astype(str), return_inverse=True)
    instance = engine.Instance(
        weight=weight[weight > 0],
        cover=engine.cover_matrix(
            (places.latitude[chosen], places.longitude[chosen]),
            (places.latitude[demand], places.longitude[demand]),
            parameters.radius_km,
        ),
        group=group.astype(np.intp),
        k=parameters.k,
        one_per_group=parameters.one_per_department,
    )
    solution = solve(instance, parameters.method)
    scope_population = int(places.population[scope].sum())
    existing_population = scope_population - round(float(weight.sum()))
    return Result(
        parameters=parameters.as_dict(),
        method=solution.method,
        status=solution.status,
        optimality_gap=round(solution.gap, 6),
        seconds=round(time.perf_counter() - started, 3),
        scope_population=scope_population,
        existing_population=existing_population,
        greedy_new_population=round(solution.greedy_value),
        upper_bound_population=round(solution.bound),
        candidates=len(chosen),
        proposals=proposals(
            places, chosen, solution, points, existing_population, scope_population
        ),
        houses=[asdict(house) for house in existing],
    )


def solve(instance: engine.Instance, method: str) -> engine.Solution:
    first = engine.greedy(instance)
    if method == "exact":
        return engine.exact(instance, time_limit=EXACT_TIME_LIMIT, start=first)
    if instance.candidates <= SMALL_CANDIDATES and instance.cover.nnz <= SMALL_PAIRS:
        return engine.exact(instance, time_limit=SMALL_TIME_LIMIT, start=first)
    return first


def proposals(
    places: Communes,
    chosen: np.ndarray,
    solution: engine.Solution,
    points: list[tuple[float, float]],
    existing_population: int,
    scope_population: int,
) -> list[Proposal]:
    picked = chosen[list(solution.chosen)]
    latitude, longitude = places.latitude[picked], places.longitude[picked]
    to_house = nearest_distance_km(latitude, longitude, points)
    to_usp = nearest_distance_km(latitude, longitude, USP_POINTS)
    found, covered = [], existing_population
    for position, index in enumerate(picked.tolist()):
        gain = round(solution.gains[position])
        covered += gain
        department = str(places.department[index])
        found.append(
            Proposal(
                insee=str(places.code[index]),
                commune=str(places.name[index]),
                department=department,
                department_name=places.department_names.get(department, ""),
                latitude=float(places.latitude[index]),
                longitude=float(places.longitude[index]),
                new_population=gain,
                covered_population=covered,
                covered_share=round(covered / scope_population, 6) if scope_population else 0.0,
                nearest_house_km=distance(to_house[position]),
                nearest_usp_km=distance(to_usp[position]),
            )
        )
    return found


def distance(value: float) -> float | None:
    return round(float(value), 1) if np.isfinite(value) else None


@transaction.atomic
def scenario_save(*, user: Any, name: str, parameters: Parameters) -> SitingScenario:
    """Save a run under a name; the result is the one the user saw (same parameters, same
    data: the cache), computed again if it expired."""
    may_run(user, parameters.scope)
    if not can_save_siting(user, parameters.scope):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Donnez un nom au scénario.")})
    check_parameters(parameters)
    result = cached_result(parameters)
    return SitingScenario.objects.create(
        name=name[:120],
        region_id=None if parameters.scope == FRANCE else parameters.scope,
        parameters=parameters.as_dict(),
        result=result.as_dict(),
        author=user,
    )
