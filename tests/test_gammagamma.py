"""Gamma-Gamma spend model and customer lifetime value: published fit, integrals, Monte Carlo, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import assert_hessian_is_the_gradients_derivative
from scipy.integrate import quad
from scipy.special import gammaln, hyp2f1
from scipy.stats import gamma as gamma_dist

from cslearn.retention.models import BetaGeometricNBD, GammaGamma, NotFittedError, simulate_gammagamma
from cslearn.retention.transactions import load_cdnow, rfm_summary

# Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value", on the CDNOW calibration period
PUBLISHED = {"p": 6.25, "q": 3.74, "gamma": 15.44}
BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


@pytest.fixture(scope="module")
def cdnow():
    return rfm_summary(load_cdnow(), "customer_id", "date", "amount", calibration_end="1997-09-30")


def log_gamma_pdf(value, shape, rate):
    return shape * np.log(rate) + (shape - 1) * np.log(value) - rate * value - gammaln(shape)


def density_of_mean_by_integral(z, x, p, q, g):
    """Density of the mean of x purchases: integrate Gamma(px, rate x*nu) over nu ~ Gamma(q, rate g)."""
    def integrand(nu):
        return np.exp(log_gamma_pdf(z, p * x, x * nu) + log_gamma_pdf(nu, q, g))

    return quad(integrand, 0, np.inf, epsabs=0, epsrel=1e-11, limit=200)[0]


def posterior_mean_spend_by_integral(z, x, p, q, g):
    """E[p / nu | mean z over x purchases], by numerical integration over nu."""
    def joint(nu):
        return gamma_dist.pdf(z, p * x, scale=1 / (x * nu)) * gamma_dist.pdf(nu, q, scale=1 / g)

    top = quad(lambda nu: p / nu * joint(nu), 0, np.inf, epsabs=0, epsrel=1e-11, limit=200)[0]
    return top / quad(joint, 0, np.inf, epsabs=0, epsrel=1e-11, limit=200)[0]


def conditional_purchases_plain(t, x, t_x, big_t, r, alpha, a, b):
    """FHL (2005) eq. 10 as printed (no Euler transformation), for the CLV cross-check."""
    alive = 1.0 if x == 0 else 1.0 / (1 + a / (b + x - 1) * ((alpha + big_t) / (alpha + t_x)) ** (r + x))
    z = t / (alpha + big_t + t)
    bracket = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    return (a + b + x - 1) / (a - 1) * bracket * alive


# lifetimes 0.11.3's GammaGammaFitter on the CDNOW repeat customers (its v is our gamma), run once in a
# throwaway environment on 2026-12-05: lifetimes cannot be a dependency
LIFETIMES = {"p": 6.249572277635195, "q": 3.744224674758386, "gamma": 15.443521018364446}


def test_agrees_with_lifetimes_to_1e_5(cdnow):
    model = GammaGamma().fit(cdnow["frequency"], cdnow["monetary_value"])
    for name, value in LIFETIMES.items():
        assert model.params_[name] == pytest.approx(value, rel=1e-5), name


def test_reproduces_the_published_cdnow_fit(cdnow):
    model = GammaGamma().fit(cdnow["frequency"], cdnow["monetary_value"])
    for name, value in PUBLISHED.items():
        assert model.params_[name] == pytest.approx(value, abs=6e-3), name
    assert model.n_customers_ == 946  # customers with frequency 0 are left out


def test_log_likelihood_and_gradient():
    rng = np.random.default_rng(5)
    x = rng.integers(1, 8, 25)
    z = simulate_gammagamma(**PUBLISHED, frequency=x, rng=rng)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 25 customers barely identify p; only the objective is used
        objective = GammaGamma().fit(x, z)._objective
    for theta in [np.log(list(PUBLISHED.values())), np.log([2.0, 1.5, 40.0]), np.log([0.5, 8.0, 3.0])]:
        value, grad = objective(theta)
        direct = sum(np.log(density_of_mean_by_integral(zi, xi, *np.exp(theta)))
                     for zi, xi in zip(z, x, strict=True))
        assert -value == pytest.approx(direct, rel=1e-8)
        h = 1e-6
        numeric = [(objective(theta + h * e)[0] - objective(theta - h * e)[0]) / (2 * h) for e in np.eye(3)]
        assert grad == pytest.approx(numeric, rel=1e-5, abs=1e-5)


def test_hessian_is_the_derivative_of_the_gradient_and_the_fit_converges(cdnow):
    model = GammaGamma().fit(cdnow["frequency"], cdnow["monetary_value"])
    objective = model._objective
    thetas = [model._theta, np.log(list(PUBLISHED.values())), np.log([2.0, 1.5, 40.0]), np.log([0.5, 8.0, 3.0])]
    assert_hessian_is_the_gradients_derivative(objective, thetas, abs_tol=1e-3)
    # Newton's method: a handful of steps to a gradient that is zero to rounding
    assert np.abs(objective(model._theta)[1]).max() / model.n_customers_ < 1e-10
    assert model.converged_ and model.n_iter_ <= 12


def test_recovers_parameters_from_simulated_spend():
    rng = np.random.default_rng(77)
    x = rng.integers(1, 12, 6000)
    truth = {"p": 4.0, "q": 5.0, "gamma": 30.0}
    model = GammaGamma().fit(x, simulate_gammagamma(**truth, frequency=x, rng=rng))
    summary = model.summary()
    for name, value in truth.items():
        assert abs(summary.loc[name, "estimate"] - value) < 4 * summary.loc[name, "std_error"], name


@pytest.mark.parametrize(("z", "x"), [(10.0, 1), (35.0, 3), (120.0, 2), (20.0, 15)])
def test_conditional_spend_is_the_posterior_mean(z, x):
    model = GammaGamma.from_params(**PUBLISHED)
    expected = posterior_mean_spend_by_integral(z, x, *PUBLISHED.values())
    assert model.conditional_expected_spend(x, z) == pytest.approx(expected, rel=1e-7)


def test_conditional_spend_matches_monte_carlo():
    p, q, g = 6.25, 3.74, 15.44
    rng = np.random.default_rng(8)
    n = 400_000
    nu = rng.gamma(q, 1 / g, n)
    x = rng.integers(1, 6, n)
    z = rng.gamma(p * x, 1 / (x * nu))  # mean of x purchases worth Gamma(p, nu) each
    true_mean = p / nu
    predicted = GammaGamma.from_params(p=p, q=q, gamma=g).conditional_expected_spend(x, z)
    bins = np.quantile(z, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
    for k in (1, 4):
        for lo, hi in zip(bins[:-1], bins[1:], strict=True):
            group = (x == k) & (z >= lo) & (z < hi)
            se = true_mean[group].std() / np.sqrt(group.sum())
            assert abs(predicted[group].mean() - true_mean[group].mean()) < 4.5 * se
    # the simulator: one purchase each, mean spend = p * gamma / (q - 1)
    one = simulate_gammagamma(p, q, g, np.ones(n, dtype=int), rng=rng)
    assert abs(one.mean() - p * g / (q - 1)) < 4.5 * one.std() / np.sqrt(n)
    assert np.all(simulate_gammagamma(p, q, g, [0, 0], rng=rng) == 0)


def test_population_mean_and_heavy_tails():
    model = GammaGamma.from_params(p=2.0, q=3.0, gamma=10.0)
    assert model.conditional_expected_spend(0, 123.0) == pytest.approx(2.0 * 10.0 / 2.0)  # ignores the value
    heavy = GammaGamma.from_params(p=2.0, q=0.8, gamma=10.0)
    assert heavy.conditional_expected_spend(0, 0.0) == np.inf
    assert np.isfinite(heavy.conditional_expected_spend(1, 20.0))


def test_customer_lifetime_value_by_brute_force():
    bgnbd = BetaGeometricNBD.from_params(**BGNBD)
    gg = GammaGamma.from_params(**PUBLISHED)
    history = [(0, 0.0, 38.9, 0.0), (2, 30.4, 38.9, 22.35), (7, 35.0, 38.0, 60.0)]
    x, t_x, big_t, m = (np.array(column) for column in zip(*history, strict=True))
    clv = gg.customer_lifetime_value(bgnbd, x, t_x, big_t, m, time=52, discount_rate=0.01,
                                     period_length=52 / 12, margin=0.3)
    for i, (xi, ti, Ti, mi) in enumerate(history):
        spend = PUBLISHED["p"] * (PUBLISHED["gamma"] + xi * mi) / (PUBLISHED["p"] * xi + PUBLISHED["q"] - 1)
        cumulative = [conditional_purchases_plain(k * 52 / 12, xi, ti, Ti, **BGNBD) for k in range(13)]
        value = sum((cumulative[k] - cumulative[k - 1]) / 1.01**k for k in range(1, 13))
        assert clv[i] == pytest.approx(0.3 * spend * value, rel=1e-8)
    # no discounting: margin x expected spend x expected purchases over the horizon
    flat = gg.customer_lifetime_value(bgnbd, x, t_x, big_t, m, time=52, discount_rate=0.0, period_length=4.3)
    expected = gg.conditional_expected_spend(x, m) * bgnbd.conditional_expected_purchases(52, x, t_x, big_t)
    assert flat == pytest.approx(expected, rel=1e-12)
    assert np.all(flat > clv)
    # a horizon that is not a whole number of periods: the last period is cut short
    short = gg.customer_lifetime_value(bgnbd, 2, 30.4, 38.9, 22.35, time=10, discount_rate=0.1,
                                       period_length=4)
    purchases = [bgnbd.conditional_expected_purchases(s, 2, 30.4, 38.9) for s in (0, 4, 8, 10)]
    by_hand = sum((purchases[k] - purchases[k - 1]) / 1.1**k for k in (1, 2, 3))
    assert short == pytest.approx(gg.conditional_expected_spend(2, 22.35) * by_hand, rel=1e-10)


def test_not_fitted_and_repr():
    assert repr(GammaGamma()) == "GammaGamma(initial_params=None, max_iter=500)"
    with pytest.raises(NotFittedError, match="conditional_expected_spend"):
        GammaGamma().conditional_expected_spend(1, 10.0)
    gg = GammaGamma.from_params(**PUBLISHED)
    with pytest.raises(NotFittedError, match="bgnbd_model is not fitted"):
        gg.customer_lifetime_value(BetaGeometricNBD(), 1, 1.0, 2.0, 10.0, time=10, discount_rate=0.01)
    with pytest.raises(TypeError, match="bgnbd_model must be a fitted BetaGeometricNBD"):
        gg.customer_lifetime_value("model", 1, 1.0, 2.0, 10.0, time=10, discount_rate=0.01)


@pytest.mark.parametrize(
    ("frequency", "monetary_value", "message"),
    [
        ([1, 2], [10.0, 0.0], "monetary_value must be greater than 0 for every customer with frequency > 0"),
        ([1, 2], [10.0, -3.0], "monetary_value must be at least 0"),
        ([0, 0], [0.0, 0.0], "frequency must be greater than 0 for at least one customer"),
        ([1, -2], [10.0, 3.0], "frequency must be at least 0"),
        ([1, 2, 3], [10.0, 3.0], "must have the same length"),
        ([], [], "frequency must not be empty"),
    ],
)
def test_bad_input_names_the_argument(frequency, monetary_value, message):
    with pytest.raises(ValueError, match=message):
        GammaGamma().fit(frequency, monetary_value)


def test_bad_clv_settings():
    bgnbd = BetaGeometricNBD.from_params(**BGNBD)
    gg = GammaGamma.from_params(**PUBLISHED)
    with pytest.raises(ValueError, match="time must be greater than 0"):
        gg.customer_lifetime_value(bgnbd, 1, 1.0, 2.0, 10.0, time=0, discount_rate=0.01)
    with pytest.raises(ValueError, match="margin must be between 0 and 1"):
        gg.customer_lifetime_value(bgnbd, 1, 1.0, 2.0, 10.0, time=10, discount_rate=0.01, margin=30)
    with pytest.raises(ValueError, match="recency must be at most T"):
        gg.customer_lifetime_value(bgnbd, 1, 5.0, 2.0, 10.0, time=10, discount_rate=0.01)


# -- issue 13: seeds validated, sizes capped ---------------------------------------------------
def test_simulate_gammagamma_refuses_a_q_so_small_that_spend_becomes_infinite():
    with pytest.raises(ValueError, match=r"q = 8e-07 is too small.*about 0\.1 and up"):
        simulate_gammagamma(6.0, 8e-7, 15.0, np.ones(1_000, dtype=int), rng=1)
    assert np.isfinite(simulate_gammagamma(6.0, 0.1, 15.0, np.ones(20_000, dtype=int), rng=1)).all()


def test_simulate_gammagamma_refuses_a_bad_seed_naming_rng():
    with pytest.raises(ValueError, match="rng"):
        simulate_gammagamma(6.0, 4.0, 15.0, [1, 3, 0], rng=-1)
    with pytest.raises(TypeError, match="rng"):
        simulate_gammagamma(6.0, 4.0, 15.0, [1, 3, 0], rng=[1])
    default = simulate_gammagamma(6.0, 4.0, 15.0, [1, 3, 0])
    assert np.array_equal(default, simulate_gammagamma(6.0, 4.0, 15.0, [1, 3, 0], rng=0))  # the default is rng=0


def test_clv_caps_the_number_of_periods():
    bgnbd = BetaGeometricNBD.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    gg = GammaGamma.from_params(p=6.25, q=3.74, gamma=15.44)
    with pytest.raises(ValueError, match="at most 10,000 periods"):
        gg.customer_lifetime_value(bgnbd, [1], [5.0], [39.0], [20.0], time=1e9, discount_rate=0.01, period_length=1.0)


def test_model_parameters_beyond_what_a_fit_returns_are_refused():
    # p of 1e308 or q of 1e-300 simulated infinite spend; the accepted range is the fit's, a little wider
    from cslearn.retention.models import simulate_gammagamma

    for bad in ({"p": 1e308}, {"q": 1e-300}, {"gamma": 1e308}):
        settings = {"p": 6.25, "q": 3.74, "gamma": 15.44, **bad}
        with pytest.raises(ValueError, match=rf"{next(iter(bad))} must be between 8e-07 and 1.25e\+06"):
            simulate_gammagamma(frequency=[1, 2], **settings)
