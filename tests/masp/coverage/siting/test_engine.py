"""The solver on hand-made instances whose optimum is known, and against brute force."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
from scipy import sparse

from masp.coverage.siting import engine
from territories.accessibility import haversine_km


def instance(
    sets: list[list[int]],
    weights: list[float],
    k: int,
    groups: list[int] | None = None,
    one_per_group: bool = False,
) -> engine.Instance:
    rows = [j for j, points in enumerate(sets) for _ in points]
    columns = [i for points in sets for i in points]
    cover = sparse.csr_array(
        (np.ones(len(rows), dtype=bool), (rows, columns)), shape=(len(sets), len(weights))
    )
    return engine.Instance(
        weight=np.asarray(weights, dtype=float),
        cover=cover,
        group=np.asarray(groups if groups is not None else [0] * len(sets), dtype=np.intp),
        k=k,
        one_per_group=one_per_group,
    )


def brute_force(problem: engine.Instance) -> float:
    best = 0.0
    for size in range(1, problem.k + 1):
        for chosen in itertools.combinations(range(problem.candidates), size):
            groups = [problem.group[j] for j in chosen]
            if problem.one_per_group and len(set(groups)) < len(groups):
                continue
            best = max(best, problem.value(list(chosen)))
    return best


# Four points; X reaches the two heavy middle ones, Y and Z a heavy one and a light one each.
# Greedy takes X (6), then adds 1: 7. The optimum is Y + Z: 8.
TRAP = instance([[1, 2], [0, 1], [2, 3]], [1, 3, 3, 1], k=2)


def test_greedy_takes_the_largest_gain_first_and_can_miss_the_optimum() -> None:
    solution = engine.greedy(TRAP)
    assert solution.chosen[0] == 0
    assert solution.gains == (6.0, 1.0)
    assert solution.value == 7
    assert solution.bound >= 8  # the bound never cuts the optimum off
    assert solution.gap > 0


def test_exact_finds_the_optimum_greedy_misses() -> None:
    solution = engine.exact(TRAP, time_limit=10)
    assert sorted(solution.chosen) == [1, 2]
    assert solution.value == 8
    assert solution.greedy_value == 7
    assert solution.status == "optimal"
    assert solution.gap == 0
    # In greedy order: each place adds the most to those before it.
    assert solution.gains == (4.0, 4.0)


def test_a_known_optimum_with_overlaps() -> None:
    # Towns of 10 at points 0, 2 and 4, villages of 1; no place reaches two towns, so two
    # houses reach two towns, at best with two villages each: 1 + 10 + 1 and 1 + 10 + 1.
    problem = instance(
        [[0, 1], [1, 2, 5], [2, 3], [3, 4, 6], [5, 6]],
        [10, 1, 10, 1, 10, 1, 1],
        k=2,
    )
    assert brute_force(problem) == 24
    assert sorted(engine.exact(problem, time_limit=10).chosen) == [1, 3]
    assert engine.greedy(problem).value == 24


def test_one_per_group_is_honoured_by_both_methods() -> None:
    # The two best places are in the same département.
    problem = instance([[0], [1], [2]], [10, 9, 1], k=2, groups=[0, 0, 1], one_per_group=True)
    for solution in (engine.greedy(problem), engine.exact(problem, time_limit=10)):
        assert sorted(solution.chosen) == [0, 2]
        assert solution.value == 11


def test_greedy_stops_when_no_candidate_is_left() -> None:
    problem = instance([[0], [1]], [5, 4], k=2, groups=[0, 0], one_per_group=True)
    assert engine.greedy(problem).chosen == (0,)


@pytest.mark.parametrize("seed", range(12))
def test_random_instances_against_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    candidates, points, k = 9, 14, int(rng.integers(1, 4))
    sets = [
        sorted(rng.choice(points, size=int(rng.integers(1, 6)), replace=False).tolist())
        for _ in range(candidates)
    ]
    groups = rng.integers(0, 4, size=candidates).tolist()
    problem = instance(
        sets,
        rng.integers(0, 100, size=points).tolist(),
        k=k,
        groups=groups,
        one_per_group=bool(seed % 2),
    )
    optimum = brute_force(problem)
    greedy = engine.greedy(problem)
    exact = engine.exact(problem, time_limit=10)
    assert exact.value == optimum
    assert exact.status == "optimal"
    assert greedy.value <= optimum <= greedy.bound
    # The classic guarantees: 1 - 1/e, and 1/2 under one house per group.
    assert greedy.value >= (0.5 if problem.one_per_group else 1 - 1 / np.e) * optimum - 1e-9
    if k == 1:
        assert greedy.value == optimum


def test_lazy_greedy_equals_the_plain_greedy() -> None:
    rng = np.random.default_rng(7)
    sets = [
        sorted(rng.choice(200, size=int(rng.integers(1, 30)), replace=False).tolist())
        for _ in range(120)
    ]
    problem = instance(sets, rng.integers(1, 1000, size=200).tolist(), k=8)
    covered: list[int] = []
    gains = []
    for _step in range(8):
        values = [problem.value([*covered, j]) - problem.value(covered) for j in range(120)]
        best = int(np.argmax(values))  # the first of equal gains, as the heap breaks ties
        covered.append(best)
        gains.append(values[best])
    solution = engine.greedy(problem)
    assert list(solution.chosen) == covered
    assert list(solution.gains) == gains


def test_cover_matrix_matches_the_haversine_distance() -> None:
    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(42.5, 50.5, 300), rng.uniform(-4.5, 7.5, 300)
    cover = engine.cover_matrix((lat[:40], lon[:40]), (lat, lon), 60.0).toarray()
    distances = haversine_km(lat[:40, None], lon[:40, None], lat[None, :], lon[None, :])
    assert (cover == (distances <= 60.0)).all()
    assert cover[np.arange(40), np.arange(40)].all()  # a place reaches itself


def test_dominated_candidates_leave_the_model_not_the_optimum() -> None:
    # Candidate 1 reaches a subset of candidate 0's points; 3 is a copy of 2.
    problem = instance([[0, 1, 2], [1, 2], [3, 4], [3, 4]], [1, 1, 1, 5, 5], k=2)
    assert engine.undominated(problem).tolist() == [0, 2]
    assert engine.exact(problem, time_limit=10).value == 13


def test_an_instance_where_nothing_is_left_to_gain() -> None:
    problem = instance([[0], [1]], [0, 0], k=1)
    solution = engine.exact(problem, time_limit=10)
    assert solution.value == 0
    assert solution.status == "optimal"
    assert solution.gap == 0


def test_a_model_too_large_for_highs_keeps_the_greedy_answer_with_a_sharper_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "MODEL_PAIRS", 0)  # as France at 30 km
    solution = engine.exact(TRAP, time_limit=5)
    assert solution.value == 7  # the greedy answer: HiGHS was not asked
    assert solution.status == "time_limit"
    assert 8 <= solution.bound <= engine.greedy(TRAP).bound  # never below the optimum


def test_the_lagrangian_bound_never_cuts_the_optimum_off() -> None:
    rng = np.random.default_rng(11)
    for _case in range(10):
        sets = [
            sorted(rng.choice(12, size=int(rng.integers(1, 5)), replace=False).tolist())
            for _ in range(8)
        ]
        problem = instance(sets, rng.integers(1, 50, size=12).tolist(), k=2)
        greedy = engine.greedy(problem)
        covered = problem.reached(list(greedy.chosen))
        bound = engine.lagrangian_bound(problem, covered, greedy.value, steps=200)
        assert bound >= brute_force(problem) - 1e-6


def random_instance(seed: int, candidates: int = 9, points: int = 14) -> engine.Instance:
    rng = np.random.default_rng(seed)
    sets = [
        sorted(rng.choice(points, size=int(rng.integers(0, 6)), replace=False).tolist())
        for _ in range(candidates)
    ]
    return instance(
        sets,
        rng.integers(0, 100, size=points).tolist(),
        k=int(rng.integers(1, 4)),
        groups=rng.integers(0, 4, size=candidates).tolist(),
        one_per_group=bool(seed % 2),
    )


def test_points_reached_by_the_same_candidates_become_one() -> None:
    # Points 0 and 1 are reached by candidates 0 and 1 only, point 3 by 1 and 2; point 5 has
    # no weight, point 6 no candidate; candidate 3 reaches nothing.
    problem = instance([[0, 1, 2], [0, 1, 3, 5], [3, 4], []], [4, 5, 1, 2, 3, 0, 7], k=2)
    model = engine.Model.build(problem)
    assert model.keep.tolist() == [0, 1, 2]
    assert sorted(model.instance.weight.tolist()) == [1, 2, 3, 9]
    for size in (1, 2):
        for chosen in itertools.combinations(range(3), size):
            assert model.instance.value(list(chosen)) == problem.value(
                model.keep[list(chosen)].tolist()
            )
    assert brute_force(model.instance) == brute_force(problem) == 15


@pytest.mark.parametrize("seed", range(40))
def test_the_reduced_model_keeps_the_optimum(seed: int) -> None:
    problem = random_instance(seed)
    model = engine.Model.build(problem)
    assert brute_force(model.instance) == brute_force(problem)


@pytest.mark.parametrize("seed", range(40))
def test_the_relaxation_bound_never_cuts_the_optimum_off(seed: int) -> None:
    problem = random_instance(seed)
    optimum = brute_force(problem)
    model = engine.Model.build(problem)
    if not model.instance.candidates:
        return
    incumbent = engine.Incumbent(model.instance, model.keep, [], 0.0, time.perf_counter() + 10)
    relaxed = engine.relaxation(model.instance, incumbent, time.perf_counter() + 10)
    assert relaxed.bound >= optimum - 1e-6
    assert incumbent.value <= optimum
    assert ((relaxed.prices >= 0) & (relaxed.prices <= model.instance.weight)).all()


@pytest.mark.parametrize("seed", range(40))
def test_no_candidate_of_a_better_answer_is_ruled_out(seed: int) -> None:
    # Whatever the prices (in [0, w]) and the value to beat, a candidate is ruled out only
    # when no answer with it beats that value.
    problem = random_instance(seed)
    rng = np.random.default_rng(seed)
    prices = problem.weight * rng.uniform(0, 1, size=len(problem.weight))
    value = float(rng.uniform(0.3, 1.0)) * brute_force(problem)
    out = engine.proven_below(problem, prices, value)
    for size in range(1, problem.k + 1):
        for chosen in itertools.combinations(range(problem.candidates), size):
            groups = [problem.group[j] for j in chosen]
            if problem.one_per_group and len(set(groups)) < len(groups):
                continue
            if problem.value(list(chosen)) >= value + 1:
                assert not out[list(chosen)].any()


@pytest.mark.parametrize("seed", range(24))
@pytest.mark.parametrize("path", ["columns", "branching"])
def test_each_path_of_the_exact_method_against_brute_force(
    seed: int, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "columns": one column added to the relaxation at a time; "branching": no exchange and
    # no relaxation (prices = weights), so that HiGHS branches on the candidates left.
    if path == "columns":
        monkeypatch.setattr(engine, "COLUMNS", 1)
    else:
        monkeypatch.setattr(engine, "improved", lambda problem, chosen, deadline: list(chosen))
        monkeypatch.setattr(
            engine,
            "relaxation",
            lambda problem, incumbent, deadline: engine.Relaxation(np.inf, problem.weight.copy()),
        )
    problem = random_instance(seed, candidates=10, points=18)
    solution = engine.exact(problem, time_limit=10)
    assert solution.value == brute_force(problem)
    assert solution.status == "optimal"
    assert solution.gap == 0
    assert problem.value(list(solution.chosen)) == solution.value
    assert sum(solution.gains) == solution.value
    if problem.one_per_group:
        assert len({problem.group[j] for j in solution.chosen}) == len(solution.chosen)


def test_exchanges_reach_the_optimum_the_greedy_misses() -> None:
    assert sorted(engine.improved(TRAP, [0, 1], time.perf_counter() + 5)) == [1, 2]


def test_the_exact_answer_has_k_places_when_there_are() -> None:
    # One place reaches everyone: the others add nobody, but k places are proposed, as by
    # the greedy.
    problem = instance([[0, 1, 2], [0], [1], [2, 3], [3]], [5, 5, 5, 0], k=3)
    solution = engine.exact(problem, time_limit=10)
    assert solution.value == 15
    assert len(solution.chosen) == 3
    assert solution.chosen[0] == 0


def test_an_answer_is_completed_to_k_places_as_the_greedy_would() -> None:
    # Y + Z (the optimum of TRAP) with a third house: X adds nobody, but is proposed.
    problem = instance([[1, 2], [0, 1], [2, 3], []], [1, 3, 3, 1], k=3)
    assert engine.completed(problem, [1, 2]) == [1, 2, 0]
    one_each = instance([[0], [1], [2]], [10, 9, 1], k=3, groups=[0, 0, 1], one_per_group=True)
    assert engine.completed(one_each, [1]) == [1, 2]  # no third département
