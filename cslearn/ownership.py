"""Chapter 01: from owning to experiencing (所有から体験へ).

Three small models:

* **Buy once or pay monthly** (C1). A customer who buys pays ``P`` in month 1 and nothing after;
  one who subscribes pays ``f`` every month. After ``t`` months they have spent ``P`` and ``f t``.
  The subscription catches up in the *break-even month* ``ceil(P / f)``. For the seller a
  subscriber is only expected to pay while they stay: with monthly churn ``c`` the expected
  revenue after ``t`` months is ``f (1 - (1-c)^t) / c``, which never reaches ``P`` when
  ``f / c <= P``.
* **Where the budget goes** (C2, C3). A fixed monthly budget is split between acquisition and
  retention. Acquisition buys ``share * budget / cac`` new customers. Retention works on the
  customers who would leave this month (``at_risk = customers * churn``); keeping one costs
  ``cac / cost_ratio`` (the 1:5 rule when ``cost_ratio = 5``) and returns diminish as the easy
  saves are made first::

      kept = at_risk * (1 - exp(-retention_spend / (keep_cost * at_risk)))

  The first yen keeps ``1 / keep_cost`` customers; no amount keeps more than ``at_risk``.
* **Who is a customer** (C5): someone who bought *and* whose face and usage you know.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from cslearn._validate import check_array, check_frame, check_int, check_number, check_rate

__all__ = [
    "ownership_vs_access",
    "break_even_month",
    "budget_split",
    "compare_budget_splits",
    "best_budget_split",
    "best_split_by_cost_ratio",
    "optimal_retention_spend",
    "classify_relationships",
    "survey_counts",
]


def ownership_vs_access(price_once, monthly_fee, months: int = 36, churn=0.0) -> pd.DataFrame:
    """Cumulative spend of one customer who buys once vs one who pays monthly.

    Columns: ``month`` (from 1), ``buy_once`` (the price, paid in month 1), ``subscribe``
    (``monthly_fee * month``, a customer who stays), and ``subscribe_expected``: what the seller
    expects from one new subscriber when a share ``churn`` of subscribers leaves each month,
    ``monthly_fee * (1 - (1 - churn)**month) / churn``.

    >>> table = ownership_vs_access(3000, 980, months=4)
    >>> table["subscribe"].tolist()
    [980.0, 1960.0, 2940.0, 3920.0]
    """
    price_once = check_number("price_once", price_once, low=0)
    monthly_fee = check_number("monthly_fee", monthly_fee, low=0, low_open=True)
    months = check_int("months", months, low=1, high=1200)
    churn = check_rate("churn", churn)
    month = np.arange(1, months + 1)
    stay = (1.0 - churn) ** np.arange(months)  # probability of paying in month t
    return pd.DataFrame(
        {
            "month": month,
            "buy_once": np.full(months, price_once),
            "subscribe": monthly_fee * month.astype(float),
            "subscribe_expected": monthly_fee * np.cumsum(stay),
        }
    )


def break_even_month(price_once, monthly_fee, churn=0.0) -> int | None:
    """First month in which monthly payments add up to at least the one-off price.

    With ``churn = 0`` this is the customer's view, ``ceil(price_once / monthly_fee)``. With churn
    it is the seller's view of one new subscriber, the first ``t`` with
    ``monthly_fee * (1 - (1-churn)^t) / churn >= price_once``; ``None`` when that never happens
    (the subscriber's expected lifetime revenue ``monthly_fee / churn`` is below the price).

    >>> break_even_month(3000, 980)
    4
    >>> break_even_month(3000, 980, churn=0.5) is None
    True
    """
    price_once = check_number("price_once", price_once, low=0)
    monthly_fee = check_number("monthly_fee", monthly_fee, low=0, low_open=True)
    churn = check_rate("churn", churn)
    if price_once == 0:
        return 1
    if churn == 0:
        return max(1, math.ceil(price_once / monthly_fee - 1e-12))
    share_of_lifetime = price_once * churn / monthly_fee  # the price as a share of fee / churn
    if share_of_lifetime >= 1:
        return None
    if churn == 1:
        return 1
    # log1p keeps a tiny churn (1e-12) from rounding 1 - churn to 1
    return max(1, math.ceil(math.log1p(-share_of_lifetime) / math.log1p(-churn) - 1e-9))


def _kept(at_risk: float, spend: float, keep_cost: float) -> float:
    """Customers kept out of ``at_risk`` by ``spend``: at_risk * (1 - exp(-spend / (keep_cost * at_risk)))."""
    if at_risk <= 0:
        return 0.0
    return at_risk * -math.expm1(-spend / (keep_cost * at_risk))


def budget_split(
    acquisition_share=0.5,
    *,
    budget=1_000_000,
    months: int = 24,
    start_customers=1000,
    churn=0.05,
    cac=20_000,
    cost_ratio=5.0,
    arpu=10_000,
    margin=0.6,
) -> pd.DataFrame:
    """Month-by-month result of splitting a fixed monthly budget between acquisition and retention.

    Each month: ``new = share * budget / cac``; of the ``customers * churn`` who would leave,
    retention spending keeps ``kept`` (see the module docstring, keeping one costs
    ``cac / cost_ratio``); the rest churn. Revenue is ``arpu`` per customer at the end of the
    month, profit is ``margin * revenue - budget``.

    Columns: ``month, new, kept, churned, customers, revenue, spend, profit, cumulative_profit``.

    >>> table = budget_split(1.0, budget=100_000, cac=10_000, months=1, start_customers=100, churn=0.1)
    >>> table.loc[0, ["new", "kept", "churned", "customers"]].tolist()
    [10.0, 0.0, 10.0, 100.0]
    """
    share = check_rate("acquisition_share", acquisition_share)
    budget = check_number("budget", budget, low=0)
    months = check_int("months", months, low=1, high=600)
    customers = check_number("start_customers", start_customers, low=0)
    churn = check_rate("churn", churn)
    cac = check_number("cac", cac, low=0, low_open=True)
    cost_ratio = check_number("cost_ratio", cost_ratio, low=0, low_open=True)
    arpu = check_number("arpu", arpu, low=0)
    margin = check_rate("margin", margin)

    new = share * budget / cac
    retention_spend = (1.0 - share) * budget
    keep_cost = cac / cost_ratio
    rows = np.empty((months, 4))
    for t in range(months):  # each month depends on the last: a short recurrence, not a hot loop
        at_risk = customers * churn
        kept = _kept(at_risk, retention_spend, keep_cost)
        churned = at_risk - kept
        customers = customers - churned + new
        rows[t] = (new, kept, churned, customers)
    table = pd.DataFrame(rows, columns=["new", "kept", "churned", "customers"])
    table.insert(0, "month", np.arange(1, months + 1))
    table["revenue"] = table["customers"] * arpu
    table["spend"] = budget
    table["profit"] = margin * table["revenue"] - budget
    table["cumulative_profit"] = table["profit"].cumsum()
    return table


def compare_budget_splits(shares=None, **settings) -> pd.DataFrame:
    """The end result of :func:`budget_split` for several acquisition shares.

    Returns one row per share with ``acquisition_share``, ``customers`` (at the end) and
    ``cumulative_profit`` (over all months). ``settings`` are passed to :func:`budget_split`.

    >>> table = compare_budget_splits([0.0, 1.0], months=12)
    >>> table["acquisition_share"].tolist()
    [0.0, 1.0]
    """
    shares = np.round(np.linspace(0, 1, 21), 10) if shares is None else check_array("shares", shares, 0, 1)
    rows = []
    for share in shares:
        last = budget_split(float(share), **settings).iloc[-1]
        rows.append(
            {
                "acquisition_share": float(share),
                "customers": last["customers"],
                "cumulative_profit": last["cumulative_profit"],
            }
        )
    return pd.DataFrame(rows)


def best_budget_split(shares=None, **settings) -> float:
    """The acquisition share (from ``shares``, default 0, 0.05, ..., 1) with the highest cumulative profit.

    >>> best_budget_split(cost_ratio=5.0) < best_budget_split(cost_ratio=1.0)
    True
    """
    table = compare_budget_splits(shares, **settings)
    return float(table.loc[table["cumulative_profit"].idxmax(), "acquisition_share"])


def best_split_by_cost_ratio(ratios=None, **settings) -> pd.DataFrame:
    """How the best split moves as acquiring gets dearer relative to keeping.

    For each cost ratio (acquisition cost ÷ cost of keeping one customer; 5 under the 1:5 rule)
    returns the best ``acquisition_share`` and the matching ``retention_share``.

    >>> table = best_split_by_cost_ratio([1, 5])
    >>> bool(table.loc[0, "acquisition_share"] > table.loc[1, "acquisition_share"])
    True
    """
    ratios = np.arange(0.5, 10.01, 0.5) if ratios is None else check_array("ratios", ratios, 0, low_open=True)
    best = [best_budget_split(cost_ratio=float(ratio), **settings) for ratio in ratios]
    table = pd.DataFrame({"cost_ratio": np.asarray(ratios, dtype=float), "acquisition_share": best})
    table["retention_share"] = (1.0 - table["acquisition_share"]).round(10)
    return table


def optimal_retention_spend(at_risk, cac, cost_ratio) -> float:
    """The month's retention spend at which the last yen keeps exactly as many customers as it would win.

    Retention spend ``R`` keeps ``A (1 - exp(-R k / (cac A)))`` of the ``A`` customers at risk, so
    its last yen keeps ``(k / cac) exp(-R k / (cac A))`` customers; a yen of acquisition wins
    ``1 / cac``. Setting the two equal gives

        R* = A * (cac / k) * ln k        (and R* = 0 when k <= 1).

    Below ``R*`` retention is the better use of a yen, above it acquisition is. As a share of a
    fixed budget ``R*`` grows like ``ln k / k``: largest at ``k = e`` and smaller both when keeping
    costs almost as much as winning and when keeping is so cheap that little money keeps everyone.

    >>> round(optimal_retention_spend(at_risk=50, cac=20_000, cost_ratio=5))
    321888
    >>> optimal_retention_spend(at_risk=50, cac=20_000, cost_ratio=1)
    0.0
    """
    at_risk = check_number("at_risk", at_risk, low=0)
    cac = check_number("cac", cac, low=0, low_open=True)
    cost_ratio = check_number("cost_ratio", cost_ratio, low=0, low_open=True)
    if cost_ratio <= 1:
        return 0.0
    return at_risk * (cac / cost_ratio) * math.log(cost_ratio)


def classify_relationships(people: pd.DataFrame) -> pd.Series:
    """Label each person as ``customer``, ``new customer``, ``prospect`` or ``anonymous buyer``.

    ``people`` needs boolean columns ``has_bought``, ``known_face`` and ``usage_known``. Following
    the definition in seed 001: a *customer* has bought and you know both who they are and how they
    use the product; a *new customer* has bought and is known, but their usage is not (yet); a
    *prospect* has not bought; an *anonymous buyer* bought but is not known (the occasional
    walk-in at a supermarket without a membership).

    >>> people = pd.DataFrame({"has_bought": [True, False], "known_face": [True, True],
    ...                        "usage_known": [True, False]})
    >>> classify_relationships(people).tolist()
    ['customer', 'prospect']
    """
    columns = ["has_bought", "known_face", "usage_known"]
    check_frame("people", people, columns)
    for column in columns:
        if people[column].dtype != bool:
            raise TypeError(f"people[{column!r}] must hold True/False values (got {people[column].dtype})")
    bought, known, usage = (people[c].to_numpy() for c in columns)
    labels = np.select(
        [~bought, bought & known & usage, bought & known],
        ["prospect", "customer", "new customer"],
        default="anonymous buyer",
    )
    return pd.Series(labels, index=people.index, name="relationship")


def survey_counts(survey: pd.DataFrame, respondents: int = 374) -> pd.DataFrame:
    """Turn the survey's shares into approximate numbers of people.

    Shares whose ``base`` is ``all`` apply to every respondent; ``aware`` shares apply to those aware
    of customer success; a base the report does not state is left without a count.

    >>> from cslearn.data import load_dataset
    >>> counts = survey_counts(load_dataset("cs_awareness_survey_2021"))
    >>> int(counts.loc[0, "people"])
    107
    """
    check_frame("survey", survey, ["item", "base", "share"])
    respondents = check_int("respondents", respondents, low=1)
    check_array("survey['share']", survey["share"], 0, 1)
    aware_rows = survey.loc[survey["base"] == "all", "share"]
    if aware_rows.empty:
        raise ValueError("survey must have a row whose base is 'all' (the share aware of customer success)")
    aware = respondents * float(aware_rows.iloc[0])
    bases = {"all": respondents, "aware": aware}
    table = survey.copy()
    base_size = table["base"].map(bases)
    table["people"] = (table["share"] * base_size).round()
    return table
