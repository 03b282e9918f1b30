"""Prepaid balance (チャージ残高制) at the esthetic salon (C10).

The figures of *Customer Success??*: list price 10,000 yen, charge 10,000 yen, first treatment
from the charge 8,000 yen, so 2,000 yen remain. The mechanism the course models: an unused
balance is money the customer would lose by staying away, and that is the pull to return.

The chain of one customer, with balance ``b`` (yen) at the end of a month:

* month 1: charge ``charge`` (cash in), treatment at ``charged_price``:
  ``b = charge - charged_price`` (2,000 yen with the article's prices);
* each later month the customer first lapses (forgets the salon, keeps the unused balance)
  with probability ``lapse``; otherwise they visit with probability ``return_prob_balance``
  when ``b > 0`` and ``return_prob`` when ``b = 0``;
* at a visit they charge again with probability ``recharge_prob`` (cash ``charge``, treatment at
  ``charged_price``, ``b -> b + charge - charged_price``); otherwise they pay the list
  ``price`` from the balance first: cash ``max(price - b, 0)``, ``b -> max(b - price, 0)``.

``revenue`` is the cash taken in a month (a charge is cash before it is service: the
``balance_per_customer`` column is what the salon still owes in treatments). Since
``charged_price <= charge``, the balance can never fall below zero.

The lift from a leftover balance (``return_prob_balance`` vs ``return_prob``) and the
recharge rate are assumptions for the learner to vary, not findings. So is the price at a
recharge: the article gives 8,000 yen for the *first* visit (初回) only; this model assumes every
visit that starts with a fresh charge costs ``charged_price`` (set ``charged_price = charge`` to
give no discount at all). Revenue is cash taken, not revenue earned: the outstanding balance is
money owed to customers (前受金, deferred revenue), and a balance left by a customer who
lapses is never served (breakage).
"""

from __future__ import annotations

import numpy as np

from cslearn.business_models._engine import Extra, Recorder, finish, lifetimes, simulator, start, start_expected, twin
from cslearn.business_models._exact import expected_result, expected_table
from cslearn.business_models.parameters import PREPAID

__all__ = ["simulate_prepaid", "expected_prepaid"]


@simulator(PREPAID)
def simulate_prepaid(n_customers: int = 10_000, months: int = 36, *, rng=0, detail: bool | None = None, **params):
    """Simulate the esthetic salon's prepaid balance scheme (charge, discount, leftover balance).

    ``return_prob`` applies with no balance left, ``return_prob_balance`` while one is left (the
    lift the leftover 2,000 yen is supposed to give); a customer who lapses leaves the balance unused.

    Tidy frame: ``customer, month, visits, revenue, active, balance, charged`` (``charged``: a
    charge was made that month; ``balance``: yen left at the end of the month).

    >>> result = simulate_prepaid(1_000, 12, rng=2)
    >>> float(result.table["balance_per_customer"].iloc[0])
    2000.0
    >>> bool((result.to_frame()["balance"] >= 0).all())
    True
    """
    gen, n, months, keep, params = start(PREPAID, rng, n_customers, months, detail, params)
    price, charge = params["price"], params["charge"]
    leftover = charge - params["charged_price"]
    # visit if u < p (p depends on the balance); given a visit u / p is uniform, so
    # u < p * recharge_prob is the recharge draw: one uniform per customer-month decides both
    p_none, r = params["return_prob"], params["recharge_prob"]
    lift = params["return_prob_balance"] - p_none
    p_none32, lift32 = np.float32(p_none), np.float32(lift)
    p_none_r32, lift_r32 = np.float32(p_none * r), np.float32(lift * r)
    life = lifetimes(gen, params["lapse"], n, months)
    extras = [Extra("balance", np.float64), Extra("charged", np.bool_)]
    rec = Recorder(n, months, keep, extras)
    balance = np.full(n, leftover)
    rec.record(1, visits=1, active=True, priced=[(charge, 1)], balance=balance, charged=True)
    for t in range(2, months + 1):
        u = gen.random(n, dtype=np.float32)
        has = balance > 0
        visit = (u < p_none32 + lift32 * has) & (life >= t)
        recharge = (u < p_none_r32 + lift_r32 * has) & visit
        plain = visit ^ recharge
        used = np.minimum(balance, price) * plain
        balance -= used
        balance += leftover * recharge
        rec.record(
            t,
            visits=visit,
            active=visit,
            revenue=np.negative(used, out=used),
            priced=[(charge, recharge), (price, plain)],
            balance=balance,
            charged=recharge,
        )
    extra = {"balance_outstanding_per_customer": float(balance.mean())}
    return finish(PREPAID.name, params, rec, {"balance": balance.copy()}, extra)


