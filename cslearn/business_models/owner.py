r"""Owner model (オーナー制) at the lounge (C11).

The figures of *Customer Success??*: a 10,000-yen stake per owner; the lounge's 12,000-yen course at
7,000 for owners. Two visits give the stake back to the owner; the shop, for its part, gains
paying guests that owners bring along and a list of customers it knows by name (a birthday
message is the article's example of what that allows).

A share ``owner_share`` of the customers take up ownership in month 1. Both groups follow the
shot model's chain (monthly ``lapse``, then a visit with a group-specific probability), but:

* an owner pays ``owner_fee`` once, ``owner_price`` per visit, and returns with
  ``owner_return_prob`` (the discount and the sunk fee pull them back);
* at each owner visit the owner brings ``Binomial(max_friends, friends_per_visit / max_friends)``
  friends who pay the full ``course_price`` (referrals; their spend is credited to the owner);
* a non-owner pays ``course_price`` and returns with ``return_prob``.

Payback for the owner: each visit saves ``d = course_price - owner_price``, so the fee is back
after ``ceil(owner_fee / d)`` visits (10,000 / 5,000 = 2 visits with the article's prices).

Payback for the shop depends on the counterfactual: what the same customer would have spent
without ownership (here: a non-owner's chain, ``return_prob``). With ``V_o`` expected owner
visits, ``V_n`` expected visits of the same customer as a non-owner and ``F`` friends,

.. math::

    \text{gain} = \underbrace{\text{fee}}_{\text{stake}}
    + \underbrace{(V_o - V_n)\,p_o}_{\text{extra visits}}
    + \underbrace{F\,P}_{\text{friends}}
    - \underbrace{V_n\,d}_{\text{discount on visits that would have happened anyway}}

(``owner_gain_decomposition``). Only on visits that would have happened anyway does the
discount cost the shop ``d``, which ``d / course_price`` paying friends per visit (0.42) make
up. The extra visits, paid at ``owner_price``, are the assumed return rates (0.40 vs 0.10)
coming back: with equal rates and no friends the shop loses money on every owner.

All comparisons here are revenue, not margin: serving a visit costs the shop something too.
``owner_gain_decomposition(cost_share=...)`` charges a cost per visit served (owners' and
friends' visits) to show how the gain shrinks. ``owner_payback_curve`` follows the owner and
the shop over time, with the spread of the owner's payback month (``share_recouped``).

The return probabilities, ``owner_share`` and the referral rate are assumptions. In real data
owners are self-selected keen customers, so comparing owners with non-owners overstates what
the scheme itself does.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from cslearn.business_models import _engine
from cslearn.business_models._engine import Extra, Recorder, finish, lifetimes, simulator, start, start_expected, twin
from cslearn.business_models._exact import expected_result, mix, propagate
from cslearn.business_models.parameters import COST_SHARE, OWNER

__all__ = ["simulate_owner", "expected_owner", "owner_payback", "owner_payback_curve", "owner_gain_decomposition"]

#: the owner's parameters seen from one owner (payback, gain): everyone is an owner, so no ``owner_share``
ONE_OWNER = OWNER.without("owner_share", name="owner (one owner)")

_ZERO = {"visits": 0.0, "revenue": 0.0, "friends_per_customer": 0.0}


@simulator(OWNER)
def simulate_owner(n_customers: int = 10_000, months: int = 36, *, rng=0, detail: bool | None = None, **params):
    """Simulate the lounge's owner scheme: owners pay a fee, get the course cheaper, bring friends.

    ``return_prob`` is a non-owner's monthly return chance, ``owner_return_prob`` an owner's;
    ``lapse`` applies to both groups.

    Tidy frame: ``customer, month, visits, revenue, active, owner, friends``; ``revenue`` of an
    owner includes the fee and what their friends paid.

    >>> result = simulate_owner(20_000, 24, rng=5)
    >>> bool(result.summary["visits_per_owner"] > result.summary["visits_per_non_owner"])
    True
    """
    gen, n, months, keep, params = start(OWNER, rng, n_customers, months, detail, params)
    owner = gen.random(n, dtype=np.float32) < np.float32(params["owner_share"])
    guest = ~owner
    life = lifetimes(gen, params["lapse"], n, months)
    cuts = _engine.binomial_cuts(params["max_friends"], params["friends_per_visit"])
    p = np.where(owner, np.float32(params["owner_return_prob"]), np.float32(params["return_prob"]))
    course = params["course_price"]
    rec = Recorder(n, months, keep, [Extra("owner", np.bool_), Extra("friends", np.uint8)])
    for t in range(1, months + 1):
        if t == 1:
            visit = np.ones(n, dtype=bool)
        else:
            visit = (gen.random(n, dtype=np.float32) < p) & (life >= t)
        owner_visit = visit & owner
        hosts = np.flatnonzero(owner_visit)
        friends = np.zeros(n, dtype=np.uint8)
        friends[hosts] = _engine.count_from_uniform(gen.random(hosts.size, dtype=np.float32), cuts)
        priced = [(params["owner_price"], owner_visit), (course, visit & guest), (course, friends)]
        if t == 1:
            priced.append((params["owner_fee"], owner))
        rec.record(t, visits=visit, active=visit, priced=priced, owner=owner, friends=friends)
    extra = {"share_owner": float(owner.mean())}
    if owner.any():
        extra["visits_per_owner"] = float(rec.customer_visits[owner].mean())
    if guest.any():
        extra["visits_per_non_owner"] = float(rec.customer_visits[guest].mean())
    return finish(OWNER.name, params, rec, {"owner": owner}, extra)


def _group_monthly(months: int, params: dict, is_owner: bool) -> pd.DataFrame:
    """Expected monthly frame of one owner (``is_owner``) or one non-owner."""
    c, course = params["lapse"], params["course_price"]
    if is_owner:
        f = params["friends_per_visit"]
        p = params["owner_return_prob"]
        visit = {"visits": 1.0, "revenue": params["owner_price"] + course * f, "friends_per_customer": f}
        first = {**visit, "revenue": visit["revenue"] + params["owner_fee"]}
    else:
        p = params["return_prob"]
        visit = first = {"visits": 1.0, "revenue": course, "friends_per_customer": 0.0}

    def step(state, t):
        if t == 1:
            return [(1.0, "alive", True, first)]
        if state == "gone":
            return [(1.0, "gone", False, _ZERO)]
        return [
            (c, "gone", False, _ZERO),
            ((1 - c) * p, "alive", True, visit),
            ((1 - c) * (1 - p), "alive", False, _ZERO),
        ]

    def levels(state):
        return {"share_owner": float(is_owner)}

    return propagate(months, {"new": 1.0}, step, ["share_owner", "friends_per_customer"], levels)


@twin(OWNER)
def expected_owner(months: int = 36, **params):
    """Expected values per customer of ``simulate_owner``: a mix of one owner and one non-owner.

    For a group with return probability ``p``: ``visits_1 = 1`` and
    ``visits_t = p (1 - lapse)^(t-1)``; an owner visit brings in
    ``owner_price + friends_per_visit * course_price``.

    >>> ev = expected_owner(months=2, owner_share=1.0, owner_return_prob=0.5, lapse=0.0, friends_per_visit=0)
    >>> ev.table["revenue_per_customer"].round(6).tolist()  # 10,000 + 7,000, then 0.5 * 7,000
    [17000.0, 3500.0]
    """
    months, params = start_expected(OWNER, months, params)
    owner_frame = _group_monthly(months, params, True)
    guest_frame = _group_monthly(months, params, False)
    s = params["owner_share"]
    table = mix([owner_frame, guest_frame], [s, 1.0 - s])
    extra = {
        "share_owner": s,
        "visits_per_owner": float(owner_frame["visits_per_customer"].sum()),
        "visits_per_non_owner": float(guest_frame["visits_per_customer"].sum()),
    }
    return expected_result(OWNER.name, params, table, extra)


@twin(ONE_OWNER)
def owner_payback_curve(months: int = 36, **params) -> pd.DataFrame:
    """Expected payback of ownership month by month, for the owner and for the shop.

    Columns: ``month``; ``owner_visits`` (expected visits so far); ``owner_saving``
    (``(course_price - owner_price) * owner_visits``); ``owner_net`` (saving minus the fee);
    ``share_recouped`` (chance that the owner has made the ``ceil(owner_fee / d)`` visits that
    recoup the fee by that month: the spread behind the expected saving);
    ``shop_revenue_owner`` and ``shop_revenue_non_owner`` (expected cumulative revenue from the
    same customer as an owner, fee and friends included, or not); ``shop_gain`` (the difference).

    >>> curve = owner_payback_curve(months=2, owner_return_prob=1.0, lapse=0.0, friends_per_visit=0)
    >>> curve["owner_net"].tolist()
    [-5000.0, 0.0]
    """
    months, params = start_expected(ONE_OWNER, months, params)
    owner_frame = _group_monthly(months, params, True)
    guest_frame = _group_monthly(months, params, False)
    visits = owner_frame["visits_per_customer"].cumsum().to_numpy()
    discount = params["course_price"] - params["owner_price"]
    saving = discount * visits
    if discount > 0:
        recouped = _recouped_by_month(_visits_to_recoup(params["owner_fee"], discount), months, params)
    else:
        recouped = np.full(months, 1.0 if params["owner_fee"] <= 0 else 0.0)
    shop_owner = owner_frame["cumulative_revenue_per_customer"].to_numpy()
    shop_guest = guest_frame["cumulative_revenue_per_customer"].to_numpy()
    return pd.DataFrame(
        {
            "month": np.arange(1, months + 1),
            "owner_visits": visits,
            "owner_saving": saving,
            "owner_net": saving - params["owner_fee"],
            "share_recouped": recouped,
            "shop_revenue_owner": shop_owner,
            "shop_revenue_non_owner": shop_guest,
            "shop_gain": shop_owner - shop_guest,
        }
    )


@twin(ONE_OWNER)
def owner_payback(months: int = 36, **params) -> pd.DataFrame:
    """Payback of ownership for the owner and for the shop, as a tidy table.

    Columns ``party`` (owner or shop), ``measure``, ``value``, ``unit``. Missing values
    (``<NA>``) mean "not within the horizon". The visits to recoup,
    ``owner_fee / (course_price - owner_price)``, are capped at 100,000.

    * owner ``visits_to_recoup``: ``ceil(owner_fee / (course_price - owner_price))``;
      ``probability_recouped``: chance of making that many visits within ``months``;
      ``expected_month_recouped``: first month whose expected saving covers the fee;
      ``median_month_recouped``: first month by which at least half of the owners have recouped
      (the typical owner; ``<NA>`` if fewer than half do within ``months``);
      ``share_never_recouped``: ``1 - probability_recouped``.
    * shop ``fee_covers_discount_visits``: owner visits whose discount the fee pays for;
      ``friends_per_visit_to_break_even``: ``(course_price - owner_price) / course_price``;
      ``gain_at_horizon``: expected extra revenue from an owner over a non-owner by ``months``;
      ``break_even_month``: first month from which that gain stays at or above zero.

    >>> table = owner_payback()
    >>> float(table.set_index(["party", "measure"]).loc[("owner", "visits_to_recoup"), "value"])
    2.0
    """
    months, params = start_expected(ONE_OWNER, months, params)
    discount = params["course_price"] - params["owner_price"]
    if discount <= 0:
        raise ValueError(
            f"owner_price must be less than course_price ({params['course_price']:g}) for ownership to "
            f"pay back (got {params['owner_price']:g})"
        )
    visits_needed = _visits_to_recoup(params["owner_fee"], discount)
    curve = owner_payback_curve(months, **params)
    owner_month = _first_month(curve["owner_net"].to_numpy() >= -1e-9)
    share = curve["share_recouped"].to_numpy()
    median_month = _first_month(share >= 0.5 - 1e-12)
    gain = curve["shop_gain"].to_numpy()
    below = np.flatnonzero(gain < -1e-9)
    shop_month = pd.NA if gain[-1] < -1e-9 else (int(below[-1]) + 2 if below.size else 1)
    rows = [
        ("owner", "visits_to_recoup", visits_needed, "visits"),
        ("owner", "probability_recouped", float(share[-1]), "share"),
        ("owner", "expected_month_recouped", owner_month, "month"),
        ("owner", "median_month_recouped", median_month, "month"),
        ("owner", "share_never_recouped", 1.0 - float(share[-1]), "share"),
        ("shop", "fee_covers_discount_visits", params["owner_fee"] / discount, "visits"),
        ("shop", "friends_per_visit_to_break_even", discount / params["course_price"], "friends"),
        ("shop", "gain_at_horizon", float(gain[-1]), "yen"),
        ("shop", "break_even_month", shop_month, "month"),
    ]
    table = pd.DataFrame(rows, columns=["party", "measure", "value", "unit"])
    table["value"] = pd.array([v if v is pd.NA else float(v) for v in table["value"]], dtype="Float64")
    table.attrs["words"] = "owner_payback"  # its words in Japanese: [tables.owner_payback] in ja.toml
    return table


def _first_month(ok: np.ndarray):
    hits = np.flatnonzero(ok)
    return int(hits[0]) + 1 if hits.size else pd.NA


MAX_VISITS_TO_RECOUP = 100_000


def _visits_to_recoup(owner_fee: float, discount: float) -> int:
    """``ceil(owner_fee / discount)``, refused above :data:`MAX_VISITS_TO_RECOUP` (the work grows with it)."""
    visits = owner_fee / discount
    if visits > MAX_VISITS_TO_RECOUP:
        raise ValueError(
            f"owner_fee / (course_price - owner_price) must be at most {MAX_VISITS_TO_RECOUP:,} visits to "
            f"recoup (got {owner_fee:g} / {discount:g} = {visits:.4g}): lower owner_fee or widen the discount"
        )
    return max(math.ceil(visits), 0)


def _recouped_by_month(k: int, months: int, params: dict) -> np.ndarray:
    """P(at least ``k`` owner visits by month t), t = 1..months, the month-1 visit included."""
    if k <= 1:
        return np.ones(months)
    if k > months:  # at most one visit a month: nobody reaches k visits within the horizon
        return np.zeros(months)
    p, c = params["owner_return_prob"], params["lapse"]
    alive = np.zeros(k + 1)  # still coming, by visits so far (capped at k)
    alive[1] = 1.0
    reached = np.zeros(months)
    total = 0.0
    for t in range(2, months + 1):
        alive *= 1.0 - c
        moved = alive[:k] * p
        alive[:k] -= moved
        alive[1:] += moved
        total += alive[k]
        alive[k] = 0.0
        reached[t - 1] = total
    return reached


@twin(ONE_OWNER, COST_SHARE)
def owner_gain_decomposition(months: int = 36, *, cost_share=0.0, **params) -> pd.DataFrame:
    """Split the shop's expected gain from one owner (over the same customer as a non-owner).

    The counterfactual is the same customer without ownership, who visits ``V_n`` times at
    ``course_price`` ``P``; as an owner they visit ``V_o`` times at ``owner_price`` ``p_o`` and
    bring ``F = friends_per_visit * V_o`` friends. With ``d = P - p_o``:

    .. math::

        \\text{gain} = \\text{fee} + (V_o - V_n)\\,p_o + F\\,P - V_n\\,d
        - k P\\,(V_o + F - V_n)

    where ``k = cost_share`` is the cost of serving one visit as a share of the list price
    (0: revenue only, as everywhere else in the chapter; 0.4: each visit served costs 40 % of
    12,000 yen). Rows ``component``: ``stake``, ``extra_visits``, ``friends``,
    ``discount_on_usual_visits`` (negative), ``cost_of_serving`` (negative or zero) and
    ``total``; columns ``component``, ``yen``. ``total`` equals ``shop_gain`` of
    ``owner_payback_curve`` at ``months`` when ``cost_share = 0``.

    With equal return rates and no friends the owner visits as often as before, so the shop
    keeps the stake and loses the discount on every visit (1 month: 10,000 - 5,000):

    >>> table = owner_gain_decomposition(1, friends_per_visit=0.0)
    >>> table.set_index("component")["yen"].round(6).to_dict()["total"]
    5000.0
    """
    months, params = start_expected(ONE_OWNER, months, params)
    owner_frame = _group_monthly(months, params, True)
    guest_frame = _group_monthly(months, params, False)
    v_owner = float(owner_frame["visits_per_customer"].sum())
    v_guest = float(guest_frame["visits_per_customer"].sum())
    friends = params["friends_per_visit"] * v_owner
    course, price = params["course_price"], params["owner_price"]
    parts = [
        ("stake", params["owner_fee"]),
        ("extra_visits", (v_owner - v_guest) * price),
        ("friends", friends * course),
        ("discount_on_usual_visits", -v_guest * (course - price)),
        ("cost_of_serving", -cost if (cost := cost_share * course * (v_owner + friends - v_guest)) else 0.0),
    ]
    parts.append(("total", sum(value for _, value in parts)))
    return pd.DataFrame(parts, columns=["component", "yen"])
