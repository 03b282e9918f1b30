"""The shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007).

The story, for customers on contracts that renew period by period:

* at the end of each period a customer flips a coin and leaves with probability :math:`\\theta`;
  her own :math:`\\theta` never changes, so her lifetime is geometric,
  :math:`P(T = t \\mid \\theta) = \\theta (1-\\theta)^{t-1}`, :math:`t = 1, 2, \\dots`;
* :math:`\\theta` differs from customer to customer, following a beta distribution
  :math:`\\text{Beta}(\\alpha, \\beta)`.

Mixing over :math:`\\theta` gives the survival function and the churn probabilities

.. math::

    S(t) = \\frac{B(\\alpha, \\beta + t)}{B(\\alpha, \\beta)}, \\qquad
    P(T = t) = S(t-1) - S(t) = \\frac{B(\\alpha + 1, \\beta + t - 1)}{B(\\alpha, \\beta)}

and the retention rate among those still active after :math:`t-1` periods,

.. math::

    r_t = \\frac{S(t)}{S(t-1)} = \\frac{\\beta + t - 1}{\\alpha + \\beta + t - 1},

which rises with :math:`t` although no individual customer changes: the customers most likely to
leave leave first (the "ruse of heterogeneity").

References: P. S. Fader and B. G. S. Hardie (2007), "How to Project Customer Retention", Journal of
Interactive Marketing 21(1), 76-90; and (2010), "Customer-Base Valuation in a Contractual Setting:
The Perils of Ignoring Heterogeneity", Marketing Science 29(1), 85-93 (the DEL and DERL formulas).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import betaln, hyp2f1

from cslearn.params import checked
from cslearn.retention import parameters as P
from cslearn.retention.models._base import FittedModel, _dot, _in_logs, as_values, like_input, resolve_rng, same_length

__all__ = ["ShiftedBetaGeometric", "simulate_sbg"]


_ROW_TYPES = (list, tuple, np.ndarray, pd.Series)


def _holds_booleans(alive) -> bool:
    if isinstance(alive, pd.DataFrame):
        return any(pd.api.types.is_bool_dtype(dtype) for dtype in alive.dtypes)
    if isinstance(alive, (np.ndarray, pd.Series)) and alive.dtype != object:
        return alive.dtype == bool
    if isinstance(alive, (list, tuple, np.ndarray, pd.Series)):
        return any(isinstance(item, (bool, np.bool_)) or (isinstance(item, _ROW_TYPES) and _holds_booleans(item))
                   for item in alive)
    return False


def _cohort_table(alive) -> np.ndarray:
    """``alive`` as a 2-d float table, one row per cohort, NaN after each cohort's last period."""
    if _holds_booleans(alive):
        raise TypeError("alive must contain only numbers, not True/False")
    if isinstance(alive, pd.DataFrame):
        try:
            table = alive.to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError):
            raise TypeError("alive must contain only numbers") from None
    elif isinstance(alive, (str, bytes, dict)) or np.isscalar(alive):
        raise TypeError(f"alive must be a sequence of counts or a table of cohorts (got {alive!r})")
    elif isinstance(alive, (list, tuple)) and alive and all(isinstance(row, _ROW_TYPES) for row in alive):
        try:
            rows = [np.asarray(row, dtype=float) for row in alive]
        except (TypeError, ValueError):
            raise TypeError("alive must contain only numbers") from None
        if any(row.ndim != 1 or row.size == 0 for row in rows):
            raise ValueError("each cohort in alive must be a non-empty 1-d sequence of counts")
        table = np.full((len(rows), max(len(row) for row in rows)), np.nan)
        for i, row in enumerate(rows):
            table[i, : len(row)] = row
    else:
        try:
            table = np.asarray(alive, dtype=float)
        except (TypeError, ValueError):
            raise TypeError("alive must contain only numbers") from None
        if table.ndim == 1:
            table = table[None, :]
        elif table.ndim != 2:
            raise ValueError(f"alive must be one cohort (1-d) or a table of cohorts (2-d), "
                             f"not shape {table.shape}")
    if table.size == 0:
        raise ValueError("alive must not be empty")
    observed = ~np.isnan(table)
    # NaN is only allowed as a tail: once a row has a NaN, everything after it must be NaN too.
    if np.any(observed[:, 1:] & ~observed[:, :-1]) or not observed[:, 0].all():
        raise ValueError("alive may contain NaN only at the end of a cohort (periods not yet observed)")
    values = table[observed]
    if not np.all(np.isfinite(values)):
        raise ValueError("alive must contain only finite numbers")
    if np.any(values < 0):
        raise ValueError(f"every value of alive must be at least 0 (got {values[values < 0][0]:g})")
    if np.any(table[:, 0] <= 0):
        raise ValueError("alive[0], the number of customers at a cohort's start, must be greater than 0")
    rises = np.diff(table, axis=1) > 0  # NaN comparisons are False
    if rises.any():
        cohort, period = np.argwhere(rises)[0]
        where = f" (cohort {cohort})" if table.shape[0] > 1 else ""
        raise ValueError(
            f"alive counts must not go up from one period to the next{where}: "
            f"{table[cohort, period]:g} at period {period} then {table[cohort, period + 1]:g}"
        )
    return table


