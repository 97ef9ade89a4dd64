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
    """The optimum: x_j (candidate j chosen) binary, y_i (point i reached) in [0, 1]; maximise
    sum w_i y_i subject to y_i <= sum of the x_j that reach i, sum x_j <= k, and at most one
    x_j per département under that constraint.

    The greedy answer is first improved by exchanges (`improved`). The model is then reduced
    (`Model`: no candidate reaching a subset of another's points, one point per set of
    candidates reaching it) and its linear relaxation solved by column generation
    (`relaxation`): on these instances it is most often integral, and its bound proves the
    best answer found optimal with no branching at all. Otherwise every candidate that cannot
    be part of a better answer (by the Lagrangian bound of the relaxation's prices) leaves
    the model, and HiGHS branches on the others for the time left; the best answer found is
    returned, with the gap to the best bound known."""
    started = time.perf_counter()
    greedy_solution = start or greedy(instance)
    if not instance.candidates or greedy_solution.bound <= greedy_solution.value:
        # Nothing any candidate could add, or the greedy answer meets its own bound.
        return replace(greedy_solution, method="exact", status="optimal")
    if instance.cover.nnz > MODEL_PAIRS:
        # Too large for HiGHS to get anywhere in the time given (France at 30 km with no
        # house: still in its presolve after seven minutes): the time goes to sharpening
        # the bound instead.
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
    deadline = started + time_limit
    best = improved(instance, list(greedy_solution.chosen), deadline)
    best_value = instance.value(best)
    bound = greedy_solution.bound
    if proven(best_value, bound):
        return finished(instance, greedy_solution, best, bound, started, optimal=True)
    model = Model.build(instance)
    reduced = model.instance
    incumbent = Incumbent(reduced, model.keep, best, best_value, deadline)
    relaxed = relaxation(reduced, incumbent, deadline)
    bound = min(bound, relaxed.bound)
    if proven(incumbent.value, bound) or time.perf_counter() >= deadline:
        optimal = proven(incumbent.value, bound)
        return finished(
            instance, greedy_solution, incumbent.chosen, bound, started, optimal=optimal
        )
    # Only the candidates that may be part of an answer better than the best one found.
    survivors = np.flatnonzero(~proven_below(reduced, relaxed.prices, incumbent.value))
    if not len(survivors):
        return finished(
            instance, greedy_solution, incumbent.chosen, incumbent.value, started, optimal=True
        )
    sub = Model.build(restricted(reduced, survivors))
    mip = sub.solve(deadline - time.perf_counter())
    if mip.chosen:
        incumbent.offer(survivors[sub.keep[mip.chosen]].tolist())
    # An answer better than the best found uses survivors only: the MIP bounds it.
    bound = min(bound, max(mip.bound, incumbent.value))
    return finished(
        instance, greedy_solution, incumbent.chosen, bound, started, optimal=mip.optimal
    )


class Incumbent:
    """The best answer found (places of the original instance) and its value; answers of the
    reduced instance are completed, improved by exchanges, then compared with it."""

    def __init__(
        self, reduced: Instance, keep: np.ndarray, chosen: list[int], value: float, deadline: float
    ) -> None:
        self.reduced = reduced
        self.deadline = deadline
        self.keep = keep
        self.chosen = chosen
        self.value = value

    def offer(self, places: list[int]) -> float:
        """`places`: candidates of the reduced instance. Returns the best value known."""
        places = improved(self.reduced, completed(self.reduced, places), self.deadline)
        value = self.reduced.value(places)
        if value > self.value:
            self.chosen, self.value = self.keep[places].tolist(), value
        return self.value


