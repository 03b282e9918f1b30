"""Shifted-beta-geometric model: published fits, simulation recovery, closed forms vs sums and Monte Carlo."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, assert_hessian_is_the_gradients_derivative
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize
from scipy.special import betaln

from cslearn.retention.models import NotFittedError, ShiftedBetaGeometric, simulate_sbg

PUBLISHED = pd.read_csv(ROOT / "data" / "retention_cohorts_published.csv")


def survival_by_product(alpha, beta, n):
    """S(0..n) from the product of retention rates (no beta functions involved)."""
    t = np.arange(1, n + 1)
    return np.concatenate(([1.0], np.cumprod((beta + t - 1) / (alpha + beta + t - 1))))


def direct_log_likelihood(alpha, beta, cohorts):
    """The sBG log-likelihood written out with beta functions, cohort by cohort."""
    total = 0.0
    for alive in cohorts:
        alive = np.asarray(alive, dtype=float)
        t = np.arange(1, len(alive))
        lost = alive[:-1] - alive[1:]
        total += lost @ (betaln(alpha + 1, beta + t - 1) - betaln(alpha, beta))
        total += alive[-1] * (betaln(alpha, beta + t[-1]) - betaln(alpha, beta))
    return total


def test_published_file_layout():
    assert list(PUBLISHED.columns) == ["year", "regular", "high_end"]
    assert PUBLISHED["year"].tolist() == list(range(13))
    assert PUBLISHED.loc[0, ["regular", "high_end"]].tolist() == [1000, 1000]
    assert (PUBLISHED[["regular", "high_end"]].diff().dropna() <= 0).all().all()


@pytest.mark.parametrize(
    ("segment", "alpha", "beta"), [("regular", 0.704, 1.182), ("high_end", 0.668, 3.806)]
)
def test_reproduces_fader_hardie_2007(segment, alpha, beta):
    # Fader & Hardie (2007) fit years 0-7 of each segment.
    model = ShiftedBetaGeometric().fit(PUBLISHED[segment].to_numpy()[:8])
    assert model.params_["alpha"] == pytest.approx(alpha, abs=6e-4)
    assert model.params_["beta"] == pytest.approx(beta, abs=6e-4)
    # and their projection of year 12 is within a few percent of the actual count (2% and 4%)
    projected = 1000 * model.survival(12)
    actual = PUBLISHED[segment].iloc[12]
    assert abs(projected / actual - 1) < {"regular": 0.03, "high_end": 0.05}[segment]


def test_high_end_log_likelihood_matches_appendix():
    model = ShiftedBetaGeometric().fit(PUBLISHED["high_end"].to_numpy()[:8])
    assert model.log_likelihood_ == pytest.approx(-1611.2, abs=0.05)


def test_log_likelihood_equals_direct_formula_at_the_optimum():
    cohorts = [PUBLISHED["regular"].to_numpy()[:8], PUBLISHED["high_end"].to_numpy()[:5]]
    model = ShiftedBetaGeometric().fit(cohorts)
    assert model.log_likelihood_ == pytest.approx(
        direct_log_likelihood(model.params_["alpha"], model.params_["beta"], cohorts), rel=1e-10
    )
    # and it is the maximum: a derivative-free search on the direct formula finds the same point
    found = minimize(
        lambda th: -direct_log_likelihood(*np.exp(th), cohorts), [0.0, 0.0], method="Nelder-Mead",
        options={"xatol": 1e-9, "fatol": 1e-10, "maxiter": 2000},
    )
    assert np.exp(found.x) == pytest.approx([model.params_["alpha"], model.params_["beta"]], rel=1e-4)


def test_hessian_is_the_derivative_of_the_gradient_and_the_fit_converges():
    cohorts = [PUBLISHED["regular"].to_numpy()[:8], PUBLISHED["high_end"].to_numpy()[:5]]
    model = ShiftedBetaGeometric().fit(cohorts)
    objective = model._objective
    thetas = [model._theta, np.log([0.7, 1.2]), np.log([5.0, 0.1]), np.log([0.05, 30.0])]
    assert_hessian_is_the_gradients_derivative(objective, thetas, abs_tol=1e-4)
    assert np.abs(objective(model._theta)[1]).max() / model.n_customers_ < 1e-10
    assert model.converged_ and model.n_iter_ <= 12


def test_bfgs_takes_over_if_newton_fails(monkeypatch):
    import cslearn.retention.models._base as base

    regular = PUBLISHED["regular"].to_numpy()[:8]
    newton = ShiftedBetaGeometric().fit(regular)
    monkeypatch.setattr(base, "_newton", lambda fun, x0, max_iter: (x0, np.nan, None, 0, False))
    bfgs = ShiftedBetaGeometric().fit(regular)
    assert bfgs.converged_ and bfgs.params_ == pytest.approx(newton.params_, rel=1e-5)


def test_cohort_formats_agree_and_pool_additively():
    regular, high = PUBLISHED["regular"].to_numpy(float), PUBLISHED["high_end"].to_numpy(float)
    ragged = ShiftedBetaGeometric().fit([regular[:8], high[:5]]).params_
    table = np.vstack([regular[:8], np.concatenate([high[:5], [np.nan] * 3])])
    assert ShiftedBetaGeometric().fit(table).params_ == pytest.approx(ragged, rel=1e-9)
    assert ShiftedBetaGeometric().fit(pd.DataFrame(table)).params_ == pytest.approx(ragged, rel=1e-9)
    # the likelihood adds over customers: two cohorts of equal length = their sum as one cohort
    joint = ShiftedBetaGeometric().fit([regular[:8], high[:8]]).params_
    pooled = ShiftedBetaGeometric().fit(regular[:8] + high[:8]).params_
    assert joint == pytest.approx(pooled, rel=1e-7)


def test_recovers_parameters_from_simulated_cohorts():
    rng = np.random.default_rng(20240501)
    alpha, beta = 0.8, 2.5
    cohorts = [simulate_sbg(alpha, beta, 4000, n_periods, rng=rng) for n_periods in (10, 8, 6, 4, 2)]
    model = ShiftedBetaGeometric().fit(cohorts)
    summary = model.summary()
    for name, true in {"alpha": alpha, "beta": beta}.items():
        assert abs(summary.loc[name, "estimate"] - true) < 4 * summary.loc[name, "std_error"]
        assert summary.loc[name, "ci_lower"] < summary.loc[name, "estimate"] < summary.loc[name, "ci_upper"]
    assert model.n_cohorts_ == 5 and model.n_customers_ == 20000


def test_closed_forms_match_monte_carlo():
    alpha, beta, n = 0.7, 1.2, 200_000
    alive = simulate_sbg(alpha, beta, n, 300, rng=np.random.default_rng(7))
    model = ShiftedBetaGeometric.from_params(alpha=alpha, beta=beta)
    t = np.arange(1, 13)
    share = alive / n
    se = np.sqrt(share * (1 - share) / n) + 1e-12
    assert np.all(np.abs(model.survival(t) - share[t]) < 4.5 * se[t])
    lost = -np.diff(alive)[:12] / n
    assert np.all(np.abs(model.churn_probability(t) - lost) < 4.5 * np.sqrt(lost * (1 - lost) / n))
    # DEL = E[sum over the periods a customer is active of (1+d)^-t]; 300 periods is plenty at d = 0.1
    mc_del = share @ (1.1 ** -np.arange(301.0))
    assert model.discounted_expected_lifetime(0.1) == pytest.approx(mc_del, rel=0.01)
    # the retention of survivors of period t-1 in period t
    assert model.retention_rate(5) == pytest.approx(alive[5] / alive[4], abs=0.01)


@settings(max_examples=40, deadline=None)
@given(
    alpha=st.floats(0.05, 20),
    beta=st.floats(0.05, 20),
    d=st.floats(0.02, 0.5),
    renewals=st.integers(0, 30),
)
def test_del_and_derl_equal_brute_force_sums(alpha, beta, d, renewals):
    model = ShiftedBetaGeometric.from_params(alpha=alpha, beta=beta)
    n = 4000  # (1/1.02)^4000 is about 1e-35: the tail is negligible
    survival = survival_by_product(alpha, beta, n + renewals + 1)
    discount = (1 + d) ** -np.arange(n + 1.0)
    assert model.discounted_expected_lifetime(d) == pytest.approx(survival[: n + 1] @ discount, rel=1e-7)
    # a customer with `renewals` renewals has survived to t = renewals; her next renewal is t = renewals + 1
    residual = survival[renewals + 1 : renewals + n + 2] / survival[renewals]
    expected = residual @ discount
    assert model.discounted_expected_residual_lifetime(d, renewals) == pytest.approx(expected, rel=1e-7)
    assert model.survival(np.arange(6)) == pytest.approx(survival[:6], rel=1e-9)


@pytest.mark.parametrize(
    ("alpha", "beta", "d"),
    # whole-number alpha and large beta: where scipy's hyp2f1 returns NaN or loses digits
    [(1.0, 1000.0, 0.01), (2.0, 1e5, 0.001), (10.0, 100.0, 0.1), (1 + 1e-10, 100.0, 0.001), (0.5, 0.5, 0.05)],
)
def test_del_is_accurate_where_hyp2f1_struggles(alpha, beta, d):
    model = ShiftedBetaGeometric.from_params(alpha=alpha, beta=beta)
    n = int(40 / d)
    survival = survival_by_product(alpha, beta, n + 6)
    discount = (1 + d) ** -np.arange(n + 1.0)
    assert model.discounted_expected_lifetime(d) == pytest.approx(survival[: n + 1] @ discount, rel=1e-9)
    residual = survival[6 : n + 7] / survival[5]
    assert model.discounted_expected_residual_lifetime(d, 5) == pytest.approx(residual @ discount, rel=1e-9)


def test_del_identities_and_the_course_convention():
    model = ShiftedBetaGeometric.from_params(alpha=0.7, beta=1.2)
    d = 0.08
    assert model.discounted_expected_lifetime(d) == pytest.approx(
        1 + model.discounted_expected_residual_lifetime(d, 0) / (1 + d), rel=1e-12
    )
    # residual value grows with tenure (heterogeneity): DERL increases with renewals
    assert np.all(np.diff(model.discounted_expected_residual_lifetime(d, np.arange(10))) > 0)
    # undiscounted: expected lifetime (alpha + beta - 1) / (alpha - 1) when alpha > 1, else infinite
    long_lived = ShiftedBetaGeometric.from_params(alpha=3.0, beta=2.0)
    assert long_lived.discounted_expected_lifetime(0) == pytest.approx(2.0)
    assert model.discounted_expected_lifetime(0) == np.inf
    # nearly homogeneous customers with churn c: chapter 03's (1 + d) / (d + c)
    c, k = 0.1, 1e5
    homogeneous = ShiftedBetaGeometric.from_params(alpha=c * k, beta=(1 - c) * k)
    assert homogeneous.discounted_expected_lifetime(d) == pytest.approx((1 + d) / (d + c), rel=1e-3)


def test_the_ltv_module_accepts_the_fitted_curve():
    from cslearn.value.ltv import survival_lifetime_value

    model = ShiftedBetaGeometric().fit(PUBLISHED["regular"].to_numpy()[:8])
    # LTV = margin * ARPU * DEL, whether the curve is passed as a function or as an array
    as_function = survival_lifetime_value(model.survival, 1000, margin=0.5, discount_rate=0.01, horizon=6000)
    as_array = survival_lifetime_value(model.survival_curve(5999), 1000, margin=0.5, discount_rate=0.01)
    expected = 0.5 * 1000 * model.discounted_expected_lifetime(0.01)
    assert as_function == pytest.approx(expected, rel=1e-9)
    assert as_array == pytest.approx(expected, rel=1e-9)


def test_survival_curve_for_the_pnl():
    model = ShiftedBetaGeometric().fit(PUBLISHED["regular"].to_numpy()[:8])
    curve = model.survival_curve(24)
    assert isinstance(curve, np.ndarray) and curve.shape == (25,)
    assert curve[0] == 1.0 and np.all(np.diff(curve) < 0)
    assert curve == pytest.approx(model.survival(np.arange(25)))
    # retention rises with tenure (C18), and churn probabilities sum to one with the tail
    rates = model.retention_rate(np.arange(1, 25))
    assert np.all(np.diff(rates) > 0)
    assert model.churn_probability(np.arange(1, 25)).sum() + curve[-1] == pytest.approx(1.0)
    # Series in, Series out, same index
    t = pd.Series([1, 2, 3], index=["a", "b", "c"])
    assert list(model.survival(t).index) == ["a", "b", "c"]
    assert isinstance(model.survival(3), float)


def test_settings_repr_and_not_fitted():
    model = ShiftedBetaGeometric(max_iter=50)
    assert repr(model) == "ShiftedBetaGeometric(initial_params=None, max_iter=50)"
    with pytest.raises(NotFittedError, match="not fitted yet.*survival"):
        model.survival(3)
    with pytest.raises(NotFittedError, match="summary"):
        model.summary()
    assert model.fit([100, 60, 45, 38]) is model
    restarted = ShiftedBetaGeometric(initial_params={"alpha": 3.0}).fit([100, 60, 45, 38])
    assert restarted.params_ == pytest.approx(model.params_, rel=1e-4)
    with pytest.raises(ValueError, match="from_params needs exactly"):
        ShiftedBetaGeometric.from_params(alpha=1.0)
    with pytest.raises(ValueError, match="initial_params has unknown"):
        ShiftedBetaGeometric(initial_params={"gamma": 1.0}).fit([100, 60, 45])


@pytest.mark.parametrize(
    ("alive", "message"),
    [
        ([1000, 800, 850], "must not go up.*800 at period 1 then 850"),
        ([1000, -5], "alive must be at least 0"),
        ([], "must not be empty"),
        ([1000], "at least one period"),
        ([0, 0, 0], r"alive\[0\]"),
        ([1000, 1000, 1000], "never goes down"),
        ([[1000, 900], [np.nan, 800]], "NaN only at the end"),
        ([1000, np.nan, 800], "NaN only at the end"),
        ([[1000, 900, 800], [1000, 950, 960]], "must not go up.*cohort 1.*950 at period 1 then 960"),
        (np.zeros((2, 2, 2)), "2-d"),
    ],
)
def test_bad_alive_counts_are_named(alive, message):
    with pytest.raises(ValueError, match=message):
        ShiftedBetaGeometric().fit(alive)


def test_bad_arguments_are_named():
    model = ShiftedBetaGeometric.from_params(alpha=0.7, beta=1.2)
    with pytest.raises(TypeError, match="alive"):
        ShiftedBetaGeometric().fit("1000, 800")
    with pytest.raises(ValueError, match="discount_rate must be at least 0"):
        model.discounted_expected_lifetime(-0.1)
    with pytest.raises(ValueError, match="renewals must be a whole number"):
        model.discounted_expected_residual_lifetime(0.1, 2.5)
    with pytest.raises(ValueError, match="t must be at least 1"):
        model.retention_rate(0)
    with pytest.raises(ValueError, match="t must be at least 0"):
        model.survival(-1)
    with pytest.raises(ValueError, match="n_customers must be a whole number of customers from 1 to"):
        simulate_sbg(0.7, 1.2, 0, 5)
    with pytest.raises(ValueError, match=r"alpha must be between 8e-07 and 1.25e\+06"):
        simulate_sbg(-1, 1.2, 10, 5)


# -- issue 13: seeds validated, sizes capped ---------------------------------------------------
def test_simulate_sbg_refuses_a_negative_seed_naming_rng():
    with pytest.raises(ValueError, match="rng"):
        simulate_sbg(0.7, 1.2, 100, 5, rng=-1)
    with pytest.raises(TypeError, match="rng"):
        simulate_sbg(0.7, 1.2, 100, 5, rng="seed")
    with pytest.raises(TypeError, match="rng"):
        simulate_sbg(0.7, 1.2, 100, 5, rng=True)
    assert np.array_equal(simulate_sbg(0.7, 1.2, 100, 5, rng=3), simulate_sbg(0.7, 1.2, 100, 5, rng=3))
    assert np.array_equal(simulate_sbg(0.7, 1.2, 100, 5), simulate_sbg(0.7, 1.2, 100, 5, rng=0))  # default rng=0


def test_sizes_are_capped_with_a_message_that_says_the_cap():
    with pytest.raises(ValueError, match="n_periods must be a whole number of periods from [01] to 10,000"):
        simulate_sbg(0.7, 1.2, 100, 10**12, rng=0)
    with pytest.raises(ValueError, match="n_customers must be a whole number of customers from 1 to 10,000,000"):
        simulate_sbg(0.7, 1.2, 10**12, 5, rng=0)
    with pytest.raises(ValueError, match="n_periods must be a whole number of periods from [01] to 10,000"):
        ShiftedBetaGeometric.from_params(alpha=0.7, beta=1.2).survival_curve(10**12)


def test_a_cohort_leaving_all_at_once_is_flagged_degenerate_in_the_result():
    # nobody leaves in period 1, everybody in period 2: no spread in churn to estimate
    with pytest.warns(Warning):
        model = ShiftedBetaGeometric().fit([100, 100, 0])
    assert model.degenerate_ is True
    assert "no spread in churn" in model.degenerate_reason_
    assert "degenerate fit" in repr(model)
    summary = model.summary()
    assert summary["note"].str.contains("degenerate fit").all()
    assert summary.attrs["degenerate"] == model.degenerate_reason_
    regular = ShiftedBetaGeometric().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    assert regular.degenerate_ is False and regular.degenerate_reason_ is None
    assert "note" not in regular.summary().columns


def test_a_degenerate_fit_warns_at_the_line_that_called_fit():
    # fit is wrapped by cslearn.params.checked: the warning must still point at the caller's code
    with pytest.warns(Warning) as caught:
        ShiftedBetaGeometric().fit([100, 100, 0])
    assert {record.filename for record in caught} == {__file__}