def _f21_series(b: float, c: float, z: float, chunk: int = 8192, max_terms: int = 10**7) -> float:
    """:math:`{}_2F_1(1, b; c; z) = \\sum_k z^k \\prod_{j<k} (b+j)/(c+j)` summed term by term (c > b > 0).

    Every term ratio is below ``z``, so the tail after a term :math:`u` is below :math:`u/(1-z)`;
    summation stops when that bound is negligible.
    """
    total, log_term, start, log_z = 1.0, 0.0, 0, np.log(z)
    while start < max_terms:
        k = np.arange(start, start + chunk, dtype=float)
        logs = log_term + np.cumsum(np.log((b + k) / (c + k)) + log_z)
        total += np.exp(logs).sum()
        log_term, start = logs[-1], start + chunk
        if np.exp(log_term) / (1 - z) < 1e-17 * total:
            return total
    raise ValueError("discount_rate is too small for an accurate value (use 0, or a rate of at least 1e-5)")


def _f21_unit(b, c, z) -> np.ndarray:
    """:math:`{}_2F_1(1, b; c; z)` for :math:`c > b > 0`, :math:`0 < z \\le 1`, as an array.

    ``scipy.special.hyp2f1`` is accurate here except when :math:`c - b - 1` is (close to) a whole
    number, where it can return NaN or lose digits for large ``b``: those values are summed
    directly. At :math:`z = 1` the sum is :math:`(c-1)/(c-b-1)`, infinite when :math:`c - b \\le 1`.
    """
    b, c, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (b, c, z)))
    value = np.array(hyp2f1(1.0, b, c, z), dtype=float, ndmin=1).reshape(b.shape)
    at_one = z >= 1.0
    with np.errstate(divide="ignore"):
        value[at_one] = np.where(c - b > 1, (c - 1) / (c - b - 1), np.inf)[at_one]
    gap = c - b - 1
    redo = (~at_one) & ((np.abs(gap - np.round(gap)) < 0.02) | ~np.isfinite(value))
    for i in zip(*np.nonzero(redo), strict=True):
        value[i] = _f21_series(b[i], c[i], z[i])
    return value