def improved(instance: Instance, chosen: list[int], deadline: float) -> list[int]:
    """Best exchanges of one place for another, while one adds a person or more (a local
    optimum, most often the optimum itself on these instances)."""
    chosen = list(chosen)
    if not chosen:
        return chosen
    weight = instance.weight
    count = np.zeros(len(weight), dtype=np.int32)
    for j in chosen:
        count[instance.row(j)] += 1
    value = float(weight[count > 0].sum())
    while time.perf_counter() < deadline:
        move, best = None, value + 0.5
        for position, place in enumerate(chosen):
            others = count.copy()
            others[instance.row(place)] -= 1
            base = float(weight[others > 0].sum())
            gains = instance.gains(others > 0)
            gains[chosen] = -1.0
            if instance.one_per_group:
                rest = [instance.group[j] for j in chosen if j != place]
                gains[np.isin(instance.group, rest)] = -1.0
            j = int(np.argmax(gains))
            if gains[j] >= 0 and base + gains[j] > best:
                move, best = (position, j), base + float(gains[j])
        if move is None:
            break
        position, j = move
        count[instance.row(chosen[position])] -= 1
        count[instance.row(j)] += 1
        chosen[position] = j
        value = float(weight[count > 0].sum())
    return chosen


def completed(instance: Instance, chosen: list[int]) -> list[int]:
    """`chosen` and, while fewer than k, the place adding the most (the first of equal gains,
    as the greedy)."""
    chosen = list(dict.fromkeys(chosen))
    covered = instance.reached(chosen)
    while len(chosen) < instance.k:
        gains = instance.gains(covered)
        gains[chosen] = -1.0
        if instance.one_per_group:
            gains[np.isin(instance.group, [instance.group[j] for j in chosen])] = -1.0
        j = int(np.argmax(gains))
        if gains[j] < 0:
            break
        chosen.append(j)
        covered[instance.row(j)] = True
    return chosen


# Columns (candidates) added to the relaxation at a time.
COLUMNS = 100


@dataclass(frozen=True)
class Relaxation:
    bound: float  # an upper bound on the optimum, whatever the accuracy of the LP solver
    prices: np.ndarray  # the prices (LP duals) of the points that give it, in [0, weight]


def relaxation(problem: Instance, incumbent: Incumbent, deadline: float) -> Relaxation:
    """The linear relaxation by column generation: solved on a few candidates, then on those
    its prices (the duals u of "y_i <= sum of x_j") say would raise it, until none would.
    The bound is the Lagrangian one of the prices (sum of w - u, plus the k largest sums of
    u over a candidate's points): valid for any prices in [0, w], it equals the relaxation's
    optimum at the end. Each relaxed answer, rounded, is offered to the incumbent."""
    weight = problem.weight
    sums = np.asarray(problem.cover @ weight)
    active = np.sort(np.argsort(-sums, kind="stable")[:COLUMNS])
    best = Relaxation(np.inf, weight.copy())
    while time.perf_counter() < deadline:
        lp = LinearProgram.solve(problem, active, deadline - time.perf_counter())
        if lp is None:
            break
        sums = np.asarray(problem.cover @ lp.prices)
        bound = float((weight - lp.prices).sum() + sums[problem.top_set(sums)].sum())
        if bound < best.bound:
            best = Relaxation(bound, lp.prices)
        value = incumbent.offer(active[lp.x > 0.5].tolist())
        if proven(value, best.bound):
            break
        profit = sums - lp.dual_k - lp.dual_groups[problem.group]
        profit[active] = -np.inf
        tolerance = 1e-9 * float(weight.sum()) + 1e-6
        entering = np.flatnonzero(profit > tolerance)
        if not len(entering):
            break  # the relaxation is solved over every candidate
        entering = entering[np.argsort(-profit[entering], kind="stable")[:COLUMNS]]
        active = np.union1d(active, entering)
    return best


