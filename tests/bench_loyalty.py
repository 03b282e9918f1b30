"""Timings of chapter 05's heavier calls (run with --benchmark-only --benchmark-enable)."""

import pytest

import cslearn as cs


@pytest.mark.benchmark
def test_bench_simulate_stockout(benchmark):
    result = benchmark(cs.simulate_stockout, 0.3, 7, customers=200_000, rng=1)
    assert len(result) == 200_000


@pytest.mark.benchmark
def test_bench_classify_review_set(benchmark):
    reviews = cs.load_dataset("reviews_loyalty")
    result = benchmark(cs.evaluate_review_classifier, reviews)
    assert result.accuracy > 0.8


@pytest.mark.benchmark
def test_bench_stockout_explorer_redraw(benchmark):
    explorer = cs.stockout_explorer()
    values = iter(range(1, 10_000))

    def move():
        explorer.controls["lead_days"].value = next(values) % 30

    benchmark.pedantic(move, rounds=5, iterations=1)
    assert explorer.result is not None
