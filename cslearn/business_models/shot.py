"""Shot model (ショットモデル): one sale, collected at once (C7).

The shop sells a treatment at ``price`` and does nothing to bring the customer back. Any return
is chance: each month a customer who still remembers the shop comes back with probability
``return_prob``; each month from the second on they forget it (move away, find another shop)
with probability ``lapse``. With ``alive_t = (1 - lapse)^(t-1)`` the chance of still
remembering the shop in month ``t``:

.. math::

    E[\\text{revenue}_1] = \\text{price}, \\qquad
    E[\\text{revenue}_t] = \\text{price} \\cdot \\text{return\\_prob} \\cdot (1-\\text{lapse})^{t-1}
    \\quad (t \\ge 2)

so the expected revenue of a customer over a long horizon is
``price * (1 + return_prob * (1 - lapse) / lapse)``.

The default price, 10,000 yen, is the esthetic salon's list price for one treatment in *Customer Success??*
(the same salon runs the prepaid scheme of ``simulate_prepaid``). ``return_prob`` and ``lapse``
are assumptions, not figures from the article.
"""

from __future__ import annotations

import numpy as np

from cslearn._validate import check_number, check_rate
from cslearn.business_models._engine import (
    Recorder,
    check_sizes,
    finish,
    lifetimes,
    resolve_detail,
    resolve_rng,
)
from cslearn.business_models._exact import (
    expected_result,
    propagate,
)

__all__ = ["simulate_shot", "expected_shot"]

ALIVE, GONE = "alive", "gone"
_ZERO = {"visits": 0.0, "revenue": 0.0}


def _params(price, return_prob, lapse) -> dict:
    return {
        "price": check_number("price", price, low=0),
        "return_prob": check_rate("return_prob", return_prob),
        "lapse": check_rate("lapse", lapse),
    }


def simulate_shot(
    rng=None,
    n_customers: int = 10_000,
    months: int = 36,
    *,
    price=10_000,
    return_prob=0.10,
    lapse=0.05,
    detail: bool | None = None,
):
    """Simulate a cohort under the shot model: one sale, returns only by chance.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness; an int is a seed (same seed, same result).
    n_customers, months : int
        Cohort size (all acquired in month 1) and horizon in months.
    price : float
        Yen paid per visit. *Customer Success??*: 10,000 yen, the esthetic salon's treatment.
    return_prob : float
        Assumption: monthly chance that a customer who remembers the shop comes back (0.10).
    lapse : float
        Assumption: monthly chance of forgetting the shop for good (0.05).
    detail : bool or None
        Keep the customers x months arrays for ``to_frame()``; ``None``: only for small runs.

    The tidy frame has ``customer, month, visits, revenue, active``.

    >>> result = simulate_shot(rng=1, n_customers=1_000, months=12)
    >>> float(result.monthly["revenue_per_customer"].iloc[0])
    10000.0
    >>> result.to_frame().shape
    (12000, 5)
    """
    gen = resolve_rng(rng)
    n, months = check_sizes(n_customers, months)
    params = _params(price, return_prob, lapse)
    keep = resolve_detail(detail, n, months)
    life = lifetimes(gen, params["lapse"], n, months)
    rec = Recorder(n, months, keep)
    rec.record(1, visits=1, active=True, priced=[(params["price"], 1)])
    p = np.float32(params["return_prob"])
    for t in range(2, months + 1):
        u = gen.random(n, dtype=np.float32)
        visit = (u < p) & (life >= t)
        rec.record(t, visits=visit, active=visit, priced=[(params["price"], visit)])
    return finish("shot", params, rec)


def expected_shot(months: int = 36, *, price=10_000, return_prob=0.10, lapse=0.05):
    """Expected values per customer of ``simulate_shot`` (no randomness).

    ``revenue_t = price`` in month 1 and ``price * return_prob * (1 - lapse)^(t-1)`` after;
    the share who have come back by month ``t`` is ``1 - P(no return in months 2..t)``.

    >>> ev = expected_shot(months=3, price=10_000, return_prob=0.1, lapse=0.0)
    >>> ev.monthly["revenue_per_customer"].round(6).tolist()
    [10000.0, 1000.0, 1000.0]
    >>> round(float(ev.summary["share_returned"]), 6)  # 1 - 0.9**2
    0.19
    """
    _, months = check_sizes(1, months)
    params = _params(price, return_prob, lapse)
    pay = {"visits": 1.0, "revenue": params["price"]}
    p, c = params["return_prob"], params["lapse"]

    def step(state, t):
        if t == 1:
            return [(1.0, ALIVE, True, pay)]
        if state == GONE:
            return [(1.0, GONE, False, _ZERO)]
        return [
            (c, GONE, False, _ZERO),
            ((1 - c) * p, ALIVE, True, pay),
            ((1 - c) * (1 - p), ALIVE, False, _ZERO),
        ]

    monthly = propagate(months, {"new": 1.0}, step)
    return expected_result("shot", params, monthly)
