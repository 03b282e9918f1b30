"""The BG/NBD model of repeat purchasing where customers leave silently (Fader, Hardie & Lee 2005).

The story, for a shop or a salon with no contract to cancel:

* while active, a customer buys at the times of a Poisson process with rate :math:`\\lambda`;
  across customers :math:`\\lambda \\sim \\text{Gamma}(r, \\alpha)` (shape :math:`r`, rate
  :math:`\\alpha`, in purchases per unit of time);
* after each repeat purchase she becomes inactive for good with probability :math:`p`; across
  customers :math:`p \\sim \\text{Beta}(a, b)`;
* :math:`\\lambda` and :math:`p` are independent.

A customer is summarised by ``frequency`` :math:`x` (repeat purchases), ``recency``
:math:`t_x` (time of the last repeat purchase, counted from the first purchase) and ``T`` (time
from the first purchase to the end of observation). Her likelihood is

.. math::

    L(r, \\alpha, a, b \\mid x, t_x, T) =
    \\frac{\\Gamma(r+x)\\,\\alpha^r}{\\Gamma(r)}
    \\left[\\frac{B(a, b+x)}{B(a, b)} \\frac{1}{(\\alpha+T)^{r+x}}
    + \\delta_{x>0} \\frac{B(a+1, b+x-1)}{B(a, b)} \\frac{1}{(\\alpha+t_x)^{r+x}}\\right].

Reference: P. S. Fader, B. G. S. Hardie and K. L. Lee (2005), "'Counting Your Customers' the Easy
Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275-284.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import betaincinv, digamma, expit, gammaln, hyp2f1, zeta

from cslearn.params import checked
from cslearn.retention import parameters as P
from cslearn.retention.models._base import FittedModel, _dot, _in_logs, as_values, like_input, resolve_rng, same_length

#: the most purchases simulate_bgnbd lets one customer expect (numpy's Poisson draw fails past ~1e18)
_MAX_EXPECTED_PURCHASES = 1e15

__all__ = ["BetaGeometricNBD", "simulate_bgnbd"]


def _check_rft(frequency, recency, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate a (frequency, recency, T) triple and broadcast it to one length."""
    x = as_values("frequency", frequency, low=0, integer=True)
    t_x = as_values("recency", recency, low=0)
    big_t = as_values("T", T, low=0)
    n = same_length(frequency=x, recency=t_x, T=big_t)
    x, t_x, big_t = (np.broadcast_to(v, n) for v in (x, t_x, big_t))
    if np.any(t_x > big_t * (1 + 1e-12)):
        i = int(np.argmax(t_x > big_t * (1 + 1e-12)))
        raise ValueError(
            f"recency must be at most T for every customer (row {i}: recency {t_x[i]:g} > T {big_t[i]:g})"
        )
    if np.any((x == 0) & (t_x > 0)):
        i = int(np.argmax((x == 0) & (t_x > 0)))
        raise ValueError(f"recency must be 0 when frequency is 0 (row {i} has recency {t_x[i]:g})")
    return x, t_x, big_t


def _probability_alive(r, alpha, a, b, x, t_x, big_t) -> np.ndarray:
    """:math:`P(\\text{alive}) = 1/(1 + [x>0]\\,e^D)` (see :meth:`BetaGeometricNBD.probability_alive`).

    :math:`D = \\log\\frac{a}{b+x-1} + (r+x)\\log\\frac{\\alpha+T}{\\alpha+t_x}`, kept in logs
    because the power overflows for frequent buyers; :math:`D` is capped at 709, where
    :math:`e^D` is the largest double (a probability below 1e-308 is 0 anyway). The rows with
    x = 0 are handled by arithmetic rather than branches or infinities (both slow numpy down
    several times): a million customers take a few milliseconds.
    """
    d = np.log((alpha + big_t) / (alpha + t_x))
    d *= r + x
    d += np.log(a / (b + x - 1 + (x == 0)))
    np.minimum(d, 709.0, out=d)
    np.exp(d, out=d)
    d *= x > 0
    d += 1.0
    return np.reciprocal(d, out=d)


