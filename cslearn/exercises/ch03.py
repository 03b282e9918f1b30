"""Exercises of chapter 03: OTV vs LTV, the past P&L and the future P&L.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches.
"""

from __future__ import annotations

from cslearn import growth, ltv, pnl
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
    hint="m = 0.75 × 8,000 and r = 1 - 0.04; the textbook sum starts after the first month, so it is "
    "the course's LTV less one month's margin.",
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
    "Support by hand costs ¥1,000 per customer a month. Systemising it (a forum of categorised answers, "
    "step-delivered videos) costs ¥1,500,000 a month plus ¥200 per customer. How much a month does "
    "systemisation save at 5,000 customers?",
    unit="yen",
    hint="By hand: 1,000 × N. Systemised: 1,500,000 + 200 × N. Subtract.",
)
def _():
    return float(pnl.compare_support_costs(5_000, 1_000, 200, 1_500_000)["saving"].iloc[0])


@exercise(
    "03.5",
    "With the same costs as 03.4, from how many customers on does systemised support cost less than "
    "support by hand?",
    unit="",
    rel_tol=0.001,
    hint="Set 1,000 × N equal to 1,500,000 + 200 × N and solve for N.",
)
def _():
    return pnl.systemisation_breakeven(1_000, 200, 1_500_000)


@exercise(
    "03.6",
    "A subscription wins 100 new customers every month at a CAC of ¥50,000. They pay ¥10,000 a month at "
    "an 80 % margin and 5 % leave each month; support costs ¥1,000 per customer a month and other fixed "
    "costs ¥1,000,000 a month. From which month on does cumulative cash stay above zero (the J-curve "
    "crossing)?",
    kind="whole",
    unit="month",
    hint="Project 60 months with cs.project_pnl and read summary['breakeven_month'], or find the first "
    "month after which the cumulative_cash column never goes below zero again.",
)
def _():
    projection = pnl.project_pnl(60, 100, churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=1_000,
                                 fixed_cost=1_000_000)
    return projection.summary["breakeven_month"]


@exercise(
    "03.7",
    "Same business as 03.6: how much cash does the plan need, i.e. how deep is the bottom of the J-curve? "
    "Answer as a positive amount in yen.",
    unit="yen",
    hint="The lowest value of the cumulative_cash column, with its sign flipped (summary['cash_low']).",
)
def _():
    projection = pnl.project_pnl(60, 100, churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=1_000,
                                 fixed_cost=1_000_000)
    return -projection.summary["cash_low"]


@exercise(
    "03.8",
    "With the default settings of cs.compare_growth (the same budget every month), how much higher is the "
    "MRR of retention-first than that of acquisition-only after 48 months?",
    unit="yen",
    hint="compare_growth(48).gap holds retention-first minus acquisition-only, month by month.",
)
def _():
    return float(growth.compare_growth(48).gap["mrr"].iloc[-1])
