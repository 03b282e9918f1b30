"""Exercises of chapter 01: from owning to experiencing.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches. Every exercise names the concepts it exercises
(C1 owning vs experiencing, C2 where the budget goes, C3 the 1:5 rule and the budget model,
C4 farming not hunting, C5 who is a customer, C6 how known the idea is).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar

from cslearn.data import load_dataset
from cslearn.exercises import exercise, near, slips
from cslearn.language import tr
from cslearn.ownership import compute as ownership

FINE_SHARES = np.round(np.linspace(0, 1, 101), 10)  # 0 %, 1 %, ..., 100 % on acquisition


@exercise(
    "01.1", kind="whole", unit="month", concepts=("C1",),
    hint=lambda _answer: tr("After month t the streamer has paid 1,080 × t. The break-even month is the first t with "
                            "1,080 × t ≥ 2,500: divide 2,500 by 1,080 and round up to the next whole month."),
)
def _():
    """An album costs ¥2,500 on CD or ¥1,080 a month to stream. In which month has a streamer paid at least the CD
    price? Give a whole month number, counting from 1."""
    return ownership.break_even_month(2500, 1080)


_hint_012 = slips(
    lambda: tr("A new subscriber pays ¥980 in month t only if still there, with probability 0.96^(t-1) (4 % leave "
               "each month). Add the 24 months: 980 × (1 + 0.96 + ... + 0.96^23) = 980 × (1 - 0.96^24) / 0.04."),
    (lambda answer: answer < 0 or abs(answer) > 1e9,
     lambda: tr("A negative or enormous total comes from churn entered as 4 instead of 0.04: churn must be a "
                "fraction (4 % = 0.04), so that 1 - churn = 0.96 is the share who stay.")),
    (980 * 24, lambda: tr("That is what a subscriber who never leaves pays (980 × 24).")),
    (980 / 0.04, lambda: tr("That is the whole expected lifetime (980 / 0.04), not the first 24 months.")),
)


@exercise("01.2", unit="yen", concepts=("C1",), hint=_hint_012)
def _():
    """A ¥980-a-month service loses 4 % of its subscribers every month. What revenue does the seller expect from one
    new subscriber over the first 24 months? Give it to the nearest yen."""
    table = ownership.ownership_vs_access(3000, 980, months=24, churn=0.04)
    return float(table["subscribe_expected"].iloc[-1])


_hint_013 = slips(
    lambda: tr("A subscriber stays on average 1 / churn months, so their expected lifetime revenue is "
               "980 / churn. Set 980 / churn = 3,000 and solve for churn (a fraction such as 0.05, not 5)."),
    (3000 / 980,
     lambda: tr("That is the ratio inverted (3,000 / 980, price over fee): churn is fee over price."), 0.01),
)


@exercise("01.3", unit="rate", concepts=("C1",), hint=_hint_013)
def _():
    """At what monthly churn is a ¥980-a-month subscriber expected to pay, over their whole life, exactly the ¥3,000
    of one CD? Give it as a fraction to three decimal places."""
    # fee / churn = price, so churn = fee / price; break_even_month agrees: just above it, never.
    return 980 / 3000


def _split_exercise(id: str, question: str, idea: Callable[[], str], tol: float, **setting) -> None:
    """Register a budget-split exercise: the share of the budget on acquisition, among 0 %, 1 %, ..., 100 %,
    with the largest cumulative profit under the chapter's model with ``setting`` changed, accepted within
    ``tol`` (the top of the curve is flat). Its hint names the retention share given instead, then the idea
    (a function of no arguments, so that it is said in the language of the moment)."""

    def best() -> float:
        return ownership.best_budget_split(FINE_SHARES, **setting)

    def hint(answer: float) -> str:
        share = best()
        if abs(answer - (1 - share)) <= tol and abs(answer - share) > tol:
            return tr("That is the retention share; the question asks for the share on acquisition. ") + idea()
        return idea()

    exercise(id, question, unit="rate", abs_tol=tol + 0.0001, concepts=("C3",), hint=hint)(best)


_split_exercise(
    "01.4",
    "Take the chapter's business (budget ¥1,000,000 a month, 1,000 customers paying ¥10,000 at a 60 % "
    "margin, CAC ¥20,000, the 1:5 rule, newcomers earning as much as established customers: "
    "new_customer_value = 1) but with 8 % monthly churn. Which share of the budget on acquisition, among "
    "0 %, 1 %, ..., 100 %, gives the highest cumulative profit after 24 months? Give it as a fraction to two "
    "decimal places; the top of the curve is flat, so an answer within 0.02 of the best is accepted.",
    idea=lambda: tr(
        "At 8 % churn, 80 of the 1,000 customers are at risk in month 1 (50 at 5 %). A share s of the budget "
        "wins s × 1,000,000 / 20,000 new customers a month. The rest, (1 - s) × 1,000,000, goes to retention: "
        "its first yen keeps customers at CAC / k = 20,000 / 5 = ¥4,000 each, and every later yen keeps fewer, "
        "because the easiest are kept first (kept = 80 × (1 - e^(-spend / (80 × 4,000))) in month 1). Run the "
        "24 months for every share 0, 0.01, ..., 1 with churn=0.08 and take the share with the largest "
        "cumulative profit."
    ),
    tol=0.02,
    churn=0.08,
)


_hint_015 = slips(
    lambda: tr("The month's rule is R* = 80 × (30,000 / k) × ln k = 2,400,000 × ln k / k. Its slope, "
               "2,400,000 × (1 - ln k) / k², is zero where ln k = 1: find that k, then put it back into R*."),
    (math.e,
     lambda: tr("That is the cost ratio at which the spend is largest; the question asks for the spend."), 0.01),
    (lambda answer: near(answer, ownership.optimal_retention_spend(80, 30_000, 5)),
     lambda: tr("That is the spend under the 1:5 rule (k = 5), not the largest over all k.")),
    (lambda answer: near(answer, ownership.optimal_retention_spend(50, 20_000, math.e)),
     lambda: tr("That is the chapter's month (50 at risk, CAC ¥20,000); here 80 are at risk at ¥30,000.")),
)


@exercise("01.5", unit="yen", concepts=("C3",), hint=_hint_015)
def _():
    """In a month with 80 customers at risk and a CAC of ¥30,000, the one-month rule's retention spend R* depends on
    the cost ratio k. What is the largest R* over all cost ratios k? Give it to the nearest yen."""
    best = minimize_scalar(lambda k: -ownership.optimal_retention_spend(80, 30_000, k),
                           bounds=(1.0, 10.0), method="bounded", options={"xatol": 1e-8})
    return -float(best.fun)


_hint_016 = slips(
    lambda: tr("28.6 % of the 374 knew the term: 374 × 0.286 executives. 78.5 % of those are doing it or plan to, "
               "so the rest, 21.5 % of the aware, are neither."),
    (lambda answer: abs(answer - round(374 * 0.286)) <= 1, lambda: tr("That is everyone who knew the term.")),
    (lambda answer: abs(answer - round(374 * 0.215)) <= 1,
     lambda: tr("21.5 % applies to the aware executives, not to all 374.")),
)


@exercise("01.6", kind="whole", concepts=("C6",), hint=_hint_016)
def _():
    """Of the 374 IT executives in the 2021 survey, about how many knew the term customer success but were neither
    doing it nor planning to? Round to a whole number."""
    counts = ownership.survey_counts(load_dataset("cs_awareness_survey_2021")).set_index("item")
    return float(counts.loc["Aware of customer success", "people"] - counts.loc["Doing it or plan to", "people"])


def _relationship_hint(word: str) -> str:
    """What a wrong relationship word in 01.7 misses, or the two questions to ask."""
    if word == "customer":
        return tr("A customer (カスタマー, 顧客) is known by face *and* by usage; the gym does not know yet how she "
                  "trains.")
    if word == "prospect":
        return tr("A prospect (見込み客) has not bought yet; she has joined, so she has bought.")
    if word == "anonymous buyer":
        return tr("An anonymous buyer bought but is not known; the gym knows her name and face.")
    return tr("Ask two questions: has she bought, and does the gym know both her face and how she uses it?")

_RELATIONSHIP_ALIASES = {
    "顧客": "customer",
    "カスタマー": "customer",
    "新規顧客": "new customer",
    "ニューカスタマー": "new customer",
    "見込み客": "prospect",
    "見込み顧客": "prospect",
    "プロスペクト": "prospect",
    "匿名の購入者": "anonymous buyer",
    "非会員客": "anonymous buyer",
    "顔の見えない客": "anonymous buyer",
}


def _hint_017(answer) -> str:
    word = " ".join(str(answer).strip().lower().split())
    word = _RELATIONSHIP_ALIASES.get(word, word)
    return _relationship_hint(word)


@exercise(
    "01.7", kind="choice", choices=("customer", "new customer", "prospect", "anonymous buyer"),
    aliases=_RELATIONSHIP_ALIASES, concepts=("C5",), hint=_hint_017,
)
def _():
    """A gym member joined last week: the gym knows her name and face but not yet how she trains. Is she a
    'customer', a 'new customer', a 'prospect' or an 'anonymous buyer'? (The Japanese terms 顧客, 新規顧客,
    見込み客 and 匿名の購入者 or 非会員客 are accepted too.)"""
    person = pd.DataFrame({"has_bought": [True], "known_face": [True], "usage_known": [False]})
    return ownership.classify_relationships(person).iloc[0]


SALON_SPENDING = pd.DataFrame(
    {
        "item": ["coupon-portal listing", "web ads", "first-visit discount", "thank-you and step messages",
                 "birthday coupons"],
        "stage": ["before", "before", "before", "after", "after"],
        "monthly_spend": [180_000, 60_000, 40_000, 30_000, 25_000],
    }
)


_hint_018 = slips(
    lambda: tr("Sort each item by when it reaches the customer: before the first visit (portal 180,000, ads 60,000, "
               "first-visit discount 40,000) is acquisition; after it (messages 30,000, birthday coupons 25,000) is "
               "retention. The retention share is the after-visit total over the total of all five."),
    (280 / 335, lambda: tr("That is the acquisition share, spent before the first visit.")),
    (55 / 280, lambda: tr("You divided by the acquisition spend; divide by the whole budget.")),
    (lambda answer: near(answer, 55 / 295) or near(answer, 95 / 335),
     lambda: tr("The first-visit discount is paid to win the visit, so it belongs before it.")),
)


@exercise("01.8", unit="rate", concepts=("C2",), hint=_hint_018)
def _():
    """A hair salon spends, each month, ¥180,000 on a coupon-portal listing, ¥60,000 on web ads and ¥40,000 on
    first-visit discounts, and ¥30,000 on thank-you and step messages and ¥25,000 on birthday coupons for customers
    who have visited. What share of its marketing spend is retention budget (spent after the first visit)? Give it as
    a fraction to three decimal places."""
    table = ownership.spend_by_stage(SALON_SPENDING).set_index("budget")
    return float(table.loc["retention", "share"])


ROUTE = {"households": 100, "order": 3000, "margin": 0.3, "caught_short": 0.3, "buy_elsewhere": 0.5,
         "switch": 0.2, "care_cost": 200, "months": 36}


_hint_019 = slips(
    lambda: tr("Each month a share caught short × (1 - anticipation) × buy elsewhere × stay away of the households is "
               "lost: 0.3 × 1 × 0.5 × 0.2 = 3 % when waiting, 0.3 × 0.2 × 0.5 × 0.2 = 0.6 % when 80 % of shortages are "
               "prevented. After 36 months 100 × 0.97^36 and 100 × 0.994^36 are left; subtract."),
    (lambda answer: near(answer, 100 * 0.97**36, 0.02) or near(answer, 100 * 0.994**36, 0.02),
     lambda: tr("That is what one seller has left; the question asks for the difference.")),
    (lambda answer: near(answer, _route_gap(0.8, months=24), 0.01),
     lambda: tr("That is the gap after the chapter's 24 months; the question asks after 36.")),
    (lambda answer: near(answer, _route_gap(0.9), 0.01) or near(answer, _route_gap(0.9, months=24), 0.01),
     lambda: tr("That uses the chapter's 90 % of shortages prevented; here restocking ahead prevents 80 %.")),
)


def _route_gap(anticipation: float, **changes) -> float:
    """Households the seller who restocks ahead keeps beyond the one who waits (01.9's route seller)."""
    table = ownership.compare_route_policies(anticipation, **{**ROUTE, **changes}).set_index("policy")
    return float(table.loc["restock ahead", "households_left"] - table.loc["wait to be asked", "households_left"])


def _route_gap_at_start(anticipation: float) -> float:
    """The same gap read from the last ``households`` of route_sales: the count at the START of month 36."""
    settings = {key: value for key, value in ROUTE.items() if key != "anticipation"}
    ahead, wait = ownership.route_sales(anticipation, **settings), ownership.route_sales(0.0, **settings)
    return float(ahead["households"].iloc[-1] - wait["households"].iloc[-1])


def _start_of_month() -> str:
    return tr(
        "That is the gap at the START of month 36: the households column of route_sales counts the households a "
        "month begins with, before that month's losses. The question asks for the end of month 36: the "
        "households_left column of compare_route_policies (or households - lost_households in the last row of "
        "route_sales)."
    )


@exercise("01.9", concepts=("C4",), hint=_hint_019, mistakes={_route_gap_at_start(0.8): _start_of_month})
def _():
    """A route seller has 100 regular households, each ordering ¥3,000 a month. If the seller waits to be asked, 30 %
    of them run out before the seller calls each month; half of those buy at another shop that month, and a fifth of
    those stay with it. Restocking ahead prevents 80 % of the shortages. At the end of month 36 (the households_left
    column of compare_route_policies), how many more regular households does the seller who restocks ahead have than
    the seller who waits? Give it to one decimal place."""
    return _route_gap(0.8)


_split_exercise(
    "01.10",
    "Take the chapter's budget model (its default settings: 24 months, 5 % churn, the 1:5 rule) but let a "
    "customer in their first 12 months earn only 40 % of what an established one does (new_customer_value "
    "= 0.4). Which share of the budget on acquisition, among 0 %, 1 %, ..., 100 %, gives the highest "
    "cumulative profit? Give it as a fraction to two decimal places; an answer within 0.01 of the best is "
    "accepted (the top of the curve is flat).",
    idea=lambda: tr(
        "A newcomer now brings 0.4 × ¥10,000 = ¥4,000 a month for a year, a kept customer the full ¥10,000, so "
        "a yen of acquisition buys less profit than with the 1:5 rule alone while a yen of retention buys the "
        "same: the best share on acquisition falls below the 60 % of the 1:5 rule alone. Run every share 0, "
        "0.01, ..., 1 with new_customer_value=0.4 and take the one with the largest cumulative profit."
    ),
    tol=0.01,
    new_customer_value=0.4,
)


def _hint_0111(answer: float) -> str:
    general = tr(
        "Restocking ahead costs 0.8 × ¥200 = ¥160 a household from month 1, while waiting loses 3 % of the "
        "households every month and 15 % of the orders of those left. Add each policy's monthly profit "
        "(0.3 × orders × ¥3,000, minus the care) month by month and find the first month from which "
        "restocking ahead's running total stays at or above waiting's."
    )
    if answer == 1:
        return tr("In month 1 the care has been paid but few households have gone yet. ") + general
    if answer == ownership.restock_ahead_pays_from(0.9):
        return tr("{month} is the chapter's month, for ¥300 of care with 90 % of shortages prevented over 24 "
                  "months; here the care is ¥200 at full anticipation and 80 % are prevented. ",
                  month=f"{answer:.0f}") + general
    return general


@exercise("01.11", kind="whole", unit="month", concepts=("C4",), hint=_hint_0111)
def _():
    """Same route seller as in 01.9 (margin 30 %), where keeping track of a household costs ¥200 a month at full
    anticipation, so ¥160 when 80 % of shortages are prevented. From which month on is the cumulative profit of
    restocking ahead at least that of waiting to be asked? Give a whole month number."""
    return ownership.restock_ahead_pays_from(0.8, **ROUTE)