def _pool_rows(*columns: np.ndarray) -> tuple[np.ndarray, ...]:
    """Distinct rows of the given columns and how many times each occurs (a weight)."""
    order = np.lexsort(columns[::-1])
    ordered = [column[order] for column in columns]
    changed = np.zeros(order.size, dtype=bool)
    changed[0] = True
    for column in ordered:
        changed[1:] |= column[1:] != column[:-1]
    starts = np.flatnonzero(changed)
    weight = np.diff(np.append(starts, order.size)).astype(float)
    return (*(column[starts] for column in ordered), weight)


def _log_likelihood(x, t_x, big_t, weight):
    """The negative BG/NBD log-likelihood of pooled rows, a function of the log-parameters.

    ``x, t_x, big_t, weight`` are :func:`_pool_rows`'s distinct rows, sorted by frequency (so the
    customers without a repeat purchase come first) with their weights. With
    :math:`A = \\log\\frac{\\Gamma(r+x)}{\\Gamma(r)} + \\log\\frac{B(a, b+x)}{B(a, b)}
    + r\\log\\alpha - (r+x)\\log(\\alpha+T)` and the log-odds of "dropped out"
    :math:`d = \\log\\frac{a}{b+x-1} + (r+x)\\log\\frac{\\alpha+T}{\\alpha+t_x}`, a customer's
    log-likelihood is :math:`A + \\log(1+e^d)` when :math:`x > 0` and :math:`A` when :math:`x = 0`.
    With :math:`s = 1/(1+e^{-d})`, :math:`\\log(1+e^d)` has gradient :math:`s\\,\\partial d` and
    Hessian :math:`s(1-s)\\,\\partial d\\,\\partial d^\\top + s\\,\\partial^2 d`.

    What does not depend on the parameters is computed here, once; the Gamma-function terms once
    per distinct frequency, in one call of each special function; the sums over customers are a
    few ``einsum`` products of stacked rows. ``objective(theta)`` returns the negative
    log-likelihood and its gradient in :math:`\\theta = \\log(r, \\alpha, a, b)`,
    ``objective(theta, hessian=True)`` the Hessian too.
    """
    n_zero = int(np.searchsorted(x, 0.0, side="right"))
    n_all, n_rep = float(weight.sum()), float(weight[n_zero:].sum())
    weights = np.stack([weight, weight * x])  # sum of w (r + x) f = r (w . f) + (w x) . f
    x_rep, t_rep, w_rep = x[n_zero:], t_x[n_zero:], weight[n_zero:]
    levels, level_of = np.unique(x_rep, return_inverse=True)
    w_level = np.bincount(level_of, weights=w_rep, minlength=levels.size)
    # Gamma functions at [r, b, a+b, r+x..., b+x..., a+b+x...] (x: the distinct frequencies), weighted so
    # that their weighted sum is the log-likelihood's Gamma part and by_param sums them by r, b, a+b
    k = levels.size
    level_weight = np.concatenate([[-n_rep, -n_rep, n_rep], w_level, w_level, -w_level])
    owner = np.concatenate([[0, 1, 2], np.repeat([0, 1, 2], k)])
    by_param = np.zeros((3, 3 + 3 * k))
    by_param[owner, np.arange(3 + 3 * k)] = level_weight
    far = np.empty((3, x.size))  # log(alpha+T), 1/(alpha+T), 1/(alpha+T)^2, every row
    rows = np.empty((7, x_rep.size))  # the x > 0 rows, as named below
    rows[3] = 1.0
    dot = _dot  # not @ or np.dot: BLAS threads long dot products, which is slow on a busy machine

    def objective(theta, hessian=False):
        r, alpha, a, b = params = np.exp(theta)
        args = np.concatenate(([r, b, a + b], r + levels, b + levels, a + b + levels))
        np.add(alpha, big_t, out=far[1])
        np.log(far[1], out=far[0])
        np.divide(1.0, far[1], out=far[1])
        np.multiply(far[1], far[1], out=far[2])
        sums = np.einsum("kn,jn->kj", weights, far)  # [w, w x] times [log(alpha+T), 1/(alpha+T), its square]
        # rows: 0 delta = log((alpha+T)/(alpha+t_x)), 1 e = (r+x) v, 2 1/(b+x-1), 3 one,
        #       4 v = 1/(alpha+T) - 1/(alpha+t_x), 5 (r+x)(1/(alpha+T)^2 - 1/(alpha+t_x)^2), 6 1/(b+x-1)^2
        near = alpha + t_rep
        inv_near = 1.0 / near
        rx = r + x_rep
        np.subtract(far[0, n_zero:], np.log(near), out=rows[0])
        np.subtract(far[1, n_zero:], inv_near, out=rows[4])
        np.multiply(rx, rows[4], out=rows[1])
        log_inv_bx = -np.log(b + levels - 1.0)
        rows[2] = np.exp(log_inv_bx)[level_of]
        d = (np.log(a) + log_inv_bx)[level_of] + rx * rows[0]
        s = expit(d)
        ws = w_rep * s
        log_alpha = np.log(alpha)
        ll = (dot(level_weight, gammaln(args)) + r * n_all * log_alpha - r * sums[0, 0] - sums[1, 0]
              + dot(w_rep, d - np.log(s)))  # log(1 + e^d) = d - log(s), and d > -50 within the bounds
        psi = np.einsum("ij,j->i", by_param, digamma(args))
        by_s = np.einsum("kn,n->k", rows[:4], ws)
        grad = np.array([
            psi[0] + n_all * log_alpha - sums[0, 0] + by_s[0],
            r * n_all / alpha - r * sums[0, 1] - sums[1, 1] + by_s[1],
            psi[2] + by_s[3] / a,
            psi[1] + psi[2] - by_s[2],
        ])
        grad_theta = grad * params
        if not hessian:
            return -ll, -grad_theta
        np.multiply(rows[1], far[1, n_zero:] + inv_near, out=rows[5])
        np.multiply(rows[2], rows[2], out=rows[6])
        wq = ws * (1.0 - s)
        m = np.einsum("in,jn->ij", rows[:4] * wq, rows[:4])
        more = np.einsum("kn,n->k", rows[4:], ws)
        psi1 = np.einsum("ij,j->i", by_param, zeta(2.0, args))  # trigamma
        h = np.array([
            [psi1[0] + m[0, 0], n_all / alpha - sums[0, 1] + m[0, 1] + more[0], m[0, 3] / a, -m[0, 2]],
            [0.0, r * (sums[0, 2] - n_all / alpha**2) + sums[1, 2] + m[1, 1] - more[1], m[1, 3] / a, -m[1, 2]],
            [0.0, 0.0, psi1[2] + (m[3, 3] - by_s[3]) / a**2, psi1[2] - m[2, 3] / a],
            [0.0, 0.0, 0.0, psi1[1] + psi1[2] + m[2, 2] + more[2]],
        ])
        h = np.triu(h) + np.triu(h, 1).T
        return -ll, -grad_theta, _in_logs(h, params, grad_theta)

    return objective


