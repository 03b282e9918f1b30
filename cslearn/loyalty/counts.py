"""Counts vs rates (C25): which numbers to steer a shop by.

Two calculations. The first is the point of *Happier life with CS*, which it calls looking at the
numbers "success-oriented" (成功重視型): a response rate ranks campaigns by efficiency, while the
counts behind it (how many customers came away satisfied, how many became fans, how many wrote
about it) can rank them the other way. :func:`campaign_counts` puts both side by side.

The second is the course's own addition, not the article's: a rate is a ratio, so a change in the
mix of customers moves it even when nobody behaves differently. Split the base into fans (who buy
again often, rarely leave and write most of the reviews and comments) and casual buyers (who
seldom buy again and leave quickly). New customers arrive as casual buyers; of the casual buyers
who stay, a share ``kappa`` (``conversion``) become fans each month. With ``F_t`` fans and ``C_t``
casual customers at the start of month ``t``:

.. math::

    F_{t+1} = F_t (1 - \\lambda_F) + \\kappa C_t (1 - \\lambda_C), \\qquad
    C_{t+1} = (1 - \\kappa) C_t (1 - \\lambda_C) + \\text{new}_t, \\qquad
    \\text{repeat rate}_t = \\frac{F_t p_F + C_t p_C}{F_t + C_t}, \\qquad
    \\text{words}_t = F_t w_F + C_t w_C.

With ``kappa = 0`` (the default) fans are never replenished, so their number can only shrink.
When casual customers leave faster than new ones come, the base shrinks towards its fans, whose
repeat probability ``p_F`` is high, so the rate climbs even as the number of repeat buyers falls;
when new casual customers keep the mix steady, the rate stays flat while fans and words dwindle
and leavers pile up. The rate sees neither.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cslearn._validate import check_array, resolve_rng
from cslearn.loyalty.parameters import CAMPAIGNS, CONVERSIONS, MONTHS, RANDOM, REPEAT_BASE, REPEAT_TABLE, RNG
from cslearn.params import checked

__all__ = ["campaign_counts", "simulate_repeat_base", "counts_and_rates", "counts_by_conversion"]


@checked(CAMPAIGNS)
def campaign_counts(campaigns: pd.DataFrame) -> pd.DataFrame:
    """Campaigns ranked by their response rate beside the counts of what they left behind.

    ``campaigns`` needs the columns ``campaign``, ``reached`` (customers the campaign reached),
    ``response_rate`` (share of them who responded), ``satisfied_share`` (share of the responders
    glad of it afterwards), ``fan_share`` (share of the responders who became fans) and
    ``words_share`` (share of the responders who wrote a review or comment). Adds the counts

    .. math::  \\text{responders} = \\text{reached} \\times \\text{response rate}, \\qquad
               \\text{satisfied} = \\text{responders} \\times \\text{satisfied share},

    and likewise ``unsatisfied``, ``fans`` and ``words``, and the ranks ``rank_by_rate`` and
    ``rank_by_fans`` (1 = best).

    >>> table = campaign_counts(pd.DataFrame({
    ...     "campaign": ["A", "B"], "reached": [1000, 1000], "response_rate": [0.2, 0.1],
    ...     "satisfied_share": [0.5, 0.9], "fan_share": [0.05, 0.2], "words_share": [0.1, 0.3]}))
    >>> table[["campaign", "responders", "satisfied", "fans", "rank_by_rate", "rank_by_fans"]].values.tolist()
    [['A', 200.0, 100.0, 10.0, 1, 2], ['B', 100.0, 90.0, 20.0, 2, 1]]
    """
    out = campaigns.copy()  # reached: whole numbers of at least 0, the shares 0 to 1 (declared)
    out["responders"] = out["reached"].astype(float) * out["response_rate"]
    out["satisfied"] = out["responders"] * out["satisfied_share"]
    out["unsatisfied"] = out["responders"] - out["satisfied"]
    out["fans"] = out["responders"] * out["fan_share"]
    out["words"] = out["responders"] * out["words_share"]
    out["rank_by_rate"] = out["response_rate"].rank(ascending=False, method="min").astype(int)
    out["rank_by_fans"] = out["fans"].rank(ascending=False, method="min").astype(int)
    return out


@checked(MONTHS, RANDOM, RNG)
@REPEAT_BASE.keywords
def simulate_repeat_base(months: int = 12, *, rng=0, random: bool = False, **params) -> pd.DataFrame:
    """Month-by-month counts of a shop's customers: fans, casual buyers, repeaters, leavers and words.

    Follows the recurrence in the module docstring; new customers arrive as casual buyers, and a
    share ``conversion`` of the casual buyers who stay become fans each month (0: fans are never
    replenished, an assumption worth questioning). A fan writes a review or comment in a month
    with probability ``fan_words``, a casual buyer with ``casual_words`` (assumptions of the
    course: fans talk more). With ``random=False`` (the default) the table holds expected values;
    with ``random=True``, leavers, repeat buyers and words are binomial draws (whole customers) from
    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same seed
    gives the same result.

    Columns: ``month`` (from 1), ``customers`` (at the start of the month), ``fans``, ``casuals``,
    ``new``, ``repeaters`` (customers who bought again this month), ``leavers`` (customers who
    left this month), ``converted`` (casual buyers who became fans this month) and ``words``
    (reviews and comments written this month).

    >>> table = simulate_repeat_base(2, fans=100, casuals=100, new_per_month=0, fan_churn=0.1,
    ...                              casual_churn=0.5, fan_repeat=1.0, casual_repeat=0.0)
    >>> table[["customers", "repeaters", "leavers"]].values.tolist()
    [[200.0, 100.0, 60.0], [140.0, 90.0, 34.0]]
    """
    months = int(months)  # a whole number of 1 to 600 (declared), 12.0 included
    values = REPEAT_BASE.resolve(params)
    f, c, new = values["fans"], values["casuals"], values["new_per_month"]
    lam_f, lam_c = values["fan_churn"], values["casual_churn"]
    p_f, p_c = values["fan_repeat"], values["casual_repeat"]
    kappa = values["conversion"]
    w_f, w_c = values["fan_words"], values["casual_words"]
    rng = resolve_rng(rng) if random else None
    if rng is not None:
        f, c, new = round(f), round(c), round(new)
    rows = np.empty((months, 8))
    for t in range(months):  # a recurrence over months, vectorised within each month
        if rng is None:
            repeaters = f * p_f + c * p_c
            left_f, left_c = f * lam_f, c * lam_c
            converted = (c - left_c) * kappa
            words = f * w_f + c * w_c
        else:
            repeaters = rng.binomial(int(f), p_f) + rng.binomial(int(c), p_c)
            left_f, left_c = rng.binomial(int(f), lam_f), rng.binomial(int(c), lam_c)
            converted = rng.binomial(int(c - left_c), kappa)
            words = rng.binomial(int(f), w_f) + rng.binomial(int(c), w_c)
        rows[t] = (f + c, f, c, new, repeaters, left_f + left_c, converted, words)
        f, c = f - left_f + converted, c - left_c - converted + new
    table = pd.DataFrame(rows, columns=["customers", "fans", "casuals", "new", "repeaters", "leavers", "converted",
                                       "words"])
    table.insert(0, "month", np.arange(1, months + 1))
    return table


@checked(REPEAT_TABLE)
def counts_and_rates(table: pd.DataFrame) -> pd.DataFrame:
    """The dashboard: repeat rate beside the counts it is made of, and where they disagree.

    ``table`` needs ``month``, ``customers``, ``repeaters`` and ``leavers`` (as from
    :func:`simulate_repeat_base`, or your own shop's numbers). Adds ``repeat_rate`` =
    repeaters / customers, ``churn_rate`` = leavers / customers, the month-on-month changes
    ``rate_change`` and ``repeaters_change`` (0 in the first month), ``rate_hides_decline``:
    True in a month whose rate rose while the number of repeat buyers fell, and the counts that
    accumulate: ``leavers_total`` and, if the table has ``words``, ``words_total`` (reviews and
    comments written so far).

    The rows are taken in the order of ``month`` (sorted, keeping their index labels), not in the
    order given; each month may appear once.

    >>> shop = pd.DataFrame({"month": [1, 2], "customers": [1000, 600], "repeaters": [300, 240],
    ...                      "leavers": [400, 100]})
    >>> counts_and_rates(shop)[["repeat_rate", "rate_hides_decline"]].values.tolist()
    [[0.3, False], [0.4, True]]
    """
    # the columns hold finite numbers (declared); a month may not repeat, and the rows go in its order
    repeated = table["month"][table["month"].duplicated()]
    if not repeated.empty:
        raise ValueError(f"table['month'] must hold each month once (month {repeated.iloc[0]!r} appears twice or more)")
    if "words" in table.columns:
        check_array("table['words']", table["words"], low=0)
    table = table.sort_values("month", kind="stable")
    customers = table["customers"].to_numpy(dtype=float)
    if (customers <= 0).any():
        raise ValueError("every value of table['customers'] must be greater than 0 (a rate needs a base)")
    for column in ("repeaters", "leavers"):
        values = table[column].to_numpy(dtype=float)
        if (values < 0).any() or (values > customers + 1e-9).any():
            raise ValueError(f"every value of table[{column!r}] must be between 0 and that month's customers")
    out = table.copy()
    out["repeat_rate"] = out["repeaters"] / customers
    out["churn_rate"] = out["leavers"] / customers
    out["rate_change"] = out["repeat_rate"].diff().fillna(0.0)
    out["repeaters_change"] = out["repeaters"].diff().fillna(0.0)
    out["rate_hides_decline"] = (out["rate_change"] > 1e-12) & (out["repeaters_change"] < -1e-12)
    out["leavers_total"] = out["leavers"].cumsum()
    if "words" in out.columns:
        out["words_total"] = out["words"].cumsum()
    return out


@checked(CONVERSIONS, MONTHS)
def counts_by_conversion(conversions=(0.0, 0.01, 0.02, 0.05), months: int = 12, **settings) -> pd.DataFrame:
    """The same shop for several shares ``kappa`` of casual buyers becoming fans each month.

    One row per ``conversion``: the repeat rate's lowest and highest month (``rate_low``,
    ``rate_high``) and its last month (``rate_last``) beside the counts at the end: ``fans_first``,
    ``fans_last``, ``leavers_total``, ``words_first`` and ``words_last`` (words written in the
    first and last month) and ``words_total``. ``settings`` go to :func:`simulate_repeat_base`.

    >>> table = counts_by_conversion([0.0, 0.05], months=12)
    >>> bool(table.loc[1, "fans_last"] > table.loc[0, "fans_last"])
    True
    """
    conversions = np.asarray(conversions, dtype=float)  # shares of 0 to 1 (declared)
    rows = []
    for kappa in conversions:
        table = counts_and_rates(simulate_repeat_base(months, conversion=float(kappa), **settings))
        first, last = table.iloc[0], table.iloc[-1]
        rows.append({"conversion": float(kappa), "rate_low": float(table["repeat_rate"].min()),
                     "rate_high": float(table["repeat_rate"].max()), "rate_last": float(last["repeat_rate"]),
                     "fans_first": float(first["fans"]), "fans_last": float(last["fans"]),
                     "leavers_total": float(last["leavers_total"]), "words_first": float(first["words"]),
                     "words_last": float(last["words"]), "words_total": float(last["words_total"])})
    return pd.DataFrame(rows)