class ShiftedBetaGeometric(FittedModel):
    """Shifted-beta-geometric model of how a cohort of subscribers shrinks, fitted by maximum likelihood.

    With :math:`n_t` customers lost in period :math:`t` and :math:`n_\\tau` still active at the last
    observed period :math:`\\tau`, a cohort's log-likelihood is

    .. math::

        \\ell(\\alpha, \\beta) = \\sum_{t=1}^{\\tau} n_t \\log P(T = t) + n_\\tau \\log S(\\tau),

    the second term counting the customers whose lifetime is not over yet. Several cohorts add up.

    Parameters
    ----------
    initial_params : dict, optional
        Starting values for the optimiser, e.g. ``{"alpha": 1, "beta": 1}`` (the default).
    max_iter : int
        Iteration limit of the optimiser.

    Examples
    --------
    >>> model = ShiftedBetaGeometric().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> {k: round(v, 3) for k, v in model.params_.items()}
    {'alpha': 0.704, 'beta': 1.182}
    >>> round(model.retention_rate(8), 3)
    0.921
    """

    _param_names = ("alpha", "beta")

    def _degenerate_reason(self, at_edge: list[str]) -> str:
        if "alpha" in at_edge and "beta" in at_edge:
            return ("alpha and beta ran to the edge of the allowed range: the cohort shows no spread "
                    "in churn (e.g. everyone leaves in the same period), so the fit is a constant "
                    "churn the data cannot support")
        return super()._degenerate_reason(at_edge)

    def __init__(self, *, initial_params: dict | None = None, max_iter: int = 500):
        super().__init__(initial_params=initial_params, max_iter=max_iter)

    @classmethod
    def _example(cls) -> ShiftedBetaGeometric:
        """A model with the parameters fitted to Fader & Hardie's regular cohort (for tests and examples)."""
        return cls.from_params(alpha=0.704, beta=1.182)

    @checked(P.ALIVE)
    def fit(self, alive) -> ShiftedBetaGeometric:
        """Estimate ``alpha`` and ``beta`` from cohort counts; returns the model.

        ``alive[0]`` is a cohort's starting size and ``alive[t]`` the number still active after
        period ``t``. Several cohorts: a list of such sequences, or a 2-d table (array or
        DataFrame, one row per cohort) with NaN after each younger cohort's last observed period.
        Counts need not be whole numbers (percentages of a cohort work too), but must not go up.
        """
        table = _cohort_table(alive)
        observed = ~np.isnan(table)
        last = observed.sum(axis=1) - 1  # last observed period of each cohort
        horizon = int(last.max())
        if horizon == 0:
            raise ValueError("alive must cover at least one period after the start (two or more values)")
        lost = np.nansum(-np.diff(table, axis=1), axis=0)  # customers lost in periods 1..horizon
        end_alive = table[np.arange(table.shape[0]), last]
        censored = np.bincount(last, weights=end_alive, minlength=horizon + 1)[1:]  # still active at t
        if lost.sum() <= 0:
            raise ValueError("alive never goes down: with no customer lost, churn cannot be estimated")
        if lost[1:].sum() + censored.sum() <= 0:
            raise ValueError("every customer left in the first period: the alive counts cannot identify beta")

        # Period by period: of the at_risk[t] customers active at its start, lost[t] leave, each with
        # probability alpha / (alpha + beta + t - 1), and survived[t] stay, each with the rest,
        # (beta + t - 1) / (alpha + beta + t - 1); these products are the likelihood of the class docstring.
        t = np.arange(1, horizon + 1, dtype=float)
        survived = np.cumsum((lost + censored)[::-1])[::-1] - lost
        at_risk = survived + lost
        n_lost = float(lost.sum())

        def objective(theta, hessian=False):
            alpha, beta = params = np.exp(theta)
            stay, total = beta + t - 1, alpha + beta + t - 1
            ll = n_lost * np.log(alpha) + _dot(survived, np.log(stay)) - _dot(at_risk, np.log(total))
            inv_stay, inv_total = 1.0 / stay, 1.0 / total
            risk = _dot(at_risk, inv_total)
            grad_theta = np.array([n_lost / alpha - risk, _dot(survived, inv_stay) - risk]) * params
            if not hessian:
                return -ll, -grad_theta
            risk2 = _dot(at_risk, inv_total * inv_total)
            h = np.array([[risk2 - n_lost / alpha**2, risk2],
                          [risk2, risk2 - _dot(survived, inv_stay * inv_stay)]])
            return -ll, -grad_theta, _in_logs(h, params, grad_theta)

        self._maximise(objective, {"alpha": 1.0, "beta": 1.0}, n_obs=float(table[:, 0].sum()))
        self.n_cohorts_ = int(table.shape[0])
        self.n_customers_ = float(table[:, 0].sum())
        return self

    # -- the fitted curve ----------------------------------------------------------------
    @checked(P.T_PERIODS)
    def survival(self, t):
        """Share of a new cohort still active after ``t`` periods.

        :math:`S(t) = B(\\alpha, \\beta+t)/B(\\alpha, \\beta)`.
        Accepts a number or an array (``t >= 0``). ``survival(np.arange(n + 1))`` is the curve
        :math:`S(0) = 1, S(1), \\dots, S(n)` that a P&L projection takes.

        >>> model = ShiftedBetaGeometric.from_params(alpha=1.0, beta=1.0)
        >>> model.survival([0, 1, 3]).round(4).tolist()   # S(t) = 1/(t+1) when alpha = beta = 1
        [1.0, 0.5, 0.25]
        """
        alpha, beta = self._check_fitted("survival")
        periods = as_values("t", t, low=0)
        return like_input(np.exp(betaln(alpha, beta + periods) - betaln(alpha, beta)), t, name="survival")

    @checked(P.CURVE_PERIODS)
    def survival_curve(self, n_periods: int) -> np.ndarray:
        """The array :math:`[S(0), S(1), \\dots, S(n)]` with :math:`S(0) = 1` (length ``n_periods + 1``).

        >>> ShiftedBetaGeometric.from_params(alpha=1.0, beta=1.0).survival_curve(3).round(3).tolist()
        [1.0, 0.5, 0.333, 0.25]
        """
        return np.asarray(self.survival(np.arange(int(n_periods) + 1)))

    @checked(P.T_RENEWAL)
    def retention_rate(self, t):
        """Share of those active after period ``t-1`` who renew in period ``t``.

        :math:`r_t = (\\beta+t-1)/(\\alpha+\\beta+t-1)`.
        ``t`` counts from 1 (the first renewal).

        >>> ShiftedBetaGeometric.from_params(alpha=1.0, beta=3.0).retention_rate([1, 2]).tolist()
        [0.75, 0.8]
        """
        alpha, beta = self._check_fitted("retention_rate")
        periods = as_values("t", t, low=1)
        return like_input((beta + periods - 1) / (alpha + beta + periods - 1), t, name="retention_rate")

    @checked(P.T_RENEWAL)
    def churn_probability(self, t):
        """Probability that a new customer leaves in period ``t``.

        :math:`P(T=t) = B(\\alpha+1, \\beta+t-1)/B(\\alpha, \\beta)`.
        This is unconditional (it sums to 1 over ``t = 1, 2, ...``); the churn rate among those
        still active is ``1 - retention_rate(t)``.

        >>> ShiftedBetaGeometric.from_params(alpha=1.0, beta=1.0).churn_probability([1, 2]).round(4).tolist()
        [0.5, 0.1667]
        """
        alpha, beta = self._check_fitted("churn_probability")
        periods = as_values("t", t, low=1)
        log_p = betaln(alpha + 1, beta + periods - 1) - betaln(alpha, beta)
        return like_input(np.exp(log_p), t, name="churn_probability")

    # -- value ---------------------------------------------------------------------------
    @checked(P.DISCOUNT_RATES)
    def discounted_expected_lifetime(self, discount_rate):
        """Discounted expected lifetime (DEL) of a new customer, in periods, first period undiscounted.

        .. math::

            \\text{DEL} = \\sum_{t=0}^{\\infty} \\frac{S(t)}{(1+d)^t}
                        = {}_2F_1\\!\\left(1, \\beta; \\alpha+\\beta; \\tfrac{1}{1+d}\\right)

        (Fader & Hardie 2010; evaluated with ``scipy.special.hyp2f1``, or by summing the series
        where that is unreliable, for whole-number :math:`\\alpha`). The first period is paid at
        the start and counted in full, as in
        the course's LTV: ``LTV = margin * ARPU * DEL``; with a constant churn ``c`` instead of the
        sBG curve this is chapter 03's ``(1 + d) / (d + c)``. With ``discount_rate = 0`` it is the
        expected lifetime, :math:`(\\alpha+\\beta-1)/(\\alpha-1)`, infinite (``inf``: no end on
        average) when :math:`\\alpha \\le 1`.

        >>> model = ShiftedBetaGeometric.from_params(alpha=2.0, beta=3.0)
        >>> round(model.discounted_expected_lifetime(0.0), 6)   # (2 + 3 - 1) / (2 - 1)
        4.0
        """
        alpha, beta = self._check_fitted("discounted_expected_lifetime")
        rates = as_values("discount_rate", discount_rate, low=0)
        return like_input(_f21_unit(beta, alpha + beta, 1.0 / (1.0 + rates)), discount_rate, name="del")

    @checked(P.DISCOUNT_RATES, P.RENEWALS)
    def discounted_expected_residual_lifetime(self, discount_rate, renewals):
        """Discounted expected residual lifetime (DERL) of a customer who has made ``renewals`` renewals.

        Such a customer has been active ``renewals + 1`` periods and now faces renewal number
        ``n = renewals + 1``; having survived, her :math:`\\theta` follows
        :math:`\\text{Beta}(\\alpha, \\beta + n - 1)`. Counting the next renewal undiscounted and
        weighted by its probability:

        .. math::

            \\text{DERL} = \\sum_{t=n}^{\\infty} \\frac{S(t)}{S(n-1)} \\frac{1}{(1+d)^{t-n}}
                = \\frac{\\beta+n-1}{\\alpha+\\beta+n-1}\\,
                  {}_2F_1\\!\\left(1, \\beta+n; \\alpha+\\beta+n; \\tfrac{1}{1+d}\\right)

        (Fader & Hardie 2010). It grows with ``renewals``: a customer who has stayed is worth more.
        Note ``DEL = 1 + DERL(renewals=0) / (1 + d)``. With ``discount_rate = 0`` it is the expected
        residual lifetime, :math:`(\\beta+n-1)/(\\alpha-1)`, infinite (``inf``: no end on average)
        when :math:`\\alpha \\le 1`.

        >>> model = ShiftedBetaGeometric.from_params(alpha=2.0, beta=3.0)
        >>> round(model.discounted_expected_residual_lifetime(0.0, renewals=0), 6)   # (beta/(alpha-1))
        3.0
        """
        alpha, beta = self._check_fitted("discounted_expected_residual_lifetime")
        rates = as_values("discount_rate", discount_rate, low=0)
        made = as_values("renewals", renewals, low=0, integer=True)
        same_length(discount_rate=rates, renewals=made)
        b = beta + made  # beta + n - 1
        value = b / (alpha + b) * _f21_unit(b + 1, alpha + b + 1, 1.0 / (1.0 + rates))
        return like_input(value, discount_rate, renewals, name="derl")


