"""The maximal covering location problem on arrays: a lazy greedy with an a-posteriori bound,
and the exact optimum by mixed-integer programming (HiGHS through `scipy.optimize.milp`).

Plain arrays in, a `Solution` out: no Django, so the solver is tested on hand-made instances.
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.spatial import cKDTree

from territories.accessibility import EARTH_RADIUS_KM, unit_vectors

# Candidates are matched with demand points by blocks, to bound the memory of the pairs
# found at once (a block of candidates x their neighbours).
BLOCK = 2048
# HiGHS stops when its solution is within this fraction of its bound (its default, 1e-4, is
# 6,800 people on France's 68 million).
MIP_GAP = 1e-7


@dataclass(frozen=True)
class Instance:
    """`weight[i]`: the population of demand point i not yet within reach (0 when an existing
    house reaches it); `cover`: candidates x demand points, non-zero where the candidate
    reaches the point; `group[j]`: the département (an index) of candidate j."""

    weight: np.ndarray
    cover: sparse.csr_array
    group: np.ndarray
    k: int
    one_per_group: bool = False

    @property
    def candidates(self) -> int:
        return int(self.cover.shape[0])

    def gains(self, covered: np.ndarray) -> np.ndarray:
        """Marginal gain of every candidate given the points already `covered`."""
        return np.asarray(self.cover @ np.where(covered, 0.0, self.weight))

    def value(self, chosen: list[int]) -> float:
        return float(self.weight[self.reached(chosen)].sum())

    def reached(self, chosen: list[int]) -> np.ndarray:
        covered = np.zeros(len(self.weight), dtype=bool)
        for j in chosen:
            covered[self.row(j)] = True
        return covered

    def row(self, j: int) -> np.ndarray:
        return self.cover.indices[self.cover.indptr[j] : self.cover.indptr[j + 1]]

    def top_gains(self, gains: np.ndarray) -> float:
        """The sum of the k largest gains (one per group under that constraint): no k
        candidates can add more, whatever was chosen."""
        return float(gains[self.top_set(gains)].sum())

    def top_set(self, gains: np.ndarray) -> np.ndarray:
        """The k candidates of largest gains (one per group under that constraint)."""
        order = np.argsort(-gains, kind="stable")
        if not self.one_per_group:
            return order[: self.k]
        picked: list[int] = []
        used: set[int] = set()
        for j in order.tolist():
            group = int(self.group[j])
            if group not in used:
                picked.append(j)
                used.add(group)
                if len(picked) == self.k:
                    break
        return np.asarray(picked, dtype=np.intp)


@dataclass(frozen=True)
class Solution:
    chosen: tuple[int, ...]  # candidate indices, in the order they were added
    gains: tuple[float, ...]  # the population each one adds to those before it
    value: float
    # An upper bound on the optimum: the gap is measured against it.
    bound: float
    method: str  # "greedy" or "exact"
    status: str  # "optimal", "time_limit" or "heuristic"
    seconds: float
    greedy_value: float
    notes: tuple[str, ...] = field(default=())

    @property
    def gap(self) -> float:
        """(bound - value) / bound: 0 when the solution is proven optimal."""
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.value) / self.bound)


def cover_matrix(
    candidates: tuple[np.ndarray, np.ndarray],
    demand: tuple[np.ndarray, np.ndarray],
    radius_km: float,
) -> sparse.csr_array:
    """Candidates x demand points within `radius_km` (great-circle), as a boolean CSR matrix.

    A great-circle distance d is a chord of 2 R sin(d / 2R) through the Earth: comparing chords
    between 3-D points (a k-d tree) gives exactly the pairs within the radius, without the
    candidates x points distance matrix (1.2 billion pairs for France)."""
    chord = 2 * EARTH_RADIUS_KM * np.sin(radius_km / (2 * EARTH_RADIUS_KM))
    points = EARTH_RADIUS_KM * unit_vectors(*demand)
    places = EARTH_RADIUS_KM * unit_vectors(*candidates)
    tree = cKDTree(points)
    rows, columns = [], []
    for start in range(0, len(places), BLOCK):
        block = cKDTree(places[start : start + BLOCK])
        pairs = block.sparse_distance_matrix(tree, chord, output_type="ndarray")
        rows.append(pairs["i"].astype(np.int32) + start)
        columns.append(pairs["j"].astype(np.int32))
    row = np.concatenate([*rows, np.zeros(0, dtype=np.int32)])
    column = np.concatenate([*columns, np.zeros(0, dtype=np.int32)])
    return sparse.csr_array(
        (np.ones(len(row), dtype=bool), (row, column)), shape=(len(places), len(points))
    )


def greedy(instance: Instance) -> Solution:
    """Adds, k times, the candidate with the largest marginal gain. Gains only shrink as
    places are added (the objective is submodular), so a gain computed earlier is an upper
    bound: the candidate on top of the heap is re-evaluated, and taken if it stays on top
    (lazy evaluation), which spares re-evaluating every candidate at every step.

    Guarantee: at least 1 - 1/e (63 %) of the optimum, 1/2 with one house per département;
    the bound reported is the sharper a-posteriori one, f(S) + the k largest gains given S."""
    started = time.perf_counter()
    covered = np.zeros(len(instance.weight), dtype=bool)
    first = instance.gains(covered)
    heap = [(-gain, j) for j, gain in enumerate(first.tolist())]
    heapq.heapify(heap)
    fresh_at = np.zeros(instance.candidates, dtype=np.intp)  # step of each gain's evaluation
    used: set[int] = set()
    chosen: list[int] = []
    gains: list[float] = []
    while heap and len(chosen) < instance.k:
        negative, j = heapq.heappop(heap)
        if instance.one_per_group and int(instance.group[j]) in used:
            continue
        if fresh_at[j] == len(chosen):
            chosen.append(j)
            gains.append(-negative)
            covered[instance.row(j)] = True
            used.add(int(instance.group[j]))
            continue
        fresh_at[j] = len(chosen)
        heapq.heappush(heap, (-gain(instance, covered, j), j))
    value = float(sum(gains))
    # Any k places add at most the k largest gains given S (in any département: an optimum
    # may use one where S already has a place).
    bound = min(
        instance.top_gains(first),
        value + instance.top_gains(instance.gains(covered)),
        lagrangian_bound(instance, covered, value),
    )
    return Solution(
        chosen=tuple(chosen),
        gains=tuple(gains),
        value=value,
        bound=max(bound, value),
        method="greedy",
        status="heuristic",
        seconds=time.perf_counter() - started,
        greedy_value=value,
    )


# Work spent on sharpening the bound: about this many candidate-point pairs visited in all
# (a tenth of a second), within these many iterations.
BOUND_WORK, BOUND_STEPS = 30_000_000, (5, 60)


def lagrangian_bound(
    instance: Instance,
    covered: np.ndarray,
    value: float,
    *,
    steps: int | None = None,
    seconds: float = np.inf,
) -> float:
    """An upper bound on the optimum by Lagrangian relaxation of "a point counts only if a
    chosen place reaches it": for any prices 0 <= u_i <= w_i, no k places do better than
    sum(w - u) + the k largest sums of u over each place's points. The prices start from the
    greedy answer (0 where it reaches, w elsewhere: the bound above) and follow subgradient
    steps; at best the bound meets the linear relaxation's."""
    weight = instance.weight
    prices = np.where(covered, 0.0, weight)
    if steps is None:
        low, high = BOUND_STEPS
        steps = int(min(high, max(low, BOUND_WORK / max(instance.cover.nnz, 1))))
    deadline = time.perf_counter() + seconds
    best, scale, stalled = np.inf, 1.0, 0
    for _step in range(steps):
        if time.perf_counter() > deadline:
            break
        sums = np.asarray(instance.cover @ prices)
        top = instance.top_set(sums)
        bound = float((weight - prices).sum() + sums[top].sum())
        if bound < best - 0.5:
            best, stalled = bound, 0
        else:
            stalled += 1
            if stalled >= 3:
                scale, stalled = scale / 2, 0
        if best - value < 0.5 or scale < 1e-3:
            break
        direction = -np.ones(len(weight))
        for j in top:
            direction[instance.row(j)] += 1
        norm = float(direction @ direction)
        if not norm:
            break
        prices = np.clip(prices - scale * (bound - value) / norm * direction, 0.0, weight)
    return best


