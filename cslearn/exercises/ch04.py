"""Exercises of chapter 04: forecasting retention.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches.
"""

from __future__ import annotations

import numpy as np

from cslearn import clv, retention
from cslearn.data import load_dataset
from cslearn.exercises import exercise
from cslearn.ltv import lifetime_value
from cslearn.models import BetaGeometricNBD, GammaGamma, ShiftedBetaGeometric
from cslearn.transactions import calibration_holdout_split, load_cdnow

# Fader, Hardie & Lee (2005): BG/NBD and Gamma-Gamma fitted to the CDNOW calibration weeks
_CDNOW_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
_CDNOW_SPEND = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def _high_end_fit():
    alive = load_dataset("retention_cohorts_published")["high_end"].to_numpy()
    return alive, ShiftedBetaGeometric().fit(alive[:5])


@exercise(
    "04.1",
    "A cohort is half customers who churn 40 % a year and half who churn 5 % a year; nobody's churn ever "
    "changes. What is the cohort's retention rate in year 5 (the share of those still there after 4 years "
    "who renew), as a fraction (e.g. 0.9 for 90 %)?",
    unit="rate",
    hint="S(t) = 0.5 × 0.6^t + 0.5 × 0.95^t; the year-5 retention rate is S(5) / S(4).",
)
def _():
    return float(retention.mixture_retention([0.4, 0.05], [0.5, 0.5], n_periods=5)["retention_rate"].iloc[5])


@exercise(
    "04.2",
    "Fit the sBG model to years 0 to 4 of the published high-end cohort (five counts). How many of the "
    "1,000 customers does it project to be still active in year 12?",
    rel_tol=0.002,
    hint="ShiftedBetaGeometric().fit(alive[:5]), then 1,000 × survival(12).",
)
def _():
    _, model = _high_end_fit()
    return 1000 * model.survival(12)


@exercise(
    "04.3",
    "Fit a constant churn to the same five counts of the high-end cohort by maximum likelihood "
    "(customers lost ÷ customer-years at risk). What is it?",
    unit="rate",
    hint="Lost: 1,000 − alive[4]. At risk: alive[0] + alive[1] + alive[2] + alive[3].",
)
def _():
    alive, _ = _high_end_fit()
    return retention.constant_churn_fit(alive[:5])


_HIGH_END = {"alpha": 0.668, "beta": 3.806}  # Fader & Hardie (2007), high end, years 0-7


@exercise(
    "04.4",
    "A high-end contract customer (sBG with alpha = 0.668, beta = 3.806) pays a margin of ¥120,000 "
    "at the start of each contract year. At an 8 % yearly discount rate, what is a new customer worth?",
    unit="yen",
    hint="Value = margin × DEL, with DEL = discounted_expected_lifetime(0.08) (the first year undiscounted).",
)
def _():
    model = ShiftedBetaGeometric.from_params(**_HIGH_END)
    return 120_000 * model.discounted_expected_lifetime(0.08)


@exercise(
    "04.5",
    "The same customer has renewed 5 times and is about to decide on her sixth renewal. What is her "
    "discounted expected residual lifetime (in years, 8 % discount rate)?",
    hint="discounted_expected_residual_lifetime(0.08, renewals=5); it is larger than a new customer's.",
)
def _():
    model = ShiftedBetaGeometric.from_params(**_HIGH_END)
    return model.discounted_expected_residual_lifetime(0.08, renewals=5)


def _weeks_until_probably_gone(model, frequency, recency, threshold=0.5, longest=10_000):
    weeks = np.arange(int(np.ceil(recency)), longest + 1)
    p = np.asarray(model.probability_alive(np.full(weeks.size, frequency), np.full(weeks.size, float(recency)),
                                           weeks.astype(float)))
    return int(weeks[np.argmax(p < threshold)])