_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(200)
_QUANTILES, _QUANTILE_WEIGHTS = (_NODES + 1) / 2, _WEIGHTS / 2


def _alive_expectation(h, x, r, a, b) -> np.ndarray:
    """:math:`E[Y(t) \\mid \\text{alive}]` by quadrature over the posterior of :math:`p`, for any parameters.

    Given alive, :math:`\\lambda \\sim \\text{Gamma}(r+x, \\alpha+T)` and :math:`p \\sim
    \\text{Beta}(a, b+x)`, and :math:`E[Y(t) \\mid \\lambda, p] = (1 - e^{-\\lambda p t})/p`, so
    :math:`E[Y(t) \\mid \\text{alive}] = E_p[(1 - (1 + p h)^{-(r+x)})/p]` with :math:`h = t/(\\alpha+T)`.
    The expectation is taken on the quantile scale, :math:`\\int_0^1 g(F^{-1}(q))\\,dq`
    (Gauss-Legendre, 200 nodes), with the integrand in ``log1p``/``expm1``: it stays finite where
    the closed form's hypergeometric function overflows (e.g. ``a`` and ``b`` in the thousands).
    """
    s = r + x
    levels, where = np.unique(x, return_inverse=True)
    p = betaincinv(a, b + levels[:, None], _QUANTILES[None, :])[where]  # quantiles of Beta(a, b + x)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        g = np.where(p > 0, -np.expm1(-s[:, None] * np.log1p(p * h[:, None])) / p, (s * h)[:, None])
    return g @ _QUANTILE_WEIGHTS


