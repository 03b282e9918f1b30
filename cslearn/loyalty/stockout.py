"""When a bestseller sells out: substitutes by need, prepared ahead or not (C21, C23, C26).

The example of *Happier life with CS*: many customers want Teva's Hurricane sandal and it is
about to sell out.
Why each customer wants it decides whether a substitute can win the sale:

==========  =============================  ===============  ==========================
need        the customer says              loyalty          substitute that fits
==========  =============================  ===============  ==========================
heat        "it is hot, any sandals"       behavioural      a similar item (suits the outfit)
outdoor     "sandals for outdoors"         behavioural      a purpose-fit brand (Chaco, KEEN)
trend       "everyone wears this model"    psychological    hardly any: a look-alike is not it
==========  =============================  ===============  ==========================

The three substitutes (prices in :func:`substitute_prices`): a **similar item** (類似品) is a good
sandal of another make chosen to do what the Hurricane does and to suit the customer's outfit,
ordered for the purpose; a **purpose-fit brand** is one made for the job (Chaco, KEEN); a
**look-alike** is a cheap sandal of a copycat brand (類似ブランド) made to look like the
Hurricane, which the shop already has at hand. For the trend-driven no offer works: the similar
item is the least bad (0.10 against 0.05).

The model (every number in it is an **assumption** of the course, not a measurement). After the
sell-out (day 0) ``customers`` people ask for the model, spread evenly over days ``1..days``. A
share ``psych_share`` want it because of the trend; of the rest a share ``outdoor_share`` want it
for outdoors and the others for the heat. Substitutes matched to each need are ordered
``lead_days`` before the sell-out and arrive ``delivery_days`` after ordering, so they are on the
shelf from day ``g = delivery_days - lead_days``. A customer who comes before that is offered
whatever is at hand (``fallback``, by default the look-alike). With acceptance probabilities
``a[need, offer]`` (:func:`acceptance_table`) and covered share
``c = #{d in 1..D : d >= g} / D = (D - max(g, 1) + 1) / D`` (clipped to 0..1; customers come from
day 1, so ordering earlier than ``delivery_days - 1`` days ahead changes nothing), the expected
sales kept from need ``k`` are

.. math::  \\text{kept}_k = N_k \\left( c\\, a_{k, m(k)} + (1 - c)\\, a_{k, f} \\right),

where ``m(k)`` is the offer with the highest acceptance for need ``k`` and ``f`` the fallback.
Disappointed loyal customers are the psychologically loyal who leave without buying.
:func:`simulate_stockout` draws the same thing customer by customer (seeded).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from cslearn._validate import check_array, check_number, resolve_rng
from cslearn.language import tr
from cslearn.loyalty.parameters import (
    ACCEPTANCE,
    DAILY_DEMAND,
    FALLBACK,
    LEAD_DAYS,
    NEEDS,
    PLAN,
    PRICES,
    PSYCH_SHARE,
    PSYCH_SHARES,
    RNG,
    SIMULATED,
    SIMULATED_STOCKOUT,
    STOCK,
    STOCKOUT,
    STORES,
    SUBSTITUTES,
)
from cslearn.params import checked

__all__ = [
    "ACCEPTANCE_SOURCE",
    "NEEDS",
    "SUBSTITUTES",
    "acceptance_table",
    "substitute_prices",
    "stockout_outcomes",
    "compare_preparation",
    "preparation_by_share",
    "simulate_stockout",
    "summarise_stockout",
    "sellout_day",
    "substitute_plan",
]

LOYALTY_OF_NEED = {"heat": "behavioural", "outdoor": "behavioural", "trend": "psychological"}

# Assumptions of the course: the chance that a customer with this need buys this substitute.
_ACCEPTANCE = np.array(
    [
        [0.70, 0.45, 0.55],  # heat: anything cool and cute will do
        [0.30, 0.75, 0.25],  # outdoor: it has to do the job
        [0.10, 0.05, 0.05],  # trend: only that model is "it"
    ]
)
ACCEPTANCE_SOURCE = (
    "Typed by hand: the course's reading of Happier life with CS (need-driven customers take a fitting "
    "substitute, trend-driven ones rarely do), not data from any survey or shop."
)
# Assumptions too: prices in yen (the Hurricane itself is taken at ¥8,800).
_PRICES = {"similar": 6600.0, "purpose": 11000.0, "lookalike": 3900.0}


def acceptance_table() -> pd.DataFrame:
    """The course's assumed acceptance probabilities: rows are needs, columns are substitutes.

    These are teaching assumptions (no survey stands behind them): behavioural needs accept a
    fitting substitute most of the time, the trend need almost never. The article gives the
    direction, not the numbers: the values are typed by hand, and the table says so in
    ``attrs["source"]`` (:data:`ACCEPTANCE_SOURCE`). Pass a changed copy as ``acceptance=`` to any
    function here to try your own.

    >>> acceptance_table().loc["outdoor", "purpose"]
    np.float64(0.75)
    >>> acceptance_table().attrs["source"].startswith("Typed by hand")
    True
    """
    table = pd.DataFrame(_ACCEPTANCE.copy(), index=pd.Index(NEEDS, name="need"),
                         columns=pd.Index(SUBSTITUTES, name="offer"))
    table.attrs["source"] = tr(ACCEPTANCE_SOURCE)  # a note for the learner, in the learner's language
    return table


def substitute_prices() -> pd.Series:
    """Assumed prices of the three substitutes, in yen.

    >>> substitute_prices()["purpose"]
    np.float64(11000.0)
    """
    return pd.Series(_PRICES, name="price").reindex(list(SUBSTITUTES))


def _acceptance(acceptance) -> np.ndarray:
    """The acceptance matrix (its values are declared shares; the rows and columns must be in order)."""
    if acceptance is None:
        return _ACCEPTANCE
    if list(acceptance.index) != list(NEEDS) or list(acceptance.columns) != list(SUBSTITUTES):
        raise ValueError(
            f"acceptance must have rows {list(NEEDS)} and columns {list(SUBSTITUTES)} (as acceptance_table())"
        )
    return acceptance.to_numpy(dtype=float)


def _prices(prices) -> np.ndarray:
    chosen = _PRICES if prices is None else prices  # declared: None or a dict of yen, one per substitute
    return np.array([float(chosen[s]) for s in SUBSTITUTES])


def _setting(psych_share, lead_days, values: dict, fallback, acceptance, prices) -> tuple:
    """A sell-out's setting from checked arguments (``values``: the resolved keywords): the need weights
    (heat, outdoor, trend), ``days``, ``lead_days``, ``delivery_days``, the fallback's index in SUBSTITUTES,
    the acceptance matrix and the prices."""
    psych_share, outdoor_share = float(psych_share), values["outdoor_share"]
    weights = np.array([(1 - psych_share) * (1 - outdoor_share), (1 - psych_share) * outdoor_share, psych_share])
    return (weights, values["days"], float(lead_days), values["delivery_days"], SUBSTITUTES.index(fallback),
            _acceptance(acceptance), _prices(prices))


def _covered_share(lead_days: float, delivery_days: float, days: int) -> float:
    ready = delivery_days - lead_days  # first day (after the sell-out) the matched substitutes are there
    covered = days - max(math.ceil(ready), 1) + 1
    return min(max(covered, 0), days) / days


@checked(PSYCH_SHARE, LEAD_DAYS, ACCEPTANCE, FALLBACK, PRICES)
@STOCKOUT.keywords
def stockout_outcomes(psych_share=0.3, lead_days=0, *, acceptance=None, fallback="lookalike", prices=None,
                      **params) -> pd.DataFrame:
    """Expected outcome of a sell-out, one row per need (heat, outdoor, trend).

    See the module docstring for the model. Columns: ``need``, ``loyalty`` (behavioural or
    psychological), ``customers`` (N_k), ``matched_offer`` m(k), ``matched_acceptance``,
    ``fallback_acceptance``, ``covered_share`` c, ``kept`` (expected sales kept), ``lost``,
    ``disappointed_loyal`` (lost sales of psychologically loyal customers) and ``revenue`` (yen,
    from the substitutes sold).

    >>> table = stockout_outcomes(psych_share=0.5, lead_days=14, customers=100)
    >>> table[["need", "customers", "kept"]].values.tolist()
    [['heat', 30.0, 21.0], ['outdoor', 20.0, 15.0], ['trend', 50.0, 5.0]]
    """
    values = STOCKOUT.resolve(params)
    weights, days, lead_days, delivery_days, f, a, price = _setting(psych_share, lead_days, values, fallback,
                                                                    acceptance, prices)
    n = values["customers"] * weights
    matched = a.argmax(axis=1)
    c = _covered_share(lead_days, delivery_days, days)
    a_matched, a_fallback = a[np.arange(3), matched], a[:, f]
    kept = n * (c * a_matched + (1 - c) * a_fallback)
    revenue = n * (c * a_matched * price[matched] + (1 - c) * a_fallback * price[f])
    psychological = np.array([LOYALTY_OF_NEED[k] == "psychological" for k in NEEDS])
    return pd.DataFrame(
        {
            "need": list(NEEDS),
            "loyalty": [LOYALTY_OF_NEED[k] for k in NEEDS],
            "customers": n,
            "matched_offer": np.asarray(SUBSTITUTES)[matched],
            "matched_acceptance": a_matched,
            "fallback_acceptance": a_fallback,
            "covered_share": c,
            "kept": kept,
            "lost": n - kept,
            "disappointed_loyal": np.where(psychological, n - kept, 0.0),
            "revenue": revenue,
        }
    )


def _totals(table: pd.DataFrame) -> dict:
    customers = float(table["customers"].sum())
    kept = float(table["kept"].sum())
    return {
        "customers": customers,
        "sales_kept": kept,
        "sales_lost": float(table["lost"].sum()),
        "disappointed_loyal": float(table["disappointed_loyal"].sum()),
        "kept_share": kept / customers if customers else 0.0,
        "revenue": float(table["revenue"].sum()),
    }


@checked(PSYCH_SHARE, LEAD_DAYS)
def compare_preparation(psych_share=0.3, lead_days=14, **settings) -> pd.DataFrame:
    """Sales kept and lost without preparing substitutes ahead (ordered on the sell-out day) and with.

    Two rows, ``scenario`` "without" (``lead_days = 0``) and "with" (the given ``lead_days``), and
    the totals of :func:`stockout_outcomes`: ``customers``, ``sales_kept``, ``sales_lost``,
    ``disappointed_loyal``, ``kept_share`` and ``revenue``. ``settings`` go to
    :func:`stockout_outcomes`.

    >>> table = compare_preparation(psych_share=0.3, lead_days=14, customers=600)
    >>> table["scenario"].tolist()
    ['without', 'with']
    >>> bool(table.loc[1, "sales_kept"] > table.loc[0, "sales_kept"])
    True
    """
    rows = []
    for scenario, lead in (("without", 0), ("with", lead_days)):
        table = stockout_outcomes(psych_share, lead, **settings)
        rows.append({"scenario": scenario, "lead_days": float(lead), **_totals(table)})
    return pd.DataFrame(rows)


@checked(PSYCH_SHARES, LEAD_DAYS)
def preparation_by_share(shares=(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), lead_days=14, **settings) -> pd.DataFrame:
    """What preparing substitutes ahead is worth, for several shares of psychologically loyal customers.

    One row per share: ``psych_share``, ``kept_without`` and ``kept_with`` (sales kept by
    :func:`compare_preparation` without and with preparing ``lead_days`` ahead) and their ``gain``.

    >>> table = preparation_by_share([0.0, 1.0], lead_days=14, customers=600)
    >>> bool(table.loc[0, "gain"] > table.loc[1, "gain"])  # the need-driven gain most from a substitute
    True
    """
    rows = []
    for share in np.asarray(shares, dtype=float):
        kept = compare_preparation(float(share), lead_days, **settings).set_index("scenario")["sales_kept"]
        rows.append({"psych_share": float(share), "kept_without": kept["without"], "kept_with": kept["with"],
                     "gain": kept["with"] - kept["without"]})
    return pd.DataFrame(rows)


@checked(PSYCH_SHARE, LEAD_DAYS, ACCEPTANCE, FALLBACK, PRICES, RNG)
@SIMULATED_STOCKOUT.keywords
def simulate_stockout(psych_share=0.3, lead_days=0, *, rng=0, acceptance=None, fallback="lookalike", prices=None,
                      **params) -> pd.DataFrame:
    """Simulate the sell-out customer by customer (the Monte Carlo twin of :func:`stockout_outcomes`).

    Each of ``customers`` people draws a need (trend with probability ``psych_share``, else
    outdoor with probability ``outdoor_share``, else heat) and an arrival day, uniform on
    ``1..days``; they are offered the matched substitute if it has arrived (day >= delivery_days
    - lead_days), the fallback otherwise, and accept with the probability in the acceptance table.

    Columns: ``customer``, ``day``, ``need``, ``loyalty``, ``offer``, ``accepted``, ``revenue``.
    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same
    seed gives the same result.

    >>> sim = simulate_stockout(customers=5, rng=1)
    >>> list(sim.columns)
    ['customer', 'day', 'need', 'loyalty', 'offer', 'accepted', 'revenue']
    """
    values = SIMULATED_STOCKOUT.resolve(params)
    customers = values["customers"]
    weights, days, lead_days, delivery_days, f, a, price = _setting(psych_share, lead_days, values, fallback,
                                                                    acceptance, prices)
    rng = resolve_rng(rng)
    need = rng.choice(3, size=customers, p=weights / weights.sum())
    day = rng.integers(1, days + 1, size=customers)
    ready = day >= delivery_days - lead_days
    offer = np.where(ready, a.argmax(axis=1)[need], f)
    accepted = rng.random(customers) < a[need, offer]
    needs = np.asarray(NEEDS)[need]
    return pd.DataFrame(
        {
            "customer": np.arange(1, customers + 1),
            "day": day,
            "need": needs,
            "loyalty": pd.Series(needs).map(LOYALTY_OF_NEED).to_numpy(dtype=object),
            "offer": np.asarray(SUBSTITUTES)[offer],
            "accepted": accepted,
            "revenue": np.where(accepted, price[offer], 0.0),
        }
    )


@checked(SIMULATED)
def summarise_stockout(simulated: pd.DataFrame) -> pd.Series:
    """Totals of a simulated sell-out, named like :func:`compare_preparation`'s columns.

    >>> float(summarise_stockout(simulate_stockout(customers=200, rng=2))["customers"])
    200.0
    """
    if len(simulated) and not pd.api.types.is_bool_dtype(simulated["accepted"]):
        raise TypeError(f"simulated column 'accepted' must hold True or False (it holds {simulated['accepted'].dtype} "
                        "values)")
    accepted = simulated["accepted"].to_numpy(dtype=bool)
    loyal = simulated["loyalty"].to_numpy() == "psychological"
    n = float(len(simulated))
    return pd.Series(
        {
            "customers": n,
            "sales_kept": float(accepted.sum()),
            "sales_lost": float((~accepted).sum()),
            "disappointed_loyal": float((loyal & ~accepted).sum()),
            "kept_share": float(accepted.mean()) if n else 0.0,
            "revenue": float(simulated["revenue"].sum()),
        }
    )


@checked(STOCK, DAILY_DEMAND)
def sellout_day(stock, daily_demand) -> int:
    """The forecast day on which the last unit sells: ``ceil(stock / daily_demand)`` (today is day 0).

    >>> sellout_day(120, 25)
    5
    """
    stock = float(stock)
    daily_demand = check_number("daily_demand", daily_demand, low=0, low_open=True)  # 0 never sells out
    day = math.ceil(stock / daily_demand * (1 - 1e-12))  # the factor absorbs rounding, 24.000000001 -> 24
    return max(day, 1) if stock > 0 else 0


@checked(STORES, ACCEPTANCE, FALLBACK)
@PLAN.keywords
def substitute_plan(stores: pd.DataFrame, *, acceptance=None, fallback="lookalike", **params) -> pd.DataFrame:
    """The head office's plan for every store, from one forecast (C26).

    ``stores`` needs columns ``store``, ``stock`` (units of the bestseller left), ``daily_demand``
    (customers a day asking for it) and ``psych_share`` (the share who want it for the trend,
    e.g. read from the store's reviews). For each store the plan gives the forecast
    ``sellout_day``, the ``order_day`` on which matched substitutes must be ordered to be on the
    shelf at the sell-out (``sellout_day - delivery_days``; 0 means "order today", and then the
    substitutes arrive ``late_days`` after the sell-out), the expected units of each substitute
    sold over ``days`` after the sell-out (``similar_units``, ``purpose_units``,
    ``lookalike_units``; the units of the ``fallback`` offered before the matched substitutes
    arrive are included, so the three add up to ``kept_planned``), and the sales kept if the store follows the plan
    (``kept_planned``) or reacts only at the sell-out (``kept_reacting``, ordering on day 0 of the
    stock-out). Customers asking after the sell-out are ``daily_demand * days``.

    Options the plan does **not** model: offering another model of the same brand (the
    article's first idea), restocking the bestseller itself, or taking back-orders. Each would need its own
    acceptance assumptions; add them as extra offers if you have data.

    >>> stores = pd.DataFrame({"store": ["A"], "stock": [300], "daily_demand": [20], "psych_share": [0.3]})
    >>> substitute_plan(stores)[["store", "sellout_day", "order_day"]].values.tolist()
    [['A', 15, 1]]
    """
    values = PLAN.resolve(params)
    days, delivery_days, outdoor_share = values["days"], values["delivery_days"], values["outdoor_share"]
    check_array("stores['daily_demand']", stores["daily_demand"], low=0, low_open=True)  # 0: never sells out
    rows = []
    for row in stores.itertuples(index=False):  # one row per store: a handful, not customers
        day = sellout_day(row.stock, row.daily_demand)
        lead = min(delivery_days, day)  # the plan orders as early as it can
        common = dict(customers=row.daily_demand * days, days=days, outdoor_share=outdoor_share,
                      delivery_days=delivery_days, acceptance=acceptance, fallback=fallback)
        planned = stockout_outcomes(row.psych_share, lead, **common)
        reacting = stockout_outcomes(row.psych_share, 0, **common)
        units = {f"{s}_units": 0.0 for s in SUBSTITUTES}
        n, c = planned["customers"], planned["covered_share"]
        for offer, group in planned.groupby("matched_offer"):
            units[f"{offer}_units"] += float((n[group.index] * group["matched_acceptance"]
                                              * c[group.index]).sum())
        # before the matched substitutes arrive, the fallback (the look-alike at hand) is offered
        units[f"{fallback}_units"] += float((n * planned["fallback_acceptance"] * (1 - c)).sum())
        rows.append(
            {
                "store": row.store,
                "sellout_day": day,
                "order_day": max(day - math.ceil(delivery_days), 0),
                "late_days": max(math.ceil(delivery_days) - day, 0),
                **units,
                "kept_planned": float(planned["kept"].sum()),
                "kept_reacting": float(reacting["kept"].sum()),
            }
        )
    return pd.DataFrame(rows)
