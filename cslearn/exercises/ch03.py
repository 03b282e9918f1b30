"""Exercises of chapter 03: OTV vs LTV, the past P&L and the future P&L.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches. Every hint works the idea through with the
question's own numbers; a callable hint also names the typical slip a wrong answer suggests.
"""

from __future__ import annotations

from cslearn.exercises import exercise, near, slips
from cslearn.language import tr
from cslearn.value import growth, ltv, otv, pnl


# -- 03.1 ---------------------------------------------------------------------------------------
def _ltv_formula() -> str:
    return tr(
        "The course counts the first payment: LTV = m × ARPU × (1 + d) / (d + c) = 0.75 × 8,000 × (1 + 0.01) / "
        "(0.01 + 0.04): one month's margin of 6,000, kept with probability 0.96 and discounted by 1.01 each month."
    )


_hint_03_1 = slips(
    _ltv_formula,
    (0.75 * 8_000 * 0.96 / (1 + 0.01 - 0.96),
     lambda: tr("That is the textbook value, which starts after the first month.")),
    (0.75 * 8_000 / 0.04, lambda: tr("You left out the discounting (d = 0.01).")),
    (8_000 * 1.01 / 0.05, lambda: tr("That is lifetime revenue: multiply by the 75 % margin.")),
)


@exercise("03.1", unit="yen", concepts=("C14", "C17"), hint=_hint_03_1)
def _():
    """A plan costs ¥8,000 a month at a 75 % gross margin; 4 % of customers leave every month and money is discounted
    at 1 % a month. What is one customer's LTV under the course's convention (first payment counted)? Give it to the
    nearest yen."""
    return ltv.lifetime_value(8_000, 0.04, margin=0.75, discount_rate=0.01)


# -- 03.2 ---------------------------------------------------------------------------------------
_hint_03_2 = slips(
    lambda: tr(
        "m = 0.75 × 8,000 = 6,000 a month and r = 1 - 0.04 = 0.96, so the value is 6,000 × 0.96 / (1 + 0.01 - 0.96)."),
    (lambda answer: near(answer, ltv.lifetime_value(8_000, 0.04, margin=0.75, discount_rate=0.01)),
     lambda: tr("That is 03.1's answer again: you counted the first month. The textbook's margins arrive at the end "
                "of each month, only for customers who stayed, so its value is the course's LTV less one month's "
                "margin.")),
)


@exercise("03.2", unit="yen", concepts=("C17",), hint=_hint_03_2)
def _():
    """Same customer as 03.1: what is the Gupta & Lehmann (2003) textbook value m·r/(1 + i - r), with m the margin
    per month in yen, r the retention and i the discount rate? Give it to the nearest yen."""
    return ltv.textbook_lifetime_value(0.75 * 8_000, 1 - 0.04, 0.01)


# -- 03.3 ---------------------------------------------------------------------------------------
_hint_03_3 = slips(
    lambda: tr("A customer's margin is 0.7 × 12,000 = 8,400 a month, and month t's payment arrives with probability "
               "(1 - c)^(t - 1); after 12 months the expected total is 8,400 × (1 - (1 - c)^12) / c. Find the c at "
               "which that total equals the CAC of 60,000: at c = 0.05 it is above 60,000, at c = 0.15 below, so "
               "narrow down between them (or use cs.payback_months and try values)."),
    (lambda answer: answer > 0.5, lambda: tr("Churn must be a small fraction of customers a month.")),
)


@exercise("03.3", unit="rate", concepts=("C16",), hint=_hint_03_3)
def _():
    """A customer costs ¥60,000 to acquire and pays ¥12,000 a month at a 70 % margin (no discounting, no expansion).
    What is the highest monthly churn at which the customer still pays back the CAC within 12 months? Answer as a
    fraction to four decimal places (0.0500 for 5 %)."""
    return ltv.max_churn_for_payback(60_000, 12_000, 12, margin=0.7)


