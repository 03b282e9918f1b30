"""Exercises of chapter 01: from owning to experiencing.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches.
"""

from __future__ import annotations

import numpy as np

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
    return float(ownership.ownership_vs_access(3000, 980, months=24, churn=0.04)["subscribe_expected"].iloc[-1])


@exercise(
    "01.3",
    "At what monthly churn is a ¥980-a-month subscriber expected to pay, over their whole life, "
    "exactly the ¥3,000 of one CD?",
    unit="rate",
    hint="A subscriber's expected lifetime revenue is fee / churn; set it equal to the price.",
)
def _():
    # fee / churn = price, so churn = fee / price; break_even_month agrees: just above it, never.
    return 980 / 3000


@exercise(
    "01.4",
    "With the chapter's default business (budget ¥1,000,000 a month, 1,000 customers, 5 % churn, "
    "CAC ¥20,000, the 1:5 rule), which share of the budget on acquisition (0 %, 5 %, ..., 100 %) "
    "gives the highest cumulative profit after 24 months? Answer as a fraction, e.g. 0.35.",
    unit="rate",
    abs_tol=1e-9,
    hint="compare_budget_splits() tabulates every share; pick the row with the largest cumulative profit.",
)
def _():
    return ownership.best_budget_split()


@exercise(
    "01.5",
    "The 1:5 rule is a rule of thumb. Trying cost ratios 1, 1.5, 2, ..., 5, what is the smallest "
    "ratio at which the best split spends at least 30 % of the budget on retention?",
    abs_tol=1e-9,
    hint="Loop over the ratios with best_budget_split(cost_ratio=...); retention share = 1 - acquisition share.",
)
def _():
    for ratio in np.arange(1.0, 5.01, 0.5):
        if 1 - ownership.best_budget_split(cost_ratio=float(ratio)) >= 0.3 - 1e-9:
            return float(ratio)
    return None


@exercise(
    "01.6",
    "Of the 374 IT executives in the 2021 survey, about how many were both aware of customer success "
    "and already doing it or planning to? Round to a whole number.",
    kind="whole",
    abs_tol=1,
    hint="28.6 % of 374 were aware; 78.5 % of those are doing it or plan to.",
)
def _():
    counts = ownership.survey_counts(load_dataset("cs_awareness_survey_2021"))
    return float(counts.loc[counts["item"] == "Doing it or plan to", "people"].iloc[0])
