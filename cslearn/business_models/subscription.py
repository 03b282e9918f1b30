"""Retention models that bill the relationship: subscription, constant model, entry offer.

* **Subscription / flat rate (サブスク・定額制)** (C7, C9): a gym or a salon charges ``fee`` every
  month a member stays (plus an optional ``joining_fee`` in month 1). Each month from the
  second on, a member cancels with probability ``churn``:

  .. math:: E[\\text{revenue}_t] = \\text{fee}\\,(1-\\text{churn})^{t-1}, \\qquad
            E[\\text{lifetime revenue}] \\to \\text{fee} / \\text{churn}

  Visits (uses of the gym) do not change the bill; they are drawn as
  ``Binomial(max_visits, visit_rate / max_visits)`` per member-month.
* **Constant model (コンスタントモデル)** (C8): usage-based; each use costs ``unit_price`` and a
  customer who stays uses the service ``Binomial(max_uses, usage_rate / max_uses)`` times a month,
  so ``E[revenue_t] = unit_price * usage_rate * (1 - churn)^(t-1)``.
* **Entry offer (入口を広げる)** (C8): the first ``trial_months`` cost ``entry_price`` in total (free,
  or a token 5 yen), then a share ``conversion`` becomes paying members who churn like
  subscribers. The funnel is trial -> paid -> retained.

From *Customer Success??*: an entry price of "free, or 5 yen". The fee of 10,000 yen a month is
*chosen*: the article uses it in its LTV example (1,000 members at 10,000 yen bring in 10 million
yen next month), not as a gym's price. The constant model's
2,500 yen per use at 4 uses a month is chosen (not from the article) so that a customer who stays
spends the same 10,000 yen a month in expectation. Churn, conversion and usage rates are
assumptions.
"""

from __future__ import annotations

import numpy as np

from cslearn.business_models import _engine
from cslearn.business_models._engine import Extra, Recorder, finish, lifetimes, simulator, start, start_expected, twin
from cslearn.business_models._exact import expected_result, propagate
from cslearn.business_models.parameters import CONSTANT, ENTRY_OFFER, SUBSCRIPTION

__all__ = [
    "simulate_subscription",
    "expected_subscription",
    "simulate_constant",
    "expected_constant",
    "simulate_entry_offer",
    "expected_entry_offer",
]

STAGES = ("trial", "paid", "gone")
_ZERO = {"visits": 0.0, "revenue": 0.0}


@simulator(SUBSCRIPTION)
def simulate_subscription(n_customers: int = 10_000, months: int = 36, *, rng=0, detail: bool | None = None, **params):
    """Simulate a cohort of members who pay a flat ``fee`` each month until they cancel.

    Tidy frame: ``customer, month, visits, revenue, active`` (active = a paying member).

    >>> result = simulate_subscription(2_000, 6, rng=3, churn=0.0)
    >>> result.table["revenue_per_customer"].tolist()
    [10000.0, 10000.0, 10000.0, 10000.0, 10000.0, 10000.0]
    """
    gen, n, months, keep, params = start(SUBSCRIPTION, rng, n_customers, months, detail, params)
    life = lifetimes(gen, params["churn"], n, months)
    cuts = _engine.binomial_cuts(params["max_visits"], params["visit_rate"])
    rec = Recorder(n, months, keep)
    for t in range(1, months + 1):
        u = gen.random(n, dtype=np.float32)
        visits = _engine.count_from_uniform(u, cuts)
        if t == 1:
            rec.record(1, visits=visits, active=True, priced=[(params["fee"] + params["joining_fee"], 1)])
            continue
        member = life >= t
        np.multiply(visits, member, out=visits)
        rec.record(t, visits=visits, active=member, priced=[(params["fee"], member)])
    return finish(SUBSCRIPTION.name, params, rec)


@twin(SUBSCRIPTION)
def expected_subscription(months: int = 36, **params):
    """Expected values per customer of ``simulate_subscription``.

    ``revenue_t = fee (1 - churn)^(t-1)`` (plus ``joining_fee`` in month 1); the share still
    paying in month ``t`` is ``(1 - churn)^(t-1)``.

    >>> ev = expected_subscription(months=3, churn=0.1)
    >>> ev.table["revenue_per_customer"].round(6).tolist()
    [10000.0, 9000.0, 8100.0]
    """
    months, params = start_expected(SUBSCRIPTION, months, params)
    c, rate = params["churn"], params["visit_rate"]
    pay = {"visits": rate, "revenue": params["fee"]}

    def step(state, t):
        if t == 1:
            return [(1.0, "member", True, {"visits": rate, "revenue": params["fee"] + params["joining_fee"]})]
        if state == "gone":
            return [(1.0, "gone", False, _ZERO)]
        return [(c, "gone", False, _ZERO), (1 - c, "member", True, pay)]

    return expected_result(SUBSCRIPTION.name, params, propagate(months, {"new": 1.0}, step))


@simulator(CONSTANT)
def simulate_constant(n_customers: int = 10_000, months: int = 36, *, rng=0, detail: bool | None = None, **params):
    """Simulate the constant (usage-based) model: customers pay for each use while they stay.

    ``churn`` is the monthly chance that the customer stops using the service for good.

    Tidy frame: ``customer, month, visits (uses), revenue, active`` (active = at least one use).

    >>> result = simulate_constant(20_000, 2, rng=0, churn=0.0)
    >>> bool(abs(result.summary["revenue_per_customer"] - 20_000) < 200)
    True
    """
    gen, n, months, keep, params = start(CONSTANT, rng, n_customers, months, detail, params)
    life = lifetimes(gen, params["churn"], n, months)
    cuts = _engine.binomial_cuts(params["max_uses"], params["usage_rate"])
    rec = Recorder(n, months, keep)
    for t in range(1, months + 1):
        uses = _engine.count_from_uniform(gen.random(n, dtype=np.float32), cuts)
        if t >= 2:
            np.multiply(uses, life >= t, out=uses)
        rec.record(t, visits=uses, active=uses > 0, priced=[(params["unit_price"], uses)])
    return finish(CONSTANT.name, params, rec)