# -- 03.4 and 03.5: systemisation ---------------------------------------------------------------
_SAVING_03_4 = 1_200 * 2_000 - (450_000 + 300 * 2_000)  # 03.4's saving a month
_hint_03_4 = slips(
    lambda: tr("By hand support costs 1,200 × 2,000 a month; systemised it costs 450,000 + 300 × 2,000. The saving is "
               "the first minus the second."),
    (-_SAVING_03_4, lambda: tr("Your saving is negative: you subtracted the wrong way round.")),
    (1_200 * 2_000 - (12 * 450_000 + 300 * 2_000),
     lambda: tr("You took the fixed 450,000 as a yearly cost twelve times over: it is 450,000 a month, and the "
                "question asks for a month's saving.")),
    (12 * _SAVING_03_4, lambda: tr("That is a year's saving: the question asks for one month.")),
    (lambda answer: answer < 0,
     lambda: tr("A negative saving would mean systemising costs more, but at 2,000 customers it costs less: "
                "check that every amount is a monthly one.")),
    ((1_200 - 300) * 2_000, lambda: tr("You left out the fixed 450,000 a month that systemising costs.")),
)


@exercise("03.4", unit="yen", concepts=("C17",), hint=_hint_03_4)
def _():
    """Support by hand costs ¥1,200 per customer a month. Systemising it (a forum of categorised answers,
    step-delivered videos) costs ¥450,000 a month plus ¥300 per customer. How much a month does systemisation save at
    2,000 customers? Give it to the nearest yen."""
    return float(pnl.compare_support_costs(2_000, 1_200, 300, 450_000)["saving"].iloc[0])


@exercise(
    "03.5", kind="whole", concepts=("C17",),
    hint=lambda _answer: tr(
        "Set the two monthly costs equal, 1,200 × N = 450,000 + 300 × N: each customer saves 1,200 - 300 "
        "by systemising, so N such savings must pay the fixed 450,000."),
)
def _():
    """With the same costs as 03.4, at how many customers do support by hand and systemised support cost exactly the
    same? Give a whole number of customers."""
    return pnl.systemisation_breakeven(1_200, 300, 450_000)


# -- 03.6 and 03.7: the J-curve -----------------------------------------------------------------
_BUSINESS = dict(churn=0.04, arpu=8_000, margin=0.75, cac=40_000, support_cost=800, fixed_cost=800_000)


def _hint_03_6(_answer) -> str:
    return tr(
        "Each month 80 customers cost 80 × 40,000 = 3,200,000 up front, while the base pays 0.75 × 8,000 - 800 = "
        "5,200 a month each after support and 800,000 of fixed costs go out: profit = 5,200 × active customers - "
        "3,200,000 - 800,000. Add the monthly profits up (cs.project_pnl(60, 80, churn=0.04, arpu=8_000, "
        "margin=0.75, cac=40_000, support_cost=800, fixed_cost=800_000)) and find the month after the last one "
        "in which cumulative_cash is below zero."
    )


@exercise("03.6", kind="whole", unit="month", concepts=("C16",), hint=_hint_03_6)
def _():
    """A subscription wins 80 new customers every month at a CAC of ¥40,000. They pay ¥8,000 a month at a 75 % margin
    and 4 % leave each month; support costs ¥800 per customer a month and other fixed costs ¥800,000 a month. From
    which month on does cumulative cash stay above zero (the J-curve crossing)? Give a whole month number, counting
    the first month as 1."""
    return pnl.project_pnl(60, 80, **_BUSINESS).summary["breakeven_month"]


_hint_03_7 = slips(
    lambda: tr("The cash the plan needs is the bottom of the J: the lowest cumulative cash, where monthly profit "
               "(5,200 a month per active customer after support, less 3,200,000 of acquisition and 800,000 of "
               "fixed costs) turns from negative to positive. Take the minimum of the cumulative_cash column and "
               "flip its sign."),
    (lambda answer: answer < 0,
     lambda: tr("That is the cumulative cash itself, which is negative: the question asks for a positive amount.")),
)


@exercise("03.7", unit="yen", concepts=("C16",), hint=_hint_03_7)
def _():
    """Same business as 03.6: how much cash does the plan need, i.e. how deep is the bottom of the J-curve? Answer as
    a positive amount to the nearest yen."""
    return -pnl.project_pnl(60, 80, **_BUSINESS).summary["cash_low"]