def _expected_if_alive(z, h, x, r, a, b) -> np.ndarray:
    """:math:`E[Y(t) \\mid \\text{alive}, x]`: FHL (2005) eq. 10 without its factor P(alive).

    With :math:`z = t/(\\alpha+T+t)` and :math:`h = t/(\\alpha+T)`, in the Euler-transformed form
    :math:`\\frac{a+b+x-1}{a-1}[1 - (1-z)^{a-1}\\,{}_2F_1(a+b-1-r, a-1; a+b+x-1; z)]`. Where that is
    not a finite number between 0 and its bound :math:`(r+x)\\,h` (the hypergeometric function
    overflows for large ``a``, ``b`` or extreme ``r``, ``alpha``), the value comes from
    :func:`_alive_expectation` instead.
    """
    with np.errstate(all="ignore"):
        bracket = 1 - (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
        value = (a + b + x - 1) / (a - 1) * bracket
        bound = (r + x) * h
    bad = ~np.isfinite(value) | (value < -1e-12 * bound) | (value > bound * (1 + 1e-9))
    if bad.any():
        value = np.array(value, dtype=float)
        value[bad] = _alive_expectation(h[bad], x[bad], r, a, b)
    return value


def _once_per_pair(function, z, h, x, *args) -> np.ndarray:
    """``function(z, h, x, *args)`` elementwise, computed once per distinct ``(z, x)`` pair.

    ``z`` and ``h`` are functions of the same ``t/(alpha+T)``; a pair's first row gives its ``h``.
    Scoring a customer base, ``z`` and ``x`` take few distinct values (T counts whole days,
    frequencies are small whole numbers), and the hypergeometric function is by far the slowest
    step: hashing the pairs (``pandas.factorize``) costs a tenth of it. Small inputs, and inputs
    whose ``z`` barely repeats (judged on a sample), are computed directly.
    """
    n = z.size
    if n < 20_000 or np.unique(z[:: n // 1000]).size > 250:
        return function(z, h, x, *args)
    z_code = pd.factorize(z)[0]
    x_code, x_levels = pd.factorize(x)
    code, pairs = pd.factorize(z_code * np.int64(x_levels.size) + x_code)
    first = np.empty(pairs.size, dtype=np.intp)
    first[code[::-1]] = np.arange(n - 1, -1, -1)  # the last write wins: each pair's first row
    return function(z[first], h[first], x[first], *args)[code]


def _conditional(horizon, x, t_x, big_t, r, alpha, a, b) -> np.ndarray:
    """FHL (2005) eq. 10 with the Euler transformation (see ``conditional_expected_purchases``)."""
    horizon, x, t_x, big_t = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (horizon, x, t_x, big_t)))
    z, h = horizon / (alpha + big_t + horizon), horizon / (alpha + big_t)
    return _once_per_pair(_expected_if_alive, z, h, x, r, a, b) * _probability_alive(r, alpha, a, b, x, t_x, big_t)


class BetaGeometricNBD(FittedModel):
    """BG/NBD model of purchase counts, fitted by maximum likelihood (Newton's method, analytic Hessian).

    Customers with the same (frequency, recency, T) are pooled with a weight, so the work per
    iteration grows with the number of distinct rows, not of customers. Times can be in any
    unit (weeks, days); ``alpha`` is in that unit, the other parameters have none.

    Parameters
    ----------
    initial_params : dict, optional
        Starting values; by default ``r = a = b = 1`` and ``alpha`` a quarter of the mean ``T``.
    max_iter : int
        Iteration limit of the optimiser.

    Examples
    --------
    >>> model = BetaGeometricNBD.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> round(model.probability_alive(0, 0, 39), 3)     # no repeat purchase yet: still alive
    1.0
    >>> round(model.expected_purchases(39), 3)
    1.197
    """

    _param_names = ("r", "alpha", "a", "b")

    def __init__(self, *, initial_params: dict | None = None, max_iter: int = 500):
        super().__init__(initial_params=initial_params, max_iter=max_iter)

    @classmethod
    def _example(cls) -> BetaGeometricNBD:
        """The model fitted to CDNOW's first 39 weeks by Fader, Hardie & Lee (2005) (for tests and examples)."""
        return cls.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)

    @checked(P.FREQUENCY, P.RECENCY, P.T)
    def fit(self, frequency, recency, T) -> BetaGeometricNBD:
        """Estimate ``r, alpha, a, b`` from one row per customer; returns the model.

        ``frequency``: repeat purchases (whole numbers >= 0); ``recency``: time of the last
        repeat purchase since the first purchase (0 when frequency is 0); ``T``: time from the
        first purchase to the end of observation (``recency <= T``). See
        :func:`cslearn.retention.transactions.rfm_summary` for building these from a transaction log.
        """
        x, t_x, big_t = _check_rft(frequency, recency, T)
        if np.all(big_t == 0):
            raise ValueError("T must be greater than 0 for at least one customer (no time observed)")
        if x.sum() == 0:
            raise ValueError("frequency is 0 for every customer: no repeat purchase to learn from")
        x, t_x, big_t, weight = _pool_rows(x, t_x, big_t)
        objective = _log_likelihood(x, t_x, big_t, weight)
        n_obs = float(weight.sum())
        mean_t = _dot(weight, big_t) / n_obs
        self._maximise(objective, {"r": 1.0, "alpha": mean_t / 4 + 1e-3, "a": 1.0, "b": 1.0}, n_obs=n_obs)
        self.n_customers_ = int(n_obs)
        return self

    # -- predictions ---------------------------------------------------------------------
    @checked(P.T_TIME)
    def expected_purchases(self, t):
        """Expected number of repeat purchases in ``(0, t]`` by a customer who first bought at 0.

        .. math::

            E[X(t)] = \\frac{a+b-1}{a-1}\\left[1 - \\left(\\frac{\\alpha}{\\alpha+t}\\right)^r
            {}_2F_1\\!\\left(r, b; a+b-1; \\frac{t}{\\alpha+t}\\right)\\right]

        (FHL 2005, eq. 7), computed in the equivalent Euler-transformed form
        :math:`\\frac{a+b-1}{a-1}[1 - (1-z)^{a-1}\\,{}_2F_1(a+b-1-r, a-1; a+b-1; z)]`, which
        stays accurate for long horizons.

        >>> model = BetaGeometricNBD.from_params(r=1.0, alpha=10.0, a=1.5, b=3.0)
        >>> model.expected_purchases([0.0, 10.0]).round(4).tolist()
        [0.0, 0.7666]
        """
        self._check_fitted("expected_purchases")
        horizon = as_values("t", t, low=0)
        zeros = np.zeros(horizon.size)
        return like_input(self._expected(horizon, zeros, zeros, zeros), t, name="expected_purchases")

    @checked(P.T_TIME, P.FREQUENCY, P.RECENCY, P.T)
    def conditional_expected_purchases(self, t, frequency, recency, T):
        """Expected repeat purchases in the next ``t`` time units for customers with the given history.

        .. math::

            E[Y(t) \\mid x, t_x, T] = \\frac{a+b+x-1}{a-1}
            \\left[1 - \\left(\\frac{\\alpha+T}{\\alpha+T+t}\\right)^{r+x}
            {}_2F_1\\!\\left(r+x, b+x; a+b+x-1; \\frac{t}{\\alpha+T+t}\\right)\\right]
            \\times P(\\text{alive} \\mid x, t_x, T)

        (FHL 2005, eq. 10), with the same Euler transformation as :meth:`expected_purchases`.
        ``t`` is a number (or one value per customer).

        >>> model = BetaGeometricNBD.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> expected = model.conditional_expected_purchases(39, [0, 2, 2], [0, 30.4, 5.0], [38.9, 38.9, 38.9])
        >>> expected.round(2).tolist()
        [0.19, 1.22, 0.21]
        """
        self._check_fitted("conditional_expected_purchases")
        horizon = as_values("t", t, low=0)
        x, t_x, big_t = _check_rft(frequency, recency, T)
        same_length(t=horizon, frequency=x)
        value = self._expected(horizon, x, t_x, big_t)
        return like_input(value, t, frequency, recency, T, name="expected_purchases")

    @checked(P.T_TIME, P.FIRST_PURCHASE)
    def expected_cohort_purchases(self, t, first_purchase):
        """Expected repeat purchases made by time ``t`` by a cohort whose customers started at different times.

        Time runs on one calendar for everyone (e.g. weeks since 1 January 1997); customer
        :math:`i` made her first purchase at :math:`s_i` = ``first_purchase[i]`` and has been a
        customer for :math:`t - s_i` by time :math:`t`. The cohort's expected cumulative repeat
        purchases are

        .. math::

            C(t) = \\sum_i E\\big[X(\\max(t - s_i, 0))\\big],

        with :math:`E[X(\\cdot)]` of :meth:`expected_purchases`. This is the "predicted" line of
        the classic tracking plot (predicted vs actual cumulative repeat purchases, FHL 2005,
        Figure 3). Customers sharing a start time are pooled, so the work grows with the number
        of distinct start times, not of customers. ``t`` is a number or an array of times;
        the result has the shape of ``t``.

        >>> model = BetaGeometricNBD.from_params(r=1.0, alpha=10.0, a=1.5, b=3.0)
        >>> model.expected_cohort_purchases([0.0, 10.0, 15.0], first_purchase=[0.0, 5.0]).round(4).tolist()
        [0.0, 1.1983, 1.8064]
        """
        self._check_fitted("expected_cohort_purchases")
        times = as_values("t", t, low=0)
        starts = as_values("first_purchase", first_purchase, low=0)
        levels, counts = np.unique(starts, return_counts=True)
        ages = np.maximum(times[:, None] - levels[None, :], 0.0).ravel()
        distinct, where = np.unique(ages, return_inverse=True)
        zeros = np.zeros(distinct.size)
        per_customer = self._expected(distinct, zeros, zeros, zeros)[where].reshape(times.size, levels.size)
        return like_input(np.einsum("ij,j->i", per_customer, counts.astype(float)), t, name="expected_cohort_purchases")

    def _expected(self, horizon, x, t_x, big_t) -> np.ndarray:
        r, alpha, a, b = (self.params_[name] for name in self._param_names)
        # The closed form is 0/0 at a = 1 (and at a + b = 1 when x = 0) but smooth in a and b:
        # there, interpolate linearly between two points a small step either side (error ~1e-10).
        step = 1e-5
        if abs(a - 1) < step:
            low = _conditional(horizon, x, t_x, big_t, r, alpha, 1 - step, b)
            high = _conditional(horizon, x, t_x, big_t, r, alpha, 1 + step, b)
            return low + (a - 1 + step) / (2 * step) * (high - low)
        if abs(a + b - 1) < step:
            low = _conditional(horizon, x, t_x, big_t, r, alpha, a, 1 - a - step)
            high = _conditional(horizon, x, t_x, big_t, r, alpha, a, 1 - a + step)
            return low + (a + b - 1 + step) / (2 * step) * (high - low)
        return _conditional(horizon, x, t_x, big_t, r, alpha, a, b)

    @checked(P.FREQUENCY, P.RECENCY, P.T)
    def probability_alive(self, frequency, recency, T):
        """Probability that a customer with history (frequency, recency, T) is still active at T.

        .. math::

            P(\\text{alive} \\mid x, t_x, T) = \\left[1 + \\delta_{x>0}\\frac{a}{b+x-1}
            \\left(\\frac{\\alpha+T}{\\alpha+t_x}\\right)^{r+x}\\right]^{-1}

        (FHL 2005, eq. 11). A customer with no repeat purchase is alive for sure (the model lets
        customers drop out only right after a repeat purchase); a frequent buyer who has not
        been seen for a long while is probably gone.

        >>> model = BetaGeometricNBD.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> model.probability_alive([5, 5], [38.0, 10.0], [39.0, 39.0]).round(3).tolist()
        [0.878, 0.024]
        """
        r, alpha, a, b = self._check_fitted("probability_alive")
        x, t_x, big_t = _check_rft(frequency, recency, T)
        value = _probability_alive(r, alpha, a, b, x, t_x, big_t)
        return like_input(value, frequency, recency, T, name="probability_alive")


