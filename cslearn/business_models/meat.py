"""Meat ownership (肉のオーナー制度) at the yakiniku restaurant (C9).

*Customer Success??*: the customer buys 10 kg of beef, the restaurant ages it for them, and they eat it
themselves or treat friends, so they naturally come back a second and a third time. The
meat is a prepaid stock consumed over several visits.

The chain of one customer, with ``g`` grams of their meat in the restaurant's care:

* month 1: they buy ``stock_kg`` for ``stock_price``; the meat ages for ``aging_months``;
* each later month they first leave for good with probability ``lapse`` (any meat left is
  never eaten); otherwise, when their meat is ready (``g > 0`` and aged) they come with
  probability ``visit_prob``, eat ``min(kg_per_visit, g)`` and pay ``side_spend`` (drinks,
  rice, sides; the meat is already paid). The visit that finishes the stock ends with a new
  purchase with probability ``rebuy_prob`` (which ages again). Without ready meat they come
  as an ordinary diner with probability ``return_prob`` and pay ``meal_price``.

A customer who visits on every chance eats through the stock in ``ceil(stock_kg / kg_per_visit)``
visits, so the stock alone guarantees that many reasons to come back.

``revenue`` is cash taken: the stock price is paid in month 1 for meat served later, so until
it is eaten it is money the restaurant owes in meat (前受金, deferred revenue); meat left by an
owner who lapses is paid for and never eaten (breakage, counted as revenue here).

Only "10 kg, aged for you" comes from the article. The prices are chosen for illustration
(10 kg for 100,000 yen, i.e. 10,000 yen/kg; 4,000 yen of drinks and sides per owner visit;
6,000 yen for an ordinary dinner; 1 kg eaten per visit by a table that shares it) and every
probability is an assumption.
"""

from __future__ import annotations

import math

import numpy as np

from cslearn.business_models._engine import Extra, Recorder, finish, lifetimes, simulator, start, start_expected, twin
from cslearn.business_models._exact import expected_result, propagate
from cslearn.business_models.parameters import MEAT_OWNERSHIP
from cslearn.params import checked

__all__ = ["simulate_meat_ownership", "expected_meat_ownership", "visits_per_stock"]

_COLUMNS = ["stock_kg_per_customer", "share_bought", "eaten_kg_per_customer"]
_ZERO = {"visits": 0.0, "revenue": 0.0, "share_bought": 0.0, "eaten_kg_per_customer": 0.0}


@checked(MEAT_OWNERSHIP["stock_kg"], MEAT_OWNERSHIP["kg_per_visit"])
def visits_per_stock(stock_kg=10.0, kg_per_visit=1.0) -> int:
    """Visits needed to eat through one stock: ``ceil(stock_kg / kg_per_visit)`` (in whole grams).

    >>> visits_per_stock(10, 1.0)
    10
    >>> visits_per_stock(10, 1.5)
    7
    """
    return math.ceil(round(stock_kg * 1000) / round(kg_per_visit * 1000))


