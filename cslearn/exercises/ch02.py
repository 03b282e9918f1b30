"""Exercises of chapter 02: shot model vs retention model (concepts C7-C13).

Each expected answer is computed from the numbers stated in the question with the chapter's
``cslearn.business_models`` functions (exact expected values, no simulation). Each hint explains
the idea or the formula with the question's own numbers; a few also recognise a typical wrong answer.
"""

from __future__ import annotations

import math

from scipy.optimize import brentq

from cslearn import business_models as bm
from cslearn.exercises import exercise, near, slips
from cslearn.formatting import yen
from cslearn.language import tr


def _payback(measure: str, **params) -> float:
    table = bm.owner_payback(**params)
    return float(table.loc[table["measure"] == measure, "value"].iloc[0])


def _tail(months: int, keep: float) -> float:
    """``keep + keep^2 + ... + keep^(months-1)``: months 2..N of a chain that keeps ``keep`` a month."""
    return sum(keep ** (t - 1) for t in range(2, months + 1))


# ------------------------------------------------------------------------------ C7 shot vs retention


_hint_02_1 = slips(
    lambda: tr("Month 1 brings the whole ¥12,000. In month t = 2..24 the customer still remembers the salon with "
               "0.95^(t-1) and then returns with 0.08, so that month brings 12,000 x 0.08 x 0.95^(t-1); add the 24 "
               "months."),
    (12_000 * (1 + 0.08 * 23),
     lambda: tr("Your answer lets every customer remember the salon for ever: the 5 % lapse is missing.")),
    (lambda answer: near(answer, 12_000 * 0.08 * _tail(24, 0.95)),
     lambda: tr("Your answer leaves out the first sale.")),
)


@exercise("02.1", unit="yen", concepts=("C7",), hint=_hint_02_1)
def _():
    """A salon sells a ¥12,000 treatment as a shot sale. A customer who still remembers the salon comes back in a
    month with probability 8 %, and forgets it for good with probability 5 % a month. What revenue does the salon
    expect from one new customer over the first 24 months? Give the exact expected value, to the nearest yen."""
    shot = bm.expected("shot", months=24, price=12_000, return_prob=0.08, lapse=0.05)
    return float(shot.summary["revenue_per_customer"])


@exercise(
    "02.2", unit="yen", concepts=("C7",),
    hint=lambda _answer: tr(
        "A member pays in month t with 0.95^(t-1), so over 36 months they pay fee x (1 - 0.95^36) / 0.05, "
        "about 16.8 fees. A shot customer brings 10,000 x (1 + 0.10 x (0.95 + 0.95^2 + ... + 0.95^35)). "
        "Divide the shot revenue by 16.8 and go up to the next multiple of ¥100 that is strictly above it."),
)
def _():
    """With a shot sale at ¥10,000 (return probability 10 %, lapse 5 %: the chapter's defaults) and a subscription
    with 5 % monthly churn, what is the lowest monthly fee, in steps of ¥100, at which a member brings more expected
    revenue than a shot customer over 36 months? Give a whole number of yen (a multiple of 100)."""
    shot = bm.expected("shot", months=36).summary["revenue_per_customer"]
    fee = 100
    while bm.expected("subscription", months=36, fee=fee, churn=0.05).summary["revenue_per_customer"] <= shot:
        fee += 100
    return float(fee)


# ------------------------------------------------------------------------------ C8 the entry hurdle


_hint_02_3 = slips(
    lambda: tr("2,000 x 0.25 start paying in month 2 (their 1st paid month); each later month keeps 96 % of "
               "them, and the 12th paid month is 11 months later: 2,000 x 0.25 x 0.96^11."),
    (2_000 * 0.25 * 0.96**12,
     lambda: tr("Your answer applies the 4 % once too often: the 1st paid month loses nobody yet."), 0.001),
)


@exercise("02.3", concepts=("C8",), hint=_hint_02_3)
def _():
    """A gym lets 2,000 people try it for 5 yen for one month; 25 % of them then pay ¥8,000 a month, and members
    cancel with probability 4 % a month. How many of the 2,000 are expected to be still paying in their 12th paid
    month (month 13)? Give the expected number to the nearest whole customer."""
    funnel = bm.entry_funnel(2_000, retained_after=12, conversion=0.25, fee=8_000, churn=0.04)
    return float(funnel.loc[funnel["stage"] == "retained", "customers"].iloc[0])


