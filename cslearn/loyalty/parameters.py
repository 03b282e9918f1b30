"""Chapter 05's arguments, each declared once: what it means and the values it accepts.

Every public function of :mod:`cslearn.loyalty` checks its arguments against these declarations
(``cslearn.params.checked``, and ``ParamSet.keywords`` where a model's parameters are written into
the signature from one declaration), so a bad value is refused before any work with an error that
names the argument and what it accepts. An argument that means the same in several functions (the
share of psychologically loyal customers, the months of the repeat-buying shop, the customer
table of the matrix) is declared here once and reused.

The numbers of the models (shares, days, customers) are **assumptions of the course** (``kind``),
picked so that the chapter's figures read clearly; the caps on sizes lie far above anything the
chapter, its exercises or the app use.

>>> STOCKOUT["delivery_days"].check(400)
Traceback (most recent call last):
...
ValueError: delivery_days must be between 0 and 365 (got 400)
>>> sorted(REPEAT_BASE)[:3]
['casual_churn', 'casual_repeat', 'casual_words']
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from cslearn._validate import check_number
from cslearn.params import Axes, Choice, Flag, Given, Param, ParamSet, Rng, Table, Values

#: no flat names: the declarations are read from this module
__all__: list[str] = []

#: why a customer wants the bestseller, and the substitutes a shop can offer (stockout.py shows them)
NEEDS = ("heat", "outdoor", "trend")
SUBSTITUTES = ("similar", "purpose", "lookalike")


def _share(name, default, meaning, kind="assumption", source=""):
    return Param(name, default, 0, 1, unit="share", meaning=meaning, kind=kind, source=source, step=0.01)


def _column_name(name: str):
    """A check for an argument that names a column: a non-empty string."""

    def check(value):
        if not isinstance(value, str) or not value:
            raise TypeError(f"{name} must be a column name (a non-empty string, got {value!r})")
        return value

    return check


def _is_text(value) -> bool:
    return isinstance(value, str)


# --- the attitude x repeat-behaviour matrix (matrix.py) ---------------------------------------------


def _customers_example() -> pd.DataFrame:
    from cslearn.loyalty.matrix import make_loyalty_customers

    return make_loyalty_customers(60, rng=0)


#: the customer table of the matrix; its columns are named by ``attitude`` and ``repeat``, so the
#: functions check those columns themselves (each named in the error)
CUSTOMERS = Table("customers", columns={}, example_=_customers_example,
                  meaning="one row per customer, with an attitude score and a count of repeat purchases")
#: the same table with the columns the explorer reads by their default names
SHOP_CUSTOMERS = Table("customers", columns={"attitude": "number", "repeat_purchases": "number"},
                       example_=_customers_example, meaning="customers with attitude and repeat_purchases")
ATTITUDE_THRESHOLD = Param("attitude_threshold", unit="score", kind="chosen",
                           meaning="attitude at or above which it counts as high (the chapter's survey runs 1-7)",
                           view=(1.0, 7.0), step=0.5)
REPEAT_THRESHOLD = Param("repeat_threshold", low=0, unit="purchases", kind="chosen",
                         meaning="repeat purchases at or above which repeat behaviour counts as high",
                         view=(1, 20), step=1)
ATTITUDE_COLUMN = Given("attitude", _column_name("attitude"), meaning="the column holding the attitude score",
                        example_=lambda: "attitude", bad=(3, None, "", ["attitude"]))
REPEAT_COLUMN = Given("repeat", _column_name("repeat"), meaning="the column holding the repeat purchases",
                      example_=lambda: "repeat_purchases", bad=(3, None, "", ("repeat_purchases",)))
N_CUSTOMERS = Param("n", low=1, high=1_000_000, integer=True, unit="customers", meaning="customers to draw")
SEGMENT_SHARES = Values("shares", low=0, high=1, min_length=4, max_length=4, example_=(0.25, 0.15, 0.30, 0.30),
                        meaning="chances of true, latent, spurious and no loyalty (four numbers adding up to 1)")

# --- the sell-out (stockout.py) ---------------------------------------------------------------------

PSYCH_SHARE = replace(_share("psych_share", 0.3, "share of the customers asking who want that model for the trend"),
                      step=0.05)
OUTDOOR_SHARE = replace(_share("outdoor_share", 0.4, "of the other customers, the share who want it for outdoors"),
                        step=0.05)
LEAD_DAYS = Param("lead_days", low=0, high=365, unit="days",
                  meaning="days before the sell-out on which the matched substitutes are ordered", view=(0, 14), step=1)
DELIVERY_DAYS = Param("delivery_days", 14, 0, 365, unit="days", kind="assumption",
                      meaning="days from ordering substitutes to having them on the shelf")
DAYS = Param("days", 30, 1, 3650, integer=True, unit="days", kind="chosen",
             meaning="days after the sell-out over which customers keep asking")
ASKING = Param("customers", 600, 0, 10_000_000, unit="customers", kind="chosen",
               meaning="customers asking for the model after the sell-out (an expected number, need not be whole)")

#: the setting of a sell-out: stockout_outcomes takes these as keywords
STOCKOUT = ParamSet("stockout", [ASKING, DAYS, OUTDOOR_SHARE, DELIVERY_DAYS])
#: the same, customer by customer: a whole number of customers
SIMULATED_STOCKOUT = ParamSet(
    "stockout_simulated",
    [replace(ASKING, integer=True, meaning="customers asking for the model after the sell-out"), DAYS, OUTDOOR_SHARE,
     DELIVERY_DAYS],
)
#: the head office's plan: the customers come from each store's daily demand
PLAN = STOCKOUT.without("customers", name="substitute_plan")


def _acceptance_example() -> pd.DataFrame:
    from cslearn.loyalty.stockout import acceptance_table

    return acceptance_table()


ACCEPTANCE = Table("acceptance", columns=dict.fromkeys(SUBSTITUTES, "share"), optional=True,
                   example_=_acceptance_example,
                   meaning="chance that a customer with each need (rows) buys each substitute (columns)")
FALLBACK = Choice("fallback", options=SUBSTITUTES, meaning="the substitute at hand before the matched ones arrive")


def _check_prices(value):
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != set(SUBSTITUTES):
        raise ValueError(f"prices must be a dict with the keys {list(SUBSTITUTES)} (got {value!r})")
    return {s: check_number(f"prices[{s!r}]", value[s], low=0) for s in SUBSTITUTES}


PRICES = Given("prices", _check_prices, meaning="yen for each substitute (None: substitute_prices())",
               example_=lambda: {"similar": 6600, "purpose": 11000, "lookalike": 3900},
               bad=("cheap", 3, {"similar": 1}, {"similar": -1, "purpose": 1, "lookalike": 1},
                    {"similar": float("nan"), "purpose": 1, "lookalike": 1}))
STOCK = Param("stock", 600, 0, 1e9, unit="units", kind="chosen", source="the chapter's Shibuya store",
              meaning="units of the bestseller left")
DAILY_DEMAND = Param("daily_demand", 20, 0, 1_000_000, unit="customers a day", kind="chosen",
                     source="the chapter's Shibuya store",
                     meaning="customers a day asking for the bestseller (greater than 0)")


def _stores_example() -> pd.DataFrame:
    return pd.DataFrame({"store": ["A", "B"], "stock": [300, 120], "daily_demand": [20, 15],
                         "psych_share": [0.3, 0.6]})


STORES = Table("stores", columns={"store": "any", "stock": "count", "daily_demand": "number", "psych_share": "share"},
               ranges={"stock": (STOCK.low, STOCK.high), "daily_demand": (DAILY_DEMAND.low, DAILY_DEMAND.high)},
               example_=_stores_example, meaning="one row per store: units left, customers a day, trend share")


def _simulated_example() -> pd.DataFrame:
    from cslearn.loyalty.stockout import simulate_stockout

    return simulate_stockout(customers=20)


SIMULATED = Table("simulated", columns={"need": "text", "loyalty": "text", "accepted": "any", "revenue": "number"},
                  allow_empty=True, example_=_simulated_example, meaning="simulate_stockout's table")

# --- reviews (reviews.py) -----------------------------------------------------------------------------


def _check_review_text(value):
    if not _is_text(value):
        raise TypeError(f"text must be a string (got {type(value).__name__})")
    return value


REVIEW_TEXT = Given("text", _check_review_text, meaning="the text of one review",
                    example_=lambda: "Everyone at school has these", bad=(3, None, b"bytes", ["a review"]))
TEXT_COLUMN = Given("text", _column_name("text"), meaning="the column holding the reviews' text",
                    example_=lambda: "text", bad=(3, None, "", ["text"]))
LABEL_COLUMN = Given("label", _column_name("label"), meaning="the column holding the reviews' labels",
                     example_=lambda: "label", bad=(3, None, "", ["label"]))


def _dictionary_example() -> pd.DataFrame:
    from cslearn.loyalty.reviews import review_dictionary

    return review_dictionary()


DICTIONARY = Table("dictionary", columns={"term": "text", "kind": "text"}, optional=True,
                   example_=_dictionary_example,
                   meaning="the cue words (term) and their kind (name, trend, need, looks)")


def _check_reviews(value):
    """A DataFrame (its text column is checked by the function, which knows its name), a Series or a
    list of strings."""
    if isinstance(value, pd.DataFrame):
        return value
    if isinstance(value, pd.Series):
        items = value.tolist()
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise TypeError(f"reviews must be a DataFrame, a Series or a list of strings (got {type(value).__name__})")
    for index, item in enumerate(items):
        if not _is_text(item):
            raise TypeError(f"reviews must hold strings (item {index} is {item!r})")
    return value


REVIEWS = Given("reviews", _check_reviews, meaning="reviews: a DataFrame with a text column, a Series or a list",
                example_=lambda: ["Everyone at school has these", "So comfy in the heat"],
                bad=("one review", 3, None, [1, 2], pd.Series(["fine", None])))
LABELLED_REVIEWS = Table(
    "reviews", columns={}, meaning="reviews with a text column and a label column (psychological or behavioural)",
    example_=lambda: pd.DataFrame({"text": ["みんな履いてる", "暑いので購入"],
                                   "label": ["psychological", "behavioural"]}),
)

# --- counts and rates (counts.py) ---------------------------------------------------------------------


def _campaigns_example() -> pd.DataFrame:
    return pd.DataFrame({"campaign": ["A", "B"], "reached": [1000, 1000], "response_rate": [0.2, 0.1],
                         "satisfied_share": [0.5, 0.9], "fan_share": [0.05, 0.2], "words_share": [0.1, 0.3]})


CAMPAIGNS = Table(
    "campaigns",
    columns={"campaign": "any", "reached": "count", "response_rate": "share", "satisfied_share": "share",
             "fan_share": "share", "words_share": "share"},
    example_=_campaigns_example, meaning="one row per campaign: customers reached and the shares of what followed",
)
MONTHS = Param("months", low=1, high=600, integer=True, unit="months", meaning="months to follow the shop",
               view=(6, 36))
REPEAT_BASE = ParamSet(
    "repeat_base",
    [
        Param("fans", 300, 0, 10_000_000, unit="customers", kind="chosen", meaning="fans at the start"),
        Param("casuals", 700, 0, 10_000_000, unit="customers", kind="chosen", meaning="casual buyers at the start"),
        Param("new_per_month", 30, 0, 1_000_000, unit="customers a month", kind="chosen",
              meaning="new customers a month (they arrive as casual buyers)", view=(0, 200), step=5),
        _share("fan_churn", 0.03, "monthly chance that a fan leaves"),
        replace(_share("casual_churn", 0.15, "monthly chance that a casual buyer leaves"), view=(0.0, 0.5)),
        _share("fan_repeat", 0.8, "monthly chance that a fan buys again"),
        _share("casual_repeat", 0.2, "monthly chance that a casual buyer buys again"),
        replace(_share("conversion", 0.0, "share of the casual buyers who stay that become fans each month (kappa)"),
                view=(0.0, 0.2)),
        _share("fan_words", 0.1, "monthly chance that a fan writes a review or comment"),
        _share("casual_words", 0.01, "monthly chance that a casual buyer writes a review or comment"),
    ],
)
RANDOM = Flag("random", meaning="binomial draws (True) or expected values (False)")
RNG = Rng()
CONVERSIONS = Values("conversions", low=0, high=1, max_length=1000, example_=(0.0, 0.05),
                     meaning="shares kappa of casual buyers becoming fans each month, one row each")
PSYCH_SHARES = Values("shares", low=0, high=1, max_length=1000, example_=(0.0, 0.5, 1.0),
                      meaning="shares of psychologically loyal customers, one row each")


def _repeat_table_example() -> pd.DataFrame:
    return pd.DataFrame({"month": [1, 2, 3], "customers": [1000, 600, 700], "repeaters": [300, 240, 300],
                         "leavers": [400, 100, 50]})


REPEAT_TABLE = Table(
    "table", columns={"month": "number", "customers": "number", "repeaters": "number", "leavers": "number"},
    example_=_repeat_table_example, meaning="one row per month: customers, repeat buyers and leavers",
)

# --- figures (plots.py) -------------------------------------------------------------------------------


def _comparison_example() -> pd.DataFrame:
    from cslearn.loyalty.stockout import compare_preparation

    return compare_preparation(0.3, 14)


def _by_need_example() -> pd.DataFrame:
    from cslearn.loyalty.stockout import stockout_outcomes

    return stockout_outcomes(0.3, 14)


def _dashboard_example() -> pd.DataFrame:
    from cslearn.loyalty.counts import counts_and_rates, simulate_repeat_base

    return counts_and_rates(simulate_repeat_base(6))


AX = Axes()
COMPARISON = Table(
    "comparison",
    columns={"scenario": "text", "sales_kept": "number", "sales_lost": "number", "disappointed_loyal": "number"},
    example_=_comparison_example, meaning="compare_preparation's table",
)
BY_NEED = Table("table", columns={"need": "text", "kept": "number", "lost": "number"}, example_=_by_need_example,
                meaning="stockout_outcomes's table")
RATE_DASHBOARD = Table("dashboard", columns={"month": "number", "repeat_rate": "share", "rate_hides_decline": "any"},
                       example_=_dashboard_example, meaning="counts_and_rates's table")
COUNTS_DASHBOARD = Table(
    "dashboard",
    columns={"month": "number", "customers": "number", "fans": "number", "repeaters": "number", "leavers": "number"},
    example_=_dashboard_example, meaning="counts_and_rates's table (of a table with fans)",
)