@checked(P.SBG_ALPHA, P.SBG_BETA, P.N_CUSTOMERS, P.N_PERIODS, P.RNG)
def simulate_sbg(alpha, beta, n_customers, n_periods, *, rng=0) -> np.ndarray:
    """Simulate one cohort under the sBG model and return its alive counts ``alive[0..n_periods]``.

    Each customer draws :math:`\\theta \\sim \\text{Beta}(\\alpha, \\beta)` and a lifetime
    :math:`T \\sim \\text{Geometric}(\\theta)` on :math:`1, 2, \\dots`; ``alive[t]`` counts
    those with :math:`T > t`, so ``alive[0] = n_customers``. The result goes straight into
    :meth:`ShiftedBetaGeometric.fit`. ``rng`` (int, numpy.random.Generator
    or None, default 0): random seed or generator; the same seed gives the same result.

    >>> alive = simulate_sbg(0.7, 1.2, 1000, 7, rng=np.random.default_rng(1))
    >>> int(alive[0]), bool(np.all(np.diff(alive) <= 0))
    (1000, True)
    """
    n_customers, n_periods = int(n_customers), int(n_periods)
    rng = resolve_rng(rng)
    theta = np.clip(rng.beta(alpha, beta, size=n_customers), 1e-12, 1.0)
    lifetime = np.minimum(rng.geometric(theta), n_periods + 1)  # T, capped past the horizon
    lost_by = np.cumsum(np.bincount(lifetime, minlength=n_periods + 2))[: n_periods + 1]
    return n_customers - lost_by