# ------------------------------------------------------------------------------ C9 retention for shops


@exercise(
    "02.7", kind="whole", concepts=("C9",),
    hint=lambda _answer: tr(
        "Divide the 12 kg stock by the 0.7 kg portion. If it does not divide evenly, the smaller portion "
        "left at the end is one more visit: round up, never down."),
)
def _():
    """A table of four eats 0.7 kg of their own aged beef at each visit. How many visits does a 12 kg meat ownership
    give them reasons for? (a whole number)"""
    return bm.visits_per_stock(12, 0.7)


@exercise(
    "02.9", unit="rate", concepts=("C9",),
    hint=lambda _answer: tr(
        "A member pays ¥5,000 in month t with (1 - c)^(t-1), so over 36 months 5,000 x (1 - (1 - c)^36) / c. "
        "Set that equal to 60,000 (12 fees) and solve for c by trying values: at c = 0.05 a member pays "
        "5,000 x (1 - 0.95^36) / 0.05 = 5,000 x 16.84 = ¥84,222, more than the school, so the break-even churn "
        "is higher than 0.05."),
)
def _():
    """A school is paid ¥60,000 once per student. An online salon teaching the same asks ¥5,000 a month instead, and
    members leave with the same monthly churn c from their second month on. At what churn does a member bring, over
    36 months, exactly the ¥60,000 of a student? Give c to three decimal places (as a fraction, e.g. 0.05)."""
    def gap(c):
        member = bm.expected("subscription", months=36, fee=5_000, churn=c)
        return float(member.summary["revenue_per_customer"]) - 60_000

    return brentq(gap, 0.01, 0.5, xtol=1e-10)


# ------------------------------------------------------------------------------ C10 prepaid balance


@exercise(
    "02.4", unit="yen", concepts=("C10",),
    hint=lambda _answer: tr(
        "Both bring ¥10,000 in month 1 (the charge, or the treatment). From month 2 a prepaid customer with "
        "¥2,000 left returns with 0.40 instead of 0.10 (times 0.95 still there); at a visit she charges ¥10,000 "
        "again with 0.25 (another ¥2,000 left), otherwise she pays 10,000 - 2,000 = ¥8,000 in cash and the "
        "balance is gone. Push that chain forward month by month (bm.expected(\"prepaid\", ...) does) and "
        "subtract the shot customer's 10,000 x (1 + 0.10 x (0.95 + ... + 0.95^11))."),
)
def _():
    """At the esthetic salon (list price ¥10,000; charge ¥10,000 and pay ¥8,000 for a visit from a fresh charge),
    assume a customer with a balance left comes back with probability 40 % a month, one without a balance with 10 %,
    25 % charge again at a visit, and 5 % a month forget the salon. How much more revenue per customer does the
    prepaid scheme bring than a plain shot sale (same 10 % and 5 %) over 12 months? Give the exact expected value
    (bm.expected(...) as in the chapter), not a simulated one, to the nearest yen."""
    prepaid = bm.expected("prepaid", months=12, return_prob_balance=0.40, recharge_prob=0.25).summary
    shot = bm.expected("shot", months=12).summary
    return float(prepaid["revenue_per_customer"] - shot["revenue_per_customer"])