# -- 03.8: when care stops paying ---------------------------------------------------------------
@exercise(
    "03.8", unit="yen", concepts=("C15",),
    hint=lambda _answer: tr(
        "A customer kept by care costs k / (0.06 - 0.03); buying one costs 40,000, so care pays roughly while "
        "k < 40,000 × 0.03. That is only a first guess: the exact k also counts the upgrades and the coverage that "
        "thins as the base grows. Compute the gap compare_growth(48, churn=0.06, cared_churn=0.03, cac=40_000, "
        "care_cost=k).gap['cumulative_profit'].iloc[-1] at a k above and a k below the guess, then halve the "
        "interval until the gap is zero. Start the low end above 0 (say k = 100): care must cost something, and "
        "care_cost=0 is refused."),
    mistakes={40_000 * (0.06 - 0.03): lambda: tr(
        "That is the rule of thumb, k ≈ CAC (c0 - c1) = 40,000 × 0.03: only the "
        "first guess. Now bisect: compute the cumulative-profit gap after 48 months at a k above and a k below "
        "it and halve the interval until the gap is zero (the exact k also counts the upgrades and the "
        "coverage that thins as the base grows).")},
)
def _():
    """Take cs.compare_growth over 48 months with churn 6 % without care, 3 % with care and a CAC of ¥40,000 (other
    settings at their defaults: the same budget every month). Care costs k yen per customer a month. At what k does
    retention-first stop being ahead of acquisition-only in cumulative profit after 48 months? Give it to the nearest
    yen."""
    return growth.breakeven_care_cost(48, churn=0.06, cared_churn=0.03, cac=40_000)


# -- 03.9: the past P&L's uncertainty -----------------------------------------------------------
@exercise(
    "03.9", unit="rate", abs_tol=0.015, concepts=("C14",),
    hint=lambda _answer: tr(
        "The month is a loss when revenue < fixed cost / margin = 2,400,000 / 0.4 = 6,000,000, i.e. fewer than "
        "1,000 buyers at 6,000. February is a slow month, so its mean is well below 1,200 buyers: simulate "
        "cs.simulate_shot_business(months=1, paths=20_000, start_month=2, customers=1_200, price=6_000, "
        "margin=0.4, fixed_cost=2_400_000, demand_cv=0.3, rng=...) and take the share of futures below the line."),
)
def _():
    """A shop (a shot business) sells to 1,200 buyers a month on average over the year at ¥6,000, keeps a 40 % margin
    and pays ¥2,400,000 a month of fixed costs; demand has the chapter's seasonal profile and a common shock with a
    30 % coefficient of variation. Next month is February. What is the chance that next month is a loss? Answer as a
    fraction to two decimal places; simulate at least 20,000 futures (a simulated answer within 0.015 of the exact
    chance is accepted)."""
    sims = otv.simulate_shot_business(1, 400_000, customers=1_200, price=6_000, margin=0.4, fixed_cost=2_400_000,
                                      demand_cv=0.3, start_month=2, rng=0)
    return float((sims["profit"] < 0).mean())


# -- 03.10: a deeper relationship raises revenue ------------------------------------------------
_hint_03_10 = slips(
    lambda: tr("LTV = m × ARPU × (1 + d) / (d + c - g(1 - c)) = 0.6 × 5,000 × 1.005 / (0.005 + 0.03 - 0.01 × 0.97): "
               "each month a customer stays with probability 0.97 and, if so, pays 1 % more."),
    (0.6 * 5_000 * 1.005 / (0.005 + 0.03 - 0.01),
     lambda: tr("You left out the (1 - c) on g: only the customers who stay pay more.")),
    (0.6 * 5_000 * 1.005 / (0.005 + 0.03), lambda: tr("You left out the expansion g.")),
    (0.6 * 5_000 / (0.005 + 0.03 - 0.01 * 0.97),
     lambda: tr("You left out the (1 + d) factor: the course counts the first payment, undiscounted, so the "
                "sum starts at 1 and the closed form gains (1 + d) = 1.005.")),
)


@exercise("03.10", unit="yen", concepts=("C17",), hint=_hint_03_10)
def _():
    """A plan starts at ¥5,000 a month at a 60 % margin; 3 % of customers leave each month, those who stay pay 1 %
    more every month (expansion), and money is discounted at 0.5 % a month. What is one customer's LTV under the
    course's convention? Give it to the nearest yen."""
    return ltv.lifetime_value(5_000, 0.03, margin=0.6, discount_rate=0.005, expansion=0.01)


# -- 03.11: when growth compounds ---------------------------------------------------------------
_COMPOUND = dict(customers=2_000, arpu=5_000, margin=0.6, churn=0.04, cared_churn=0.02, care_cost=300, cac=30_000)
_REINVESTED = 0.4  # share of gross profit spent every month


