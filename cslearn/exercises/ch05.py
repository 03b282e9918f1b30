"""Exercises of chapter 05: loyalty types.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches. The inputs differ from the chapter's examples on
purpose, so no answer can be copied from the chapter's printed output.
"""

from __future__ import annotations

import pandas as pd

from cslearn import loyalty
from cslearn.data import load_dataset
from cslearn.exercises import exercise

# a store used by 05.1, 05.2 and 05.6: 420 pairs left, 18 customers a day, substitutes take 10 days
_STOCK, _DAILY, _DELIVERY, _PSYCH = 420, 18, 10, 0.45
_CUSTOMERS = _DAILY * 30  # customers asking over the 30 days after the sell-out


@exercise(
    "05.1",
    "A store sells 18 pairs of the Hurricane a day, so after the sell-out 18 x 30 = 540 customers ask for it "
    "over 30 days: 45 % want it for the trend, and of the others 40 % want sandals for outdoors. "
    "Substitutes take 10 days to arrive. With the chapter's acceptance assumptions, how many sales are kept "
    "(expected) if the matched substitutes are on the shelf from the first day after the sell-out?",
    hint="stockout_outcomes(psych_share, lead_days, customers=..., delivery_days=10) with lead_days at least "
    "the delivery time; add up the kept column.",
)
def _():
    table = loyalty.stockout_outcomes(_PSYCH, _DELIVERY, customers=_CUSTOMERS, delivery_days=_DELIVERY)
    return float(table["kept"].sum())


@exercise(
    "05.2",
    "Same store, same 540 customers, substitutes still take 10 days. What is the smallest whole number of "
    "days before the sell-out at which they must be ordered for at least 230 sales to be kept (expected)?",
    kind="whole",
    hint="Try lead_days = 0, 1, 2, ... in compare_preparation(0.45, lead_days, customers=540, delivery_days=10) "
    "and read sales_kept of the 'with' row; the answer is a number of days, and 0 means 'on the sell-out day'.",
)
def _():
    for lead in range(0, _DELIVERY + 1):
        table = loyalty.compare_preparation(_PSYCH, lead, customers=_CUSTOMERS, delivery_days=_DELIVERY)
        if table.loc[1, "sales_kept"] >= 230:
            return float(lead)
    return None


@exercise(
    "05.3",
    "In the chapter's customer table, make_loyalty_customers(n=400, seed=5), how many customers are in "
    "spurious loyalty if the thresholds are raised to an attitude of 5.0 and 4 repeat purchases?",
    kind="whole",
    hint="loyalty_matrix(customers, attitude_threshold=5.0, repeat_threshold=4) counts every cell; "
    "spurious is low attitude with high repeat buying.",
)
def _():
    customers = loyalty.make_loyalty_customers(n=400, seed=5)
    cells = loyalty.loyalty_matrix(customers, 5.0, 4).set_index("segment")
    return float(cells.loc["spurious", "customers"])


@exercise(
    "05.4",
    "What accuracy does the rule-based classifier reach on the English reviews of the held-out part of the "
    "course's review set (split 'heldout', language 'en')? Answer as a fraction.",
    unit="rate",
    hint="Filter load_dataset('reviews_loyalty') on split == 'heldout' and language == 'en', then "
    "evaluate_review_classifier(...).accuracy.",
)
def _():
    reviews = load_dataset("reviews_loyalty")
    chosen = reviews[(reviews["split"] == "heldout") & (reviews["language"] == "en")]
    return loyalty.evaluate_review_classifier(chosen).accuracy


@exercise(
    "05.5",
    "A shop like the chapter's (simulate_repeat_base defaults otherwise) gains 40 new customers a month and "
    "loses 10 % of its casual buyers a month. Over 12 months, in how many months does the repeat rate rise "
    "while the number of repeat buyers falls?",
    kind="whole",
    hint="counts_and_rates(simulate_repeat_base(12, new_per_month=40, casual_churn=0.1)) has a True/False "
    "column rate_hides_decline; count the Trues.",
)
def _():
    table = loyalty.simulate_repeat_base(12, new_per_month=40, casual_churn=0.1)
    return float(loyalty.counts_and_rates(table)["rate_hides_decline"].sum())


@exercise(
    "05.6",
    "The store of 05.1 has 420 pairs left and sells 18 a day; substitutes take 10 days to arrive. On which day "
    "(today is day 0) must the head office's plan have the store order them, so that they arrive on the day "
    "the last pair sells?",
    kind="whole",
    hint="The sell-out day is the first whole day on which the stock is gone, ceil(stock / daily demand), "
    "counted from today = day 0; subtract the delivery time in days.",
)
def _():
    stores = pd.DataFrame({"store": ["A"], "stock": [_STOCK], "daily_demand": [_DAILY], "psych_share": [_PSYCH]})
    return float(loyalty.substitute_plan(stores, delivery_days=_DELIVERY).loc[0, "order_day"])


_STORES = pd.DataFrame({
    "store": ["Sapporo", "Nagoya", "Naha"],
    "stock": [500, 90, 260],
    "daily_demand": [20, 15, 16],
    "psych_share": [0.25, 0.5, 0.35],
})


@exercise(
    "05.7",
    "The head office plans for three stores with one forecast (substitutes take 10 days, 30 days after each "
    "sell-out): Sapporo (500 pairs left, 20 a day, 25 % trend), Nagoya (90 pairs, 15 a day, 50 % trend) and "
    "Naha (260 pairs, 16 a day, 35 % trend). How many more sales (expected, all three stores together) does "
    "following the plan keep than reacting at each sell-out?",
    hint="substitute_plan(stores, delivery_days=10); add up kept_planned - kept_reacting over the stores.",
)
def _():
    plan = loyalty.substitute_plan(_STORES, delivery_days=10)
    return float((plan["kept_planned"] - plan["kept_reacting"]).sum())
