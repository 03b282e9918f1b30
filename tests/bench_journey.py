"""Benchmarks for chapter 06 (run: pytest tests/bench_journey.py --benchmark-only --benchmark-enable).

Targets: the ladder explorer's compute step (every plan count) well under 50 ms; a seeded
simulation of 20,000 students under a second (the chapter runs one).
"""

import pytest

from cslearn.journey import compare_delivery, dance_school_ladder, plan_values, simulate_ladder


def _fast(benchmark, limit):
    if benchmark.stats is not None:
        assert benchmark.stats.stats.median < limit


@pytest.mark.benchmark(group="journey")
def test_plan_values_for_the_explorer(benchmark):
    table = benchmark(plan_values, dance_school_ladder())
    assert len(table) == 8
    _fast(benchmark, 0.05)


@pytest.mark.benchmark(group="journey")
def test_simulate_20000_students(benchmark):
    sim = benchmark(simulate_ladder, dance_school_ladder(), customers=20_000, months=240, rng=1)
    assert len(sim) == 20_000
    _fast(benchmark, 1.0)


@pytest.mark.benchmark(group="journey")
def test_step_delivery_52_messages(benchmark):
    table = benchmark(compare_delivery, 52, recipients=100_000)
    assert table["message"].max() == 52
    _fast(benchmark, 0.05)