def exact(instance: Instance, *, time_limit: float, start: Solution | None = None) -> Solution:
    """The optimum by mixed-integer programming: x_j (candidate j chosen) binary, y_i (point i
    reached) continuous in [0, 1]; maximise sum w_i y_i subject to y_i <= sum of the x_j that
    reach i, sum x_j <= k, and at most one x_j per département under that constraint.

    The linear relaxation is solved first (interior point: the simplex is several times
    slower on these models): it is often as good as the greedy value, which proves that
    value optimal with no branching at all. Otherwise HiGHS branches for the time left and
    the better of its solution and the greedy one (`start`) is returned, with the gap to the
    best bound known."""
    started = time.perf_counter()
    greedy_solution = start or greedy(instance)
    if not instance.candidates or greedy_solution.bound <= greedy_solution.value:
        # Nothing any candidate could add, or the greedy answer meets its own bound.
        return replace(greedy_solution, method="exact", status="optimal")
    if instance.cover.nnz > MODEL_PAIRS:
        # Too large for HiGHS to get anywhere in the time given (France at 30 km: still in
        # its presolve after seven minutes): the time goes to sharpening the bound instead.
        covered = instance.reached(list(greedy_solution.chosen))
        bound = lagrangian_bound(
            instance,
            covered,
            greedy_solution.value,
            steps=10_000,
            seconds=time_limit - (time.perf_counter() - started),
        )
        bound = min(bound, greedy_solution.bound)
        return finished(instance, greedy_solution, [], bound, started, optimal=False)
    model = Model.build(instance)
    bound = min(greedy_solution.bound, model.relaxation(time_limit))
    if proven(greedy_solution.value, bound):
        return finished(instance, greedy_solution, [], bound, started, optimal=True)
    left = time_limit - (time.perf_counter() - started)
    if left <= 0:
        return finished(instance, greedy_solution, [], bound, started, optimal=False)
    result = milp(
        model.objective,
        constraints=model.constraints,
        integrality=np.concatenate([np.ones(model.m), np.zeros(model.n)]),
        bounds=Bounds(0.0, 1.0),
        options={"time_limit": left, "disp": False, "mip_rel_gap": MIP_GAP},
    )
    found = [] if result.x is None else model.chosen(result.x)
    dual = getattr(result, "mip_dual_bound", None)
    if dual is not None and np.isfinite(dual):
        bound = min(bound, -float(dual))
    return finished(instance, greedy_solution, found, bound, started, optimal=result.status == 0)