@exercise(
    "02.8", kind="choice", choices=("service", "prepaid"), concepts=("C10", "C13"),
    aliases={"アフターサービス": "service", "チャージ残高制": "prepaid"},
    hint=lambda _answer: tr(
        "The service is the shot chain with a higher return chance: 10,000 x (1 + 0.15 x (0.95 + ... + "
        "0.95^23)). The prepaid customer returns with 0.35 only while a balance is left: after a plain visit "
        "the ¥2,000 is used up and she is back at 0.10, unless she charged again (0.30 of visits). Compare the "
        "two sums (bm.expected(\"shot\", months=24, return_prob=0.15) and bm.expected(\"prepaid\", months=24), "
        "as the chapter's sections 4 and 8 call them)."),
)
def _():
    """Within one business, the esthetic salon (list price ¥10,000; no-pull return probability 10 %, lapse 5 % a
    month), which brings more expected revenue per customer over 24 months: 'service', an after-purchase service that
    lifts a shot customer's monthly return probability to 15 % (C13), or 'prepaid', the prepaid balance (charge
    ¥10,000, ¥8,000 a visit from a fresh charge, 35 % return chance while a balance is left, 30 % charge again at a
    visit; C10)?"""
    service = bm.expected("shot", months=24, return_prob=0.15).summary["revenue_per_customer"]
    prepaid = bm.expected("prepaid", months=24, return_prob_balance=0.35, recharge_prob=0.30).summary[
        "revenue_per_customer"
    ]
    return "service" if service > prepaid else "prepaid"


# ------------------------------------------------------------------------------ C11 owner model


def _hint_02_5(answer: float) -> str:
    needed = math.ceil(15_000 / (12_000 - 8_000))
    idea = tr(
        "Each owner visit saves 12,000 - 8,000 = ¥4,000, so the ¥15,000 stake needs ceil(15,000 / 4,000) = "
        "{needed} visits; the first is in month 1, so an owner must come back {again} times in months 2..12, "
        "each month staying with 0.95 and then returning with 0.45. The share who have not got there by month 12 "
        "(gone, or still short of the visits) is what the chapter's payback table calls share_never_recouped.",
        needed=needed, again=needed - 1,
    )
    longer = _payback(
        "share_never_recouped", months=36, owner_fee=15_000, course_price=12_000, owner_price=8_000,
        owner_return_prob=0.45, lapse=0.05,
    )
    if answer > 1:
        return tr("Your answer looks like a percentage: give a fraction. ") + idea
    if abs(answer - longer) < 0.005:
        return tr("Your answer is the share for a longer horizon (24 or 36 months): within 12 months more owners "
                  "are still short of the visits. ") + idea
    return idea


@exercise("02.5", unit="rate", concepts=("C11",), hint=_hint_02_5)
def _():
    """A lounge asks owners for ¥15,000 each; its ¥12,000 course costs owners ¥8,000. Assume an owner comes back with
    probability 45 % a month and leaves for good with probability 5 % a month (the first visit is in month 1). What
    share of owners have not made enough visits to recoup the stake by the end of month 12? Use the chapter's payback
    table (section 5) with these figures and give the exact expected share as a fraction to two decimal places."""
    return _payback(
        "share_never_recouped", months=12, owner_fee=15_000, course_price=12_000, owner_price=8_000,
        owner_return_prob=0.45, lapse=0.05,
    )


def _hint_02_6(answer: float) -> str:
    idea = tr(
        "Expected visits: as an owner V_o = 1 + 0.4 x S, as a non-owner V_n = 1 + 0.1 x S, with "
        "S = 0.95 + 0.95^2 + ... + 0.95^23; friends F = 0.3 x V_o. Revenue gain = 10,000 + 7,000 V_o + "
        "12,000 F - 12,000 V_n; the cost of serving changes by 0.4 x 12,000 x (V_o + F - V_n). Subtract it."
    )
    revenue_only = float(
        bm.owner_gain_decomposition(24, friends_per_visit=0.3).set_index("component").loc["total", "yen"]
    )
    if near(answer, revenue_only):
        return tr("Your answer is the revenue gain ({gain}) before the cost of serving. ", gain=yen(answer)) + idea
    after_cost = bm.owner_gain_decomposition(24, friends_per_visit=0.3, cost_share=0.4)
    margin = float(after_cost.set_index("component").loc["total", "yen"])
    if near(answer, -margin) or near(answer, -revenue_only):
        return tr("Your answer has the right size but the wrong sign: the question asks for the owner's margin "
                  "minus the non-owner's, and an owner brings the shop more. ") + idea
    return idea