@exercise(
    "04.6",
    "With the CDNOW BG/NBD estimates of Fader, Hardie & Lee (r = 0.243, alpha = 4.414, a = 0.793, "
    "b = 2.426; weeks), a customer made 2 repeat purchases, the last in week 30 after her first, and then "
    "nothing more. At which whole week T (counted from her first purchase) does her P(alive) first fall "
    "below 50 %?",
    kind="whole",
    hint="Evaluate probability_alive(2, 30, T) for T = 30, 31, 32, ... and take the first T below 0.5.",
)
def _():
    return _weeks_until_probably_gone(BetaGeometricNBD.from_params(**_CDNOW_BGNBD), 2, 30.0)


@exercise(
    "04.7",
    "Fit the BG/NBD model to the CDNOW calibration period (to 1997-09-30, weeks). How many repeat "
    "purchases does it expect from all 2,357 customers in the 39 holdout weeks, given each one's history?",
    rel_tol=0.002,
    hint="Sum conditional_expected_purchases(duration_holdout, frequency, recency, T) over the customers.",
)
def _():
    rfm = calibration_holdout_split(load_cdnow(), "customer_id", "date", "1997-09-30")
    model = BetaGeometricNBD().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    return float(model.conditional_expected_purchases(rfm["duration_holdout"], rfm["frequency"], rfm["recency"],
                                                      rfm["T"]).sum())


@exercise(
    "04.8",
    "With the Gamma-Gamma estimates p = 6.25, q = 3.74, gamma = 15.44 (CDNOW, dollars), a customer's "
    "expected spend per purchase is a weighted average of her own average spend and the population mean. "
    "After how many repeat purchases (at least) does her own average get 90 % or more of the weight?",
    kind="whole",
    hint="Write p(gamma + x z̄)/(p x + q − 1) as w z̄ + (1 − w) × p gamma/(q − 1): w = p x / (p x + q − 1).",
)
def _():
    model = GammaGamma.from_params(**_CDNOW_SPEND)
    x = np.arange(1, 1001)
    # the weight on her own average is the slope of the expected spend in z̄ (the formula is linear in z̄)
    weight = (np.asarray(model.conditional_expected_spend(x, np.full(x.size, 100.0)))
              - np.asarray(model.conditional_expected_spend(x, np.full(x.size, 0.0)))) / 100.0
    return int(x[np.argmax(weight >= 0.9)])


@exercise(
    "04.9",
    "Using the chapter's CLV scores idea with the published CDNOW estimates above: for the CDNOW calibration "
    "customers, what share of the total 52-week expected value (no discounting, margin 100 %) do the "
    "top 10 % of customers hold?",
    unit="rate",
    hint="score_customers(rfm, bgnbd, gammagamma, horizon=52), then top_share(scores['clv'], 0.1).",
)
def _():
    rfm = calibration_holdout_split(load_cdnow(), "customer_id", "date", "1997-09-30", value_col="amount")
    scores = clv.score_customers(rfm, BetaGeometricNBD.from_params(**_CDNOW_BGNBD),
                                 GammaGamma.from_params(**_CDNOW_SPEND), horizon=52)
    return clv.top_share(scores["clv"], 0.1)


@exercise(
    "04.10",
    "Fit the sBG and a constant churn (maximum likelihood) to years 0 to 7 of the published high-end "
    "cohort. A customer has renewed 6 times. At a 10 % yearly discount rate, how many times larger is her "
    "discounted expected residual lifetime under the sBG than under the constant churn?",
    hint="Under a constant churn c every customer is alike, whatever her past: DERL = (1 − c)(1 + d)/(d + c).",
)
def _():
    alive = load_dataset("retention_cohorts_published")["high_end"].to_numpy()[:8]
    model = ShiftedBetaGeometric().fit(alive)
    churn = retention.constant_churn_fit(alive)
    constant = (1 - churn) * lifetime_value(1.0, churn, discount_rate=0.1)
    return float(model.discounted_expected_residual_lifetime(0.1, renewals=6)) / constant