def proven(value: float, bound: float) -> bool:
    """Populations are whole: a bound less than one person above the value proves it."""
    return bound - value < max(0.5, MIP_GAP * bound)


def finished(
    instance: Instance,
    greedy_solution: Solution,
    found: list[int],
    bound: float,
    started: float,
    *,
    optimal: bool,
) -> Solution:
    value = instance.value(found)
    if not found or value <= greedy_solution.value:
        order, gains = list(greedy_solution.chosen), list(greedy_solution.gains)
        value = greedy_solution.value
    else:
        order, gains = in_greedy_order(instance, found)
    return Solution(
        chosen=tuple(order),
        gains=tuple(gains),
        value=value,
        bound=value if optimal else max(bound, value),
        method="exact",
        status="optimal" if optimal or proven(value, bound) else "time_limit",
        seconds=time.perf_counter() - started,
        greedy_value=greedy_solution.value,
    )


# Above this many candidate-point pairs HiGHS (interior point or branch and bound) does not
# answer within the time limit, nor does it stop at it: France at 30 km has 6 million.
MODEL_PAIRS = 3_000_000
# Above this many candidate-point pairs the dominance test (a candidates x candidates
# product) would cost more memory than it saves time.
DOMINANCE_PAIRS = 3_000_000


@dataclass(frozen=True)
class Model:
    """The MIP of an instance, reduced: points with no weight or reached by no candidate are
    left out, and so are candidates whose points are all reached by another candidate (of the
    same département under the one-per-département constraint): swapping one for the other
    never loses population, so an optimum remains among the others."""

    keep: np.ndarray  # candidates of the instance kept in the model
    m: int
    n: int
    objective: np.ndarray
    constraints: list[LinearConstraint]

    @classmethod
    def build(cls, instance: Instance) -> Model:
        cover = instance.cover
        points = np.flatnonzero((np.asarray(cover.sum(axis=0)).ravel() > 0) & (instance.weight > 0))
        keep = undominated(instance) if cover.nnz <= DOMINANCE_PAIRS else np.arange(cover.shape[0])
        m, n = len(keep), len(points)
        reach = sparse.csr_array(cover[keep][:, points].T.astype(float))  # points x candidates
        constraints = [
            LinearConstraint(sparse.hstack([-reach, sparse.eye_array(n)]).tocsr(), -np.inf, 0.0),
            LinearConstraint(
                sparse.hstack([np.ones((1, m)), sparse.csr_array((1, n))]).tocsr(), 0, instance.k
            ),
        ]
        if instance.one_per_group:
            group = instance.group[keep]
            size = int(group.max()) + 1
            membership = sparse.csr_array((np.ones(m), (group, np.arange(m))), shape=(size, m))
            constraints.append(
                LinearConstraint(
                    sparse.hstack([membership, sparse.csr_array((size, n))]).tocsr(), 0.0, 1.0
                )
            )
        objective = np.concatenate([np.zeros(m), -instance.weight[points]])
        return cls(keep=keep, m=m, n=n, objective=objective, constraints=constraints)

    def relaxation(self, time_limit: float) -> float:
        """The linear relaxation's optimum, an upper bound (infinity if not solved in time)."""
        result = linprog(
            self.objective,
            A_ub=sparse.vstack([c.A for c in self.constraints]).tocsr(),
            b_ub=np.concatenate([np.broadcast_to(c.ub, c.A.shape[0]) for c in self.constraints]),
            bounds=(0.0, 1.0),
            method="highs-ipm",
            options={"time_limit": max(time_limit, 0.1)},
        )
        return -float(result.fun) if result.status == 0 else np.inf

    def chosen(self, x: np.ndarray) -> list[int]:
        return self.keep[np.flatnonzero(x[: self.m] > 0.5)].tolist()


