"""Benchmarks for the business-model simulators (run:
pytest tests/bench_business_models.py --benchmark-only --benchmark-enable).

Target (issue 4): 1,000,000 customers x 36 months in under a second for every model, keeping
totals only (``detail=False``); and the exact expected values of all seven models fast enough
to follow a slider.
"""

import pytest

from cslearn.business_models import MODELS, compare_models, simulate

N_CUSTOMERS = 1_000_000
MONTHS = 36


def _fast(benchmark, limit):
    """The median run is under ``limit`` seconds (when timings were taken at all)."""
    if benchmark.stats is not None:
        assert benchmark.stats.stats.median < limit


@pytest.mark.benchmark(group="business_models")
@pytest.mark.parametrize("name", list(MODELS))
def test_million_customers_36_months(benchmark, name):
    result = benchmark.pedantic(
        simulate,
        args=(name,),
        kwargs=dict(rng=0, n_customers=N_CUSTOMERS, months=MONTHS, detail=False),
        rounds=3,
        warmup_rounds=1,
    )
    assert result.n_customers == N_CUSTOMERS
    assert len(result.table) == MONTHS
    _fast(benchmark, 1.0)


@pytest.mark.benchmark(group="business_models")
def test_expected_values_of_every_model(benchmark):
    table = benchmark(compare_models, months=MONTHS, method="expected")
    assert len(table) == len(MODELS) * MONTHS
    _fast(benchmark, 0.25)


@pytest.mark.benchmark(group="business_models_views")
def test_comparison_explorer_redraw(benchmark):
    """One slider move of the chapter 02 comparison explorer with all seven models (target: ~0.3 s idle)."""
    from cslearn.business_models.explorers import business_model_explorer

    view = business_model_explorer(models=tuple(MODELS))
    fees = iter(range(1_000, 1_000_000, 500))

    def move():
        view.controls["fee"].value = next(fees)

    benchmark.pedantic(move, rounds=5, warmup_rounds=1)
    assert "<table>" in view.text.value
    _fast(benchmark, 1.0)  # about 0.2 s on an idle machine; generous for a shared one