def _rate_with_care(months: int, **upgrades) -> float:
    """03.11's monthly growth of the customer base with care, as compare_growth finds it over ``months``.
    The question spends nothing on upgrades (``upsell_share=0.0``); left out, compare_growth's default
    upgrades are on, a known slip."""
    budget = _REINVESTED * _COMPOUND["margin"] * _COMPOUND["customers"] * _COMPOUND["arpu"]
    result = growth.compare_growth(months, budget=budget, care_share=0.25, reinvest=True, **upgrades, **_COMPOUND)
    return float(result.growth_rate("customers")["retention"])


_hint_03_11 = slips(
    lambda: tr(
        "Each customer brings 0.6 × 5,000 = 3,000 of gross profit, so funds 0.4 × 3,000 = 1,200 of budget a month. "
        "Care takes 300 of it; the other 900 buys 900 / 30,000 new customers per customer, and then 2 % of the "
        "base leaves: the base grows by (1 + 900 / 30,000) × (1 - 0.02) - 1 a month, the same every month "
        "because the budget grows with the base."),
    ((1 + 1_200 / 30_000) * 0.96 - 1,
     lambda: tr("That is acquisition-only's rate (all 1,200 on new customers, 4 % churn): it shrinks."), 0.02),
    (900 / 30_000 - 0.02,
     lambda: tr("Close to the idea, but the new customers churn too: multiply, do not subtract."), 0.02),
)


@exercise(
    "03.11", unit="rate", concepts=("C15",), hint=_hint_03_11,
    mistakes={rate: lambda: tr("compare_growth spends upsell_share=0.2 of the budget on upgrades unless told "
                               "otherwise: those default upgrades give this rate. The question spends nothing on "
                               "upgrades: pass upsell_share=0.")
              for rate in (_rate_with_care(36), _rate_with_care(60))},
)
def _():
    """A subscription has 2,000 customers paying ¥5,000 a month at a 60 % gross margin and spends 40 % of its gross
    profit every month (a budget that grows with revenue). Without care 4 % of customers leave each month; customer
    success at ¥300 per customer a month, paid from that budget and covering every customer, cuts churn to 2 %.
    Nothing is spent on upgrades. The rest of the budget buys new customers at a CAC of ¥30,000. By what fraction
    does its customer base grow each month with care? Answer as a fraction to four decimal places (0.0100 for 1 % a
    month). To check it, compare_growth needs every setting, the budget as the first month's 40 % of 2,000 × 5,000 ×
    0.6 = 2,400,000 and care as the quarter of it that ¥300 for each customer takes: compare_growth(36,
    budget=2_400_000, reinvest=True, care_share=0.25, upsell_share=0, customers=2_000, arpu=5_000, margin=0.6,
    churn=0.04, cared_churn=0.02, care_cost=300, cac=30_000).growth_rate('customers')['retention'] (one rate per
    strategy; 'retention' is the one with care)."""
    return _rate_with_care(36, upsell_share=0.0)


# -- 03.12: is an upgrade cheap enough? ---------------------------------------------------------
_hint_03_12 = slips(
    lambda: tr("Compare the cost of one yen of monthly revenue: a new customer gives 8,000 a month for 36,000, i.e. "
               "36,000 / 8,000 per yen; an upgrade gives 2,500 a month for its cost u, i.e. u / 2,500 per yen. "
               "Set u / 2,500 = 36,000 / 8,000 and solve for u."),
    (36_000 / 2,
     lambda: tr("Half the CAC is one reading of the rule of thumb, not the break-even: an upgrade adds less than a "
                "customer pays.")),
    (lambda answer: 0 < answer < 1,
     lambda: tr("That looks like a share of the CAC: the question asks for the cost in yen. Multiply your share "
                "by 36,000, or solve for u directly.")),
)


@exercise("03.12", unit="yen", concepts=("C15",), hint=_hint_03_12)
def _():
    """A new customer costs ¥36,000 to acquire and pays ¥8,000 a month; an upgrade adds ¥2,500 to a customer's
    monthly price, and customers churn alike either way. Up to what cost of an upgrade does it buy monthly revenue at
    least as cheaply as acquisition does? Give it to the nearest yen."""
    # upgrades on their own against acquisition-only, solved for the upgrade cost at which they end level
    return growth.breakeven_upsell_cost(60, cac=36_000, arpu=8_000, upgrade_arpu=2_500)
