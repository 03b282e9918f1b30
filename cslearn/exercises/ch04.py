"""Exercises of chapter 04: forecasting retention.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches. The hints explain the formula with the question's own
numbers; a callable hint also names the usual wrong turn when the answer matches one.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from cslearn.data import load_dataset
from cslearn.exercises import exercise, near, slips
from cslearn.language import tr
from cslearn.retention import clv
from cslearn.retention import curves as retention
from cslearn.retention.models import BetaGeometricNBD, GammaGamma, ShiftedBetaGeometric
from cslearn.retention.transactions import calibration_holdout_split, load_cdnow

# Fader, Hardie & Lee (2005): BG/NBD and Gamma-Gamma fitted to the CDNOW calibration weeks
_CDNOW_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
_CDNOW_SPEND = {"p": 6.25, "q": 3.74, "gamma": 15.44}
_HIGH_END = {"alpha": 0.668, "beta": 3.806}  # Fader & Hardie (2007), high end, years 0-7


def _rounds_to(answer: float, value: float, decimals: int) -> bool:
    """True when ``answer`` is ``value`` given to ``decimals`` places (or to more places, correctly)."""
    return math.isfinite(answer) and abs(answer - value) <= 0.5 * 10.0**-decimals * (1 + 1e-9)


def _high_end() -> np.ndarray:
    return load_dataset("retention_cohorts_published")["high_end"].to_numpy()


def _high_end_model() -> ShiftedBetaGeometric:
    """The high-end cohort's sBG at Fader & Hardie's estimates."""
    return ShiftedBetaGeometric.from_params(**_HIGH_END)


def _high_end_fit():
    alive = _high_end()
    return alive, ShiftedBetaGeometric().fit(alive[:5])


# --- 04.1 ------------------------------------------------------------------------------------------


def _mixture_survival(t: int) -> float:
    return float(retention.mixture_retention([0.4, 0.05], [0.5, 0.5], n_periods=max(t, 1))["survival"].iloc[t])


_hint_01 = slips(
    lambda: tr("The share still there after t years is S(t) = 0.5 × 0.6^t + 0.5 × 0.95^t; the year-5 retention "
               "rate is the share of those there after 4 years who are still there after 5: S(5) / S(4)."),
    (lambda answer: near(answer, _mixture_survival(5)) or near(answer, _mixture_survival(4)),
     lambda: tr("That is a share of the whole cohort, S(t), not a rate among the survivors.")),
    (lambda answer: near(answer, 1 - _mixture_survival(5) / _mixture_survival(4)),
     lambda: tr("That is the churn in year 5; the question asks for the retention rate.")),
    (0.5 * 0.6 + 0.5 * 0.95, lambda: tr("That is the year-1 rate: by year 5 most of the fast churners have gone.")),
)


@exercise("04.1", unit="rate", concepts=("C18",), hint=_hint_01)
def _():
    """A cohort is half customers who churn 40 % a year and half who churn 5 % a year; nobody's churn ever changes.
    What is the cohort's retention rate in year 5 (the share of those still there after 4 years who renew), as a
    fraction to four decimal places (e.g. 0.7500 for 75 %)?"""
    return float(retention.mixture_retention([0.4, 0.05], [0.5, 0.5], n_periods=5)["retention_rate"].iloc[5])


# --- 04.2 ------------------------------------------------------------------------------------------


def _hint_02(answer: float) -> str:
    base = tr("Fit the sBG by maximum likelihood to the five counts 1,000, 869, 743, 653, 593 "
            "(ShiftedBetaGeometric().fit(alive[:5])); it projects 1,000 × S(15), with "
            "S(t) = B(α, β + t) / B(α, β).")
    alive, model = _high_end_fit()
    churn = retention.constant_churn_fit(alive[:5])
    if near(answer, 1000 * (1 - churn) ** 15, 0.01):
        return tr("That is the constant-churn projection 1,000 × (1 − c)^15, not the sBG's. ") + base
    if near(answer, 1000 * model.survival(12), 0.002):
        return tr("That is the sBG's projection for year 12 (the last year of the data); the question asks for "
                  "year 15. ") + base
    if near(answer, model.survival(15), 0.01):
        return tr("That is S(15), a share: multiply by the 1,000 customers. ") + base
    return base


@exercise(
    "04.2", concepts=("C19",), hint=_hint_02,
    mistakes={float(_high_end_fit()[1].survival(15)): lambda: _hint_02(float(_high_end_fit()[1].survival(15)))},
)
def _():
    """Fit the sBG model to years 0 to 4 of the published high-end cohort (five counts). How many of the 1,000
    customers does it project to be still active in year 15, three years past the published data, to the nearest
    whole customer?"""
    _, model = _high_end_fit()
    return 1000 * model.survival(15)


# --- 04.3 ------------------------------------------------------------------------------------------


def _hint_03(answer: float) -> str:
    base = tr("Maximum likelihood for one churn c: customers lost ÷ customer-years at risk. Lost over the four "
            "renewals: 1,000 − 593 = 407. At risk: the customers who faced each renewal, "
            "1,000 + 869 + 743 + 653.")
    alive = _high_end()[:5]
    churn = retention.constant_churn_fit(alive)
    yearly_mean = float(np.mean(1 - alive[1:] / alive[:-1]))
    end_points = float(1 - (alive[4] / alive[0]) ** 0.25)
    if near(answer, 1 - churn, 0.004):
        return tr("That is a retention rate, 1 − c: the question asks for the churn c itself. ") + base
    if _rounds_to(answer, yearly_mean, 4):
        return tr("That is the plain mean of the four yearly churns; maximum likelihood weighs each year by the "
                  "customers at risk in it (lost ÷ at risk over all four years). ") + base
    if near(answer, (alive[0] - alive[4]) / alive.sum()):
        return tr("The 593 still there at the end faced no fifth renewal in these data: leave them out of the "
                  "customer-years at risk. ") + base
    if _rounds_to(answer, end_points, 4):
        return tr("That is the churn that joins the two end points, 1 − (593/1,000)^(1/4); maximum likelihood "
                  "weighs every year's renewals. ") + base
    if _rounds_to(answer, yearly_mean, 3) and _rounds_to(answer, end_points, 3):
        return tr("{answer} is what both the mean of the four yearly churns ({mean}) and the churn that joins the "
                  "two end points ({ends}) round to; maximum likelihood is neither: it weighs every year by the "
                  "customers at risk in it. ", answer=f"{answer:g}", mean=f"{yearly_mean:.4f}",
                  ends=f"{end_points:.4f}") + base
    if near(answer, 1 - alive[1] / alive[0]):
        return tr("That is the first year's churn only (baseline A). ") + base
    return base


@exercise("04.3", unit="rate", concepts=("C19",), hint=_hint_03)
def _():
    """Fit a constant churn to the same five counts of the high-end cohort by maximum likelihood (customers lost ÷
    customer-years at risk). What is it, as a fraction to four decimal places?"""
    alive, _ = _high_end_fit()
    return retention.constant_churn_fit(alive[:5])


# --- 04.4 ------------------------------------------------------------------------------------------


_hint_04 = slips(
    lambda: tr("Value = ¥120,000 × DEL, with DEL = Σ_{t≥0} S(t) / 1.08^t and S(t) = B(0.668, 3.806 + t) / "
               "B(0.668, 3.806): the first year is paid at the start and counts in full "
               "(ShiftedBetaGeometric.from_params(alpha=0.668, beta=3.806).discounted_expected_lifetime(0.08))."),
    (lambda answer: near(answer, 120_000 * _high_end_model().discounted_expected_lifetime(0.08) / 1.08),
     lambda: tr("You discounted the first year too; it is paid at signing.")),
    (lambda answer: near(answer, 120_000 * _high_end_model().discounted_expected_residual_lifetime(0.08, renewals=0)),
     lambda: tr("That is ¥120,000 × DERL(0), the value counted just before her first renewal, without the year she "
                "pays at signing. A new customer's value is ¥120,000 × DEL.")),
    (lambda answer: near(answer, 120_000 * _high_end_model().discounted_expected_lifetime(8.0)),
     lambda: tr("That discounts at 800 % a year: the rate is 8 %, d = 0.08, not 8.")),
    (120_000 * 1.08 / (0.08 + 0.668 / (0.668 + 3.806)),
     lambda: tr("That is a constant churn equal to the first-year churn α/(α+β); the sBG keeps more customers "
                "later.")),
)


@exercise("04.4", unit="yen", concepts=("C19",), hint=_hint_04)
def _():
    """A high-end contract customer (sBG with alpha = 0.668, beta = 3.806) pays a margin of ¥120,000 at the start of
    each contract year. At an 8 % yearly discount rate, what is a new customer worth, to the nearest thousand yen?"""
    model = _high_end_model()
    return 120_000 * model.discounted_expected_lifetime(0.08)


# --- 04.5 ------------------------------------------------------------------------------------------


def _hint_05(answer: float) -> str:
    model = _high_end_model()
    base = tr("Having renewed 5 times she is probably a low-churn customer: DERL(5) = Σ_{t≥6} S(t)/S(5) / "
            "1.08^(t−6), her sixth renewal weighted by its probability (β + 5)/(α + β + 5) = 8.806/9.474 and "
            "not discounted (discounted_expected_residual_lifetime(0.08, renewals=5)).")
    for wrong in (4, 6):
        if near(answer, model.discounted_expected_residual_lifetime(0.08, renewals=wrong)):
            return tr("That is DERL({renewals}): 'renewed 5 times' means renewals=5. ", renewals=wrong) + base
    if near(answer, model.discounted_expected_lifetime(0.08)):
        return tr("That is a new customer's DEL; she has already stayed. ") + base
    first = 0.668 / (0.668 + 3.806)
    if near(answer, retention.constant_churn_derl(first, 0.08)):
        return tr("That is the DERL of a constant churn equal to the first-year churn α/(α+β) = 0.149: under a "
                  "constant churn her five renewals would tell nothing, but under the sBG they show she is probably "
                  "a low-churn customer. ") + base
    for renewals in (4, 5, 6):
        if near(answer, 120_000 * model.discounted_expected_residual_lifetime(0.08, renewals=renewals), 0.01):
            return tr("That is a value in yen (¥120,000 × DERL); the question asks for the DERL itself, in "
                      "years. ") + base
    return base


@exercise("04.5", concepts=("C19",), hint=_hint_05)
def _():
    """The same customer has renewed 5 times and is about to decide on her sixth renewal. What is her discounted
    expected residual lifetime, in years to two decimal places (8 % discount rate)?"""
    model = _high_end_model()
    return model.discounted_expected_residual_lifetime(0.08, renewals=5)


# --- 04.6 ------------------------------------------------------------------------------------------


def _weeks_until_probably_gone(model, frequency, recency, threshold=0.5, longest=10_000):
    weeks = np.arange(int(np.ceil(recency)), longest + 1)
    p = np.asarray(model.probability_alive(np.full(weeks.size, frequency), np.full(weeks.size, float(recency)),
                                           weeks.astype(float)))
    return int(weeks[np.argmax(p < threshold)])


def _hint_06(answer: float) -> str:
    base = tr("P(alive) = 1 / (1 + a/(b + x − 1) × ((α + T)/(α + t_x))^(r + x)) = 1 / (1 + 0.793/3.426 × "
            "((4.414 + T)/34.414)^2.243). It falls below 50 % once the second term passes 1: try T = 31, 32, ... "
            "(probability_alive(2, 30, T)) and take the first whole T where it is below 0.5.")
    week = _weeks_until_probably_gone(BetaGeometricNBD.from_params(**_CDNOW_BGNBD), 2, 30.0)
    if answer == week - 30:
        return tr("That counts the silent weeks from her last purchase; T is counted from her first purchase, and "
                  "her last came in week 30. ") + base
    if answer == week - 1:
        return tr("At T = {week} her P(alive) is still at or above 50 %: that is the last week she is probably "
                  "there, not the first week she probably is not. ", week=week - 1) + base
    return base


_LAST_LIKELY_WEEK = _weeks_until_probably_gone(BetaGeometricNBD.from_params(**_CDNOW_BGNBD), 2, 30.0) - 1


@exercise(
    "04.6", kind="whole", concepts=("C20",), hint=_hint_06,
    mistakes={_LAST_LIKELY_WEEK: lambda: _hint_06(_LAST_LIKELY_WEEK)},
)
def _():
    """With the CDNOW BG/NBD estimates of Fader, Hardie & Lee (r = 0.243, alpha = 4.414, a = 0.793, b = 2.426;
    weeks), a customer made 2 repeat purchases, the last in week 30 after her first, and then nothing more. At which
    whole week T (counted from her first purchase) does her P(alive) first fall below 50 %?"""
    return _weeks_until_probably_gone(BetaGeometricNBD.from_params(**_CDNOW_BGNBD), 2, 30.0)


# --- 04.7 ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _cdnow_fit():
    rfm = calibration_holdout_split(load_cdnow(), "customer_id", "date", "1997-09-30", value_col="amount")
    model = BetaGeometricNBD().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    return rfm, model


@lru_cache(maxsize=1)
def _one_timer_forecast() -> tuple[float, float, int]:
    rfm, model = _cdnow_fit()
    expected = model.conditional_expected_purchases(rfm["duration_holdout"], rfm["frequency"], rfm["recency"],
                                                    rfm["T"])
    once = (rfm["frequency"] == 0).to_numpy()
    return float(expected[once].sum()), float(expected.sum()), int(rfm.loc[once, "frequency_holdout"].sum())


def _hint_07(answer: float) -> str:
    base = tr("For a customer with x = 0 (so t_x = 0) and T weeks since her first purchase, the model expects "
            "E[Y(39) | 0, 0, T] = bgnbd.conditional_expected_purchases(39, 0, 0, T) repeat purchases in the "
            "holdout (P(alive) = 1 for her). Add it up over the 1,411 customers with frequency 0 only, each with "
            "her own T.")
    mine, everyone, actual = _one_timer_forecast()
    if near(answer, everyone, 0.003):
        return tr("That is all 2,357 customers (the chapter's conditional forecast); keep the 1,411 with "
                  "frequency 0. ") + base
    if near(answer, 1667, 0.003):
        return tr("That is the chapter's tracking forecast of the whole cohort. ") + base
    if near(answer, float(actual), 0.002):
        return tr("That is what they actually bought in the holdout, not the forecast. ") + base
    if near(answer, mine / 1411, 0.01):
        return tr("That is the mean per customer; the question asks for the total over the 1,411. ") + base
    rfm, model = _cdnow_fit()
    if near(answer, float(model.expected_purchases(39)) * 1411, 0.003):
        return tr("That is E[X(39)] × 1,411, a brand-new customer's forecast for every one of them; these "
                  "customers are not new (each has been a customer for T weeks and made no repeat purchase), and "
                  "the conditional forecast uses that. ") + base
    return base


@exercise("04.7", concepts=("C20",), hint=_hint_07)
def _():
    """Fit the BG/NBD model to the CDNOW calibration period (purchases to 1997-09-30, weeks), as the chapter does.
    The chapter sums each customer's conditional forecast for the 39 holdout weeks over all 2,357 customers. Do the
    same for the 1,411 customers who made no repeat purchase in the calibration weeks: how many repeat purchases does
    the model expect from them in the holdout, to the nearest whole purchase?"""
    return _one_timer_forecast()[0]


# --- 04.8 ------------------------------------------------------------------------------------------


def _hint_08(answer: float) -> str:
    base = tr("Write p(γ + x z̄)/(p x + q − 1) as w z̄ + (1 − w) × p γ/(q − 1), the population mean being p γ/(q − 1), "
            "with w = p x / (p x + q − 1) = 6.25 x / (6.25 x + 2.74). Find the smallest whole x with w ≥ 0.9.")
    if math.isfinite(answer) and answer >= 1:
        weight = 6.25 * answer / (6.25 * answer + 2.74)
        if weight < 0.9:
            return tr("At x = {x} her own average gets w = 6.25 × {x} / (6.25 × {x} + 2.74) = {weight}, less than "
                      "0.9: not yet enough. The x that solves w = 0.9 exactly is not whole, and the smallest whole "
                      "number of purchases that is enough lies above it: round it up (rounding down never gives "
                      "enough, and the nearest whole number is enough only when it is the one above). ",
                      x=f"{answer:g}", weight=f"{weight:.3f}") + base
    return base


@exercise(
    "04.8", kind="whole", concepts=("C20",), hint=_hint_08,
    mistakes={float(math.floor(0.9 * 2.74 / (0.1 * 6.25))):
              lambda: _hint_08(float(math.floor(0.9 * 2.74 / (0.1 * 6.25))))},
)
def _():
    """With the Gamma-Gamma estimates p = 6.25, q = 3.74, gamma = 15.44 (CDNOW, dollars), a customer's expected spend
    per purchase is a weighted average of her own average spend and the population mean. After how many repeat
    purchases (at least; a whole number) does her own average get 90 % or more of the weight?"""
    model = GammaGamma.from_params(**_CDNOW_SPEND)
    x = np.arange(1, 1001)
    # the weight on her own average is the slope of the expected spend in z̄ (the formula is linear in z̄)
    weight = (np.asarray(model.conditional_expected_spend(x, np.full(x.size, 100.0)))
              - np.asarray(model.conditional_expected_spend(x, np.full(x.size, 0.0)))) / 100.0
    return int(x[np.argmax(weight >= 0.9)])


# --- 04.9 ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _published_scores(margin: float = 1.0, discount_rate: float = 0.0):
    rfm = calibration_holdout_split(load_cdnow(), "customer_id", "date", "1997-09-30", value_col="amount")
    return clv.score_customers(rfm, BetaGeometricNBD.from_params(**_CDNOW_BGNBD),
                               GammaGamma.from_params(**_CDNOW_SPEND), horizon=52, margin=margin,
                               discount_rate=discount_rate, period_length=52 / 12)


def _top_value(values, share: float) -> float:
    ordered = np.sort(np.asarray(values, dtype=float))[::-1]
    return float(ordered[: math.ceil(share * ordered.size)].sum())


_hint_09 = slips(
    lambda: tr("Each customer's value is E[Y(52) | x, t_x, T] × E[Z | x, z̄] (no discounting, margin 100 %; "
               "score_customers(rfm, bgnbd, gammagamma, horizon=52)). Sort the 2,357 values from the largest; the "
               "top 10 % are the first ⌈0.1 × 2,357⌉ = 236; add up their values, in dollars."),
    (lambda answer: math.isfinite(answer) and 0 < answer < 1,
     lambda: tr("That looks like a share of the total; the question asks for the top 10 %'s value in dollars.")),
    (lambda answer: near(answer, _top_value(_published_scores(margin=0.3)["clv"], 0.1), 0.01),
     lambda: tr("That is at the chapter's 30 % margin; this question counts the whole spend (margin 100 %).")),
    (lambda answer: near(answer, _top_value(_published_scores(discount_rate=0.01)["clv"], 0.1), 0.005),
     lambda: tr("That is discounted at 1 % a month, as in the chapter; this question does not discount.")),
    (lambda answer: near(answer, _top_value(_published_scores()["clv"], 0.2), 0.01),
     lambda: tr("That is the top 20 %'s value; the question asks for the top 10 %.")),
    (lambda answer: near(answer, float(_published_scores()["clv"].sum()), 0.01),
     lambda: tr("That is all 2,357 customers; keep the top 10 % (236 customers).")),
)


@exercise("04.9", concepts=("C20",), hint=_hint_09)
def _():
    """Score the CDNOW calibration customers with the published BG/NBD and Gamma-Gamma estimates above: each
    customer's expected spend over the next 52 weeks, with no discounting and a 100 % margin (unlike the chapter's 1
    % a month and 30 %). How many dollars do the top 10 % of customers (by that value) hold in all, to the nearest
    hundred dollars?"""
    return _top_value(_published_scores()["clv"], 0.1)


# --- 04.10 -----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _high_end_seven():
    alive = _high_end()[:8]
    return ShiftedBetaGeometric().fit(alive), retention.constant_churn_fit(alive)


def _hint_10(answer: float) -> str:
    model, churn = _high_end_seven()
    base = tr("Under a constant churn c every customer is alike, whatever her past: DERL = (1 − c)(1 + d)/(d + c), "
            "with c = lost ÷ customer-years at risk over years 0-7 (1,000 − 491 = 509 lost; 1,000 + 869 + ... + 517 "
            "at risk) and d = 0.10. Under the sBG, DERL(6) = Σ_{t≥7} S(t)/S(6) / 1.1^(t−7). Divide the sBG's by the "
            "constant churn's.")
    sbg = float(model.discounted_expected_residual_lifetime(0.1, renewals=6))
    if near(answer, sbg / (1.1 / (0.1 + churn))):
        return tr("You divided by the constant churn's DEL (1 + d)/(d + c), which counts the year paid now; DERL "
                  "starts at the next renewal, which happens with probability 1 − c. ") + base
    if near(answer, (1.1 / (0.1 + churn) * (1 - churn)) / sbg):
        return tr("That is the ratio the other way round. ") + base
    alive = _high_end()
    seven = ShiftedBetaGeometric().fit(alive[:7])
    wrong = [
        (float(seven.discounted_expected_residual_lifetime(0.1, renewals=6))
         / retention.constant_churn_derl(retention.constant_churn_fit(alive[:7]), 0.1),
         lambda: tr("You fitted seven counts (years 0 to 6); years 0 to 7 are eight counts, alive[:8]. ")),
        (float(model.discounted_expected_residual_lifetime(0.1, renewals=7))
         / retention.constant_churn_derl(churn, 0.1),
         lambda: tr("That uses DERL(7); 'renewed 6 times' means renewals=6. ")),
        (sbg / retention.constant_churn_derl(1 - alive[1] / alive[0], 0.1),
         lambda: tr("That uses the first year's churn (baseline A); the question fits one churn to years 0-7 by "
                    "maximum likelihood (baseline B). ")),
    ]
    for value, diagnosis in wrong:
        if _rounds_to(answer, value, 2) and not _rounds_to(answer, sbg / retention.constant_churn_derl(churn, 0.1), 2):
            return diagnosis() + base
    return base


@exercise("04.10", concepts=("C18", "C19"), hint=_hint_10)
def _():
    """Fit the sBG and a constant churn (maximum likelihood) to years 0 to 7 of the published high-end cohort. A
    customer has renewed 6 times. At a 10 % yearly discount rate, how many times larger is her discounted expected
    residual lifetime under the sBG than under the constant churn, to two decimal places?"""
    model, churn = _high_end_seven()
    return float(model.discounted_expected_residual_lifetime(0.1, renewals=6)) / retention.constant_churn_derl(
        churn, 0.1)
