"""Exercises of chapter 05: loyalty types.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches.
"""

from __future__ import annotations

import pandas as pd

from cslearn import loyalty
from cslearn.data import load_dataset
from cslearn.exercises import exercise


@exercise(
    "05.1",
    "The Hurricane sells out and 600 customers ask for it over the next 30 days: 30 % want it for the "
    "trend, and of the others 40 % want sandals for outdoors. With the chapter's acceptance assumptions, "
    "how many sales are kept (expected) if matched substitutes are on the shelf from the first day?",
    hint="stockout_outcomes(psych_share, lead_days, customers=600) with lead_days at least the delivery time "
    "(14); add up the kept column.",
)
def _():
    return float(loyalty.stockout_outcomes(0.3, 14, customers=600)["kept"].sum())


@exercise(
    "05.2",
    "Same shop, same customers. Substitutes take 14 days to arrive. What is the smallest number of days "
    "before the sell-out at which they must be ordered for at least half of the 600 sales to be kept?",
    kind="whole",
    hint="Try lead_days = 0, 1, 2, ... in compare_preparation(0.3, lead_days) and read the kept_share of 'with'.",
)
def _():
    for lead in range(0, 15):
        if loyalty.compare_preparation(0.3, lead).loc[1, "kept_share"] >= 0.5:
            return float(lead)
    return None


@exercise(
    "05.3",
    "A customer scores 2.5 out of 7 on the attitude survey and bought again 6 times last year. With "
    "thresholds 4.5 (attitude) and 3 (repeat purchases), which cell of the matrix are they in: "
    "'true', 'latent', 'spurious' or 'none'?",
    kind="choice",
    choices=("true", "latent", "spurious", "none"),
    hint="High repeat buying with a low attitude is loyalty without attachment.",
)
def _():
    one = pd.DataFrame({"attitude": [2.5], "repeat_purchases": [6]})
    return str(loyalty.loyalty_segments(one, 4.5, 3).iloc[0])


@exercise(
    "05.4",
    "What accuracy does the rule-based classifier reach on the Japanese reviews of the course's review "
    "set (language 'ja') only? Answer as a fraction.",
    unit="rate",
    hint="Filter load_dataset('reviews_loyalty') on language == 'ja', then evaluate_review_classifier(...).accuracy.",
)
def _():
    reviews = load_dataset("reviews_loyalty")
    return loyalty.evaluate_review_classifier(reviews[reviews["language"] == "ja"]).accuracy


@exercise(
    "05.5",
    "In the chapter's shop (simulate_repeat_base() with its defaults, 12 months), in how many months does "
    "the repeat rate rise while the number of repeat buyers falls?",
    kind="whole",
    hint="counts_and_rates(simulate_repeat_base()) has a True/False column rate_hides_decline; count the Trues.",
)
def _():
    return float(loyalty.counts_and_rates(loyalty.simulate_repeat_base())["rate_hides_decline"].sum())


@exercise(
    "05.6",
    "A store has 600 pairs of the bestseller left and sells 25 a day. Substitutes take 14 days to "
    "arrive. On which day (today is day 0) must the head office's plan have the store order them, so "
    "that they arrive on the day the last pair sells?",
    kind="whole",
    hint="The sell-out day is ceil(stock / daily demand); subtract the delivery time.",
)
def _():
    stores = pd.DataFrame({"store": ["A"], "stock": [600], "daily_demand": [25], "psych_share": [0.3]})
    return float(loyalty.substitute_plan(stores, delivery_days=14).loc[0, "order_day"])
