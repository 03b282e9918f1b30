"""The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005; Fader & Hardie 2013).

The story: each purchase of a customer is worth :math:`z \\sim \\text{Gamma}(p, \\nu)` (shape
:math:`p`, rate :math:`\\nu`, so her mean spend is :math:`p/\\nu`), and :math:`\\nu` differs
between customers, :math:`\\nu \\sim \\text{Gamma}(q, \\gamma)`. Only the mean
:math:`\\bar z` of a customer's :math:`x` repeat purchases is used; its density is

.. math::

    f(\\bar z \\mid p, q, \\gamma, x) = \\frac{\\Gamma(px+q)}{\\Gamma(px)\\Gamma(q)}
    \\frac{\\gamma^q\\, \\bar z^{px-1} x^{px}}{(\\gamma + x\\bar z)^{px+q}},

and the best guess of her mean spend shrinks her own average towards the population mean
:math:`p\\gamma/(q-1)`, the more so the fewer purchases she has made:

.. math::

    E[Z \\mid p, q, \\gamma, \\bar z, x] = \\frac{q-1}{px+q-1}\\frac{p\\gamma}{q-1}
    + \\frac{px}{px+q-1}\\bar z = \\frac{p(\\gamma + x\\bar z)}{px+q-1}.

The model assumes spend does not depend on how often a customer buys; check that the
correlation between frequency and monetary value is small before relying on it.

References: P. S. Fader, B. G. S. Hardie and K. L. Lee (2005), "RFM and CLV: Using Iso-Value
Curves for Customer Base Analysis", Journal of Marketing Research 42(4), 415-430; P. S. Fader and
B. G. S. Hardie (2013), "The Gamma-Gamma Model of Monetary Value" (note).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import digamma, gammaln, zeta

from cslearn.params import checked
from cslearn.retention import parameters as P
from cslearn.retention.models._base import (
    MAX_PERIODS,
    FittedModel,
    _dot,
    _in_logs,
    as_values,
    like_input,
    resolve_rng,
    same_length,
)
from cslearn.retention.models.bgnbd import BetaGeometricNBD

__all__ = ["GammaGamma", "simulate_gammagamma"]


def _log_likelihood(x: np.ndarray, m: np.ndarray):
    """The negative Gamma-Gamma log-likelihood of repeat buyers, a function of :math:`\\theta = \\log(p, q, \\gamma)`.

    Summed over customers, the log-density of the class docstring is

    .. math::

        \\sum_i \\big[\\log\\Gamma(px_i+q) - \\log\\Gamma(px_i)\\big] - n\\log\\Gamma(q) + nq\\log\\gamma
        + p\\sum_i x_i \\log(x_i\\bar z_i) - \\sum_i \\log\\bar z_i - \\sum_i (px_i+q)\\log(\\gamma+x_i\\bar z_i),

    so each evaluation needs one logarithm per customer and the Gamma functions once per distinct
    frequency (in one call of each special function); everything else is computed here, once.
    ``objective(theta)`` returns the negative log-likelihood and its gradient,
    ``objective(theta, hessian=True)`` the Hessian too.
    """
    n = float(x.size)
    total = x * m
    constant_p = _dot(x, np.log(total))  # sum x log(x z)
    constant = -float(np.log(m).sum())
    levels, counts = np.unique(x, return_counts=True)
    counts = counts.astype(float)
    k = levels.size
    # Gamma functions at [q, p x + q..., p x...] (x: the distinct frequencies): the weights of their sums
    level_weight = np.concatenate([[-n], counts, -counts])
    first = np.zeros((2, 1 + 2 * k))  # d/dp and d/dq of the Gamma part, times digamma
    first[0, 1:] = np.concatenate([counts * levels, -counts * levels])
    first[1, : k + 1] = np.concatenate([[-n], counts])
    second = np.zeros((3, 1 + 2 * k))  # pp, pq, qq, times trigamma
    second[0, 1:] = np.concatenate([counts * levels**2, -counts * levels**2])
    second[1, 1 : k + 1] = counts * levels
    second[2] = first[1]
    weights = np.stack([np.ones_like(x), x])
    rows = np.empty((3, x.size))  # log(gamma + x z), 1/(gamma + x z), its square

    def objective(theta, hessian=False):
        p, q, gamma = params = np.exp(theta)
        args = np.concatenate(([q], p * levels + q, p * levels))
        np.add(gamma, total, out=rows[1])
        np.log(rows[1], out=rows[0])
        np.divide(1.0, rows[1], out=rows[1])
        np.multiply(rows[1], rows[1], out=rows[2])
        sums = np.einsum("kn,jn->kj", weights, rows)  # [1, x] times [log, 1/., 1/.^2]
        log_gamma = np.log(gamma)
        ll = (_dot(level_weight, gammaln(args)) + n * q * log_gamma + p * constant_p + constant
              - p * sums[1, 0] - q * sums[0, 0])
        psi = np.einsum("ij,j->i", first, digamma(args))
        grad = np.array([
            psi[0] + constant_p - sums[1, 0],
            psi[1] + n * log_gamma - sums[0, 0],
            n * q / gamma - p * sums[1, 1] - q * sums[0, 1],
        ])
        grad_theta = grad * params
        if not hessian:
            return -ll, -grad_theta
        psi1 = np.einsum("ij,j->i", second, zeta(2.0, args))  # trigamma
        h = np.array([
            [psi1[0], psi1[1], -sums[1, 1]],
            [psi1[1], psi1[2], n / gamma - sums[0, 1]],
            [-sums[1, 1], n / gamma - sums[0, 1], p * sums[1, 2] + q * sums[0, 2] - n * q / gamma**2],
        ])
        return -ll, -grad_theta, _in_logs(h, params, grad_theta)

    return objective


class GammaGamma(FittedModel):
    """Gamma-Gamma model of the mean spend per purchase, fitted by maximum likelihood.

    Parameters
    ----------
    initial_params : dict, optional
        Starting values, default ``p = 1, q = 2`` and ``gamma`` = mean spend.
    max_iter : int
        Iteration limit of the optimiser.

    Examples
    --------
    >>> model = GammaGamma.from_params(p=6.25, q=3.74, gamma=15.44)
    >>> round(model.conditional_expected_spend(0, 0), 2)     # a new customer: p*gamma/(q-1)
    35.22
    >>> round(model.conditional_expected_spend(10, 50.0), 2)  # ten purchases at 50: pulled a little to 35
    49.38
    """

    _param_names = ("p", "q", "gamma")

    def __init__(self, *, initial_params: dict | None = None, max_iter: int = 500):
        super().__init__(initial_params=initial_params, max_iter=max_iter)

    @classmethod
    def _example(cls) -> GammaGamma:
        """The model fitted to CDNOW by Fader, Hardie & Lee (2005) (for tests and examples)."""
        return cls.from_params(p=6.25, q=3.74, gamma=15.44)

    @checked(P.FREQUENCY, P.MONETARY_VALUE)
    def fit(self, frequency, monetary_value) -> GammaGamma:
        """Estimate ``p, q, gamma`` from repeat buyers; returns the model.

        ``frequency`` is the number of repeat purchases and ``monetary_value`` their mean value
        (as in :func:`cslearn.retention.transactions.rfm_summary`). Customers with ``frequency == 0`` have
        no repeat purchase to learn from and are left out; ``n_customers_`` says how many were used.
        """
        x = as_values("frequency", frequency, low=0, integer=True)
        m = as_values("monetary_value", monetary_value, low=0)
        same_length(frequency=x, monetary_value=m)
        x, m = np.broadcast_arrays(x, m)
        keep = x > 0
        if not keep.any():
            raise ValueError("frequency must be greater than 0 for at least one customer (repeat buyers)")
        x, m = x[keep], m[keep]
        if np.any(m <= 0):
            raise ValueError(
                f"monetary_value must be greater than 0 for every customer with frequency > 0 "
                f"({int(np.sum(m <= 0))} have 0)"
            )
        objective = _log_likelihood(x, m)
        self._maximise(objective, {"p": 1.0, "q": 2.0, "gamma": float(m.mean())}, n_obs=float(x.size))
        self.n_customers_ = int(x.size)
        return self

    @checked(P.FREQUENCY, P.MONETARY_VALUE)
    def conditional_expected_spend(self, frequency, monetary_value):
        """Expected mean spend per purchase, :math:`p(\\gamma + x\\bar z)/(px + q - 1)`.

        For ``frequency == 0`` this is the population mean :math:`p\\gamma/(q-1)` (whatever
        ``monetary_value`` says); it is infinite when :math:`px + q \\le 1` (a spend distribution
        so heavy-tailed that its mean does not exist).

        >>> model = GammaGamma.from_params(p=2.0, q=3.0, gamma=10.0)
        >>> model.conditional_expected_spend([0, 2], [0.0, 20.0]).tolist()
        [10.0, 16.666666666666668]
        """
        p, q, gamma = self._check_fitted("conditional_expected_spend")
        x = as_values("frequency", frequency, low=0, integer=True)
        m = as_values("monetary_value", monetary_value, low=0)
        same_length(frequency=x, monetary_value=m)
        denominator = p * x + q - 1
        finite = denominator > 0
        value = np.where(finite, p * (gamma + x * m) / np.where(finite, denominator, 1.0), np.inf)
        return like_input(value, frequency, monetary_value, name="expected_spend")

    @checked(P.FREQUENCY, P.RECENCY, P.T, P.MONETARY_VALUE, P.DISCOUNT_RATE, P.PERIOD_LENGTH, P.MARGIN,
             bgnbd_model=P.FITTED_BGNBD, time=P.HORIZON)
    def customer_lifetime_value(
        self,
        bgnbd_model: BetaGeometricNBD,
        frequency,
        recency,
        T,
        monetary_value,
        *,
        time: float,
        discount_rate: float,
        period_length: float = 1.0,
        margin: float = 1.0,
    ):
        """Discounted expected value of each customer's purchases over the next ``time`` units.

        The horizon is cut into :math:`K = \\lceil \\text{time}/L \\rceil` discounting periods of
        length :math:`L` = ``period_length`` (in the BG/NBD model's time unit; e.g. ``52/12``
        for months when the model is in weeks), with boundaries :math:`\\tau_k = \\min(kL,
        \\text{time})`. The purchases expected in period :math:`k` are valued at the end of
        that period:

        .. math::

            \\text{CLV} = m \\, E[Z \\mid x, \\bar z] \\sum_{k=1}^{K}
            \\frac{E[Y(\\tau_k) \\mid x, t_x, T] - E[Y(\\tau_{k-1}) \\mid x, t_x, T]}{(1+d)^k}

        with :math:`m` = ``margin`` and :math:`d` = ``discount_rate`` per period. This end-of-period
        convention suits purchases spread over a period; it differs from chapter 03's
        subscription LTV, where the fee is paid at the start and the first period is not
        discounted. With ``discount_rate = 0`` the value is ``margin`` times expected spend times
        expected purchases.

        >>> bgnbd = BetaGeometricNBD.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> gg = GammaGamma.from_params(p=6.25, q=3.74, gamma=15.44)
        >>> clv = gg.customer_lifetime_value(bgnbd, [0, 5], [0.0, 35.0], [39.0, 39.0], [0.0, 40.0],
        ...                                  time=52, discount_rate=0.01, period_length=52 / 12)
        >>> clv.round(2).tolist()
        [8.33, 148.45]
        """
        self._check_fitted("customer_lifetime_value")
        time, discount_rate, period_length, margin = map(float, (time, discount_rate, period_length, margin))
        x = as_values("frequency", frequency, low=0, integer=True)
        t_x = as_values("recency", recency, low=0)
        big_t = as_values("T", T, low=0)
        m = as_values("monetary_value", monetary_value, low=0)
        n = same_length(frequency=x, recency=t_x, T=big_t, monetary_value=m)
        x, t_x, big_t, m = (np.broadcast_to(v, n) for v in (x, t_x, big_t, m))
        n_periods = max(1, math.ceil(time / period_length - 1e-9))
        if n_periods > MAX_PERIODS:
            raise ValueError(f"time / period_length must be at most {MAX_PERIODS:,} periods "
                             f"(got {n_periods:,}): use a longer period_length or a shorter time")
        bounds = np.minimum(np.arange(1, n_periods + 1) * period_length, time)
        grid = bgnbd_model.conditional_expected_purchases(
            np.repeat(bounds, n), np.tile(x, n_periods), np.tile(t_x, n_periods), np.tile(big_t, n_periods)
        ).reshape(n_periods, n)
        per_period = np.diff(grid, axis=0, prepend=0.0)
        discount = (1 + discount_rate) ** -np.arange(1, n_periods + 1)
        value = margin * self.conditional_expected_spend(x, m) * np.einsum("k,kn->n", discount, per_period)
        return like_input(value, frequency, recency, T, monetary_value, name="clv")


@checked(P.P, P.Q, P.GAMMA, P.FREQUENCY, P.RNG)
def simulate_gammagamma(p, q, gamma, frequency, *, rng=0) -> np.ndarray:
    """Simulate each customer's mean spend over ``frequency`` purchases under the Gamma-Gamma model.

    Each customer draws :math:`\\nu \\sim \\text{Gamma}(q, \\gamma)`; the sum of her :math:`x`
    purchases is :math:`\\text{Gamma}(px, \\nu)`, so their mean is
    :math:`\\text{Gamma}(px, x\\nu)` (shape, rate). Customers with ``frequency == 0`` get 0,
    matching :func:`cslearn.retention.transactions.rfm_summary`. ``rng`` (int,
    numpy.random.Generator or None, default 0): random seed or generator; the same seed gives the same result.

    >>> spend = simulate_gammagamma(6.0, 4.0, 15.0, [1, 3, 0], rng=np.random.default_rng(0))
    >>> spend.shape, bool(spend[2] == 0)
    ((3,), True)
    """
    x = as_values("frequency", frequency, low=0, integer=True)
    rng = resolve_rng(rng)
    nu = rng.gamma(q, 1.0 / gamma, size=x.size)
    buyers = x > 0
    spend = np.zeros(x.size)
    # a tiny q puts most of nu's mass so near 0 that draws round to 0 (an infinite spend) or near it
    with np.errstate(divide="ignore", over="ignore"):
        spend[buyers] = rng.gamma(p * x[buyers], 1.0 / (x[buyers] * nu[buyers]))
    if not np.isfinite(spend).all():
        raise ValueError(f"q = {q:g} is too small to simulate: some customers' spend rates round to 0 and "
                         f"their spend to infinity; q accepts values of about 0.1 and up here")
    return spend
