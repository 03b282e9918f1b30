"""The service-building loop (C30): free members, a paid MVP, and improving from cancellations.

Seed 000 gives the order for building a retention business (an online school as the example):
design the service, collect data, improve it, win share, then connect to new businesses. The
first design rarely fits, so start with a **minimum viable product** (MVP, 実用最小限の製品): a free
lecture for a few people gathered on social media, asking what they want to learn. Free members
give data fast; some become paying members. Then improve from the questions and cancellations
that arrive, fixing the reasons that cost the most first.

All numbers in the defaults (conversion, prices, reasons and how much each fix prevents) are the
course's assumptions; the reasons echo the seed (members who wanted investing in a business
curriculum, a LINE community moved to Facebook, the need for the school's own site or app).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cslearn._validate import check_frame, check_int, check_number, check_rate
from cslearn.ltv import lifetime_value

__all__ = ["free_to_paid", "CANCELLATION_REASONS", "simulate_cancellations", "tally_cancellations",
           "recovery_by_fix"]

#: Why members of the online school cancel (share of cancellations), the fix for each reason and the
#: share of those cancellations the fix would prevent. All assumptions of the course.
CANCELLATION_REASONS = pd.DataFrame(
    [
        ("wanted investing, not in the curriculum", "投資を学びたかった", 0.25,
         "add an investing course", "投資のカリキュラムを追加", 0.6),
        ("LINE community hard to follow", "LINEのコミュニティが追いにくい", 0.20,
         "move the community to Facebook", "コミュニティをFacebookへ移す", 0.5),
        ("videos hard to find on a phone", "スマホで動画が探しにくい", 0.15,
         "build the school's own site and app", "自社のWebサイトとアプリを作る", 0.5),
        ("no time this month", "今月は時間がない", 0.25, "offer a pause plan", "休会プランを用意", 0.4),
        ("reached my goal", "目標を達成した", 0.15, "offer the next-stage plan", "次の段階のプランを用意", 0.3),
    ],
    columns=["reason", "reason_ja", "share", "fix", "fix_ja", "prevented_share"],
)


def free_to_paid(free_members=300, *, new_free=50, conversion=0.08, price=5000, churn=0.06,
                 months: int = 12) -> pd.DataFrame:
    """Free members of an MVP turning into paying members, month by month.

    Each month a share ``conversion`` of the free members starts paying and ``new_free`` people
    join free; paying members leave at ``churn``:

    .. math::

        \\text{paid}_t = (1 - c)\\,\\text{paid}_{t-1} + v\\,F_t, \\qquad F_{t+1} = (1 - v)F_t + n.

    Columns: ``month``, ``free`` (at the start of the month), ``new_paid``, ``paid``, ``revenue``.

    >>> table = free_to_paid(100, new_free=0, conversion=0.1, price=1000, churn=0.0, months=2)
    >>> table["paid"].tolist(), table["revenue"].tolist()
    ([10.0, 19.0], [10000.0, 19000.0])
    """
    free = check_number("free_members", free_members, low=0)
    new_free = check_number("new_free", new_free, low=0)
    conversion = check_rate("conversion", conversion)
    price = check_number("price", price, low=0)
    churn = check_rate("churn", churn)
    months = check_int("months", months, low=1, high=600)
    rows, paid = np.empty((months, 3)), 0.0
    for t in range(months):  # a two-number recurrence
        converted = conversion * free
        paid = (1 - churn) * paid + converted
        rows[t] = (free, converted, paid)
        free = (1 - conversion) * free + new_free
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
    return reasons


def simulate_cancellations(
    members: int = 500, *, churn=0.06, months: int = 6, reasons=None, seed: int = 0
) -> pd.DataFrame:
    """A seeded log of cancellations: who left in which month, and the reason they gave.

    Each month every remaining member leaves with probability ``churn`` (a binomial draw) and
    names one reason, drawn with the probabilities in ``reasons['share']``.

    Columns: ``member``, ``month``, ``reason``.

    >>> log = simulate_cancellations(200, churn=0.1, months=3, seed=1)
    >>> sorted(log.columns.tolist())
    ['member', 'month', 'reason']
    """
    members = check_int("members", members, low=1, high=10_000_000)
    churn = check_rate("churn", churn)
    months = check_int("months", months, low=1, high=600)
    reasons = _reasons(reasons)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    remaining, counts = members, []
    for _ in range(months):
        left = rng.binomial(remaining, churn)
        counts.append(left)
        remaining -= left
    month = np.repeat(np.arange(1, months + 1), counts)
    chosen = rng.choice(len(reasons), size=month.size, p=reasons["share"].to_numpy(dtype=float))
    return pd.DataFrame({"member": rng.permutation(members)[: month.size] + 1, "month": month,
                         "reason": reasons["reason"].to_numpy()[chosen]})


def tally_cancellations(log: pd.DataFrame) -> pd.DataFrame:
    """Count the cancellations by reason, most frequent first, with each reason's share.

    >>> log = pd.DataFrame({"reason": ["no time", "price", "no time"]})
    >>> tally_cancellations(log).to_dict("list")
    {'reason': ['no time', 'price'], 'cancellations': [2, 1], 'share': [0.6666666666666666, 0.3333333333333333]}
    """
    check_frame("log", log, ["reason"])
    counts = log["reason"].value_counts(sort=False)
    table = pd.DataFrame({"reason": counts.index.astype(str), "cancellations": counts.to_numpy(dtype=int)})
    table = table.sort_values(["cancellations", "reason"], ascending=[False, True], ignore_index=True)
    table["share"] = table["cancellations"] / table["cancellations"].sum()
    return table


def recovery_by_fix(tally: pd.DataFrame, *, price=5000, churn=0.06, discount_rate=0.0, reasons=None) -> pd.DataFrame:
    """The revenue each fix would have recovered: members kept times what a kept member is worth.

    For each reason, ``kept = cancellations * prevented_share`` (from ``reasons``) and each kept
    member is worth the course's LTV at the same price and churn, :math:`p(1+d)/(d+c)`
    (:func:`cslearn.lifetime_value`), so ``recovered = kept * value_per_member``. Sorted by
    recovered revenue, with the running total. Reasons in the tally that ``reasons`` does not
    list are refused.

    >>> tally = pd.DataFrame({"reason": ["no time this month"], "cancellations": [10]})
    >>> recovery_by_fix(tally, price=5000, churn=0.05).loc[0, ["kept", "recovered"]].tolist()
    [4.0, 400000.0]
    """
    check_frame("tally", tally, ["reason", "cancellations"])
    reasons = _reasons(reasons)
    unknown = sorted(set(tally["reason"]) - set(reasons["reason"]))
    if unknown:
        raise ValueError(f"tally['reason'] must be one of the reasons listed in reasons (unknown: {unknown[0]!r})")
    value = lifetime_value(check_number("price", price, low=0), churn, discount_rate=discount_rate)
    extra = ["fix_ja"] if "fix_ja" in reasons else []
    table = tally[["reason", "cancellations"]].merge(reasons[["reason", "fix", *extra, "prevented_share"]], on="reason")
    table["kept"] = table["cancellations"] * table["prevented_share"]
    table["value_per_member"] = value
    table["recovered"] = table["kept"] * value
    table = table.sort_values("recovered", ascending=False, ignore_index=True)
    table["cumulative_recovered"] = table["recovered"].cumsum()
    return table