def undominated(instance: Instance) -> np.ndarray:
    """Candidates whose set of points is not inside another's (of two identical sets, the
    first is kept)."""
    cover = instance.cover.astype(np.int32)
    sizes = np.asarray(cover.sum(axis=1)).ravel()
    shared = sparse.coo_array(cover @ cover.T)  # points the two candidates both reach
    row, column = shared.row, shared.col
    inside = (row != column) & (shared.data == sizes[row])
    if instance.one_per_group:
        inside &= instance.group[row] == instance.group[column]
    same = sizes[row] == sizes[column]
    dominated = row[inside & (~same | (row > column))]
    return np.setdiff1d(np.arange(cover.shape[0]), dominated)


def in_greedy_order(instance: Instance, chosen: list[int]) -> tuple[list[int], list[float]]:
    """The places of a solution ordered so that each adds the most to those before it."""
    covered = np.zeros(len(instance.weight), dtype=bool)
    left, order, gains = list(chosen), [], []
    while left:
        values = [gain(instance, covered, j) for j in left]
        best = max(range(len(left)), key=lambda index: (values[index], -left[index]))
        j = left.pop(best)
        order.append(j)
        gains.append(values[best])
        covered[instance.row(j)] = True
    return order, gains


def gain(instance: Instance, covered: np.ndarray, j: int) -> float:
    """The population candidate j adds to the points already `covered`."""
    row = instance.row(j)
    return float(instance.weight[row[~covered[row]]].sum())
