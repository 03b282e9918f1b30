"""Benchmarks for the P&L engine (run: pytest tests/bench_pnl.py --benchmark-only --benchmark-enable).

Target: a 120-cohort x 120-month projection well under 50 ms, so that a slider feels instant.
"""

import numpy as np
import pytest

from cslearn.value.ltv import lifetime_value, payback_months
from cslearn.value.pnl import project_pnl

MONTHS = 120
NEW = np.linspace(50, 400, MONTHS)
SETTINGS = dict(arpu=10_000, expansion=0.005, margin=0.8, cac=50_000, retention_cost=500, support_cost=800,
                systemised=True, systemisation_fixed_cost=2_000_000, systemised_support_cost=200,
                fixed_cost=3_000_000, discount_rate=0.005)


def _fast(benchmark, limit=0.05):
    """The median run is under ``limit`` seconds (when timings were taken at all)."""
    if benchmark.stats is not None:
        assert benchmark.stats.stats.median < limit


@pytest.mark.benchmark(group="pnl")
def test_projection_120_by_120_constant_churn(benchmark):
    result = benchmark(project_pnl, MONTHS, NEW, churn=0.03, **SETTINGS)
    assert result.table.shape[0] == MONTHS
    _fast(benchmark)


@pytest.mark.benchmark(group="pnl")
def test_projection_120_by_120_survival_function(benchmark):
    survival = lambda t: (1 + np.asarray(t) / 4.0) ** -0.8  # noqa: E731  a heavy-tailed curve
    result = benchmark(project_pnl, MONTHS, NEW, survival=survival, **SETTINGS)
    assert result.summary["lifetime_months"] >= MONTHS
    _fast(benchmark)


@pytest.mark.benchmark(group="pnl")
def test_projection_with_cohort_matrix(benchmark):
    def run():
        projection = project_pnl(MONTHS, NEW, churn=0.03, **SETTINGS)
        return projection.by_cohort("revenue")

    matrix = benchmark(run)
    assert matrix.shape == (MONTHS, MONTHS)
    _fast(benchmark)


@pytest.mark.benchmark(group="ltv")
def test_ltv_grid(benchmark):
    churn = np.linspace(0.005, 0.2, 200)[:, None]
    discount = np.linspace(0.0, 0.02, 200)[None, :]

    def run():
        values = lifetime_value(10_000, churn, 0.8, discount)
        return values, payback_months(50_000, 10_000, 0.8, churn, discount)

    values, months = benchmark(run)
    assert values.shape == months.shape == (200, 200)


# -- the P&L explorer: one slider move ------------------------------------------------------------
@pytest.fixture(scope="module")
def explorer():
    import matplotlib

    matplotlib.use("Agg")
    from cslearn.value.explorers import pnl_explorer

    return pnl_explorer()


@pytest.mark.benchmark(group="explorer")
def test_explorer_compute_only(benchmark, explorer):
    values = explorer.values()
    result = benchmark(explorer._compute, **values)
    assert result.table.shape[0] == values["months"]
    _fast(benchmark, 0.02)


@pytest.mark.benchmark(group="explorer")
def test_explorer_update_with_redraw(benchmark, explorer):
    """A slider move as a student makes it: set the value, recompute, move the lines, render the PNG."""
    churn = explorer.controls["churn"]
    values = iter(np.tile([0.04, 0.06], 10_000))

    def move():
        churn.value = float(next(values))
        return explorer.image.value

    image = benchmark(move)
    assert bytes(image[:4]) == b"\x89PNG"
    _fast(benchmark, 0.1)