@checked(P.R, P.BGNBD_ALPHA, P.A, P.B, P.T, P.RNG, P.OPTIONAL_N_CUSTOMERS, P.HOLDOUT)
def simulate_bgnbd(r, alpha, a, b, T, *, rng=0, n_customers=None, holdout=0.0) -> pd.DataFrame:
    """Simulate customers under the BG/NBD model, one row each, with their (frequency, recency, T).

    Each customer draws :math:`\\lambda \\sim \\text{Gamma}(r, \\alpha)` and
    :math:`p \\sim \\text{Beta}(a, b)`; she drops out after her :math:`J`-th repeat purchase,
    :math:`J \\sim \\text{Geometric}(p)`. With :math:`N \\sim \\text{Poisson}(\\lambda T)` purchase
    opportunities in :math:`(0, T]`, ``frequency`` is :math:`\\min(J, N)` and ``recency`` the time
    of that purchase: the :math:`k`-th of :math:`N` uniform times on :math:`(0, T]`, i.e.
    :math:`T \\cdot \\text{Beta}(k, N-k+1)`.

    ``T`` is one number (then give ``n_customers``) or one value per customer. With
    ``holdout > 0`` two more columns: ``frequency_holdout``, the repeat purchases in
    :math:`(T, T + \\text{holdout}]`, and ``alive``, whether the customer was active at ``T``
    (the truth that :meth:`BetaGeometricNBD.probability_alive` estimates).

    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same
    seed gives the same result.

    >>> sim = simulate_bgnbd(0.25, 4.0, 0.8, 2.5, T=39, n_customers=1000, rng=np.random.default_rng(0))
    >>> list(sim.columns), bool((sim.recency <= sim["T"]).all())
    (['frequency', 'recency', 'T'], True)
    """
    big_t = as_values("T", T, low=0)
    if np.ndim(T) == 0:
        if n_customers is None:
            raise ValueError("n_customers is needed when T is a single number")
        big_t = np.full(int(n_customers), big_t[0])
    elif n_customers is not None and n_customers != big_t.size:
        raise ValueError(f"n_customers ({n_customers}) must equal the length of T ({big_t.size})")
    rng = resolve_rng(rng)
    n = big_t.size
    rate = rng.gamma(r, 1.0 / alpha, size=n)
    most = float(np.max(rate) * max(float(np.max(big_t)), float(holdout))) if n else 0.0
    if not most <= _MAX_EXPECTED_PURCHASES:  # NaN or infinity too: numpy's Poisson draw fails past ~1e18
        raise ValueError(f"r / alpha (purchase rate) times T or holdout must stay below {_MAX_EXPECTED_PURCHASES:.0e} "
                         f"expected purchases per customer (got {most:.3g} with r={r:g}, alpha={alpha:g}): lower r, T "
                         "or holdout, or raise alpha")
    p = np.clip(rng.beta(a, b, size=n), 1e-12, 1.0)
    drop_after = rng.geometric(p)
    opportunities = rng.poisson(rate * big_t)
    frequency = np.minimum(drop_after, opportunities)
    k = np.maximum(frequency, 1)
    recency = np.where(frequency > 0, big_t * rng.beta(k, np.maximum(opportunities - k + 1, 1)), 0.0)
    frame = pd.DataFrame({"frequency": frequency, "recency": recency, "T": big_t})
    if holdout > 0:
        remaining = np.maximum(drop_after - opportunities, 0)  # purchases left before dropping out
        frame["frequency_holdout"] = np.minimum(rng.poisson(rate * holdout), remaining)
        frame["alive"] = remaining > 0
    return frame
