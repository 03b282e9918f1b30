"""Chapter 04's compute functions: mixtures, projections, residual value, cohort purchase tracking, CLV scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

import cslearn as cs
from cslearn.retention.clv import clv_summary, p_alive_grid, purchase_tracking, score_customers, top_share
from cslearn.retention.curves import (
    constant_churn_derl,
    constant_churn_fit,
    mixture_retention,
    monthly_survival,
    project_retention,
    residual_lifetime_table,
    sbg_curves,
    simulate_mixture,
)
from cslearn.retention.models import BetaGeometricNBD, GammaGamma, ShiftedBetaGeometric, simulate_bgnbd
from cslearn.retention.transactions import (
    calibration_holdout_split,
    first_purchase_times,
    load_cdnow,
    repeat_purchases_by_period,
    rfm_summary,
)

PUBLISHED = pd.read_csv(ROOT / "data" / "retention_cohorts_published.csv")
CDNOW_PARAMS = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # FHL (2005), Table 1


def survival_by_product(alpha, beta, n):
    t = np.arange(1, n + 1)
    return np.concatenate(([1.0], np.cumprod((beta + t - 1) / (alpha + beta + t - 1))))


# -- C18: a mixture of constant churns --------------------------------------------------------------


def test_mixture_by_hand():
    table = mixture_retention(churn=[0.5, 0.1], shares=[0.5, 0.5], n_periods=3)
    # S(2) = 0.5 * 0.25 + 0.5 * 0.81 = 0.53; S(3) = 0.5 * 0.125 + 0.5 * 0.729 = 0.427
    assert table["survival"].tolist() == pytest.approx([1.0, 0.7, 0.53, 0.427])
    assert table["retention_rate"].iloc[3] == pytest.approx(0.427 / 0.53)
    assert table["share_2"].iloc[2] == pytest.approx(0.405 / 0.53)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 0.99), st.floats(0.01, 0.99), st.floats(0.05, 0.95))
def test_retention_of_a_mixture_never_falls(c1, c2, w):
    rates = mixture_retention([c1, c2], [w, 1 - w], n_periods=15)["retention_rate"].to_numpy()[1:]
    assert np.all(np.diff(rates) >= -1e-12)
    if abs(c1 - c2) > 0.05:
        assert rates[-1] > rates[0]  # strictly rises when the segments differ
    assert rates[-1] <= 1 - min(c1, c2) + 1e-12  # and never beats the most loyal segment


def test_simulated_mixture_matches_its_expectation():
    n = 200_000
    sim = simulate_mixture([0.5, 0.1], [0.5, 0.5], n_customers=n, n_periods=8, rng=np.random.default_rng(3))
    exact = mixture_retention([0.5, 0.1], [0.5, 0.5], n_periods=8)
    share = sim["alive"] / n
    se = np.sqrt(exact["survival"] * (1 - exact["survival"]) / n)
    assert np.all(np.abs(share - exact["survival"]) <= 4.5 * se + 1e-12)
    assert (sim["alive_1"] + sim["alive_2"]).equals(sim["alive"])
    assert sim["alive_2"].iloc[8] > 10 * sim["alive_1"].iloc[8]  # the loyal segment is nearly all that is left


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"churn": [0.5, 0.1], "shares": [0.5, 0.6]}, "shares must add up to 1"),
    ({"churn": [0.5, 1.2], "shares": [0.5, 0.5]}, "churn"),
    ({"churn": [0.5], "shares": [0.5, 0.5]}, "one value per segment"),
])
def test_mixture_refuses_bad_segments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        mixture_retention(**kwargs)


# -- C19: fitting and projecting ----------------------------------------------------------------------


def test_constant_churn_is_the_maximum_likelihood_geometric():
    alive = PUBLISHED["regular"].to_numpy()[:8].astype(float)
    lost = -np.diff(alive)
    t = np.arange(1, 8)

    def nll(c):
        return -(lost @ (np.log(c) + (t - 1) * np.log(1 - c)) + alive[-1] * 7 * np.log(1 - c))

    best = minimize_scalar(nll, bounds=(1e-6, 1 - 1e-6), method="bounded", options={"xatol": 1e-10}).x
    assert constant_churn_fit(alive) == pytest.approx(best, abs=1e-6)
    assert constant_churn_fit(alive) == pytest.approx(759 / 3358)  # lost / customer-years at risk


@pytest.mark.parametrize("segment", ["regular", "high_end"])
def test_sbg_beats_constant_churn_on_the_held_back_years(segment):
    counts = PUBLISHED[segment].to_numpy()
    p = project_retention(counts, observed=7)
    assert p.table["observed"].sum() == 8 and p.table.shape[0] == 13
    held = counts[8:]
    by_hand = np.mean(np.abs(1000 * survival_by_product(p.summary["alpha"], p.summary["beta"], 12)[8:] / held - 1))
    assert p.summary["sbg_error"] == pytest.approx(by_hand)
    naive = np.mean(np.abs(1000 * (1 - p.churn) ** np.arange(8, 13) / held - 1))
    assert p.summary["constant_error"] == pytest.approx(naive)
    assert p.summary["sbg_error"] < 0.05 < 0.2 < p.summary["constant_error"]
    assert p.summary["alpha"] == pytest.approx({"regular": 0.704, "high_end": 0.668}[segment], abs=1e-3)
    # the constant churn's retention is flat, the sBG's rises
    assert np.ptp(p.table["constant_retention"].dropna()) < 1e-12
    assert np.all(np.diff(p.table["sbg_retention"].dropna()) > 0)


def test_projection_beyond_the_data_and_bad_observed():
    p = project_retention([1000, 631, 468, 382], observed=3, horizon=10)
    assert p.table["actual"].isna().sum() == 7 and "sbg_error" not in p.summary
    with pytest.raises(ValueError, match="observed"):
        project_retention([1000, 631, 468], observed=5)
    with pytest.raises(ValueError, match="must not go up"):
        project_retention([1000, 631, 700], observed=1)


def test_projection_flags_an_unidentified_fit():
    # a cohort losing exactly 20 % every year has no heterogeneity to find: the sBG runs to the edge
    homogeneous = 1000 * 0.8 ** np.arange(6)
    with pytest.warns(cs.retention.models.ConvergenceWarning, match="edge of the allowed range"):
        p = project_retention(homogeneous, observed=4)
    assert "beta" in p.at_bound and p.collapsed and p.summary["alpha"] + p.summary["beta"] > 1e4
    assert p.churn == pytest.approx(0.2)  # baseline B gets it exactly
    # ... and the collapsed sBG projects the same as the constant churn
    assert np.allclose(p.table["sbg"], p.table["constant_churn"], rtol=1e-3)
    # the high-end cohort's first two years: retention falls (869/1000 > 743/869), same collapse
    high_end = PUBLISHED["high_end"].to_numpy()
    assert high_end[2] / high_end[1] < high_end[1] / high_end[0]
    with pytest.warns(cs.retention.models.ConvergenceWarning):
        fit = project_retention(high_end, observed=2)
    assert "beta" in fit.at_bound and fit.collapsed
    regular = project_retention(PUBLISHED["regular"].to_numpy(), observed=7)
    assert regular.at_bound == () and regular.converged and not regular.collapsed


@settings(max_examples=30, deadline=None)
@given(st.floats(0.1, 5), st.floats(0.1, 10))
def test_heterogeneity_keeps_more_customers_than_the_same_average_churn(alpha, beta):
    curves = sbg_curves(alpha, beta, n_periods=10)
    assert curves.loc[1, "survival"] == pytest.approx(curves.loc[1, "constant_survival"])
    # Jensen: E[(1 - theta)^t] >= (1 - E[theta])^t
    assert np.all(curves["survival"] >= curves["constant_survival"] - 1e-12)
    assert np.allclose(curves["survival"], survival_by_product(alpha, beta, 10))


def test_the_sbg_approaches_the_constant_churn_as_alpha_and_beta_grow_in_ratio():
    # chapter 04: small alpha and beta part the curves quickly; large ones with the same ratio do not
    gaps = [float((c["survival"] - c["constant_survival"]).abs().max())
            for c in (sbg_curves(0.7 * k, 1.2 * k, n_periods=12) for k in (1, 10, 100, 10_000))]
    assert gaps[0] > 0.1 and all(a > b for a, b in zip(gaps, gaps[1:], strict=False)) and gaps[-1] < 1e-3


def test_residual_lifetime_by_direct_sum():
    alpha, beta, d = 0.704, 1.182, 0.1
    model = ShiftedBetaGeometric.from_params(alpha=alpha, beta=beta)
    table = residual_lifetime_table(model, d, renewals=range(6), value_per_period=100)
    s = survival_by_product(alpha, beta, 3000)
    for n_made, derl in zip(table["renewals"], table["derl"], strict=True):
        n = n_made + 1  # the renewal she now faces
        t = np.arange(n, 3000)
        assert derl == pytest.approx(np.sum(s[t] / s[n - 1] / (1 + d) ** (t - n)), rel=1e-9)
    assert np.all(np.diff(table["derl"]) > 0) and np.all(np.diff(table["next_renewal"]) > 0)
    assert np.allclose(table["value"], 100 * table["derl"])


@pytest.mark.parametrize(("churn", "d"), [(0.226, 0.1), (0.05, 0.0), (0.5, 0.2)])
def test_constant_churn_derl_by_direct_sum_and_the_same_after_any_renewals(churn, d):
    t = np.arange(1, 3000)
    by_sum = np.sum((1 - churn) ** t / (1 + d) ** (t - 1))
    assert constant_churn_derl(churn, d) == pytest.approx(by_sum, rel=1e-9)
    # an sBG with almost no spread of churns is a constant churn: its DERL no longer grows with renewals
    homogeneous = ShiftedBetaGeometric.from_params(alpha=churn * 1e6, beta=(1 - churn) * 1e6)
    derl = homogeneous.discounted_expected_residual_lifetime(np.full(3, d), np.array([0, 5, 20]))
    assert np.allclose(derl, by_sum, rtol=1e-3)
    assert constant_churn_derl(1.0, 0.2) == 0.0  # everyone leaves at the first renewal
    with pytest.raises(ValueError, match="churn"):
        constant_churn_derl(0, 0.1)
    with pytest.raises(ValueError, match="discount_rate"):
        constant_churn_derl(0.2, -0.1)


def test_monthly_survival_feeds_the_pnl():
    model = ShiftedBetaGeometric.from_params(alpha=0.704, beta=1.182)
    curve = monthly_survival(model, 36)
    yearly = survival_by_product(0.704, 1.182, 3)
    assert np.allclose(curve[:12], 1.0) and np.allclose(curve[12:24], yearly[1])
    assert curve[36] == pytest.approx(yearly[3])
    one_cohort = [100] + [0] * 35
    p = cs.project_pnl(36, one_cohort, survival=curve, arpu=1000, margin=1.0, cac=0)
    assert p.table["revenue"].iloc[:12].tolist() == pytest.approx([100_000] * 12)
    assert p.table["revenue"].iloc[12] == pytest.approx(100_000 * yearly[1])
    constant = monthly_survival(0.8 ** np.arange(4), 36)
    assert constant[13] == pytest.approx(0.8) and constant[36] == pytest.approx(0.512)
    with pytest.raises(ValueError, match="at least 4 values"):
        monthly_survival(0.8 ** np.arange(3), 36)
    with pytest.raises(TypeError, match="survival"):
        monthly_survival("sbg", 12)


# -- C20: cohort purchases, P(alive), CLV -------------------------------------------------------------


def test_cohort_purchases_sum_individual_expectations():
    model = BetaGeometricNBD.from_params(**CDNOW_PARAMS)
    starts = np.array([0.0, 0.0, 3.5, 10.0])
    times = np.array([0.0, 5.0, 12.0])
    by_hand = [sum(model.expected_purchases(max(t - s, 0.0)) for s in starts) for t in times]
    assert model.expected_cohort_purchases(times, starts).tolist() == pytest.approx(by_hand)
    assert model.expected_cohort_purchases(20.0, np.zeros(7)) == pytest.approx(7 * model.expected_purchases(20.0))
    with pytest.raises(ValueError, match="first_purchase"):
        model.expected_cohort_purchases(5.0, [-1.0])


def test_cohort_purchases_match_monte_carlo():
    model = BetaGeometricNBD.from_params(**CDNOW_PARAMS)
    rng = np.random.default_rng(5)
    starts = rng.integers(0, 12, 100_000).astype(float)  # staggered start weeks
    horizon = 30.0
    sim = simulate_bgnbd(**CDNOW_PARAMS, T=horizon - starts, rng=rng)
    total = sim["frequency"].sum()
    se = sim["frequency"].std() * np.sqrt(len(sim))
    assert abs(model.expected_cohort_purchases(horizon, starts) - total) < 4 * se


@pytest.fixture(scope="module")
def cdnow():
    log = load_cdnow()
    cal = calibration_holdout_split(log, "customer_id", "date", "1997-09-30", value_col="amount")
    model = BetaGeometricNBD().fit(cal["frequency"], cal["recency"], cal["T"])
    return log, cal, model


def test_repeat_purchases_by_period_by_hand():
    log = pd.DataFrame({"id": [1, 1, 1, 1, 2, 2], "day": ["2024-01-01", "2024-01-01", "2024-01-03", "2024-01-20",
                                                          "2024-01-09", "2024-01-12"]})
    weekly = repeat_purchases_by_period(log, "id", "day", end="2024-01-31")
    assert weekly["repeat_purchases"].tolist() == [1, 1, 1, 0, 0]  # same-day purchases are one occasion
    assert weekly["time"].tolist() == pytest.approx([6 / 7, 13 / 7, 20 / 7, 27 / 7, 30 / 7])
    daily = repeat_purchases_by_period(log, "id", "day", time_unit="D")
    assert daily.shape[0] == 20 and daily["cumulative_repeat_purchases"].iloc[-1] == 3
    assert first_purchase_times(log, "id", "day", start="2023-12-25").tolist() == pytest.approx([1.0, 15 / 7])
    with pytest.raises(ValueError, match="start"):
        first_purchase_times(log, "id", "day", start="2024-01-05")


def test_tracking_agrees_with_the_rfm_summary(cdnow):
    log, cal, model = cdnow
    track = purchase_tracking(model, log, "customer_id", "date", "1997-09-30")
    assert track.shape[0] == 78 and track["holdout"].sum() == 39
    week39 = track.loc[track["period"] == 39].iloc[0]
    # the actual line at the end of calibration is the calibration frequencies' total
    assert week39["actual_cumulative"] == cal["frequency"].sum()
    # the predicted line there is each customer's E[X(T_i)] summed, with T from the RFM summary
    assert week39["predicted_cumulative"] == pytest.approx(model.expected_purchases(cal["T"]).sum(), rel=1e-9)
    # and at the end of the holdout it adds each customer's unconditional holdout expectation
    end = track["actual_cumulative"].iloc[-1]
    assert end == cal["frequency"].sum() + cal["frequency_holdout"].sum()
    assert abs(track["predicted_cumulative"].iloc[-1] / end - 1) < 0.06
    assert np.allclose(track["predicted"].cumsum(), track["predicted_cumulative"])


def test_p_alive_grid_by_formula():
    r, alpha, a, b = CDNOW_PARAMS.values()
    model = BetaGeometricNBD.from_params(**CDNOW_PARAMS)
    grid = p_alive_grid(model, T=39, max_frequency=4, n_recency=5)
    assert grid.shape[0] == 1 + 4 * 5 and grid.loc[0, "p_alive"] == 1.0
    x, t_x = grid["frequency"].to_numpy()[1:], grid["recency"].to_numpy()[1:]
    direct = 1 / (1 + a / (b + x - 1) * ((alpha + 39) / (alpha + t_x)) ** (r + x))
    assert np.allclose(grid["p_alive"].to_numpy()[1:], direct)


def test_scores_and_clv(cdnow):
    _, cal, model = cdnow
    gg = GammaGamma().fit(cal["frequency"], cal["monetary_value"])
    scores = score_customers(cal, model, gg, horizon=39, margin=0.5)
    assert scores.index.equals(cal.index)
    spend = gg.params_["p"] * (gg.params_["gamma"] + cal["frequency"] * cal["monetary_value"]) / (
        gg.params_["p"] * cal["frequency"] + gg.params_["q"] - 1)
    purchases = model.conditional_expected_purchases(39, cal["frequency"], cal["recency"], cal["T"])
    assert np.allclose(scores["clv"], 0.5 * spend * purchases)  # undiscounted: margin x spend x purchases
    assert scores.loc[scores["clv"].idxmax(), "clv_rank"] == 1
    assert sorted(scores["clv_rank"]) == list(range(1, len(cal) + 1))
    without = score_customers(cal, model)
    assert list(without.columns) == ["p_alive", "expected_purchases"]
    with pytest.raises(ValueError, match="monetary_value"):
        score_customers(cal.drop(columns="monetary_value"), model, gg)
    with pytest.raises(TypeError, match="BetaGeometricNBD"):
        score_customers(cal, gg)


def test_top_share_by_hand():
    assert top_share([50, 30, 10, 5, 5], 0.2) == 0.5
    assert top_share([1, 1, 1, 1], 0.5) == 0.5
    assert top_share([3, 1], 0.01) == 0.75  # at least one customer
    with pytest.raises(ValueError, match="share"):
        top_share([1, 2], 0)
    with pytest.raises(ValueError, match="values"):
        top_share([0, 0])


def test_clv_summary_by_hand():
    summary = clv_summary(pd.DataFrame({"clv": [50.0, 30.0, 10.0, 5.0, 5.0]}))
    assert summary.to_dict() == {"customers": 5, "total": 100.0, "mean": 20.0, "median": 10.0, "best": 50.0,
                                 "top_share": 0.5}
    assert clv_summary(pd.DataFrame({"value": [1.0, 3.0]}), column="value", top=0.5)["top_share"] == 0.75
    with pytest.raises(ValueError, match="clv"):
        clv_summary(pd.DataFrame({"value": [1.0]}))
    with pytest.raises(ValueError, match="at least one row"):
        clv_summary(pd.DataFrame({"clv": []}))


def test_rfm_and_first_purchase_times_share_one_calendar():
    log = load_cdnow()
    rfm = rfm_summary(log, "customer_id", "date", calibration_end="1997-09-30")
    starts = first_purchase_times(log, "customer_id", "date")
    assert np.allclose(starts + rfm["T"], 272 / 7)  # 1997-09-30 is day 272 after 1997-01-01


# -- issue 13: seeds validated, sizes capped ---------------------------------------------------
def test_size_arguments_are_capped_with_a_message_that_says_the_cap():
    from cslearn.retention.curves import mixture_retention, sbg_curves, simulate_mixture

    with pytest.raises(ValueError, match="n_periods must be a whole number of periods from [01] to 10,000"):
        sbg_curves(0.7, 1.2, n_periods=10**12)
    with pytest.raises(ValueError, match="n_periods must be a whole number of periods from [01] to 10,000"):
        mixture_retention(n_periods=10**12)
    with pytest.raises(ValueError, match="n_periods must be a whole number of periods from [01] to 10,000"):
        simulate_mixture(n_periods=10**12, rng=0)
    with pytest.raises(ValueError, match="n_customers must be a whole number of customers from 1 to 10,000,000"):
        simulate_mixture(n_customers=10**12, rng=0)
    with pytest.raises(ValueError, match="horizon must be a whole number of periods from 1 to 10,000"):
        project_retention([1000, 631, 468, 382, 326, 289, 262, 241], observed=4, horizon=10**12)
    assert len(sbg_curves(0.7, 1.2, n_periods=10_000)) == 10_001


def test_simulate_mixture_refuses_a_negative_seed_naming_rng():
    from cslearn.retention.curves import simulate_mixture

    with pytest.raises(ValueError, match="rng"):
        simulate_mixture(n_customers=100, n_periods=3, rng=-1)
    with pytest.raises(TypeError, match="rng"):
        simulate_mixture(n_customers=100, n_periods=3, rng=1.5)
    assert simulate_mixture(n_customers=100, n_periods=3).equals(simulate_mixture(n_customers=100, n_periods=3, rng=0))


# -- issue 13: every argument declared -----------------------------------------------------------
def _declared_arguments():
    from bad_inputs import public_callables

    from cslearn.params import declarations_of

    return [(name, argument, declaration) for name, function in public_callables("retention")
            for argument, declaration in declarations_of(function).items()]


def test_every_declared_example_and_default_is_accepted_by_its_declaration():
    from cslearn.params import NO_DEFAULT

    refused = {}
    arguments = _declared_arguments()
    for name, argument, declaration in arguments:
        value = declaration.default if declaration.default is not NO_DEFAULT else declaration.example()
        try:
            declaration.check(value)
        except (TypeError, ValueError) as error:
            refused[f"{name}:{argument}"] = str(error)
    assert refused == {}
    assert len(arguments) > 150


def test_open_lower_bounds_refuse_the_bound_itself():
    with pytest.raises(ValueError, match=r"alpha must be between 8e-07 and 1.25e\+06"):
        sbg_curves(0, 1.2)
    with pytest.raises(ValueError, match="churn must be greater than 0 and at most 1"):
        constant_churn_derl(0, 0.1)
    with pytest.raises(ValueError, match="share must be greater than 0 and at most 1"):
        top_share([1.0, 2.0], share=0)
    assert constant_churn_derl(1, 0.1) == 0.0  # the closed end is accepted


def test_cohorts_of_booleans_and_unfitted_models_are_refused_naming_the_argument():
    with pytest.raises(TypeError, match="alive must contain only numbers, not True/False"):
        constant_churn_fit([True, False])
    with pytest.raises(TypeError, match="alive must contain only numbers, not True/False"):
        ShiftedBetaGeometric().fit(pd.DataFrame({"0": [True], "1": [False]}))
    with pytest.raises(ValueError, match="model is not fitted yet"):
        p_alive_grid(BetaGeometricNBD(), 39)
    with pytest.raises(ValueError, match="survival is not fitted yet"):
        monthly_survival(ShiftedBetaGeometric(), 12)
    with pytest.raises(TypeError, match="gammagamma must be a fitted GammaGamma"):
        score_customers(pd.DataFrame({"frequency": [1], "recency": [1.0], "T": [2.0], "monetary_value": [3.0]}),
                        BetaGeometricNBD.from_params(**CDNOW_PARAMS), gammagamma="gg")


def test_a_missing_value_column_is_named():
    with pytest.raises(ValueError, match="column: scores has no column 'value'"):
        clv_summary(pd.DataFrame({"clv": [1.0]}), column="value")
    with pytest.raises(ValueError, match=r"scores\['clv'\] \(column\)"):
        clv_summary(pd.DataFrame({"clv": [1.0, -2.0]}))


def test_residual_lifetime_table_takes_one_renewal_count_or_several():
    model = ShiftedBetaGeometric.from_params(alpha=2.0, beta=3.0)
    several = residual_lifetime_table(model, 0.1, renewals=range(3))
    one = residual_lifetime_table(model, 0.1, renewals=2)
    pd.testing.assert_frame_equal(one, several.iloc[[2]].reset_index(drop=True))
    with pytest.raises(ValueError, match="every value of renewals must be a whole number"):
        residual_lifetime_table(model, 0.1, renewals=[0.5])
