"""Exercises of chapter 03: OTV vs LTV, the past P&L and the future P&L.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches.
"""

from __future__ import annotations

from cslearn import growth, ltv, otv, pnl
from cslearn.exercises import exercise


@exercise(
    "03.1",
    "A plan costs ¥8,000 a month at a 75 % gross margin; 4 % of customers leave every month and "
    "money is discounted at 1 % a month. What is one customer's LTV under the course's convention "
    "(first payment counted)?",
    unit="yen",
    hint="LTV = margin × ARPU × (1 + d) / (d + c); check it with cs.lifetime_value.",
)
def _():
    return ltv.lifetime_value(8_000, 0.04, margin=0.75, discount_rate=0.01)


@exercise(
    "03.2",
    "Same customer as 03.1: what is the Gupta & Lehmann (2003) textbook value m·r/(1 + i - r), with m "
    "the margin per month in yen, r the retention and i the discount rate?",
    unit="yen",
    hint="m = 0.75 × 8,000 and r = 1 - 0.04. If you got your answer to 03.1 again, you counted the first "
    "month: the textbook's margins arrive at the end of each month, only for customers who stayed, so its "
    "value is the course's LTV less one month's margin.",
)
def _():
    return ltv.textbook_lifetime_value(0.75 * 8_000, 1 - 0.04, 0.01)


@exercise(
    "03.3",
    "A customer costs ¥60,000 to acquire and pays ¥12,000 a month at a 70 % margin (no discounting, "
    "no expansion). What is the highest monthly churn at which the customer still pays back the CAC "
    "within 12 months? Answer as a fraction (0.05 for 5 %).",
    unit="rate",
    rel_tol=0.002,
    hint="After 12 months a customer has brought in margin × ARPU × (1 - (1 - c)^12) / c on average; "
    "find the c where that equals the CAC (cs.max_churn_for_payback, or try values with cs.payback_months).",
)
def _():
    return ltv.max_churn_for_payback(60_000, 12_000, 12, margin=0.7)


@exercise(
    "03.4",
    "Support by hand costs ¥1,200 per customer a month. Systemising it (a forum of categorised answers, "
    "step-delivered videos) costs ¥450,000 a month plus ¥300 per customer. How much a month does "
    "systemisation save at 2,000 customers?",
    unit="yen",
    hint="By hand: 1,200 × N. Systemised: 450,000 + 300 × N. Subtract the second from the first.",
)
def _():
    return float(pnl.compare_support_costs(2_000, 1_200, 300, 450_000)["saving"].iloc[0])


@exercise(
    "03.5",
    "With the same costs as 03.4, at how many customers do support by hand and systemised support cost "
    "exactly the same?",
    unit="",
    rel_tol=0.001,
    hint="Set 1,200 × N equal to 450,000 + 300 × N and solve for N (cs.systemisation_breakeven).",
)
def _():
    return pnl.systemisation_breakeven(1_200, 300, 450_000)


_BUSINESS = dict(churn=0.04, arpu=8_000, margin=0.75, cac=40_000, support_cost=800, fixed_cost=800_000)


@exercise(
    "03.6",
    "A subscription wins 80 new customers every month at a CAC of ¥40,000. They pay ¥8,000 a month at "
    "a 75 % margin and 4 % leave each month; support costs ¥800 per customer a month and other fixed "
    "costs ¥800,000 a month. From which month on does cumulative cash stay above zero (the J-curve "
    "crossing)?",
    kind="whole",
    unit="month",
    hint="Project 60 months with cs.project_pnl and read summary['breakeven_month'], or find the first "
    "month after which the cumulative_cash column never goes below zero again.",
)
def _():
    return pnl.project_pnl(60, 80, **_BUSINESS).summary["breakeven_month"]


@exercise(
    "03.7",
    "Same business as 03.6: how much cash does the plan need, i.e. how deep is the bottom of the J-curve? "
    "Answer as a positive amount in yen.",
    unit="yen",
    hint="The lowest value of the cumulative_cash column, with its sign flipped (-summary['cash_low']). "
    "If check says your answer is too low and it is negative, you gave the cumulative cash itself: "
    "flip its sign.",
)
def _():
    return -pnl.project_pnl(60, 80, **_BUSINESS).summary["cash_low"]


@exercise(
    "03.8",
    "Take cs.compare_growth over 48 months with churn 6 % without care, 3 % with care and a CAC of "
    "¥40,000 (other settings at their defaults: the same budget every month). Care costs k yen per "
    "customer a month. At what k does retention-first stop being ahead of acquisition-only in "
    "cumulative profit after 48 months?",
    unit="yen",
    rel_tol=0.002,
    hint="The gap cs.compare_growth(48, churn=0.06, cared_churn=0.03, cac=40_000, care_cost=k)"
    ".gap['cumulative_profit'].iloc[-1] falls as k rises: bisect between a k where it is positive and one "
    "where it is negative. The rule of thumb k = CAC × (churn saved) is only a starting guess.",
)
def _():
    return growth.breakeven_care_cost(48, churn=0.06, cared_churn=0.03, cac=40_000)


@exercise(
    "03.9",
    "A shop (a shot business) sells to 1,200 buyers a month on average over the year at ¥6,000, keeps a "
    "40 % margin and pays ¥2,400,000 a month of fixed costs; demand has the chapter's seasonal profile "
    "and a common shock with a 30 % coefficient of variation. Next month is February. What is the chance "
    "that next month is a loss? Answer as a fraction; simulate at least 20,000 futures.",
    unit="rate",
    rel_tol=0.02,
    abs_tol=0.005,
    hint="The month is a loss when revenue < fixed cost / margin (cs.break_even_revenue). Simulate with "
    "cs.simulate_shot_business(months=1, paths=..., start_month=2, customers=..., price=..., margin=..., "
    "fixed_cost=..., demand_cv=...) and take the share of futures with a negative profit.",
)
def _():
    sims = otv.simulate_shot_business(1, 400_000, customers=1_200, price=6_000, margin=0.4, fixed_cost=2_400_000,
                                      demand_cv=0.3, start_month=2, seed=0)
    return float((sims["profit"] < 0).mean())


@exercise(
    "03.10",
    "A plan starts at ¥5,000 a month at a 60 % margin; 3 % of customers leave each month, those who stay "
    "pay 1 % more every month (expansion), and money is discounted at 0.5 % a month. What is one "
    "customer's LTV under the course's convention?",
    unit="yen",
    hint="LTV = m × ARPU × (1 + d) / (d + c - g(1 - c)); check with cs.lifetime_value(..., expansion=g). "
    "Forgetting the (1 - c) on g, or the (1 + d), gives a slightly wrong answer.",
)
def _():
    return ltv.lifetime_value(5_000, 0.03, margin=0.6, discount_rate=0.005, expansion=0.01)
