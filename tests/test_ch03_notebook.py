"""Chapter 03's key printed numbers, read back from its tagged cells and derived independently."""

import numpy as np
import pytest
from conftest import ROOT, cell_text, run_notebook

import cslearn as cs

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def chapter03():
    return run_notebook(ROOT / "notebooks" / "03_otv_vs_ltv.ipynb")


def test_next_month_of_1000_members(chapter03):
    # seed 000: 1,000 members x 10,000 yen = 10 million yen next month
    assert "1,000 members × ¥10,000 = ¥10,000,000 next month." in cell_text(chapter03, "next-month")


def test_outlook_spreads(chapter03):
    text = cell_text(chapter03, "outlook")
    outlook = cs.next_month_outlook(10_000, seed=0)
    for business in ("shot", "subscription"):
        row = outlook.loc[business]
        assert f"between {cs.yen(row['p05'])} and {cs.yen(row['p95'])}" in text
    assert "subscription: 90 % of futures between" in text and "chance of a loss 0.0 %" in text


def test_ltv_numbers_by_hand(chapter03):
    text = cell_text(chapter03, "ltv")
    assert "lifetime revenue ¥200,000." in text  # 10,000 / 0.05
    assert f"LTV {cs.yen(0.8 * 10_000 / 0.05)}, LTV/CAC {0.8 * 10_000 / 0.05 / 50_000:.2f}" in text
    assert f"Discounted at 1 % a month: LTV {cs.yen(0.8 * 10_000 * 1.01 / 0.06)}." in text
    # payback: the month-by-month sum of 8,000 x 0.95^t crosses 50,000 in month 8
    cumulative = np.cumsum(8_000 * 0.95 ** np.arange(24))
    assert int(np.argmax(cumulative >= 50_000)) + 1 == 8
    before = cumulative[6]  # after 7 whole months; the 8th month's margin accrues evenly
    months = 7 + (50_000 - before) / (8_000 * 0.95**7)
    assert f"payback after {months:.1f} months" in text


def test_conventions_reconcile(chapter03):
    text = cell_text(chapter03, "conventions")
    assert "one month's margin (¥8,000)" in text and "largest mismatch ¥0." in text


def test_growth_paths(chapter03):
    text = cell_text(chapter03, "growth")
    end = cs.compare_growth(60).at(60)
    assert (f"Month 60: acquisition-only {end.loc['acquisition', 'customers']:,.0f} customers, "
            f"MRR {cs.yen(end.loc['acquisition', 'mrr'])}") in text
    assert end.loc["retention", "mrr"] > end.loc["acquisition", "mrr"]


def test_j_curve(chapter03):
    text = cell_text(chapter03, "j-curve")
    table = cs.project_pnl(60, 100, churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=1_000,
                           fixed_cost=1_000_000).table
    cash = table["cumulative_cash"].to_numpy()
    last_under = int(np.flatnonzero(cash <= 0)[-1]) + 1  # months count from 1
    assert f"bottoms out at {cs.yen(cash.min())} in month {int(np.argmin(cash)) + 1}" in text
    assert f"stays positive from month {last_under + 1}" in text
    # payback with the support cost: 8,000 - 1,000 a month of net margin, decaying at 5 %
    net = np.cumsum(7_000 * 0.95 ** np.arange(36))
    assert f"paid back in month {int(np.argmax(net >= 50_000)) + 1}." in text


def test_systemisation(chapter03):
    text = cell_text(chapter03, "systemisation")
    assert f"pays from {1_500_000 / 800:,.0f} customers" in text
    assert f"saves {cs.yen(5_000 * 1_000 - (1_500_000 + 5_000 * 200))} a month" in text
    lines = cell_text(chapter03, "systemised-pnl").splitlines()
    assert "by -¥" in lines[0]  # too small for systemising to pay
    assert "by -¥" not in lines[1] and "by ¥" in lines[1]
