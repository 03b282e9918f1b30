"""Exercises of chapter 02: shot model vs retention model.

Each expected answer is computed from the numbers stated in the question with the chapter's
``cslearn.business_models`` functions (exact expected values, no simulation).
"""

from __future__ import annotations

from cslearn import business_models as bm
from cslearn.exercises import exercise


def _payback(measure: str, **params) -> float:
    table = bm.owner_payback(**params)
    return float(table.loc[table["measure"] == measure, "value"].iloc[0])


@exercise(
    "02.1",
    "A salon sells a ¥12,000 treatment as a shot sale. A customer who still remembers the salon comes "
    "back in a month with probability 8 %, and forgets it for good with probability 5 % a month. "
    "What revenue does the salon expect from one new customer over the first 24 months?",
    unit="yen",
    hint="Month 1 brings the price; month t >= 2 brings price x 0.08 x 0.95^(t-1). expected_shot adds them up.",
)
def _():
    return float(bm.expected_shot(24, price=12_000, return_prob=0.08, lapse=0.05).summary["revenue_per_customer"])


@exercise(
    "02.2",
    "With a shot sale at ¥10,000 (return probability 10 %, lapse 5 %: the chapter's defaults) and a "
    "subscription with 5 % monthly churn, what is the lowest monthly fee, in steps of ¥500, at which a "
    "member brings more expected revenue than a shot customer over 36 months?",
    unit="yen",
    abs_tol=1e-6,
    hint="A member brings fee x (1 - 0.95^36) / 0.05; compare it with the shot customer's expected revenue.",
)
def _():
    shot = bm.expected_shot(36).summary["revenue_per_customer"]
    fee = 500
    while bm.expected_subscription(36, fee=fee, churn=0.05).summary["revenue_per_customer"] <= shot:
        fee += 500
    return float(fee)


@exercise(
    "02.3",
    "A gym lets 2,000 people try it for 5 yen for one month; 25 % of them then pay ¥8,000 a month, and "
    "members cancel with probability 4 % a month. How many of the 2,000 are expected to be still paying "
    "12 months after their first paid month (month 13)?",
    abs_tol=0.5,
    hint="2,000 x 0.25 start paying in month 2; each later month keeps 96 % of them: 11 more months.",
)
def _():
    funnel = bm.entry_funnel(2_000, retained_after=12, conversion=0.25, fee=8_000, churn=0.04)
    return float(funnel.loc[funnel["stage"] == "retained", "customers"].iloc[0])


@exercise(
    "02.4",
    "At the esthetic salon (list price ¥10,000; charge ¥10,000 and pay ¥8,000 for the first visit), "
    "assume a customer with a balance left comes back with probability 35 % a month, one without a "
    "balance with 10 %, 30 % charge again at a visit, and 5 % a month forget the salon. How much more "
    "revenue per customer does the prepaid scheme bring than a plain shot sale (same 10 % and 5 %) over "
    "12 months?",
    unit="yen",
    hint="expected_prepaid(12) minus expected_shot(12): compare summary['revenue_per_customer'].",
)
def _():
    prepaid = bm.expected_prepaid(12).summary["revenue_per_customer"]
    shot = bm.expected_shot(12).summary["revenue_per_customer"]
    return float(prepaid - shot)


@exercise(
    "02.5",
    "A lounge asks owners for ¥15,000 each; its ¥12,000 course costs owners ¥8,000. How many visits "
    "does an owner need to recoup the stake?",
    kind="whole",
    hint="Each visit saves the discount (12,000 - 8,000); count visits until the savings reach the stake.",
)
def _():
    return _payback("visits_to_recoup", owner_fee=15_000, course_price=12_000, owner_price=8_000)


@exercise(
    "02.6",
    "At the seed's lounge (stake ¥10,000, course ¥12,000, ¥7,000 for owners), assume owners come back "
    "with probability 40 % a month, non-owners 10 %, both leave for good with 5 % a month, and an owner "
    "brings on average 0.3 paying friends per visit. How much more revenue does the shop expect from a "
    "customer who becomes an owner than from one who does not, over 24 months?",
    unit="yen",
    hint="owner_payback(24, friends_per_visit=0.3): the shop's gain_at_horizon.",
)
def _():
    return _payback("gain_at_horizon", months=24, friends_per_visit=0.3)


@exercise(
    "02.7",
    "A table of four eats 0.8 kg of their own aged beef at each visit. How many visits does a 10 kg "
    "meat ownership give them reasons for?",
    kind="whole",
    hint="Divide the stock by the portion and round up: the last, smaller portion is a visit too.",
)
def _():
    return bm.visits_per_stock(10, 0.8)


@exercise(
    "02.8",
    "With every model at its default settings, which model brings the most expected revenue per customer "
    "over the first 12 months? Answer with its name in compare_models, e.g. 'shot'.",
    kind="choice",
    choices=tuple(bm.MODELS),
    hint="model_summaries(months=12, method='expected') lists revenue_per_customer for every model.",
)
def _():
    table = bm.model_summaries(months=12, method="expected")
    return str(table.loc[table["revenue_per_customer"].idxmax(), "model"])