@dataclass(frozen=True)
class LinearProgram:
    """The relaxation over some candidates (`columns`): its solution and its duals."""

    x: np.ndarray  # per column
    prices: np.ndarray  # per point of the problem, in [0, weight]
    dual_k: float
    dual_groups: np.ndarray  # per group (0 without the constraint)

    @classmethod
    def solve(cls, problem: Instance, columns: np.ndarray, seconds: float) -> LinearProgram | None:
        cover = sparse.csr_array(problem.cover[columns])
        # Points reached by the same columns are one row (as in `Model`).
        points, pattern, merge = merged(cover)
        weight = np.bincount(pattern, weights=problem.weight[points], minlength=merge.shape[1])
        m, n = len(columns), len(weight)
        reach = sparse.csr_array(((cover[:, points].astype(float) @ merge) > 0).T.astype(float))
        rows = [
            sparse.hstack([-reach, sparse.eye_array(n)]),
            sparse.hstack([np.ones((1, m)), sparse.csr_array((1, n))]),
        ]
        groups = int(problem.group.max()) + 1 if len(problem.group) else 0
        if problem.one_per_group:
            membership = sparse.csr_array(
                (np.ones(m), (problem.group[columns], np.arange(m))), shape=(groups, m)
            )
            rows.append(sparse.hstack([membership, sparse.csr_array((groups, n))]))
        upper = np.concatenate(
            [np.zeros(n), [problem.k], np.ones(groups if problem.one_per_group else 0)]
        )
        result = linprog(
            np.concatenate([np.zeros(m), -weight]),
            A_ub=sparse.vstack(rows).tocsr(),
            b_ub=upper,
            bounds=(0.0, 1.0),
            method="highs",
            options={"time_limit": max(seconds, 0.1)},
        )
        if result.status != 0:
            return None
        duals = -np.asarray(result.ineqlin.marginals)
        # A point no column reaches is worth its whole weight to a new column.
        prices = problem.weight.copy()
        # A row's price shared by its points in proportion to their weights: an optimal
        # dual of the relaxation with one row per point.
        share = np.clip(duals[:n], 0.0, weight) / np.where(weight > 0, weight, 1.0)
        prices[points] = share[pattern] * problem.weight[points]
        dual_groups = np.zeros(max(groups, 1))
        if problem.one_per_group:
            dual_groups[:groups] = np.maximum(duals[n + 1 :], 0.0)
        return cls(
            x=np.asarray(result.x[:m]),
            prices=prices,
            dual_k=max(float(duals[n]), 0.0),
            dual_groups=dual_groups,
        )


def proven_below(problem: Instance, prices: np.ndarray, value: float) -> np.ndarray:
    """Per candidate: True when no answer with it adds a person to `value`, by the Lagrangian
    bound of `prices` with that candidate forced in (its sum of prices plus the k - 1 largest
    of the other départements' under one place per département, of the others' otherwise)."""
    sums = np.asarray(problem.cover @ prices)
    base = float((problem.weight - prices).sum())
    if problem.one_per_group:
        group = problem.group
        size = int(group.max()) + 1
        top = np.zeros(size)
        np.maximum.at(top, group, sums)
        owner = group
    else:
        top, owner = sums, np.arange(len(sums))
    order = np.argsort(-top, kind="stable")
    rank = np.empty(len(top), dtype=np.intp)
    rank[order] = np.arange(len(top))
    ranked = top[order]
    k = problem.k
    without = float(ranked[: k - 1].sum())  # the k - 1 largest, the candidate's own not among them
    within = float(ranked[:k].sum())  # the k largest, less the candidate's own
    others = np.where(rank[owner] < k - 1, within - top[owner], without)
    bounds = base + sums + others
    # As `proven`, candidate by candidate.
    return bounds - value < np.maximum(0.5, MIP_GAP * bounds)


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
    if found:
        # k places when there are, as the greedy proposes (the reduced model may leave out
        # places that add nobody).
        found = completed(instance, found)
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
# answer within the time limit, nor does it stop at it: France at 30 km with no house has 6
# million.
MODEL_PAIRS = 3_000_000
# Above this many candidate-point pairs the dominance test (a candidates x candidates
# product) would cost more memory than it saves time.
DOMINANCE_PAIRS = 3_000_000


