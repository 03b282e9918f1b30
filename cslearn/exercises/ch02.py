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
    "in their 12th paid month (month 13)?",
    abs_tol=0.5,
    hint="2,000 x 0.25 start paying in month 2; each later month keeps 96 % of them: 11 more months.",
)
def _():
    funnel = bm.entry_funnel(2_000, retained_after=12, conversion=0.25, fee=8_000, churn=0.04)
    return float(funnel.loc[funnel["stage"] == "retained", "customers"].iloc[0])


@exercise(
    "02.4",
    "At the esthetic salon (list price ¥10,000; charge ¥10,000 and pay ¥8,000 for a visit from a fresh "
    "charge), assume a customer with a balance left comes back with probability 40 % a month, one without a "
    "balance with 10 %, 25 % charge again at a visit, and 5 % a month forget the salon. How much more "
    "revenue per customer does the prepaid scheme bring than a plain shot sale (same 10 % and 5 %) over "
    "12 months? Give the exact expected value (expected_prepaid / expected_shot), not a simulated one.",
    unit="yen",
    hint="expected_prepaid(12, return_prob_balance=0.40, recharge_prob=0.25) minus expected_shot(12): "
    "compare summary['revenue_per_customer'].",
)
def _():
    prepaid = bm.expected_prepaid(12, return_prob_balance=0.40, recharge_prob=0.25).summary
    shot = bm.expected_shot(12).summary
    return float(prepaid["revenue_per_customer"] - shot["revenue_per_customer"])


@exercise(
    "02.5",
    "A lounge asks owners for ¥15,000 each; its ¥12,000 course costs owners ¥8,000. Assume an owner comes "
    "back with probability 45 % a month and leaves for good with probability 5 % a month (the first visit "
    "is in month 1). What share of owners never make enough visits to recoup the stake within 24 months? "
    "Give it as a fraction; a simulation of 100,000 owners is close enough (within 0.01).",
    unit="rate",
    rel_tol=0.0,
    abs_tol=0.01,
    hint="First count the visits needed (ceil(15,000 / 4,000)); then owner_payback(24, ...) has "
    "share_never_recouped, or simulate_owner(owner_share=1.0) and count owners with fewer visits.",
)
def _():
    return _payback(
        "share_never_recouped", months=24, owner_fee=15_000, course_price=12_000, owner_price=8_000,
        owner_return_prob=0.45, lapse=0.05,
    )


@exercise(
    "02.6",
    "At the seed's lounge (stake ¥10,000, course ¥12,000, ¥7,000 for owners), assume owners come back "
    "with probability 40 % a month, non-owners 10 %, both leave for good with 5 % a month, and an owner "
    "brings on average 0.3 paying friends per visit. Serving any visit (an owner's, a friend's or a "
    "non-owner's) costs the shop 40 % of the ¥12,000 list price. Over 24 months, how much more margin "
    "(revenue minus the cost of serving) does the shop expect from a customer who becomes an owner than "
    "from the same customer as a non-owner?",
    unit="yen",
    hint="owner_gain_decomposition(24, friends_per_visit=0.3, cost_share=0.4): the total row.",
)
def _():
    table = bm.owner_gain_decomposition(24, friends_per_visit=0.3, cost_share=0.4)
    return float(table.loc[table["component"] == "total", "yen"].iloc[0])


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
    "Within one business, the esthetic salon (list price ¥10,000; no-pull return probability 10 %, lapse 5 % "
    "a month), which brings more expected revenue per customer over 24 months: 'service', an after-purchase "
    "service that lifts a shot customer's monthly return probability to 15 % (C13), or 'prepaid', the "
    "prepaid balance (charge ¥10,000, ¥8,000 a visit from a fresh charge, 35 % return chance while a "
    "balance is left, 30 % charge again at a visit; C10)?",
    kind="choice",
    choices=("service", "prepaid"),
    hint="expected_shot(24, return_prob=0.15) against expected_prepaid(24): compare revenue_per_customer.",
)
def _():
    service = bm.expected_shot(24, return_prob=0.15).summary["revenue_per_customer"]
    prepaid = bm.expected_prepaid(24).summary["revenue_per_customer"]
    return "service" if service > prepaid else "prepaid"
