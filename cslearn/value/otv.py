"""One-time value (OTV, ワンタイムバリュー) vs subscription: how sure is next month's revenue?

A shot business (ショットモデル, 売り切り) sells to whoever walks in. Its demand follows the season and
is uncertain, while staff and stock must be paid for whether customers come or not: its P&L can
only be read after the fact (the past P&L, 過去のPL). A subscription knows its members: 1,000
members at 10,000 yen a month means about 10,000,000 yen arrives next month (*Customer Success??*), so it can
plan and invest now (the future P&L, 未来のPL).

Demand model of the shot business, month :math:`t` with calendar month :math:`k(t)`:

.. math::

    N_t \\sim \\text{Poisson}(\\lambda\\,s_{k(t)}\\,Z_t), \\qquad
    Z_t \\sim \\text{Gamma}(\\text{shape}=1/v^2, \\text{scale}=v^2),

a Poisson count around the seasonal mean :math:`\\lambda s_k`, shaken by a common monthly shock
:math:`Z_t` with mean 1 and coefficient of variation :math:`v` (weather, competitors, news).
Revenue is :math:`N_t \\times` price and profit is margin :math:`\\times` revenue minus the fixed
cost. The subscription bills its members: of :math:`M_{t-1}` members each stays with probability
:math:`1 - c` and new members arrive as :math:`\\text{Poisson}(a)`, so
:math:`M_t = \\text{Binomial}(M_{t-1}, 1-c) + \\text{Poisson}(a)`, revenue :math:`M_t \\times` fee.

The comparison is deliberately one-sided in one respect, an **assumption** to label: the shop's
demand gets the common shock :math:`Z_t` (25 % by default), the subscription none (its members'
choices are independent). A shock that hit the members too (a recession) would widen its
spread, though it still starts from the members it already has.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cslearn._validate import resolve_rng
from cslearn.params import checked
from cslearn.value.parameters import (
    DRAWS,
    FIXED_COST,
    MEMBERSHIP,
    PATHS,
    POSITIVE_MARGIN,
    RNG,
    SEASONALITY,
    SHOP,
    SHOT_SETTINGS,
    SIM_MONTHS,
    SUBSCRIPTION_SETTINGS,
    free,
)

__all__ = [
    "NIPPACHI_SEASONALITY",
    "simulate_shot_business",
    "simulate_subscription_business",
    "next_month_draws",
    "next_month_outlook",
    "break_even_revenue",
]

#: An illustrative monthly profile (January to December, mean 1) for a Japanese shop: February
#: and August slow (the rule of thumb ニッパチ, "two and eight", says just that) and, as a further
#: assumption of the course's own, December busy. Not data: change it.
NIPPACHI_SEASONALITY = (1.0, 0.75, 1.05, 1.0, 1.0, 0.9, 1.1, 0.75, 0.95, 1.0, 1.05, 1.45)

_COLUMNS = ["path", "month", "calendar_month", "customers", "revenue", "gross_profit", "fixed_cost", "profit"]


def _frame(customers: np.ndarray, calendar: np.ndarray, price: float, margin: float, fixed: float):
    paths, months = customers.shape
    revenue = customers * price
    gross = margin * revenue
    return pd.DataFrame(
        {
            "path": np.repeat(np.arange(paths), months),
            "month": np.tile(np.arange(1, months + 1), paths),
            "calendar_month": np.tile(calendar, paths),
            "customers": customers.reshape(-1),
            "revenue": revenue.reshape(-1),
            "gross_profit": gross.reshape(-1),
            "fixed_cost": np.full(paths * months, fixed),
            "profit": (gross - fixed).reshape(-1),
        },
        columns=_COLUMNS,
    )


@checked(*free(SIM_MONTHS, PATHS, SEASONALITY, RNG))
@SHOP.keywords
def simulate_shot_business(months=12, paths=1_000, *, rng=0, seasonality=NIPPACHI_SEASONALITY, **shop) -> pd.DataFrame:
    """Simulate ``paths`` possible futures of a one-shot business, month by month.

    ``customers`` is the average monthly number of buyers over a year; ``seasonality`` twelve
    multipliers (January first, rescaled to mean 1); ``demand_cv`` the month-to-month
    uncertainty :math:`v` (0: only Poisson noise); ``start_month`` the calendar month of month 1;
    ``fixed_cost`` the staff and stock paid every month whatever comes. Model in the module
    docstring. Returns a tidy DataFrame, one row per path and month, with ``path, month,
    calendar_month, customers, revenue, gross_profit, fixed_cost, profit``.
    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same
    seed gives the same result.

    >>> sim = simulate_shot_business(months=12, paths=2_000, rng=0)
    >>> feb, dec = (sim[sim.calendar_month == m].revenue.mean() for m in (2, 12))
    >>> bool(feb < 10_000_000 < dec)
    True
    """
    months, paths = int(months), int(paths)
    given = SHOP.resolve(shop)
    customers, price, margin, fixed_cost, demand_cv, start_month = given.values()
    season = np.asarray(seasonality, dtype=float)
    if season.sum() <= 0:
        raise ValueError("seasonality must have at least one month above 0")
    season = season / season.mean()
    rng = resolve_rng(rng)

    calendar = (start_month - 1 + np.arange(months)) % 12 + 1
    mean = customers * season[calendar - 1]
    if demand_cv**2 > 0:  # a demand_cv so small that its square is 0 (1e-300) is no shock at all
        shape = 1.0 / demand_cv**2
        shock = rng.gamma(shape, 1.0 / shape, size=(paths, months))
    else:
        shock = np.ones((paths, months))
    buyers = rng.poisson(mean * shock).astype(float)
    return _frame(buyers, calendar, price, margin, fixed_cost)


@checked(*free(SIM_MONTHS, PATHS, RNG))
@MEMBERSHIP.keywords
def simulate_subscription_business(months=12, paths=1_000, *, rng=0, **membership) -> pd.DataFrame:
    """Simulate ``paths`` futures of a subscription with ``members`` members today.

    Each month every member stays with probability ``1 - churn``, ``new_members`` join on
    average (Poisson; default ``members * churn``, which keeps the base steady), and the members
    of the month pay ``fee``. With ``churn=0`` and no new members next month's revenue is exactly
    ``members * fee``: 1,000 x 10,000 yen = 10,000,000 yen (*Customer Success??*). Same columns as
    :func:`simulate_shot_business` (``customers`` holds the members billed).
    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same
    seed gives the same result.

    >>> sim = simulate_subscription_business(months=1, paths=1_000, rng=0)
    >>> bool(abs(sim.revenue.mean() / 10_000_000 - 1) < 0.01)
    True
    >>> simulate_subscription_business(months=1, paths=3, churn=0.0, rng=0).revenue.tolist()
    [10000000.0, 10000000.0, 10000000.0]
    """
    months, paths = int(months), int(paths)
    members, fee, churn, new_members, margin, fixed_cost, start_month = MEMBERSHIP.resolve(membership).values()
    new_members = members * churn if new_members is None else new_members
    rng = resolve_rng(rng)

    counts = np.empty((paths, months))
    current = np.full(paths, members, dtype=np.int64)
    for t in range(months):  # each month builds on the last; vectorised over paths
        current = rng.binomial(current, 1.0 - churn) + rng.poisson(new_members, size=paths)
        counts[:, t] = current
    calendar = (start_month - 1 + np.arange(months)) % 12 + 1
    return _frame(counts, calendar, fee, margin, fixed_cost)


@checked(*free(DRAWS, RNG, SHOT_SETTINGS, SUBSCRIPTION_SETTINGS))
def next_month_draws(draws=10_000, *, rng=0, shot=None, subscription=None) -> pd.DataFrame:
    """Draws of next month for a shot business and a subscription, in one tidy DataFrame.

    Simulates ``draws`` futures of one month for each business (settings passed as dicts to
    :func:`simulate_shot_business` and :func:`simulate_subscription_business`; the defaults
    compare two businesses of the same size, about 10,000,000 yen a month, with the same
    costs). Returns the columns of those simulators plus ``business`` (``"shot"`` or
    ``"subscription"``), ``draws`` rows per business: the input of a histogram of next month.
    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same
    seed gives the same result.

    >>> sims = next_month_draws(2_000, rng=0)
    >>> sims.groupby("business")["revenue"].std().round(-4).to_dict()
    {'shot': 2530000.0, 'subscription': 80000.0}
    """
    draws = int(draws)
    rng = resolve_rng(rng)
    settings = {"shot": shot or {}, "subscription": subscription or {}}
    frames = [
        simulate_shot_business(1, draws, rng=rng, **settings["shot"]).assign(business="shot"),
        simulate_subscription_business(1, draws, rng=rng, **settings["subscription"]).assign(
            business="subscription"
        ),
    ]
    return pd.concat(frames, ignore_index=True)


@checked(*free(DRAWS, RNG, SHOT_SETTINGS, SUBSCRIPTION_SETTINGS))
def next_month_outlook(draws=10_000, *, rng=0, shot=None, subscription=None) -> pd.DataFrame:
    """Spread of next month's revenue and profit: shot business vs subscription.

    Summarises :func:`next_month_draws` (same arguments). Returns one row per business (index
    ``"shot"``, ``"subscription"``) with the mean, standard deviation and coefficient of
    variation (``cv = sd / mean``) of revenue, its 5 %, 50 % and 95 % quantiles, and the mean
    and 5 % quantile of profit and the probability of a loss.

    >>> outlook = next_month_outlook(5_000, rng=1)
    >>> bool(outlook.loc["shot", "cv"] > 10 * outlook.loc["subscription", "cv"])
    True
    """
    sims = next_month_draws(draws, rng=rng, shot=shot, subscription=subscription)
    rows = {}
    for name, sim in sims.groupby("business", sort=False):
        revenue, profit = sim["revenue"].to_numpy(), sim["profit"].to_numpy()
        mean, sd = revenue.mean(), revenue.std(ddof=1)
        low, mid, high = np.quantile(revenue, [0.05, 0.5, 0.95])
        rows[name] = {
            "mean": mean,
            "sd": sd,
            "cv": sd / mean if mean > 0 else 0.0,
            "p05": low,
            "p50": mid,
            "p95": high,
            "profit_mean": profit.mean(),
            "profit_p05": np.quantile(profit, 0.05),
            "loss_probability": float(np.mean(profit < 0)),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


@checked(*free(FIXED_COST, POSITIVE_MARGIN))
def break_even_revenue(fixed_cost, margin) -> float:
    """Revenue below which a month is a loss: :math:`R^* = F / m`.

    A month's profit is :math:`m R - F` (gross margin :math:`m` on revenue :math:`R`, fixed cost
    :math:`F`), which is negative exactly when :math:`R < F/m`. With the chapter's ¥4,000,000 of
    fixed costs and a 50 % margin the line sits at ¥8,000,000. ``margin`` must be above 0.

    >>> break_even_revenue(4_000_000, 0.5)
    8000000.0
    """
    return float(fixed_cost) / float(margin)