@twin(CONSTANT)
def expected_constant(months: int = 36, **params):
    """Expected values per customer of ``simulate_constant``.

    ``revenue_t = unit_price * usage_rate * (1 - churn)^(t-1)``; a customer who stays is active
    (uses the service at least once) with probability ``1 - (1 - usage_rate/max_uses)^max_uses``.

    >>> ev = expected_constant(months=2, churn=0.5)
    >>> ev.table["revenue_per_customer"].round(6).tolist()
    [10000.0, 5000.0]
    """
    months, params = start_expected(CONSTANT, months, params)
    rate, c = params["usage_rate"], params["churn"]
    a = _engine.active_share_binomial(params["max_uses"], rate)
    used = {"visits": rate / a, "revenue": params["unit_price"] * rate / a} if a > 0 else _ZERO

    def step(state, t):
        if state == "gone":
            return [(1.0, "gone", False, _ZERO)]
        stay = 1.0 if t == 1 else 1.0 - c
        return [
            (1.0 - stay, "gone", False, _ZERO),
            (stay * a, "alive", True, used),
            (stay * (1 - a), "alive", False, _ZERO),
        ]

    return expected_result(CONSTANT.name, params, propagate(months, {"alive": 1.0}, step))


@simulator(ENTRY_OFFER)
def simulate_entry_offer(n_customers: int = 10_000, months: int = 36, *, rng=0, detail: bool | None = None, **params):
    """Simulate a low-barrier entry offer converting to a subscription (trial -> paid -> retained).

    The ``entry_price`` pays for the whole trial, in month 1; then members pay ``fee`` as in
    ``simulate_subscription``.

    Tidy frame: ``customer, month, visits, revenue, active, stage`` with stage one of
    ``trial``, ``paid``, ``gone``; monthly columns ``share_trial``, ``share_paid``, ``share_gone``.

    >>> result = simulate_entry_offer(10_000, 3, rng=0, churn=0.0)
    >>> float(result.table["revenue_per_customer"].iloc[0])
    5.0
    >>> bool(abs(result.summary["share_converted"] - 0.30) < 0.02)
    True
    """
    gen, n, months, keep, params = start(ENTRY_OFFER, rng, n_customers, months, detail, params)
    converted = gen.random(n, dtype=np.float32) < np.float32(params["conversion"])
    life = lifetimes(gen, params["churn"], n, months)
    cuts = _engine.binomial_cuts(params["max_visits"], params["visit_rate"])
    trial = params["trial_months"]
    rec = Recorder(n, months, keep, extras=[Extra("stage", np.int8, STAGES)])
    for t in range(1, months + 1):
        visits = _engine.count_from_uniform(gen.random(n, dtype=np.float32), cuts)
        if t <= trial:
            rec.record(t, visits=visits, active=True, priced=[(params["entry_price"], int(t == 1))], stage=0)
            continue
        paid = converted & (life >= t - trial)
        np.multiply(visits, paid, out=visits)
        stage = np.subtract(np.int8(2), paid.view(np.int8))  # 1 = paid, 2 = gone
        rec.record(t, visits=visits, active=paid, priced=[(params["fee"], paid)], stage=stage)
    observed = trial < months
    extra = {"share_converted": float(converted.mean()) if observed else 0.0}
    extra["share_paying_last_month"] = float(rec.extra_sums["share_paid"][-1] / n)
    return finish(ENTRY_OFFER.name, params, rec, {"converted": converted & observed}, extra)


@twin(ENTRY_OFFER)
def expected_entry_offer(months: int = 36, **params):
    """Expected values per customer of ``simulate_entry_offer``.

    With trial length ``T``: ``revenue_1 = entry_price``, and for ``t > T``
    ``revenue_t = fee * conversion * (1 - churn)^(t - T - 1)``.

    >>> ev = expected_entry_offer(months=4, entry_price=0, conversion=0.5, churn=0.1)
    >>> ev.table["revenue_per_customer"].round(6).tolist()
    [0.0, 5000.0, 4500.0, 4050.0]
    """
    months, params = start_expected(ENTRY_OFFER, months, params)
    rate, c, conv, trial = params["visit_rate"], params["churn"], params["conversion"], params["trial_months"]
    pay = {"visits": rate, "revenue": params["fee"]}

    def step(state, t):
        if t <= trial:
            return [(1.0, "trial", True, {"visits": rate, "revenue": params["entry_price"] * (t == 1)})]
        if state == "trial":
            return [(conv, "paid", True, pay), (1 - conv, "gone", False, _ZERO)]
        if state == "gone":
            return [(1.0, "gone", False, _ZERO)]
        return [(c, "gone", False, _ZERO), (1 - c, "paid", True, pay)]

    def levels(state):
        return {f"share_{stage}": float(state == stage) for stage in STAGES}

    columns = [f"share_{stage}" for stage in STAGES]
    monthly = propagate(months, {"trial": 1.0}, step, columns, levels)
    extra = {
        "share_converted": conv if trial < months else 0.0,
        "share_paying_last_month": float(monthly["share_paid"].iloc[-1]),
    }
    return expected_result(ENTRY_OFFER.name, params, monthly, extra)