@exercise("02.6", unit="yen", concepts=("C11",), hint=_hint_02_6)
def _():
    """At the lounge of Customer Success?? (stake ¥10,000, course ¥12,000, ¥7,000 for owners), assume owners come
    back with probability 40 % a month, non-owners 10 %, both leave for good with 5 % a month, and an owner brings on
    average 0.3 paying friends per visit. Serving any visit (an owner's, a friend's or a non-owner's) costs the shop
    40 % of the ¥12,000 list price. Over 24 months, how much more margin (revenue minus the cost of serving) does the
    shop expect from a customer who becomes an owner than from the same customer as a non-owner? Give the exact
    expected value, to the nearest yen."""
    table = bm.owner_gain_decomposition(24, friends_per_visit=0.3, cost_share=0.4)
    return float(table.loc[table["component"] == "total", "yen"].iloc[0])


# ------------------------------------------------------------------------------ C12 what retention buys


_hint_02_10 = slips(
    lambda: tr("Birthdays are spread over the year, so each member still on the books in a month has a 1/12 chance "
               "that their birthday falls in it. In month t, 800 x 0.94^(t-1) members are still there: add "
               "800 / 12 x 0.94^(t-1) over t = 1..24 (a geometric sum)."),
    (800 * 2, lambda: tr("Your answer sends two messages to every member, also to those who have cancelled."), 0.001),
)


@exercise("02.10", concepts=("C12",), hint=_hint_02_10)
def _():
    """A gym signs up 800 members in month 1 and keeps a record of each (name, birthday). Members cancel with
    probability 6 % a month from month 2 on, and a cancelled member gets no more messages. Birthdays are spread
    evenly over the year. How many birthday messages can the gym expect to send over the first 24 months? Give the
    exact expected value to one decimal place."""
    params = {"subscription": {"churn": 0.06}}
    table = bm.retention_benefits(["subscription"], n_customers=800, months=24, params=params)
    return float(table["birthday_messages"].iloc[0])


@exercise(
    "02.11", concepts=("C12", "C11"),
    hint=lambda _answer: tr(
        "Only the 250 owners are on record. An owner visits in month 1, then in month t = 2..18 with "
        "0.95^(t-1) x 0.40. So 250 x (1 + 0.40 x (0.95 + 0.95^2 + ... + 0.95^17)); the 750 guests' visits "
        "are not recorded against anyone."),
)
def _():
    """The lounge keeps a record only of its owners (Customer Success??: it knows its owners' details). Of 1,000 new
    customers 25 % become owners; an owner leaves for good with probability 5 % a month from month 2 on, and comes
    back with probability 40 % a month while still there. How many visits does the lounge expect to record against a
    known customer over the first 18 months (the month-1 visits included)? Give the exact expected value to the
    nearest whole visit."""
    table = bm.retention_benefits(["owner"], n_customers=1_000, months=18, params={"owner": {"owner_share": 0.25}})
    return float(table["visit_records"].iloc[0])


# ------------------------------------------------------------------------------ C13 after the sale


_hint_02_12 = slips(
    lambda: tr("From month 2 a customer is still there with 0.97^(t-1). With the service each such month adds "
               "(0.006 - 0.004) x 60,000 = ¥120 of extra watch sales and 0.05 x 10,000 = ¥500 of straps and "
               "overhauls: (120 + 500) x (0.97 + 0.97^2 + ... + 0.97^23). The first sale is the same either way."),
    (620 * 23, lambda: tr("Your answer keeps every customer for 24 months: the 3 % lapse is missing."), 0.001),
    (lambda answer: near(answer, float(bm.after_purchase_value("watch shop", months=24)["gain"].iloc[0]), 0.001),
     lambda: tr("Your answer uses the chapter's assumed ¥8,000 for a strap or an overhaul; this question "
                "charges ¥10,000 (pass service_price=10_000).")),
)


@exercise("02.12", unit="yen", concepts=("C13",), hint=_hint_02_12)
def _():
    """A watch shop sells a ¥60,000 watch. Without any service a customer who is still around (3 % leave for good
    each month from month 2) buys another watch with probability 0.4 % a month. With maintenance and new straps
    offered after the sale, that rises to 0.6 % a month, and the customer also pays ¥10,000 for a strap or an
    overhaul with probability 5 % a month. How much more revenue per customer does the service bring over 24 months?
    Give the exact expected value, to the nearest yen."""
    table = bm.after_purchase_value("watch shop", months=24, service_price=10_000)
    return float(table["gain"].iloc[0])
