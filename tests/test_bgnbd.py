"""BG/NBD: the published CDNOW fit, likelihood and gradient, closed forms vs integrals and Monte Carlo."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import assert_hessian_is_the_gradients_derivative
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.special import betaln, expit, gammaln, hyp2f1

from cslearn.retention.models import BetaGeometricNBD, NotFittedError, simulate_bgnbd
from cslearn.retention.transactions import load_cdnow, rfm_summary

PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # Fader, Hardie & Lee (2005), Table 1


@pytest.fixture(scope="module")
def cdnow():
    return rfm_summary(load_cdnow(), "customer_id", "date", calibration_end="1997-09-30")


@pytest.fixture(scope="module")
def fitted(cdnow):
    return BetaGeometricNBD().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])


def direct_log_likelihood(r, alpha, a, b, x, t_x, big_t):
    """FHL (2005) eq. 6, written out plainly, one customer at a time."""
    total = 0.0
    for xi, ti, Ti in zip(x, t_x, big_t, strict=True):
        first = np.exp(betaln(a, b + xi) - betaln(a, b)) / (alpha + Ti) ** (r + xi)
        second = 0.0
        if xi > 0:
            second = np.exp(betaln(a + 1, b + xi - 1) - betaln(a, b)) / (alpha + ti) ** (r + xi)
        total += gammaln(r + xi) - gammaln(r) + r * np.log(alpha) + np.log(first + second)
    return total


def p_alive_direct(x, t_x, big_t, r, alpha, a, b):
    if x == 0:
        return 1.0
    return 1.0 / (1.0 + a / (b + x - 1) * ((alpha + big_t) / (alpha + t_x)) ** (r + x))


def conditional_by_integral(t, x, t_x, big_t, r, alpha, a, b):
    """P(alive) * E[(1 - ((alpha+T)/(alpha+T+p t))^(r+x)) / p] with p ~ Beta(a, b+x), the posterior if alive.

    For an active customer with rate lambda and dropout p, E[purchases in t] = (1 - e^{-lambda p t}) / p;
    given alive, lambda ~ Gamma(r+x, alpha+T), which integrates the exponential in closed form.
    """
    def smooth_part(p):  # the beta density's p^(a-1) (1-p)^(b+x-1) is quad's algebraic weight
        if p == 0:
            return (r + x) * t / (alpha + big_t)
        return -np.expm1((r + x) * np.log((alpha + big_t) / (alpha + big_t + p * t))) / p

    weight = (a - 1, b + x - 1)
    value = quad(smooth_part, 0, 1, weight="alg", wvar=weight, limit=200, epsabs=0, epsrel=1e-11)[0]
    return p_alive_direct(x, t_x, big_t, r, alpha, a, b) * value / np.exp(betaln(a, b + x))


def test_reproduces_fader_hardie_lee_2005_on_cdnow(fitted):
    for name, value in PUBLISHED.items():
        assert fitted.params_[name] == pytest.approx(value, abs=6e-4), name
    assert fitted.log_likelihood_ == pytest.approx(-9582.4, abs=0.05)
    assert fitted.n_customers_ == 2357 and fitted.converged_


# lifetimes 0.11.3's BetaGeoFitter on the same CDNOW arrays (a reference implementation, run once in a
# throwaway environment on 2026-12-05: lifetimes cannot be a dependency)
LIFETIMES = {"r": 0.24259454342106715, "alpha": 4.413602716077379, "a": 0.7929218333480146,
             "b": 2.4259057287223023}


def test_agrees_with_lifetimes_to_1e_5(fitted):
    for name, value in LIFETIMES.items():
        assert fitted.params_[name] == pytest.approx(value, rel=1e-5), name


def test_log_likelihood_and_gradient(cdnow, fitted):
    x, t_x, big_t = (cdnow[c].to_numpy() for c in ("frequency", "recency", "T"))
    sample = np.random.default_rng(3).choice(len(x), 300, replace=False)
    small = BetaGeometricNBD().fit(x[sample], t_x[sample], big_t[sample])
    objective = small._objective
    rng = np.random.default_rng(11)
    for theta in [np.log(list(PUBLISHED.values())), *rng.normal(0, 1, size=(4, 4))]:
        value, grad = objective(theta)
        direct = direct_log_likelihood(*np.exp(theta), x[sample], t_x[sample], big_t[sample])
        assert -value == pytest.approx(direct, rel=1e-10)
        h = 1e-6
        numeric = [(objective(theta + h * e)[0] - objective(theta - h * e)[0]) / (2 * h) for e in np.eye(4)]
        assert grad == pytest.approx(numeric, rel=1e-5, abs=1e-5)
    # the fitted log-likelihood is the plain formula at the estimates, over all of CDNOW
    params = [fitted.params_[k] for k in ("r", "alpha", "a", "b")]
    assert fitted.log_likelihood_ == pytest.approx(direct_log_likelihood(*params, x, t_x, big_t), rel=1e-10)


def test_hessian_is_the_derivative_of_the_gradient(fitted):
    objective = fitted._objective
    rng = np.random.default_rng(12)
    thetas = [fitted._theta, np.log(list(PUBLISHED.values())), *rng.normal(0, 1, size=(3, 4))]
    assert_hessian_is_the_gradients_derivative(objective, thetas, abs_tol=1e-3)


def test_newton_converges_to_a_zero_gradient_in_a_handful_of_steps(fitted):
    # tight convergence is what makes the estimates agree with lifetimes to 1e-5 and beyond
    grad = fitted._objective(fitted._theta)[1]
    assert np.abs(grad).max() / fitted.n_customers_ < 1e-10
    assert fitted.converged_ and fitted.n_iter_ <= 12


def test_bfgs_takes_over_if_newton_fails(cdnow, fitted, monkeypatch):
    import cslearn.retention.models._base as base

    monkeypatch.setattr(base, "_newton", lambda fun, x0, max_iter: (x0, np.nan, None, 0, False))
    model = BetaGeometricNBD().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert model.converged_
    for name, value in fitted.params_.items():
        assert model.params_[name] == pytest.approx(value, rel=1e-4), name


def test_scores_of_many_customers_are_computed_once_per_distinct_history():
    # from 20,000 customers on, E[Y(t) | alive] is computed once per distinct (t/(alpha+T+t), x): same values
    model = BetaGeometricNBD.from_params(**PUBLISHED)
    rng = np.random.default_rng(8)
    sim = simulate_bgnbd(**PUBLISHED, T=rng.integers(27, 40, 30_000).astype(float), rng=rng)
    x, t_x, big_t = (sim[c].to_numpy() for c in ("frequency", "recency", "T"))
    pooled = model.conditional_expected_purchases(39.0, x, t_x, big_t)
    one_by_one = np.concatenate([model.conditional_expected_purchases(39.0, x[i:i + 1000], t_x[i:i + 1000],
                                                                      big_t[i:i + 1000])
                                 for i in range(0, x.size, 1000)])
    np.testing.assert_array_equal(pooled, one_by_one)
    # and with a horizon per customer
    horizons = rng.uniform(1, 60, x.size).round()
    pooled = model.conditional_expected_purchases(horizons, x, t_x, big_t)
    assert pooled == pytest.approx([model.conditional_expected_purchases(h, *row) for h, *row in
                                    zip(horizons[:200], x[:200], t_x[:200], big_t[:200], strict=True)] + list(
        pooled[200:]), rel=1e-14)


def test_recovers_parameters_from_simulated_customers():
    truth = {"r": 0.5, "alpha": 6.0, "a": 0.7, "b": 3.0}
    rng = np.random.default_rng(2024)
    sim = simulate_bgnbd(**truth, T=rng.uniform(20, 52, 20_000), rng=rng)
    model = BetaGeometricNBD().fit(sim["frequency"], sim["recency"], sim["T"])
    summary = model.summary()
    for name, value in truth.items():
        assert abs(summary.loc[name, "estimate"] - value) < 4 * summary.loc[name, "std_error"], name


@settings(max_examples=25, deadline=None)
@given(
    r=st.floats(0.1, 5), alpha=st.floats(0.5, 20), a=st.floats(0.2, 5), b=st.floats(0.2, 10),
    t=st.floats(0.5, 150),
)
def test_expected_purchases_equals_the_integral(r, alpha, a, b, t):
    model = BetaGeometricNBD.from_params(r=r, alpha=alpha, a=a, b=b)
    expected = conditional_by_integral(t, 0, 0, 0, r, alpha, a, b)
    assert model.expected_purchases(t) == pytest.approx(expected, rel=1e-6)


@settings(max_examples=25, deadline=None)
@given(
    r=st.floats(0.1, 3), alpha=st.floats(0.5, 20), a=st.floats(0.2, 3), b=st.floats(0.2, 6),
    x=st.integers(0, 40), share=st.floats(0, 1), big_t=st.floats(1, 60), t=st.floats(1, 80),
)
def test_conditional_expectation_and_p_alive_equal_direct_formulas(r, alpha, a, b, x, share, big_t, t):
    t_x = share * big_t if x > 0 else 0.0
    model = BetaGeometricNBD.from_params(r=r, alpha=alpha, a=a, b=b)
    expected = conditional_by_integral(t, x, t_x, big_t, r, alpha, a, b)
    value = model.conditional_expected_purchases(t, x, t_x, big_t)
    assert value == pytest.approx(expected, rel=1e-6, abs=1e-12)
    alive = model.probability_alive(x, t_x, big_t)
    assert 0 <= alive <= 1
    assert alive == pytest.approx(p_alive_direct(x, t_x, big_t, r, alpha, a, b), rel=1e-9, abs=1e-300)


@pytest.mark.parametrize(("a", "b"), [(1.0, 2.0), (0.4, 0.6)])  # a = 1 and a + b = 1: 0/0 in the formula
def test_removable_singularities(a, b):
    model = BetaGeometricNBD.from_params(r=0.8, alpha=4.0, a=a, b=b)
    for x, t_x in [(0, 0.0), (3, 20.0)]:
        value = model.conditional_expected_purchases(26, x, t_x, 39.0)
        assert value == pytest.approx(conditional_by_integral(26, x, t_x, 39.0, 0.8, 4.0, a, b), rel=1e-8)


def test_closed_forms_match_monte_carlo():
    params = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    model = BetaGeometricNBD.from_params(**params)
    sim = simulate_bgnbd(**params, T=39.0, n_customers=200_000, rng=np.random.default_rng(99), holdout=39.0)
    se = sim["frequency"].std() / np.sqrt(len(sim))
    assert abs(model.expected_purchases(39.0) - sim["frequency"].mean()) < 4 * se
    predicted = model.conditional_expected_purchases(39.0, sim["frequency"], sim["recency"], sim["T"])
    alive = model.probability_alive(sim["frequency"], sim["recency"], sim["T"])
    # E[holdout | history] and P(alive | history) must match the truth on average within any group
    # defined by the history, e.g. by frequency and by how recent the last purchase is.
    by_frequency = pd.cut(sim["frequency"], [-1, 0, 1, 2, 4, 8, 1000]).astype(str)
    groups = by_frequency + (sim["recency"] > 20).astype(str)
    checked = 0
    for _, index in sim.groupby(groups).groups.items():
        if len(index) < 500:
            continue
        checked += 1
        actual = sim.loc[index, "frequency_holdout"]
        assert abs(predicted[index].mean() - actual.mean()) < 4.5 * actual.std() / np.sqrt(len(index)) + 1e-3
        truth = sim.loc[index, "alive"]
        share = truth.mean()
        assert abs(alive[index].mean() - share) < 4.5 * np.sqrt(share * (1 - share) / len(index)) + 1e-3
    assert checked >= 8  # of the 12 groups, the 10 with 500 customers or more (the loop skips the rest)


def test_extreme_customers_stay_finite():
    model = BetaGeometricNBD.from_params(**PUBLISHED)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = ([500, 500, 0], [38.9, 0.5, 0.0], [39.0, 39.0, 39.0])
        alive = model.probability_alive(*history)
        expected = model.conditional_expected_purchases(52, *history)
    assert np.all(np.isfinite(alive)) and alive[1] < 1e-100 and alive[0] > 0.9 and alive[2] == 1.0
    assert np.all(np.isfinite(expected)) and expected[0] > 100 and expected[1] < 1e-100


def test_outputs_follow_the_inputs(fitted, cdnow):
    p_alive = fitted.probability_alive(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert isinstance(p_alive, pd.Series) and p_alive.index.equals(cdnow.index)
    assert isinstance(fitted.probability_alive(2, 30.0, 39.0), float)
    assert isinstance(fitted.expected_purchases(np.array([1.0, 2.0])), np.ndarray)
    # one horizon for every customer, or one each
    both = fitted.conditional_expected_purchases([10.0, 20.0], [1, 1], [5.0, 5.0], [30.0, 30.0])
    assert both[1] > both[0]


def test_repr_summary_and_not_fitted(fitted):
    assert repr(BetaGeometricNBD()) == "BetaGeometricNBD(initial_params=None, max_iter=500)"
    with pytest.raises(NotFittedError, match="probability_alive"):
        BetaGeometricNBD().probability_alive(1, 1.0, 2.0)
    summary = fitted.summary()
    assert list(summary.index) == ["r", "alpha", "a", "b"]
    assert (summary["ci_lower"] < summary["estimate"]).all()
    assert (summary["estimate"] < summary["ci_upper"]).all()


@pytest.mark.parametrize(
    ("frequency", "recency", "T", "message"),
    [
        ([-1, 2], [0, 3], [5, 5], "frequency must be at least 0"),
        ([1.5, 2], [1, 3], [5, 5], "frequency must be a whole number"),
        ([1, 2], [6, 3], [5, 5], "recency must be at most T.*row 0"),
        ([0, 2], [1, 3], [5, 5], "recency must be 0 when frequency is 0"),
        ([1, 2], [1, 3], [5, 5, 5], "must have the same length"),
        ([], [], [], "frequency must not be empty"),
        ([1, np.nan], [1, 1], [5, 5], "frequency must contain only finite"),
        ([0, 0], [0, 0], [5, 5], "frequency is 0 for every customer"),
        ([1, 2], [1, 3], [-5, 5], "T must be at least 0"),
    ],
)
def test_bad_input_names_the_argument(frequency, recency, T, message):
    with pytest.raises(ValueError, match=message):
        BetaGeometricNBD().fit(frequency, recency, T)


def test_simulator_checks_its_arguments():
    with pytest.raises(ValueError, match="n_customers is needed"):
        simulate_bgnbd(0.2, 4.0, 0.8, 2.4, T=39.0)
    with pytest.raises(ValueError, match=r"a must be between 8e-07 and 1.25e\+06"):
        simulate_bgnbd(0.2, 4.0, 0.0, 2.4, T=39.0, n_customers=5)
    sim = simulate_bgnbd(0.2, 4.0, 0.8, 2.4, T=[10.0, 20.0, 30.0], rng=1)
    assert len(sim) == 3 and (sim["recency"] <= sim["T"]).all()
    assert (sim.loc[sim.frequency == 0, "recency"] == 0).all()


# -- issue 13: seeds validated ------------------------------------------------------------------
def test_simulate_bgnbd_refuses_a_bad_seed_naming_rng():
    with pytest.raises(ValueError, match="rng"):
        simulate_bgnbd(0.25, 4.0, 0.8, 2.5, T=39, n_customers=10, rng=-1)
    with pytest.raises(TypeError, match="rng"):
        simulate_bgnbd(0.25, 4.0, 0.8, 2.5, T=39, n_customers=10, rng="x")
    with pytest.raises(ValueError, match="n_customers must be a whole number of customers from 1 to 10,000,000"):
        simulate_bgnbd(0.25, 4.0, 0.8, 2.5, T=39, n_customers=10**12, rng=0)
    same = simulate_bgnbd(0.25, 4.0, 0.8, 2.5, T=39, n_customers=10, rng=5)
    assert same.equals(simulate_bgnbd(0.25, 4.0, 0.8, 2.5, T=39, n_customers=10, rng=5))
    assert same.equals(simulate_bgnbd(0.25, 4.0, 0.8, 2.5, T=39, n_customers=10, rng=np.random.default_rng(5)))
    assert simulate_bgnbd(0.25, 4.0, 0.8, 2.5, T=39, n_customers=10).equals(
        simulate_bgnbd(0.25, 4.0, 0.8, 2.5, T=39, n_customers=10, rng=0))  # the default is rng=0


# -- issue 13: predictions finite over every parameter value a fit can return ------------------
def _old_conditional(horizon, x, t_x, big_t, r, alpha, a, b):
    """The closed form alone (FHL eq. 10, Euler-transformed), as computed before issue 13."""
    z = horizon / (alpha + big_t + horizon)
    with np.errstate(all="ignore"):
        bracket = 1 - (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
        value = (a + b + x - 1) / (a - 1) * bracket
    # a closed-form value outside [0, (r+x) t/(alpha+T)] is wrong (cancellation), not a prediction
    usable = np.isfinite(value) & (value >= 0) & (value <= (r + x) * horizon / (alpha + big_t))
    with np.errstate(divide="ignore"):
        log_odds_dead = np.where(x > 0, np.log(a / np.where(x > 0, b + x - 1, 1.0))
                                 + (r + x) * np.log((alpha + big_t) / (alpha + t_x)), -np.inf)
    return value * expit(-log_odds_dead), usable


def test_the_issue_example_is_finite():
    model = BetaGeometricNBD.from_params(r=0.25, alpha=4, a=1000, b=10000)
    expected = model.expected_purchases([10, 52])
    assert np.all(np.isfinite(expected)) and np.all(expected > 0)
    # with p ~ Beta(1000, 10000) almost fixed near 1/11, E[X(t)] is close to the mean purchases
    # before dropping out when lambda is small: bounded by r t / alpha
    assert np.all(expected < 0.25 * np.array([10, 52]) / 4)


@pytest.mark.parametrize("r", [1e-6, 1e-3, 0.25, 4.0, 1e3, 1.2e6])
def test_predictions_are_finite_over_extreme_parameters(r):
    grid = [8e-7, 1e-3, 0.25, 0.999, 1.0, 4.0, 100.0, 1e4, 1.2e6]
    t = np.array([0.0, 0.5, 10.0, 52.0, 1000.0])
    x = np.array([0, 1, 3, 50, 0])
    t_x = np.array([0.0, 2.0, 20.0, 38.0, 0.0])
    big_t = np.array([39.0, 39.0, 39.0, 39.0, 0.0])
    for alpha in [1e-3, 4.0, 1e4, 1.2e6]:
        for a in grid:
            for b in grid:
                model = BetaGeometricNBD.from_params(r=r, alpha=alpha, a=a, b=b)
                unconditional = model.expected_purchases(t)
                conditional = model.conditional_expected_purchases(52.0, x, t_x, big_t)
                alive = model.probability_alive(x, t_x, big_t)
                for values in (unconditional, conditional, alive):
                    assert np.all(np.isfinite(values)) and np.all(values >= 0), (r, alpha, a, b)
                if abs(a - 1) < 1e-4 or abs(a + b - 1) < 1e-4:
                    continue  # interpolated there, old and new alike
                old, usable = _old_conditional(np.full(5, 52.0), x, t_x, big_t, r, alpha, a, b)
                assert conditional[usable] == pytest.approx(old[usable], rel=1e-6), (r, alpha, a, b)


def test_quadrature_agrees_with_the_closed_form_where_both_work():
    from cslearn.retention.models.bgnbd import _alive_expectation

    x = np.array([0.0, 2.0, 2.0, 50.0])
    big_t = np.full(4, 38.9)
    horizon = np.full(4, 39.0)
    for r, alpha, a, b in [(0.243, 4.414, 0.793, 2.426), (1.0, 10.0, 1.5, 3.0), (0.25, 4.0, 1000.0, 10000.0)]:
        z = horizon / (alpha + big_t + horizon)
        closed = (a + b + x - 1) / (a - 1) * (1 - (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z))
        assert _alive_expectation(horizon / (alpha + big_t), x, r, a, b) == pytest.approx(closed, rel=1e-6)
