"""Contractual retention for chapter 04: why retention rises with tenure, and projecting a cohort.

* :func:`mixture_retention` and :func:`simulate_mixture`: a cohort made of segments, each with its
  own constant churn. No customer ever changes, yet the cohort's retention rate rises, because
  the segment that churns most is the first to empty (C18).
* :func:`constant_churn_fit`, :func:`project_retention`: fit the shifted-beta-geometric (sBG)
  model and the naive constant-churn model to the first periods of a cohort and project both
  (C19).
* :func:`sbg_curves`, :func:`residual_lifetime_table`, :func:`constant_churn_derl`,
  :func:`monthly_survival`: the sBG curves next to the constant churn with the same first-period
  churn; the value of a customer who has stayed, under the sBG and under a constant churn; a
  yearly survival curve turned monthly for :func:`cslearn.project_pnl`.

With segment shares :math:`w_k` and churns :math:`c_k` the cohort's survival and retention are

.. math::

    S(t) = \\sum_k w_k (1 - c_k)^t, \\qquad r_t = \\frac{S(t)}{S(t-1)}
    = \\sum_k \\underbrace{\\frac{w_k (1-c_k)^{t-1}}{S(t-1)}}_{\\text{share of segment } k
    \\text{ among survivors}} (1 - c_k),

a weighted mean of the segments' retention whose weights move, period by period, towards the
most loyal segment. The sBG model is the same idea with a continuum of segments (a beta
distribution of churn probabilities).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cslearn._validate import check_array, check_int
from cslearn.params import checked
from cslearn.retention import parameters as P
from cslearn.retention.models._base import _LOG_BOUND, MAX_PERIODS, as_values, resolve_rng
from cslearn.retention.models.sbg import ShiftedBetaGeometric, _cohort_table

__all__ = [
    "mixture_retention",
    "simulate_mixture",
    "constant_churn_fit",
    "RetentionProjection",
    "project_retention",
    "sbg_curves",
    "residual_lifetime_table",
    "constant_churn_derl",
    "monthly_survival",
]


def _segments(churn, shares) -> tuple[np.ndarray, np.ndarray]:
    churn = check_array("churn", churn, 0, 1)
    shares = check_array("shares", shares, 0, 1)
    if churn.size != shares.size:
        raise ValueError(f"churn and shares must have one value per segment (got {churn.size} and {shares.size})")
    if abs(shares.sum() - 1) > 1e-9:
        raise ValueError(f"shares must add up to 1 (got {shares.sum():g})")
    return churn, shares


@checked(P.SEGMENT_CHURNS, P.SHARES, P.N_PERIODS)
def mixture_retention(churn=(0.5, 0.1), shares=(0.5, 0.5), n_periods: int = 12) -> pd.DataFrame:
    """Survival and retention of a cohort mixing segments with constant churns (exact, no sampling).

    Columns: ``period`` (0 to ``n_periods``), ``survival`` :math:`S(t) = \\sum_k w_k(1-c_k)^t`,
    ``retention_rate`` :math:`r_t = S(t)/S(t-1)` (NaN at period 0, where nobody has renewed yet),
    and ``share_1``, ``share_2``, ... the share of each segment among the customers still there.
    If every segment has a churn of 1, nobody is left after period 1, and the rates and shares
    from then on are NaN (undefined: there is no one to renew).

    >>> table = mixture_retention(churn=[0.5, 0.1], shares=[0.5, 0.5], n_periods=2)
    >>> table["retention_rate"].round(3).tolist()[1:]    # 0.7, then (0.125 + 0.405) / 0.7
    [0.7, 0.757]
    """
    churn, shares = _segments(churn, shares)
    n_periods = int(n_periods)
    t = np.arange(n_periods + 1)
    alive = shares[None, :] * (1 - churn[None, :]) ** t[:, None]
    survival = alive.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        retention = np.concatenate(([np.nan], survival[1:] / survival[:-1]))
        share = alive / survival[:, None]
    table = pd.DataFrame({"period": t, "survival": survival, "retention_rate": retention})
    for k in range(churn.size):
        table[f"share_{k + 1}"] = share[:, k]
    return table


@checked(P.SEGMENT_CHURNS, P.SHARES, P.N_CUSTOMERS, P.N_PERIODS, P.RNG)
def simulate_mixture(churn=(0.5, 0.1), shares=(0.5, 0.5), n_customers: int = 10_000, n_periods: int = 12,
                     *, rng=0) -> pd.DataFrame:
    """Simulate a cohort of customers from segments with constant churns and count who is left.

    Each customer is put in segment :math:`k` with probability :math:`w_k` and stays each period
    with probability :math:`1 - c_k`, the same every period: her lifetime is geometric. Columns:
    ``period``, ``alive`` (customers still there after ``period`` renewals), ``retention_rate``
    (``alive[t] / alive[t-1]``; NaN at 0 and once nobody is left), and ``alive_1``, ``alive_2``, ...
    per segment. Compare with :func:`mixture_retention`, its expectation. ``rng`` (int,
    numpy.random.Generator or None, default 0): random seed or generator; the same seed gives the same result.

    >>> sim = simulate_mixture(n_customers=1000, n_periods=3, rng=np.random.default_rng(0))
    >>> int(sim.loc[0, "alive"]), bool(sim["alive"].is_monotonic_decreasing)
    (1000, True)
    """
    churn, shares = _segments(churn, shares)
    n_customers, n_periods = int(n_customers), int(n_periods)
    rng = resolve_rng(rng)
    segment = rng.choice(churn.size, size=n_customers, p=shares)
    stay = 1 - churn[segment]
    # geometric lifetime on 1, 2, ... (a customer with churn 0 never leaves)
    lifetime = np.where(stay < 1, rng.geometric(np.maximum(churn[segment], 1e-300)), n_periods + 1)
    lifetime = np.minimum(lifetime, n_periods + 1)
    t = np.arange(n_periods + 1)
    by_segment = np.zeros((n_periods + 1, churn.size))
    for k in range(churn.size):  # a handful of segments, not customers
        lost = np.bincount(lifetime[segment == k], minlength=n_periods + 2)[: n_periods + 1]
        by_segment[:, k] = np.sum(segment == k) - np.cumsum(lost)
    alive = by_segment.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        retention = np.concatenate(([np.nan], np.where(alive[:-1] > 0, alive[1:] / alive[:-1], np.nan)))
    table = pd.DataFrame({"period": t, "alive": alive.astype(int), "retention_rate": retention})
    for k in range(churn.size):
        table[f"alive_{k + 1}"] = by_segment[:, k].astype(int)
    return table


@checked(P.ALIVE)
def constant_churn_fit(alive) -> float:
    """The constant churn that best fits a cohort's alive counts (maximum likelihood).

    If every customer churns with the same probability :math:`c` each period, a customer is lost
    in period :math:`t` with probability :math:`c(1-c)^{t-1}`; maximising the likelihood of the
    counts (those still there at the end being censored) gives

    .. math::

        \\hat c = \\frac{\\text{customers lost}}{\\text{customer-periods at risk}}
        = \\frac{n_0 - n_\\tau}{\\sum_{t=0}^{\\tau-1} n_t}.

    This is the naive model the sBG is compared with. Several cohorts: a list or table as in
    :meth:`ShiftedBetaGeometric.fit`.

    >>> round(constant_churn_fit([1000, 800, 640]), 3)      # exactly 20 % lost each year
    0.2
    """
    table = _cohort_table(alive)
    if np.sum(~np.isnan(table), axis=1).max() < 2:
        raise ValueError("alive must cover at least one period after the start (two or more values)")
    observed = ~np.isnan(table)
    last = observed.sum(axis=1) - 1
    lost = table[:, 0] - table[np.arange(table.shape[0]), last]
    at_risk = np.where(np.arange(table.shape[1])[None, :] < last[:, None], np.nan_to_num(table), 0.0).sum()
    return float(lost.sum() / at_risk)


@dataclass(frozen=True, eq=False)
class RetentionProjection:
    """The result of :func:`project_retention`.

    ``table``: one row per period with ``period``, ``actual`` (NaN where unknown), ``observed``
    (True for the periods the models were fitted to), ``sbg`` and ``constant_churn`` (projected
    counts), and ``actual_retention``, ``sbg_retention``, ``constant_retention`` (retention rates,
    NaN at period 0). ``model``: the fitted :class:`ShiftedBetaGeometric`. ``churn``: the fitted
    constant churn. ``summary``: a Series of numbers, ``observed_periods``, ``alpha``, ``beta``,
    ``churn`` and, for the held-back periods (when there are any), ``sbg_error`` and
    ``constant_error``, the mean absolute percentage errors of the projected counts.
    ``converged``: the optimiser's verdict. ``at_bound``: the names of the sBG parameters that ran
    to the edge of the allowed range, e.g. ``("beta",)``: the years seen do not identify the
    heterogeneity, typically because their retention rate does not rise. ``collapsed``: True when
    the sBG has in effect become a constant churn (a parameter at the edge, or
    :math:`\\alpha + \\beta > 10^4`, a beta distribution of churns with almost no spread).

    >>> p = project_retention([1000, 631, 468, 382, 326, 289, 262, 241, 223], observed=7)
    >>> row = p.table.loc[8]
    >>> float(row["actual"]), bool(row["observed"]), round(float(row["sbg"]), 1)
    (223.0, False, 220.1)
    """

    table: pd.DataFrame
    model: ShiftedBetaGeometric
    churn: float
    summary: pd.Series
    converged: bool
    at_bound: tuple[str, ...]
    collapsed: bool


@checked(P.COHORT, P.OBSERVED, P.PROJECTION_HORIZON)
def project_retention(alive, observed: int, horizon: int | None = None) -> RetentionProjection:
    """Fit sBG and constant churn to periods 0..``observed`` of a cohort, project both to ``horizon``.

    ``alive`` is one cohort's counts (``alive[0]`` its size); ``horizon`` defaults to the last
    period in ``alive``. The sBG projection is :math:`n_0 S(t)` with
    :math:`S(t) = B(\\alpha, \\beta + t)/B(\\alpha, \\beta)`, the naive one :math:`n_0 (1-\\hat c)^t`
    (:func:`constant_churn_fit`). On the held-back periods :math:`H` each is scored by its mean
    absolute percentage error :math:`\\frac{1}{|H|}\\sum_{t \\in H} |\\hat n_t - n_t| / n_t`.

    The sBG needs a retention rate that visibly rises over the periods seen to tell a mixed cohort
    from a homogeneous one. With one period observed it is not identified at all (only the mean
    churn :math:`\\alpha/(\\alpha+\\beta)` is); when the observed retention does not rise, the
    estimates run off towards :math:`\\alpha, \\beta \\to \\infty` (no heterogeneity, i.e. constant
    churn): ``collapsed`` says so and ``at_bound`` names any parameter that
    reached the edge of its range.

    >>> regular = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173]
    >>> p = project_retention(regular, observed=7)
    >>> p.summary[["sbg_error", "constant_error"]].round(3).tolist()
    [0.015, 0.59]
    """
    counts = check_array("alive", alive, low=0)
    _cohort_table(counts)  # the counts must start above 0 and never go up
    observed = check_int("observed", observed, low=1, high=counts.size - 1)
    if horizon is None:
        horizon = counts.size - 1
    else:
        horizon = check_int("horizon", horizon, low=observed)
        if horizon > max(MAX_PERIODS, counts.size - 1):
            raise ValueError(f"horizon must be at most {max(MAX_PERIODS, counts.size - 1):,} periods (got {horizon:,})")
    fitted = counts[: observed + 1]
    model = ShiftedBetaGeometric().fit(fitted)
    churn = constant_churn_fit(fitted)
    t = np.arange(horizon + 1)
    actual = np.full(horizon + 1, np.nan)
    known = min(counts.size, horizon + 1)
    actual[:known] = counts[:known]
    sbg = counts[0] * np.asarray(model.survival(t))
    constant = counts[0] * (1 - churn) ** t

    def rates(values):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.concatenate(([np.nan], values[1:] / values[:-1]))

    table = pd.DataFrame({
        "period": t,
        "actual": actual,
        "observed": t <= observed,
        "sbg": sbg,
        "constant_churn": constant,
        "actual_retention": rates(actual),
        "sbg_retention": rates(sbg),
        "constant_retention": rates(constant),
    })
    at_bound = tuple(name for name, value in model.params_.items() if abs(np.log(value)) > _LOG_BOUND - 0.5)
    collapsed = bool(at_bound) or bool(model.params_["alpha"] + model.params_["beta"] > 1e4)
    summary = {"observed_periods": observed, "alpha": model.params_["alpha"], "beta": model.params_["beta"],
               "churn": churn}
    held = (~table["observed"]) & table["actual"].notna() & (table["actual"] > 0)
    if held.any():
        truth = table.loc[held, "actual"]
        summary["sbg_error"] = float(np.mean(np.abs(table.loc[held, "sbg"] / truth - 1)))
        summary["constant_error"] = float(np.mean(np.abs(table.loc[held, "constant_churn"] / truth - 1)))
    return RetentionProjection(table, model, churn, pd.Series(summary, dtype=float), bool(model.converged_),
                               at_bound, collapsed)


@checked(P.SBG_ALPHA, P.SBG_BETA, P.N_PERIODS)
def sbg_curves(alpha, beta, n_periods: int = 12) -> pd.DataFrame:
    """sBG survival and retention next to the constant churn with the same first-period churn.

    The first-period churn of the sBG is the mean of the beta distribution,
    :math:`c_1 = \\alpha/(\\alpha+\\beta)`; a homogeneous cohort with that churn every period has
    :math:`S(t) = (1 - c_1)^t`. Columns: ``period``, ``survival``, ``retention_rate``
    (:math:`(\\beta+t-1)/(\\alpha+\\beta+t-1)`, NaN at 0), ``constant_survival``,
    ``constant_retention``. The two agree in period 1 and part afterwards: heterogeneity keeps
    more customers in the long run.

    >>> sbg_curves(1.0, 3.0, n_periods=2)[["survival", "constant_survival"]].round(4).values.tolist()
    [[1.0, 1.0], [0.75, 0.75], [0.6, 0.5625]]
    """
    model = ShiftedBetaGeometric.from_params(alpha=alpha, beta=beta)
    n_periods = int(n_periods)
    t = np.arange(n_periods + 1)
    first_churn = model.params_["alpha"] / (model.params_["alpha"] + model.params_["beta"])
    return pd.DataFrame({
        "period": t,
        "survival": model.survival(t),
        "retention_rate": np.concatenate(([np.nan], model.retention_rate(t[1:]))),
        "constant_survival": (1 - first_churn) ** t,
        "constant_retention": np.concatenate(([np.nan], np.full(n_periods, 1 - first_churn))),
    })


@checked(P.DISCOUNT_RATE, P.RENEWALS, P.VALUE_PER_PERIOD, model=P.FITTED_SBG)
def residual_lifetime_table(model: ShiftedBetaGeometric, discount_rate, renewals=range(11),
                            value_per_period: float = 1.0) -> pd.DataFrame:
    """What a customer who has renewed ``n`` times is still worth, for several ``n``.

    Columns: ``renewals``; ``next_renewal``, the probability of the next renewal,
    :math:`r_{n+1} = (\\beta+n)/(\\alpha+\\beta+n)`; ``derl``, the discounted expected residual
    lifetime in periods (:meth:`ShiftedBetaGeometric.discounted_expected_residual_lifetime`);
    and ``value`` = ``value_per_period`` x ``derl``. Both rise with ``renewals``: the customers
    who have stayed are the ones with low churn. With ``discount_rate`` 0 and :math:`\\alpha \\le 1`
    both are ``inf``: undiscounted, the expected remaining lifetime has no end.

    >>> model = ShiftedBetaGeometric.from_params(alpha=2.0, beta=3.0)
    >>> residual_lifetime_table(model, 0.0, renewals=[0, 1])["derl"].round(6).tolist()   # (beta+n)/(alpha-1)
    [3.0, 4.0]
    """
    made = as_values("renewals", renewals, low=0, integer=True)
    value_per_period, rate = float(value_per_period), float(discount_rate)
    derl = np.asarray(model.discounted_expected_residual_lifetime(np.full(made.size, rate), made))
    return pd.DataFrame({
        "renewals": made.astype(int),
        "next_renewal": np.asarray(model.retention_rate(made + 1)),
        "derl": derl,
        "value": value_per_period * derl,
    })


@checked(P.CHURN, P.DISCOUNT_RATE)
def constant_churn_derl(churn, discount_rate) -> float:
    """Discounted expected residual lifetime under a constant churn: the same after any number of renewals.

    With one churn :math:`c` for everybody, a customer's past tells nothing about her future:
    whatever she has done, her next renewal happens with probability :math:`1-c`, and from then on
    she is a new customer again, worth chapter 03's :math:`(1+d)/(d+c)` periods. So

    .. math::

        \\text{DERL} = \\sum_{t=1}^{\\infty} \\frac{(1-c)^t}{(1+d)^{t-1}} = (1-c)\\,\\frac{1+d}{d+c},

    counted like :meth:`ShiftedBetaGeometric.discounted_expected_residual_lifetime` (the next
    renewal undiscounted). Compare it with the sBG's DERL, which grows with the renewals made.

    >>> round(constant_churn_derl(0.2, 0.1), 4)        # 0.8 x 1.1 / 0.3
    2.9333
    """
    churn, rate = float(churn), float(discount_rate)
    return float((1 - churn) * (1 + rate) / (rate + churn))


@checked(P.SURVIVAL, P.MONTHS, P.MONTHS_PER_PERIOD)
def monthly_survival(survival, months: int, months_per_period: int = 12) -> np.ndarray:
    """A survival curve by month, :math:`S(0..\\text{months})`, from one by longer periods (years).

    Customers on yearly contracts (paid monthly) can leave only at a renewal, so in month
    :math:`m` (counted from 0) the share still paying is the survival after the renewals made so
    far: :math:`S_{\\text{month}}(m) = S(\\lfloor m / 12 \\rfloor)`. ``survival`` is a fitted
    :class:`ShiftedBetaGeometric` or an array of yearly values :math:`S(0) = 1, S(1), \\dots`
    (long enough for ``months``), e.g. a constant churn's :math:`(1-c)^t`. The result goes into
    :func:`cslearn.project_pnl` as ``survival``.

    >>> model = ShiftedBetaGeometric.from_params(alpha=1.0, beta=1.0)
    >>> monthly_survival(model, 4, months_per_period=2).tolist()     # S(0), S(0), S(1), S(1), S(2)
    [1.0, 1.0, 0.5, 0.5, 0.3333333333333333]
    >>> monthly_survival(0.8 ** np.arange(3), 4, months_per_period=2).round(2).tolist()
    [1.0, 1.0, 0.8, 0.8, 0.64]
    """
    months, months_per_period = int(months), int(months_per_period)
    periods = np.arange(months + 1) // months_per_period
    if isinstance(survival, ShiftedBetaGeometric):
        return np.asarray(survival.survival(periods), dtype=float)
    curve = check_array("survival", survival, 0, 1)
    if curve.size <= periods[-1]:
        raise ValueError(f"survival must have at least {periods[-1] + 1} values for {months} months "
                         f"(got {curve.size})")
    return curve[periods]
