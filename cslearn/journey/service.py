"""The service-building loop (C30): free members, a paid MVP, improving from cancellations, new businesses.

*Customer Success??* lists the order in which its online school is built: design the service,
collect data, improve it, win share, then connect to new businesses. The first design rarely
fits, so start with a **minimum viable product** (MVP, 実用最小限の製品) and free members, who
give data fast; some become paying members (:func:`free_to_paid`). Then improve from what the
members send in, questions as well as cancellations: :func:`tally_cancellations` counts any log
with a ``reason`` column (a cancellation reason or the topic of a question), and
:func:`recovery_by_fix` ranks the fixes for cancellations by what they recover net of what they
cost. Once the service has won a share of its market, the data it keeps about its members point
to a new business, reached without paying to acquire strangers (:func:`new_business_from_share`).
The article's example is an inference from its member data: it sees many members of one kind and
infers a demand for matchmaking (婚活).

All numbers in the defaults (conversion, prices, reasons, how much each fix prevents and what it
costs) are the course's assumptions. Some reasons are built on the article's examples of
improvements (investing added to a business curriculum; moving a LINE community to Facebook, or
building a site or app of one's own, which the article gives as examples, not as what its school
did).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cslearn._validate import check_array, check_frame, check_rate, resolve_rng
from cslearn.journey.parameters import (
    CHURN,
    DISCOUNT_RATE,
    FREE_MEMBERS,
    LOG,
    MARGIN,
    MARKET,
    MEMBERS,
    MONTHS,
    MVP,
    NEW_BUSINESS,
    PRICE,
    REASONS,
    RNG,
    SHARES,
    TALLY,
)
from cslearn.params import checked
from cslearn.value.ltv import lifetime_value

__all__ = ["free_to_paid", "CANCELLATION_REASONS", "simulate_cancellations", "tally_cancellations",
           "recovery_by_fix", "new_business_from_share"]

#: Why members of the online school cancel (share of cancellations), the fix for each reason, the
#: share of those cancellations the fix would prevent, what a kept member then pays (``price_factor``
#: times the base price: the next-stage plan costs more) and how many months they first pay nothing
#: (``pause_months``: a paused member) and what the fix costs over the six months of the log
#: (``cost``, yen: building it and running it meanwhile). All assumptions of the course.
CANCELLATION_REASONS = pd.DataFrame(
    [
        ("wanted investing, not in the curriculum", "投資を学びたかった", 0.25,
         "add an investing course", "投資のカリキュラムを追加", 0.6, 1.0, 0, 900_000),
        ("LINE community hard to follow", "LINEコミュニティの投稿を追いきれない", 0.20,
         "move the community to Facebook", "コミュニティをFacebookへ移す", 0.5, 1.0, 0, 100_000),
        ("videos hard to find on a phone", "スマホで動画が探しにくい", 0.15,
         "build the school's own site and app", "自社のWebサイトとアプリを作る", 0.5, 1.0, 0, 2_000_000),
        ("no time this month", "今月は時間がない", 0.25, "offer a pause plan", "休会プランを用意", 0.4, 1.0, 3, 50_000),
        ("reached my goal", "目標を達成した", 0.15, "offer the next-stage plan", "次の成長段階のプランを用意", 0.3,
         1.6, 0, 600_000),
    ],
    columns=["reason", "reason_ja", "share", "fix", "fix_ja", "prevented_share", "price_factor", "pause_months",
             "cost"],
)


@checked(FREE_MEMBERS, MONTHS)
@MVP.keywords
def free_to_paid(free_members=300, *, months: int = 12, **mvp) -> pd.DataFrame:
    """Free members of an MVP turning into paying members, month by month.

    Each month a share ``conversion`` (:math:`v`) of the free members starts paying, a share
    ``free_churn`` (:math:`q`) of them drifts away without ever paying, and ``new_free``
    (:math:`n`) people join free; paying members leave at ``churn`` (:math:`c`):

    .. math::

        \\text{paid}_t = (1 - c)\\,\\text{paid}_{t-1} + v\\,F_t, \\qquad F_{t+1} = (1 - v - q)F_t + n.

    Of the free members who join, a share :math:`v / (v + q)` ever pays.

    Columns: ``month``, ``free`` (at the start of the month), ``new_paid``, ``paid``, ``revenue``.

    >>> table = free_to_paid(100, new_free=0, conversion=0.1, price=1000, churn=0.0, free_churn=0.2, months=2)
    >>> table["free"].tolist(), table["paid"].tolist(), table["revenue"].tolist()
    ([100.0, 70.0], [10.0, 17.0], [10000.0, 17000.0])
    """
    free, months = float(free_members), int(months)
    new_free, conversion, price, churn, free_churn = MVP.resolve(mvp).values()
    rows, paid = np.empty((months, 3)), 0.0
    for t in range(months):  # a two-number recurrence
        converted = conversion * free
        paid = (1 - churn) * paid + converted
        rows[t] = (free, converted, paid)
        free = (1 - conversion - free_churn) * free + new_free
    table = pd.DataFrame(rows, columns=["free", "new_paid", "paid"])
    table.insert(0, "month", np.arange(1, months + 1))
    table["revenue"] = table["paid"] * price
    return table


def _reasons(reasons) -> pd.DataFrame:
    reasons = CANCELLATION_REASONS if reasons is None else reasons
    check_frame("reasons", reasons, ["reason", "share", "fix", "prevented_share"])
    shares = reasons["share"].to_numpy(dtype=float)
    if np.any(shares < 0) or not np.isclose(shares.sum(), 1.0):
        raise ValueError(
            f"reasons['share'] must be shares of at least 0 that add up to 1 (they add up to {shares.sum():g})"
        )
    for value in reasons["prevented_share"]:
        check_rate("reasons['prevented_share']", value)
    reasons = reasons.copy()
    if "price_factor" not in reasons:
        reasons["price_factor"] = 1.0
    if "pause_months" not in reasons:
        reasons["pause_months"] = 0
    if "cost" not in reasons:
        reasons["cost"] = 0.0
    check_array("reasons['price_factor']", reasons["price_factor"], low=0)
    check_array("reasons['pause_months']", reasons["pause_months"], low=0, high=120)
    check_array("reasons['cost']", reasons["cost"], low=0)
    return reasons


@checked(MEMBERS, CHURN, MONTHS, REASONS, RNG)
def simulate_cancellations(
    members: int = 500, *, rng=0, churn=0.06, months: int = 6, reasons=None
) -> pd.DataFrame:
    """A seeded log of cancellations: who left in which month, and the reason they gave.

    Each month every remaining member leaves with probability ``churn`` (a binomial draw) and
    names one reason, drawn with the probabilities in ``reasons['share']``.

    Columns: ``member``, ``month``, ``reason``.
    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same
    seed gives the same result.

    >>> log = simulate_cancellations(200, churn=0.1, months=3, rng=1)
    >>> sorted(log.columns.tolist())
    ['member', 'month', 'reason']
    """
    members, churn, months = int(members), float(churn), int(months)
    reasons = _reasons(reasons)
    rng = resolve_rng(rng)
    remaining, counts = members, []
    for _ in range(months):
        left = rng.binomial(remaining, churn)
        counts.append(left)
        remaining -= left
    month = np.repeat(np.arange(1, months + 1), counts)
    chosen = rng.choice(len(reasons), size=month.size, p=reasons["share"].to_numpy(dtype=float))
    return pd.DataFrame({"member": rng.permutation(members)[: month.size] + 1, "month": month,
                         "reason": reasons["reason"].to_numpy()[chosen]})


@checked(LOG)
def tally_cancellations(log: pd.DataFrame) -> pd.DataFrame:
    """Count the cancellations by reason, most frequent first, with each reason's share.

    Any log with a ``reason`` column works: a log of members' questions, with the topic of each
    question as its ``reason``, is tallied the same way (the article improves from both).

    A log with no cancellations (no rows) is valid: its tally has no rows, or, for a categorical
    ``reason``, one row per category with 0 cancellations and a share of 0.

    >>> log = pd.DataFrame({"reason": ["no time", "price", "no time"]})
    >>> tally_cancellations(log).to_dict("list")
    {'reason': ['no time', 'price'], 'cancellations': [2, 1], 'share': [0.6666666666666666, 0.3333333333333333]}
    """
    counts = log["reason"].value_counts(sort=False)
    table = pd.DataFrame({"reason": counts.index.astype(str), "cancellations": counts.to_numpy(dtype=int)})
    table = table.sort_values(["cancellations", "reason"], ascending=[False, True], ignore_index=True)
    total = table["cancellations"].sum()
    table["share"] = table["cancellations"] / total if total > 0 else 0.0
    table["share"] = table["share"].astype(float)
    return table


@checked(TALLY, PRICE, CHURN, DISCOUNT_RATE, MARGIN, REASONS)
def recovery_by_fix(tally: pd.DataFrame, *, price=5000, churn=0.06, discount_rate=0.0, margin=1.0,
                    reasons=None) -> pd.DataFrame:
    """What each fix would have recovered, and what is left after paying for it: ranked net of cost.

    For each reason, ``kept = cancellations * prevented_share`` (from ``reasons``). A kept member
    pays :math:`f p` a month (``price_factor`` :math:`f`: a member kept by the next-stage plan pays
    that plan's higher price) at churn :math:`c`, after :math:`m` ``pause_months`` in which they pay
    nothing but may still leave. With :math:`\\beta = 1/(1+d)` their value is the course's LTV
    (:func:`cslearn.lifetime_value`) delayed by the pause, times the gross ``margin`` :math:`\\mu`
    (1 by default: serving a kept member is taken to cost nothing extra):

    .. math::

        w = \\mu\\,\\big(\\beta (1 - c)\\big)^{m}\\, \\frac{f p\\,(1 + d)}{d + c},

    so ``recovered = kept * value_per_member`` and ``net = recovered - cost`` (``reasons['cost']``,
    0 when the table has no such column). Sorted by ``net``, largest first, with the running total
    ``cumulative_net``. Reasons in the tally that ``reasons`` does not list are refused. (A
    simplification: a kept member is assumed to stay at the school's usual churn afterwards.)

    >>> tally = pd.DataFrame({"reason": ["no time this month"], "cancellations": [10]})
    >>> row = recovery_by_fix(tally, price=5000, churn=0.05).loc[0]
    >>> float(row["kept"]), round(float(row["recovered"])), round(float(row["net"]))  # 4 x 0.95**3 x 5000 / 0.05
    (4.0, 342950, 292950)
    """
    reasons = _reasons(reasons)
    unknown = sorted(set(tally["reason"]) - set(reasons["reason"]))
    if unknown:
        raise ValueError(f"tally['reason'] must be one of the reasons listed in reasons (unknown: {unknown[0]!r})")
    value = lifetime_value(float(price), churn, discount_rate=discount_rate)
    margin = float(margin)
    beta = 1.0 / (1.0 + discount_rate)
    extra = ["fix_ja"] if "fix_ja" in reasons else []
    columns = ["reason", "fix", *extra, "prevented_share", "price_factor", "pause_months", "cost"]
    table = tally[["reason", "cancellations"]].merge(reasons[columns], on="reason")
    table["kept"] = table["cancellations"] * table["prevented_share"]
    delay = (beta * (1.0 - churn)) ** table["pause_months"].to_numpy(dtype=float)
    table["value_per_member"] = margin * value * table["price_factor"].to_numpy(dtype=float) * delay
    table["recovered"] = table["kept"] * table["value_per_member"]
    table["net"] = table["recovered"] - table["cost"].astype(float)
    table = table.sort_values("net", ascending=False, ignore_index=True)
    table["cumulative_net"] = table["net"].cumsum()
    return table


@checked(MARKET, SHARES)
@NEW_BUSINESS.keywords
def new_business_from_share(market, shares, **business) -> pd.DataFrame:
    """From a won share of the market to a new business (C30), one row per share.

    A service that holds a share :math:`s` of a market of :math:`M` people has :math:`sM` members
    and knows them. If a share :math:`h` of them turn out to have another need (``need_share``:
    the article infers from its member data that many members may want matchmaking) and a share
    :math:`u` of those take up a new service for it (``take_up``), the new business starts with

    .. math::

        n = s\\,M\\,h\\,u

    customers, each worth the course's LTV :math:`p(1+d)/(d+c)` (:func:`cslearn.lifetime_value`,
    revenue). A business starting from nothing would have to pay the acquisition cost ``cac`` for
    each of them; the members' data save it: ``acquisition_saved`` :math:`= n \\times \\text{CAC}`.
    Every default is an assumption of the course.

    Columns: ``share``, ``members``, ``with_need``, ``customers``, ``value_per_customer``,
    ``lifetime_revenue``, ``acquisition_saved``.

    >>> row = new_business_from_share(20_000, 0.05).loc[0]   # 1,000 members x 0.3 x 0.1 = 30 customers
    >>> float(row["customers"]), round(float(row["lifetime_revenue"])), round(float(row["acquisition_saved"]))
    (30.0, 2400000, 900000)
    """
    market, shares = float(market), SHARES.check(shares)
    need_share, take_up, price, churn, cac, discount_rate = NEW_BUSINESS.resolve(business).values()
    value = lifetime_value(price, churn, discount_rate=discount_rate)
    members = market * shares
    customers = members * need_share * take_up
    return pd.DataFrame({"share": shares, "members": members, "with_need": members * need_share,
                         "customers": customers, "value_per_customer": value,
                         "lifetime_revenue": customers * value, "acquisition_saved": customers * cac})
