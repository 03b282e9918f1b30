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

from cslearn.business_models._engine import Recorder, finish, lifetimes, simulator, start, start_expected, twin
from cslearn.business_models._exact import expected_result, propagate
from cslearn.business_models.parameters import SHOT

__all__ = ["simulate_shot", "expected_shot"]

ALIVE, GONE = "alive", "gone"
_ZERO = {"visits": 0.0, "revenue": 0.0}


@simulator(SHOT)
def simulate_shot(n_customers: int = 10_000, months: int = 36, *, rng=0, detail: bool | None = None, **params):
    """Simulate a cohort under the shot model: one sale, returns only by chance.

    The tidy frame has ``customer, month, visits, revenue, active``.

    >>> result = simulate_shot(1_000, 12, rng=1)
    >>> float(result.table["revenue_per_customer"].iloc[0])
    10000.0
    >>> result.to_frame().shape
    (12000, 5)
    """
    gen, n, months, keep, params = start(SHOT, rng, n_customers, months, detail, params)
    life = lifetimes(gen, params["lapse"], n, months)
    rec = Recorder(n, months, keep)
    rec.record(1, visits=1, active=True, priced=[(params["price"], 1)])
    p = np.float32(params["return_prob"])
    for t in range(2, months + 1):
        u = gen.random(n, dtype=np.float32)
        visit = (u < p) & (life >= t)
        rec.record(t, visits=visit, active=visit, priced=[(params["price"], visit)])
    return finish(SHOT.name, params, rec)


@twin(SHOT)
def expected_shot(months: int = 36, **params):
    """Expected values per customer of ``simulate_shot`` (no randomness).

    ``revenue_t = price`` in month 1 and ``price * return_prob * (1 - lapse)^(t-1)`` after;
    the share who have come back by month ``t`` is ``1 - P(no return in months 2..t)``.

    >>> ev = expected_shot(months=3, price=10_000, return_prob=0.1, lapse=0.0)
    >>> ev.table["revenue_per_customer"].round(6).tolist()
    [10000.0, 1000.0, 1000.0]
    >>> round(float(ev.summary["share_returned"]), 6)  # 1 - 0.9**2
    0.19
    """
    months, params = start_expected(SHOT, months, params)
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

    return expected_result(SHOT.name, params, propagate(months, {"new": 1.0}, step))