@twin(PREPAID)
def expected_prepaid(months: int = 36, **params):
    """Expected values per customer of ``simulate_prepaid``, by pushing forward the balance law.

    With ``L = charge - charged_price`` and ``P = price``, every balance a customer can hold is
    ``b(k, m) = k L - m P``: ``k`` charges and ``m`` list-price visits paid in full from the
    balance since it was last empty (a visit with ``b <= P`` empties it: back to ``(0, 0)``). The
    distribution over ``(returned?, k, m)`` of customers still coming lives on a grid that grows
    by one row and column a month, so it is pushed forward exactly with array operations:

    .. math::

        \\pi_t = (1-\\text{lapse})\\,\\pi_{t-1}\\,[\\text{stay} + \\text{recharge: } k+1
        + \\text{plain: } (k, m+1) \\text{ or } (0, 0)]

    Customers who lapse keep their balance and returned flag for good.

    >>> ev = expected_prepaid(months=2, return_prob_balance=0.5, recharge_prob=0.0, lapse=0.0)
    >>> ev.table["revenue_per_customer"].round(6).tolist()  # month 2: 0.5 * (10,000 - 2,000)
    [10000.0, 4000.0]
    >>> ev.table["balance_per_customer"].round(6).tolist()
    [2000.0, 1000.0]
    """
    months, params = start_expected(PREPAID, months, params)
    price, charge, c, r = params["price"], params["charge"], params["lapse"], params["recharge_prob"]
    leftover = charge - params["charged_price"]
    size = months + 1
    k, m = np.meshgrid(np.arange(size), np.arange(size), indexing="ij")
    balance = np.maximum(k * leftover - m * price, 0.0)  # unreachable cells carry no probability
    visit_prob = np.where(balance > 0, params["return_prob_balance"], params["return_prob"])
    cash_plain = price - np.minimum(balance, price)
    empties = balance <= price
    grid = np.zeros((2, size, size))  # [returned?, k, m] for customers still coming
    grid[0, 1, 0] = 1.0
    out = {name: np.zeros(months) for name in ("revenue", "visits", "returned", "balance", "charged")}
    out["revenue"][0], out["visits"][0], out["balance"][0], out["charged"][0] = charge, 1.0, leftover, 1.0
    dead_balance = dead_returned = 0.0
    for t in range(2, months + 1):
        n = t + 1  # cells reachable by the end of month t
        g, b = grid[:, :n, :n], balance[:n, :n]
        dead_balance += c * float((g * b).sum())
        dead_returned += c * float(g[1].sum())
        g *= 1.0 - c
        visits = (g * visit_prob[:n, :n]).sum(axis=0)
        recharge, plain = visits * r, visits * (1.0 - r)
        g *= 1.0 - visit_prob[:n, :n]  # those who stay away keep their state
        g[1, 1:, :] += recharge[:-1, :]
        g[1, :, 1:] += np.where(empties[:n, :n], 0.0, plain)[:, :-1]
        g[1, 0, 0] += float(plain[empties[:n, :n]].sum())
        i = t - 1
        out["visits"][i] = float(visits.sum())
        out["charged"][i] = float(recharge.sum())
        out["revenue"][i] = charge * out["charged"][i] + float((plain * cash_plain[:n, :n]).sum())
        out["returned"][i] = float(g[1].sum()) + dead_returned
        out["balance"][i] = float((g * b).sum()) + dead_balance
    out["active"] = out["visits"]  # at most one visit a month
    table = expected_table(out, {"balance_per_customer": out["balance"], "share_charged": out["charged"]})
    extra = {"balance_outstanding_per_customer": float(out["balance"][-1])}
    return expected_result(PREPAID.name, params, table, extra)
