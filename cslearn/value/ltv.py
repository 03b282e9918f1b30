"""Lifetime value (LTV, 顧客生涯価値) of one customer, payback of its acquisition cost, LTV/CAC.

The course's convention
-----------------------
A customer joins at the start of month 1 and pays that month (the first payment is counted).
Each later month they are still a customer with probability :math:`S(t)`, the survival curve,
where :math:`t = 0, 1, 2, \\dots` counts the renewals and :math:`S(0) = 1`. With a constant
monthly churn :math:`c`, :math:`S(t) = (1 - c)^t`. A payment made :math:`t` months after the
first is discounted by :math:`(1 + d)^{-t}` (monthly discount rate :math:`d`), and the monthly
price may grow with tenure by an expansion rate :math:`g` (upsell and cross-sell): the price at
tenure :math:`t` is :math:`\\text{ARPU}\\,(1 + g)^t`. With gross margin :math:`m`,

.. math::

    \\text{LTV} = \\sum_{t=0}^{\\infty} m\\,\\text{ARPU}\\,S(t)\\,\\frac{(1+g)^t}{(1+d)^t}
                = \\sum_{t=0}^{\\infty} m\\,\\text{ARPU}\\,q^t
                = \\frac{m\\,\\text{ARPU}\\,(1 + d)}{d + c - g\\,(1 - c)},
    \\qquad q = \\frac{(1 - c)(1 + g)}{1 + d},

which is finite only when :math:`q < 1`. Without expansion and discounting it is the familiar
:math:`m\\,\\text{ARPU}/c`: 10,000 yen a month at 5 % churn is worth 200,000 yen.

The textbook convention of Gupta & Lehmann (2003) starts after the first period; see
:func:`textbook_lifetime_value` for how the two agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from cslearn._validate import check_array
from cslearn.params import checked
from cslearn.value.parameters import (
    ARPU,
    CAC,
    DISCOUNT_RATE,
    EXPANSION,
    HORIZON,
    LTV_ARPU,
    LTV_CAC,
    LTV_CHURN,
    LTV_DISCOUNT_RATE,
    LTV_EXPANSION,
    LTV_MARGIN,
    LTV_RETENTION,
    MARGIN,
    MARGIN_PER_PERIOD,
    PAYBACK_MONTHS,
    POSITIVE_CAC,
    SURVIVAL,
    free,
)

__all__ = [
    "lifetime_value",
    "textbook_lifetime_value",
    "survival_lifetime_value",
    "payback_months",
    "ltv_to_cac",
    "compare_ltv_conventions",
    "max_churn_for_payback",
    "LIFETIME_MONTHS",
]

#: Horizon (months) used when a survival curve is a function and no horizon is given: 100 years.
LIFETIME_MONTHS = 1200


def _value(value):
    """A checked number as a float, a checked sequence of numbers as an ndarray (its shape kept)."""
    if isinstance(value, (np.ndarray, pd.Series, list, tuple)):
        return np.asarray(value, dtype=float)
    return float(value)


def _finite(value, what: str):
    """``value`` unless it overflowed (inf or NaN from finite inputs): then a ValueError naming ``what``."""
    if not np.all(np.isfinite(np.asarray(value, dtype=float))):
        raise ValueError(f"{what} give a value too large to compute (it overflows a float); "
                         "give a smaller expansion or a shorter horizon")
    return value


def _result(value, *inputs):
    """A float when every input was a scalar, else an ndarray."""
    if all(isinstance(item, float) for item in inputs):
        return float(np.asarray(value))
    return np.asarray(value, dtype=float)


def _ratio_minus_one(churn, discount_rate, expansion):
    """:math:`q - 1 = (g(1 - c) - c - d)/(1 + d)`, computed without the cancellation of ``q - 1``."""
    return (expansion * (1 - churn) - churn - discount_rate) / (1 + discount_rate)


def _geometric_sum(qm1, n):
    """:math:`\\sum_{t=0}^{n-1} q^t = (q^n - 1)/(q - 1)` from ``qm1 = q - 1``, accurate near q = 1."""
    qm1 = np.asarray(qm1, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        general = np.expm1(n * np.log1p(qm1)) / qm1
    return np.where(n == 0, 0.0, np.where(qm1 == 0, n, general))


def _rates(arpu, churn, margin, discount_rate, expansion):
    """The checked arguments as floats or arrays (their declarations checked them)."""
    return tuple(_value(item) for item in (arpu, churn, margin, discount_rate, expansion))


def _require_finite(churn, discount_rate, expansion) -> None:
    """Refuse the combinations whose infinite sum diverges, naming the argument at fault."""
    c, d, g = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (churn, discount_rate, expansion)))
    if np.any((c == 0) & (d == 0) & (g == 0)):
        raise ValueError(
            "churn must be greater than 0 and at most 1 when discount_rate is 0 (got 0): a customer "
            "who never leaves has no finite lifetime value; give a discount_rate or a horizon"
        )
    bad = d + c - g * (1 - c) <= 0
    if np.any(bad):
        limit = ((d + c) / np.where(c < 1, 1 - c, 1.0))[bad].flat[0]
        got = g[bad].flat[0]
        raise ValueError(
            f"expansion must be less than (discount_rate + churn) / (1 - churn) = {limit:.4g} for a finite "
            f"lifetime value (got {got:g}): the price grows faster than customers leave; give a horizon"
        )


@checked(*free(LTV_ARPU, LTV_CHURN, LTV_MARGIN, LTV_DISCOUNT_RATE, LTV_EXPANSION, HORIZON))
def lifetime_value(arpu, churn, margin=1.0, discount_rate=0.0, expansion=0.0, *, horizon=None):
    """Expected (discounted) gross margin of one customer under a constant monthly churn.

    The first month's payment is counted (the course's convention; see the module docstring):

    .. math::

        \\text{LTV} = \\sum_{t=0}^{H-1} m\\,\\text{ARPU}\\,q^t, \\qquad
        q = \\frac{(1 - c)(1 + g)}{1 + d},

    which for :math:`H = \\infty` is :math:`m\\,\\text{ARPU}(1 + d)/(d + c - g(1 - c))`, and without
    expansion :math:`m\\,\\text{ARPU}(1 + d)/(d + c)`, or :math:`m\\,\\text{ARPU}/c` undiscounted.

    Parameters
    ----------
    arpu : monthly revenue per customer in yen (>= 0), at tenure 0.
    churn : monthly churn rate in [0, 1]; 0 only with a discount_rate > 0, a horizon, or a
        shrinking price (expansion < 0).
    margin : gross margin, a share in [0, 1].
    discount_rate : monthly discount rate (>= 0).
    expansion : monthly growth of a customer's price with tenure (> -1), from upsell/cross-sell.
        Without a horizon it must keep :math:`q < 1`, i.e. :math:`g < (d + c)/(1 - c)`.
    horizon : months to count (a whole number >= 1), or None for the customer's whole life.

    Scalars give a float; arrays broadcast and give an ndarray.

    >>> lifetime_value(10_000, 0.05)
    200000.0
    >>> round(lifetime_value(10_000, 0.05, margin=0.8, discount_rate=0.01))
    134667
    >>> lifetime_value(10_000, [0.05, 0.10])
    array([200000., 100000.])
    """
    arpu, churn, margin, discount_rate, expansion = _rates(arpu, churn, margin, discount_rate, expansion)
    if horizon is None:
        _require_finite(churn, discount_rate, expansion)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = (
                margin * arpu * (1 + discount_rate) / (discount_rate + churn - expansion * (1 - churn))
            )
    else:
        value = margin * arpu * _geometric_sum(_ratio_minus_one(churn, discount_rate, expansion), int(horizon))
    _finite(value, "arpu, churn, discount_rate and expansion")
    return _result(value, arpu, churn, margin, discount_rate, expansion)


@checked(*free(MARGIN_PER_PERIOD, LTV_RETENTION, LTV_DISCOUNT_RATE))
def textbook_lifetime_value(margin_per_period, retention, discount_rate=0.0):
    """Customer lifetime value as in Gupta & Lehmann (2003): :math:`m\\,r/(1 + i - r)`.

    Gupta, S. and Lehmann, D. R. (2003), "Customers as assets", *Journal of Interactive
    Marketing* 17(1), 9-24, value a customer as :math:`\\sum_{t=1}^{\\infty} m\\,r^t/(1+i)^t
    = m\\,r/(1 + i - r)`, with margin :math:`m` per period (in yen), retention :math:`r` and
    discount rate :math:`i`. In their timing a margin is earned at the *end* of each period, and
    only if the customer stayed through it (probability :math:`r^t` for period :math:`t`),
    discounted by a full period. The course bills at the *start* of the month, so the first
    margin is certain and undiscounted (:func:`lifetime_value`). With
    :math:`m = \\text{margin} \\times \\text{ARPU}` and :math:`r = 1 - c`,

    .. math::

        \\underbrace{\\frac{m\\,(1 + i)}{i + c}}_{\\text{course}}
        = m + \\underbrace{\\frac{m\\,r}{1 + i - r}}_{\\text{textbook}},

    because :math:`m + m r/(1+i-r) = m(1 + i)/(1 + i - r)` and :math:`1 + i - r = i + c`.
    Equivalently course = textbook :math:`\\times (1 + i)/r`: one period earlier, and not
    conditional on surviving the first period.

    >>> round(textbook_lifetime_value(10_000, 0.95))
    190000
    >>> round(textbook_lifetime_value(10_000, 0.95) + 10_000) == round(lifetime_value(10_000, 0.05))
    True
    """
    margin_per_period, retention, discount_rate = (_value(x) for x in (margin_per_period, retention, discount_rate))
    r, i = np.broadcast_arrays(np.asarray(retention), np.asarray(discount_rate))
    if np.any((r == 1) & (i == 0)):
        raise ValueError(
            "retention must be less than 1 when discount_rate is 0 (got 1): the sum does not converge"
        )
    value = margin_per_period * retention / (1 + discount_rate - retention)
    return _result(value, margin_per_period, retention, discount_rate)


def _survival_array(survival, length: int | None = None, name: str = "survival") -> np.ndarray:
    """Check a survival curve (array or callable t -> S(t)) and return S(0..length-1).

    An array must start at 1, stay within [0, 1] and never rise; it is cut to ``length`` values
    and must have at least that many. A callable is evaluated on ``t = 0, 1, ..., length - 1``
    (all at once if it accepts an array, else one month at a time).
    """
    if callable(survival):
        if length is None:
            length = LIFETIME_MONTHS
        ages = np.arange(length)
        try:
            values = np.asarray(survival(ages), dtype=float)
            if values.shape != ages.shape:
                raise ValueError
        except Exception:
            try:
                values = np.array([float(survival(int(t))) for t in ages])
            except Exception as error:
                raise ValueError(
                    f"{name} must be a function of the month t = 0, 1, 2, ... returning a share "
                    f"between 0 and 1 (calling it failed: {error})"
                ) from None
    else:
        values = check_array(name, survival)
        if length is None:
            length = values.size
        if values.size < length:
            raise ValueError(
                f"{name} must have at least {length} values S(0)..S({length - 1}) (got {values.size})"
            )
        values = values[:length]
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} must contain only finite numbers (found NaN or infinity)")
    if abs(values[0] - 1.0) > 1e-9:
        raise ValueError(
            f"{name} must start at S(0) = 1: everyone is there in their first month (got {values[0]:g})"
        )
    if np.any(values < -1e-12) or np.any(values > 1 + 1e-9):
        raise ValueError(f"every value of {name} must be between 0 and 1")
    if np.any(np.diff(values) > 1e-9):
        raise ValueError(f"{name} must never rise: a share of a cohort cannot come back")
    return np.minimum.accumulate(np.clip(values, 0.0, 1.0))


@checked(*free(SURVIVAL, ARPU, MARGIN, DISCOUNT_RATE, EXPANSION, HORIZON))
def survival_lifetime_value(
    survival: np.ndarray | Callable, arpu, margin=1.0, discount_rate=0.0, expansion=0.0, *, horizon=None
) -> float:
    """LTV under any survival curve, e.g. a fitted sBG model's ``survival`` (chapter 04).

    .. math::

        \\text{LTV} = \\sum_{t=0}^{H-1} m\\,\\text{ARPU}\\,S(t)\\,\\frac{(1+g)^t}{(1+d)^t}

    ``survival`` is an array :math:`S(0), S(1), \\dots` with :math:`S(0) = 1`, or a function of
    :math:`t` (accepting an integer array if it can). ``horizon`` defaults to the array's length,
    or to :data:`LIFETIME_MONTHS` (1,200 months) for a function. With :math:`S(t) = (1 - c)^t`
    this is :func:`lifetime_value` with the same horizon.

    For a function and no ``horizon`` the value stands for the customer's whole life, so, as in
    :func:`lifetime_value`, an ``expansion`` that outgrows the survival's decay and the discount
    (the sum still growing at month 1,200) is refused: give a ``horizon`` to count a fixed span.

    >>> round(survival_lifetime_value(lambda t: 0.95 ** t, 10_000))
    200000
    >>> survival_lifetime_value([1.0, 0.5, 0.25], 10_000)
    17500.0
    """
    horizon = None if horizon is None else int(horizon)
    curve = _survival_array(survival, horizon)
    arpu, margin, discount_rate, expansion = (float(x) for x in (arpu, margin, discount_rate, expansion))
    ages = np.arange(curve.size)
    with np.errstate(over="ignore"):
        weights = ((1 + expansion) / (1 + discount_rate)) ** ages
    if callable(survival) and horizon is None and expansion > discount_rate:
        _require_settled(curve, weights, expansion, discount_rate)
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(margin * arpu * np.sum(curve * weights))
    return _finite(value, "expansion and horizon")


def _require_settled(curve: np.ndarray, weights: np.ndarray, expansion: float, discount_rate: float) -> None:
    """Refuse a whole-life sum whose terms still grow at :data:`LIFETIME_MONTHS` (the price outgrows
    the survival's decay, so the sum has no finite limit), naming ``expansion`` and its limit as
    :func:`lifetime_value` does."""
    with np.errstate(over="ignore", invalid="ignore"):
        terms = curve * weights
        total = float(np.sum(terms))
    if np.isfinite(total) and (curve.size < 2 or terms[-1] <= 0 or terms[-1] < terms[-2]):
        return
    last, before = curve[-1], curve[-2] if curve.size > 1 else 1.0
    ratio = last / before if before > 0 else 0.0
    limit = (1 + discount_rate) / ratio - 1 if ratio > 0 else math.inf
    raise ValueError(
        f"expansion must be less than (1 + discount_rate) / (S(t) / S(t - 1)) - 1 = {limit:.4g} at month "
        f"{curve.size - 1:,} for a finite lifetime value (got {expansion:g}): the price grows faster than "
        f"customers leave; give a horizon"
    )


@checked(*free(LTV_CAC, LTV_ARPU, LTV_MARGIN, LTV_CHURN, LTV_DISCOUNT_RATE, LTV_EXPANSION))
def payback_months(cac, arpu, margin=1.0, churn=0.0, discount_rate=0.0, expansion=0.0):
    """Months until the expected margin of one acquired customer covers its acquisition cost.

    Convention: the customer pays at the start of each month they are still there (first month
    counted), and within a month the margin is taken to accrue evenly. After :math:`n` whole
    months the expected (discounted) margin is

    .. math::

        M(n) = m\\,\\text{ARPU} \\sum_{t=0}^{n-1} q^t, \\qquad q = \\frac{(1-c)(1+g)}{1+d},

    and the payback time is the :math:`n^*` where the straight line between the whole months
    crosses CAC: :math:`k - 1 + (\\text{CAC} - M(k-1))/(M(k) - M(k-1))` with :math:`k` the first
    month with :math:`M(k) \\ge \\text{CAC}`. So ``math.ceil(n)`` is the month *in which* the
    customer pays back, and with no churn :math:`n^* = \\text{CAC}/(m\\,\\text{ARPU})`. When the
    whole lifetime value is below CAC the customer never pays back: ``math.inf``.

    >>> payback_months(50_000, 10_000, margin=0.5)
    10.0
    >>> round(payback_months(50_000, 10_000, margin=0.8, churn=0.05), 2)
    7.31
    >>> payback_months(300_000, 10_000, churn=0.05)
    inf
    """
    cac = _value(cac)
    arpu, churn, margin, discount_rate, expansion = _rates(arpu, churn, margin, discount_rate, expansion)
    x = np.asarray(margin * arpu, dtype=float)
    qm1 = np.asarray(_ratio_minus_one(churn, discount_rate, expansion), dtype=float)
    cac_a, x, qm1 = np.broadcast_arrays(np.asarray(cac, dtype=float), x, qm1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_q = np.log1p(qm1)
        inside = cac_a * qm1 / x  # M(n) = CAC  <=>  q^n = 1 + inside
        never = (cac_a > 0) & ((x <= 0) | ((qm1 < 0) & (inside <= -1)))
        crossing = np.where(qm1 == 0, cac_a / x, np.log1p(inside) / log_q)
        crossing = np.where(never | ~np.isfinite(crossing), 1.0, crossing)
        k = np.maximum(np.ceil(crossing), 1.0)
        # guard against rounding pushing an exact whole month one month too far
        step_back = (k > 1) & (x * _geometric_sum(qm1, k - 1) >= cac_a * (1 - 1e-12))
        k = np.where(step_back, k - 1, k)
        before = x * _geometric_sum(qm1, k - 1)
        last = x * np.where(k == 1, 1.0, np.exp((k - 1) * log_q))
        fraction = np.clip((cac_a - before) / last, 0.0, 1.0)
        months = np.where(cac_a == 0, 0.0, k - 1 + fraction)
    months = np.where(never, np.inf, months)
    return _result(months, cac, arpu, churn, margin, discount_rate, expansion)


@checked(*free(LTV_ARPU, LTV_CHURN, POSITIVE_CAC, LTV_MARGIN, LTV_DISCOUNT_RATE, LTV_EXPANSION))
def ltv_to_cac(arpu, churn, cac, margin=1.0, discount_rate=0.0, expansion=0.0):
    """Ratio of lifetime value to acquisition cost: :math:`\\text{LTV}/\\text{CAC}`.

    LTV as in :func:`lifetime_value`. A common rule of thumb in subscription businesses is to aim
    for about 3 (a rule of thumb, not a law). ``cac`` must be greater than 0.

    >>> ltv_to_cac(10_000, 0.05, 50_000, margin=0.8)
    3.2
    """
    cac = _value(cac)
    value = lifetime_value(arpu, churn, margin, discount_rate, expansion) / np.asarray(cac)
    if isinstance(value, float) and isinstance(cac, float):
        return float(value)
    return np.asarray(value, dtype=float)


@checked(*free(ARPU, LTV_CHURN, MARGIN, DISCOUNT_RATE))
def compare_ltv_conventions(arpu, churn, margin=1.0, discount_rate=0.0) -> pd.DataFrame:
    """The course's LTV beside the textbook value of Gupta & Lehmann (2003), for several churns.

    With the margin per month :math:`M = m\\,\\text{ARPU}` and retention :math:`r = 1 - c`, the
    course counts the first payment, :math:`M(1 + d)/(d + c)` (:func:`lifetime_value`), the
    textbook starts after the first period, :math:`M r/(1 + d - r)`
    (:func:`textbook_lifetime_value`). Both are computed separately; ``difference`` (course minus
    textbook) equals ``first_margin`` :math:`= M` for every churn.

    Returns one row per churn with ``churn, retention, course_ltv, textbook_ltv, difference,
    first_margin``.

    >>> compare_ltv_conventions(10_000, [0.05, 0.10])[["course_ltv", "textbook_ltv", "difference"]].round()
       course_ltv  textbook_ltv  difference
    0    200000.0      190000.0     10000.0
    1    100000.0       90000.0     10000.0
    """
    churns = np.atleast_1d(np.asarray(churn, dtype=float)).reshape(-1)
    arpu, margin, discount_rate = float(arpu), float(margin), float(discount_rate)
    course = np.asarray(lifetime_value(arpu, churns, margin, discount_rate), dtype=float)
    if discount_rate == 0 and np.any(1 - churns == 1):  # a churn so small that 1 - churn rounds to 1
        raise ValueError(f"churn must be at least {np.finfo(float).epsneg:.3g} when discount_rate is 0 (got "
                         f"{churns[1 - churns == 1][0]:g}): the retention 1 - churn rounds to 1, whose textbook sum "
                         f"does not converge")
    textbook = np.asarray(textbook_lifetime_value(margin * arpu, 1 - churns, discount_rate), dtype=float)
    return pd.DataFrame(
        {
            "churn": churns,
            "retention": 1 - churns,
            "course_ltv": course,
            "textbook_ltv": textbook,
            "difference": course - textbook,
            "first_margin": np.full(churns.size, margin * arpu),
        }
    )


@checked(*free(CAC, ARPU, PAYBACK_MONTHS, MARGIN, DISCOUNT_RATE, EXPANSION))
def max_churn_for_payback(cac, arpu, months, margin=1.0, discount_rate=0.0, expansion=0.0) -> float:
    """The highest monthly churn at which one new customer still pays back ``cac`` within ``months``.

    One customer's expected (discounted) margin after :math:`n` months is
    :math:`M(n; c) = m\\,\\text{ARPU}\\sum_{t=0}^{n-1} q^t` with :math:`q = (1-c)(1+g)/(1+d)`
    (as in :func:`payback_months`), which falls as churn :math:`c` rises. The answer is the
    :math:`c^*` with :math:`M(n; c^*) = \\text{CAC}`, found by root-finding (Brent's method);
    for any churn up to :math:`c^*` :func:`payback_months` is at most ``months``. It is 1 when
    even a customer who leaves after the first month pays back, and a ``ValueError`` is raised
    when no churn, not even 0, pays back in time.

    >>> churn = max_churn_for_payback(50_000, 10_000, 12, margin=0.8)
    >>> round(churn, 4), round(payback_months(50_000, 10_000, 0.8, churn=churn), 6)
    (0.1299, 12.0)
    """
    cac, arpu, margin, discount_rate, expansion = (float(x) for x in (cac, arpu, margin, discount_rate, expansion))
    months = int(months)

    def shortfall(churn: float) -> float:
        return margin * arpu * float(_geometric_sum(_ratio_minus_one(churn, discount_rate, expansion), months)) - cac

    if shortfall(1.0) >= 0:
        return 1.0
    if shortfall(0.0) < 0:
        raise ValueError(
            f"cac must be at most {cac + shortfall(0.0):,.0f} (what a customer who never leaves brings in "
            f"{months} months: margin x arpu, grown by expansion, discounted by discount_rate) for a payback "
            f"within {months} months (got {cac:,.0f}); raise arpu, margin or expansion, or lower cac"
        )
    return float(brentq(shortfall, 0.0, 1.0, xtol=1e-12))
