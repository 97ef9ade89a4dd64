"""What the benchmark records of the machine beside its figures."""

from __future__ import annotations

from bench.run import cpu_times, steal_share


def test_steal_is_a_share_of_the_busy_time() -> None:
    # user, nice, system, idle, iowait, irq, softirq, steal: idle time does not count.
    before = [100, 0, 20, 500, 5, 0, 0, 10]
    after = [160, 0, 30, 900, 5, 0, 0, 40]
    assert steal_share(before, after) == 0.3  # 30 stolen of 60 + 10 + 30 busy
    assert steal_share(before, before) is None
    assert steal_share([], after) is None


def test_the_counters_are_read_from_the_kernel() -> None:
    ticks = cpu_times()
    assert len(ticks) == 8
    assert all(value >= 0 for value in ticks)
