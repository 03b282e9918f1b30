"""Exercises of chapter 01: from owning to experiencing.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches.
"""

from __future__ import annotations

import pandas as pd
from scipy.optimize import minimize_scalar

from cslearn import ownership
from cslearn.data import load_dataset
from cslearn.exercises import exercise


@exercise(
    "01.1",
    "An album costs ¥2,500 on CD or ¥1,080 a month to stream. "
    "In which month has a streamer paid at least the CD price?",
    kind="whole",
    unit="month",
    hint="Count months from 1: after month t the streamer has paid 1,080 × t.",
)
def _():
    return ownership.break_even_month(2500, 1080)


@exercise(
    "01.2",
    "A ¥980-a-month service loses 4 % of its subscribers every month. "
    "What revenue does the seller expect from one new subscriber over the first 24 months?",
    unit="yen",
    hint="The subscriber pays in month t with probability (1 - 0.04)^(t-1); add up 24 months.",
)
def _():
    table = ownership.ownership_vs_access(3000, 980, months=24, churn=0.04)
    return float(table["subscribe_expected"].iloc[-1])


@exercise(
    "01.3",
    "At what monthly churn is a ¥980-a-month subscriber expected to pay, over their whole life, "
    "exactly the ¥3,000 of one CD? (to three decimals)",
    unit="rate",
    abs_tol=0.0005,
    hint="A subscriber's expected lifetime revenue is fee / churn; set it equal to the price.",
)
def _():
    # fee / churn = price, so churn = fee / price; break_even_month agrees: just above it, never.
    return 980 / 3000


@exercise(
    "01.4",
    "Take the chapter's business (budget ¥1,000,000 a month, 1,000 customers, CAC ¥20,000, the 1:5 "
    "rule) but with 8 % monthly churn. Which share of the budget on acquisition (0 %, 5 %, ..., 100 %) "
    "gives the highest cumulative profit after 24 months? Answer as a fraction; the top of the curve "
    "is flat, so an answer within 5 points of the best is accepted.",
    unit="rate",
    abs_tol=0.0501,
    hint="compare_budget_splits(churn=0.08) tabulates every share; pick the largest cumulative profit.",
)
def _():
    return ownership.best_budget_split(churn=0.08)


@exercise(
    "01.5",
    "With 50 customers at risk and a CAC of ¥20,000, at which cost ratio k is the month's optimal "
    "retention spend largest? (to two decimals)",
    abs_tol=0.01,
    hint="optimal_retention_spend(50, 20_000, k) for k from 1 to 10: where is its peak? Compare with e.",
)
def _():
    best = minimize_scalar(lambda k: -ownership.optimal_retention_spend(50, 20_000, k),
                           bounds=(1.0, 10.0), method="bounded", options={"xatol": 1e-6})
    return float(best.x)


@exercise(
    "01.6",
    "Of the 374 IT executives in the 2021 survey, about how many knew the term customer success but "
    "were neither doing it nor planning to? Round to a whole number.",
    kind="whole",
    abs_tol=1,
    hint="28.6 % of 374 were aware; 78.5 % of those are doing it or plan to; the rest are not.",
)
def _():
    counts = ownership.survey_counts(load_dataset("cs_awareness_survey_2021")).set_index("item")
    return float(counts.loc["Aware of customer success", "people"] - counts.loc["Doing it or plan to", "people"])


@exercise(
    "01.7",
    "A gym member joined last week: the gym knows her name and face but not yet how she trains. "
    "Is she a 'customer', a 'new customer', a 'prospect' or an 'anonymous buyer'?",
    kind="choice",
    choices=("customer", "new customer", "prospect", "anonymous buyer"),
    hint="A customer is someone whose face and usage you know.",
)
def _():
    person = pd.DataFrame({"has_bought": [True], "known_face": [True], "usage_known": [False]})
    return ownership.classify_relationships(person).iloc[0]
