"""Numbers chapter 04 prints, read back from its tagged cells and recomputed here."""

import numpy as np
import pytest
from conftest import ROOT, cell_text, run_notebook

import cslearn as cs

pytestmark = pytest.mark.notebooks

REGULAR = cs.load_dataset("retention_cohorts_published")["regular"].to_numpy()


@pytest.fixture(scope="module")
def chapter04():
    return run_notebook(ROOT / "notebooks" / "04_forecasting_retention.ipynb")


@pytest.fixture(scope="module")
def cdnow():
    rfm = cs.calibration_holdout_split(cs.load_cdnow(), "customer_id", "date", "1997-09-30", value_col="amount")
    bgnbd = cs.BetaGeometricNBD().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    return rfm, bgnbd


def test_mixture_retention_rises(chapter04):
    text = cell_text(chapter04, "mixture-rates")
    # half at 50 % churn, half at 10 %: year 1 = 0.5*0.5 + 0.5*0.9 = 70 %
    assert "Retention in year 1: 70.0 %" in text
    s = lambda t: 0.5 * 0.5**t + 0.5 * 0.9**t  # noqa: E731
    assert f"in year 10: {cs.percent(s(10) / s(9))}" in text
    lifetime = cell_text(chapter04, "mixture-lifetime")
    # 1/0.3 years under constant churn; sum of S(t) = 0.5/0.5 + 0.5/0.1 = 6 years for the mix
    assert "expected lifetime 3.33 years" in lifetime and "The mix: 6.00 years" in lifetime


def test_sbg_reproduces_the_published_fit_and_beats_constant_churn(chapter04):
    text = cell_text(chapter04, "sbg-fit")
    assert "alpha = 0.704, beta = 1.182" in text  # Fader & Hardie (2007)
    projection = cell_text(chapter04, "projection")
    assert f"{cs.percent(759 / 3358)} a year" in projection  # lost / customer-years at risk, years 0-7
    assert f"Year 12: actual {REGULAR[12]}" in projection
    naive = 1000 * (1 - 759 / 3358) ** 12
    assert f"constant churn {naive:.0f}." in projection


def test_customer_value(chapter04):
    text = cell_text(chapter04, "value")
    model = cs.ShiftedBetaGeometric().fit(REGULAR[:8])
    t = np.arange(3000)
    s = model.survival(t)
    del_by_sum = np.sum(s / 1.1**t)
    assert f"DEL is {del_by_sum:.2f} years under the sBG" in text
    assert f"{1.1 / (0.1 + 759 / 3358):.2f} under baseline B" in text
    derl_4 = np.sum(s[5:] / s[4] / 1.1 ** (t[5:] - 5))
    assert f"DERL {derl_4:.2f} years" in text
    derl_10 = np.sum(s[11:] / s[10] / 1.1 ** (t[11:] - 11))
    assert f"After 10 renewals: DERL {derl_10:.2f} years, {derl_10 / del_by_sum:.1f} times" in text
    assert 1.5 < derl_10 / del_by_sum < 2.5  # the prose says "about twice"


def test_few_years_of_the_high_end_cohort(chapter04):
    lines = cell_text(chapter04, "few-years").strip().splitlines()
    assert "retention 86.9 % in year 1, 85.5 % in year 2" in lines[0]  # 869/1000, 743/869
    assert lines[1].startswith("2 years seen") and "beta at the edge of its range" in lines[1]
    assert lines[3].startswith("7 years seen") and "alpha = 0.668, beta = 3.806" in lines[3]  # Fader & Hardie
    assert "edge" not in lines[2] + lines[3]


def test_pooled_cohorts_recover_the_simulated_parameters(chapter04):
    text = cell_text(chapter04, "pooled")
    alpha = float(text.split("alpha = ")[1].split(",")[0])
    assert abs(alpha / 0.704 - 1) < 0.3


def test_pnl_lines(chapter04):
    lines = cell_text(chapter04, "pnl").strip().splitlines()
    assert [line.split(":")[0].strip() for line in lines] == ["actual", "sBG", "constant churn"]
    assert "(0.0 % vs actual)" in lines[0]
    sbg_gap = float(lines[1].split("(")[-1].split("%")[0])
    constant_gap = float(lines[2].split("(")[-1].split("%")[0])
    assert abs(sbg_gap) < 1 < 5 < constant_gap


def test_cdnow_numbers(chapter04, cdnow):
    rfm, bgnbd = cdnow
    assert "r = 0.243, alpha = 4.414, a = 0.793, b = 2.426" in cell_text(chapter04, "bgnbd-fit")  # FHL (2005)
    tracking = cell_text(chapter04, "tracking")
    actual_total = rfm["frequency"].sum() + rfm["frequency_holdout"].sum()
    assert f"By week 78: {actual_total:,} repeat purchases" in tracking
    assert f"{rfm['frequency_holdout'].sum():,} actual" in tracking
    assert "(-11." in tracking  # the holdout under-forecast the prose now admits (1,667 vs 1,882)
    one_timers = cell_text(chapter04, "bgnbd-fit")
    assert f"{(rfm['frequency'] == 0).sum():,} of the 2,357 customers" in one_timers
    assert "P(alive) = 100.0 %" in one_timers
    p_alive = cell_text(chapter04, "p-alive")
    assert cs.percent(bgnbd.probability_alive(4, 38.0, 39.0)) in p_alive
    spend = cell_text(chapter04, "gamma-gamma")
    buyers = rfm[rfm["frequency"] > 0]
    assert f"among {len(buyers):,} repeat buyers: 0.11" in spend
    assert "p = 6.25, q = 3.74, gamma = 15.44" in spend  # FHL (2005, JMR) report 6.25, 3.74, 15.44


def test_clv_summary(chapter04, cdnow):
    rfm, bgnbd = cdnow
    gg = cs.GammaGamma().fit(rfm["frequency"], rfm["monetary_value"])
    scores = cs.score_customers(rfm, bgnbd, gg, horizon=52, discount_rate=0.01, period_length=52 / 12, margin=0.3)
    text = cell_text(chapter04, "clv")
    assert f"all {len(rfm):,} customers: ${scores['clv'].sum():,.0f}" in text
    values = np.sort(scores["clv"].to_numpy())[::-1]
    assert f"the top 20 % hold {cs.percent(values[:472].sum() / values.sum())}" in text  # 472 = ceil(0.2 * 2357)
