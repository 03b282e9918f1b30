"""Counts vs rates (C25): a repeat rate can rise while the number of fans falls.

Seed 002 warns that a shop that watches only percentages chases efficiency and loses sight of
its customers; it suggests watching the *actual numbers* (実数値), which accumulate: how many
fans there are, what they say, and how many leave (離脱数). (What they say is text; this module
counts people. Chapter 05 reads the words with :mod:`cslearn.loyalty.reviews`.)

The arithmetic behind the warning is a change of mix. Split the base into fans (who buy again
often and rarely leave) and casual buyers (who seldom buy again and leave quickly). New customers
arrive as casual buyers; of the casual buyers who stay, a share ``kappa`` (``conversion``) become
fans each month. With ``F_t`` fans and ``C_t`` casual customers at the start of month ``t``:

.. math::

    F_{t+1} = F_t (1 - \\lambda_F) + \\kappa C_t (1 - \\lambda_C), \\qquad
    C_{t+1} = (1 - \\kappa) C_t (1 - \\lambda_C) + \\text{new}_t, \\qquad
    \\text{repeat rate}_t = \\frac{F_t p_F + C_t p_C}{F_t + C_t}.

With ``kappa = 0`` (the default) fans are never replenished, so their number can only shrink.
When casual customers leave faster than new ones come, the base shrinks towards its fans, whose
repeat probability ``p_F`` is high, so the rate climbs even as the number of repeat buyers falls.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cslearn._validate import check_frame, check_int, check_number, check_rate

__all__ = ["simulate_repeat_base", "counts_and_rates"]


def simulate_repeat_base(
    months: int = 12,
    *,
    fans=300,
    casuals=700,
    new_per_month=30,
    fan_churn=0.03,
    casual_churn=0.15,
    fan_repeat=0.8,
    casual_repeat=0.2,
    conversion=0.0,
    seed: int | None = None,
) -> pd.DataFrame:
    """Month-by-month counts of a shop's customers: fans, casual buyers, repeaters and leavers.

    Follows the recurrence in the module docstring; new customers arrive as casual buyers, and a
    share ``conversion`` of the casual buyers who stay become fans each month (0: fans are never
    replenished, an assumption worth questioning). With
    ``seed=None`` the table holds expected values; with a seed, leavers and repeat buyers are
    binomial draws (whole customers).

    Columns: ``month`` (from 1), ``customers`` (at the start of the month), ``fans``, ``casuals``,
    ``new``, ``repeaters`` (customers who bought again this month), ``leavers`` (customers who
    left this month) and ``converted`` (casual buyers who became fans this month).

    >>> table = simulate_repeat_base(2, fans=100, casuals=100, new_per_month=0, fan_churn=0.1,
    ...                              casual_churn=0.5, fan_repeat=1.0, casual_repeat=0.0)
    >>> table[["customers", "repeaters", "leavers"]].values.tolist()
    [[200.0, 100.0, 60.0], [140.0, 90.0, 34.0]]
    """
    months = check_int("months", months, low=1, high=600)
    f = check_number("fans", fans, low=0)
    c = check_number("casuals", casuals, low=0)
    new = check_number("new_per_month", new_per_month, low=0)
    lam_f, lam_c = check_rate("fan_churn", fan_churn), check_rate("casual_churn", casual_churn)
    p_f, p_c = check_rate("fan_repeat", fan_repeat), check_rate("casual_repeat", casual_repeat)
    kappa = check_rate("conversion", conversion)
    rng = None if seed is None else np.random.default_rng(check_int("seed", seed, low=0))
    if rng is not None:
        f, c, new = round(f), round(c), round(new)
    rows = np.empty((months, 7))
    for t in range(months):  # a recurrence over months, vectorised within each month
        if rng is None:
            repeaters = f * p_f + c * p_c
            left_f, left_c = f * lam_f, c * lam_c
            converted = (c - left_c) * kappa
        else:
            repeaters = rng.binomial(int(f), p_f) + rng.binomial(int(c), p_c)
            left_f, left_c = rng.binomial(int(f), lam_f), rng.binomial(int(c), lam_c)
            converted = rng.binomial(int(c - left_c), kappa)
        rows[t] = (f + c, f, c, new, repeaters, left_f + left_c, converted)
        f, c = f - left_f + converted, c - left_c - converted + new
    table = pd.DataFrame(rows, columns=["customers", "fans", "casuals", "new", "repeaters", "leavers", "converted"])
    table.insert(0, "month", np.arange(1, months + 1))
    return table


def counts_and_rates(table: pd.DataFrame) -> pd.DataFrame:
    """The dashboard: repeat rate beside the counts it is made of, and where they disagree.

    ``table`` needs ``month``, ``customers``, ``repeaters`` and ``leavers`` (as from
    :func:`simulate_repeat_base`, or your own shop's numbers). Adds ``repeat_rate`` =
    repeaters / customers, ``churn_rate`` = leavers / customers, the month-on-month changes
    ``rate_change`` and ``repeaters_change`` (0 in the first month), and ``rate_hides_decline``:
    True in a month whose rate rose while the number of repeat buyers fell.

    >>> shop = pd.DataFrame({"month": [1, 2], "customers": [1000, 600], "repeaters": [300, 240],
    ...                      "leavers": [400, 100]})
    >>> counts_and_rates(shop)[["repeat_rate", "rate_hides_decline"]].values.tolist()
    [[0.3, False], [0.4, True]]
    """
    check_frame("table", table, ["month", "customers", "repeaters", "leavers"])
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
    return out