@dataclass(frozen=True)
class Model:
    """An instance reduced, with the same optimum: points with no weight or reached by no
    candidate are left out, and so are candidates reaching none of the others, or only
    points all reached by another candidate (of the same département under the
    one-per-département constraint): swapping one for the other never loses population.
    Points reached by the same candidates become one point (their weights summed): a place
    reaches all of them or none."""

    keep: np.ndarray  # candidates of the instance kept, in the order of `instance`'s
    instance: Instance

    @classmethod
    def build(cls, instance: Instance) -> Model:
        cover = instance.cover
        points = np.flatnonzero((np.asarray(cover.sum(axis=0)).ravel() > 0) & (instance.weight > 0))
        cover = sparse.csr_array(cover[:, points])
        keep = np.flatnonzero(np.diff(cover.indptr) > 0)
        if cover.nnz <= DOMINANCE_PAIRS:
            reaching = Instance(
                weight=instance.weight[points],
                cover=sparse.csr_array(cover[keep]),
                group=instance.group[keep],
                k=instance.k,
                one_per_group=instance.one_per_group,
            )
            keep = keep[undominated(reaching)]
        points_kept, pattern, merge = merged(sparse.csr_array(cover[keep]))
        reduced = Instance(
            weight=np.bincount(
                pattern, weights=instance.weight[points][points_kept], minlength=merge.shape[1]
            ),
            cover=sparse.csr_array((cover[keep][:, points_kept].astype(float) @ merge) > 0),
            group=instance.group[keep],
            k=instance.k,
            one_per_group=instance.one_per_group,
        )
        return cls(keep=keep, instance=reduced)

    def solve(self, seconds: float) -> Branching:
        """The MIP of the reduced instance, for `seconds` at most."""
        problem = self.instance
        m, n = problem.candidates, len(problem.weight)
        if seconds <= 0 or not m:
            return Branching([], np.inf, optimal=not m)
        reach = sparse.csr_array(problem.cover.T.astype(float))  # points x candidates
        constraints = [
            LinearConstraint(sparse.hstack([-reach, sparse.eye_array(n)]).tocsr(), -np.inf, 0.0),
            LinearConstraint(
                sparse.hstack([np.ones((1, m)), sparse.csr_array((1, n))]).tocsr(), 0, problem.k
            ),
        ]
        if problem.one_per_group:
            size = int(problem.group.max()) + 1
            membership = sparse.csr_array(
                (np.ones(m), (problem.group, np.arange(m))), shape=(size, m)
            )
            constraints.append(
                LinearConstraint(
                    sparse.hstack([membership, sparse.csr_array((size, n))]).tocsr(), 0.0, 1.0
                )
            )
        result = milp(
            np.concatenate([np.zeros(m), -problem.weight]),
            constraints=constraints,
            integrality=np.concatenate([np.ones(m), np.zeros(n)]),
            bounds=Bounds(0.0, 1.0),
            options={"time_limit": seconds, "disp": False, "mip_rel_gap": MIP_GAP},
        )
        chosen = [] if result.x is None else np.flatnonzero(result.x[:m] > 0.5).tolist()
        dual = getattr(result, "mip_dual_bound", None)
        bound = -float(dual) if dual is not None and np.isfinite(dual) else np.inf
        return Branching(chosen, bound, optimal=result.status == 0)


@dataclass(frozen=True)
class Branching:
    chosen: list[int]  # candidates of the model's instance
    bound: float  # HiGHS's bound on the model's optimum
    optimal: bool


def merged(cover: sparse.csr_array) -> tuple[np.ndarray, np.ndarray, sparse.csr_array]:
    """The points some candidate of `cover` reaches, the set of candidates reaching each (an
    index, one per distinct set) and the matrix summing points into their sets."""
    columns = sparse.csc_array(cover)
    columns.sort_indices()
    points = np.flatnonzero(np.diff(columns.indptr) > 0)
    patterns: dict[bytes, int] = {}
    pattern = np.fromiter(
        (
            patterns.setdefault(
                columns.indices[columns.indptr[i] : columns.indptr[i + 1]].tobytes(),
                len(patterns),
            )
            for i in points.tolist()
        ),
        dtype=np.intp,
        count=len(points),
    )
    merge = sparse.csr_array(
        (np.ones(len(pattern)), (np.arange(len(pattern)), pattern)),
        shape=(len(pattern), len(patterns)),
    )
    return points, pattern, merge


def restricted(instance: Instance, candidates: np.ndarray) -> Instance:
    return Instance(
        weight=instance.weight,
        cover=sparse.csr_array(instance.cover[candidates]),
        group=instance.group[candidates],
        k=instance.k,
        one_per_group=instance.one_per_group,
    )


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