@simulator(MEAT_OWNERSHIP)
def simulate_meat_ownership(
    n_customers: int = 10_000, months: int = 36, *, rng=0, detail: bool | None = None, **params
):
    """Simulate meat owners at the yakiniku restaurant: a prepaid stock eaten over several visits.

    Tidy frame: ``customer, month, visits, revenue, active, stock_kg, bought, eaten_kg``.

    >>> result = simulate_meat_ownership(1_000, 12, rng=4)
    >>> first = result.table.iloc[0]
    >>> float(first["revenue_per_customer"]), float(first["stock_kg_per_customer"])
    (100000.0, 10.0)
    """
    gen, n, months, keep, params = start(MEAT_OWNERSHIP, rng, n_customers, months, detail, params)
    stock_g, portion = round(params["stock_kg"] * 1000), round(params["kg_per_visit"] * 1000)
    aging = params["aging_months"]
    p_diner = np.float32(params["return_prob"])
    lift = np.float32(params["visit_prob"] - params["return_prob"])
    p_rebuy = np.float32(params["visit_prob"] * params["rebuy_prob"])
    life = lifetimes(gen, params["lapse"], n, months)
    extras = [
        Extra("stock_kg", np.int32, scale=0.001),
        Extra("bought", np.bool_),
        Extra("eaten_kg", np.int32, scale=0.001),
    ]
    rec = Recorder(n, months, keep, extras)
    grams = np.full(n, stock_g, dtype=np.int32)
    wait = np.full(n, aging, dtype=np.int8)
    rec.record(
        1, visits=1, active=True, priced=[(params["stock_price"], 1)], stock_kg=grams, bought=True, eaten_kg=0
    )
    for t in range(2, months + 1):
        u = gen.random(n, dtype=np.float32)
        wait -= wait > 0
        ready = (grams > 0) & (wait == 0)
        alive = life >= t
        visit = (u < p_diner + lift * ready) & alive
        owner_visit = visit & ready
        diner_visit = visit & ~ready
        eaten = np.minimum(grams, portion) * owner_visit
        grams -= eaten
        # given a visit, u / visit_prob is uniform: u < visit_prob * rebuy_prob is the rebuy draw
        rebuy = owner_visit & (grams == 0) & (u < p_rebuy)
        grams += stock_g * rebuy
        wait += aging * rebuy.view(np.int8)
        rec.record(
            t,
            visits=visit,
            active=visit,
            priced=[
                (params["side_spend"], owner_visit),
                (params["meal_price"], diner_visit),
                (params["stock_price"], rebuy),
            ],
            stock_kg=grams,
            bought=rebuy,
            eaten_kg=eaten,
        )
    extra = {"stock_left_kg_per_customer": float(grams.mean() / 1000)}
    return finish(MEAT_OWNERSHIP.name, params, rec, {"stock_kg": grams / 1000}, extra)


@twin(MEAT_OWNERSHIP)
def expected_meat_ownership(months: int = 36, **params):
    """Expected values per customer of ``simulate_meat_ownership``.

    The state is (still coming?, grams left, aging months left); at most one visit a month, so
    only finitely many stock levels are reachable and the distribution is pushed forward exactly.

    >>> ev = expected_meat_ownership(months=3, visit_prob=1.0, lapse=0.0)
    >>> ev.table["revenue_per_customer"].round(6).tolist()
    [100000.0, 4000.0, 4000.0]
    >>> ev.table["stock_kg_per_customer"].round(6).tolist()
    [10.0, 9.0, 8.0]
    """
    months, params = start_expected(MEAT_OWNERSHIP, months, params)
    stock_g, portion = round(params["stock_kg"] * 1000), round(params["kg_per_visit"] * 1000)
    aging, c = params["aging_months"], params["lapse"]
    pv, pr, rb = params["visit_prob"], params["return_prob"], params["rebuy_prob"]
    side, meal, price = params["side_spend"], params["meal_price"], params["stock_price"]

    def step(state, t):
        if t == 1:
            return [
                (1.0, (True, stock_g, aging), True, {"visits": 1.0, "revenue": price, "share_bought": 1.0})
            ]
        alive, g, wait = state
        if not alive:
            return [(1.0, (False, g, 0), False, _ZERO)]
        wait = max(wait - 1, 0)
        gone = (c, (False, g, 0), False, _ZERO)
        if g > 0 and wait == 0:
            eat = min(portion, g)
            meal_flows = {"visits": 1.0, "revenue": side, "eaten_kg_per_customer": eat / 1000}
            stay = (1 - c) * (1 - pv), (True, g, 0), False, _ZERO
            if g - eat > 0:
                return [gone, stay, ((1 - c) * pv, (True, g - eat, 0), True, meal_flows)]
            rebought = {**meal_flows, "revenue": side + price, "share_bought": 1.0}
            return [
                gone,
                stay,
                ((1 - c) * pv * rb, (True, stock_g, aging), True, rebought),
                ((1 - c) * pv * (1 - rb), (True, 0, 0), True, meal_flows),
            ]
        diner = {"visits": 1.0, "revenue": meal}
        return [
            gone,
            ((1 - c) * pr, (True, g, wait), True, diner),
            ((1 - c) * (1 - pr), (True, g, wait), False, _ZERO),
        ]

    def levels(state):
        return {"stock_kg_per_customer": state[1] / 1000}

    table = propagate(months, {"new": 1.0}, step, _COLUMNS, levels)
    extra = {"stock_left_kg_per_customer": float(table["stock_kg_per_customer"].iloc[-1])}
    return expected_result(MEAT_OWNERSHIP.name, params, table, extra)
