"""Chapter 01: from owning to experiencing (所有から体験へ).

Four small models:

* **Buy once or pay monthly** (C1). A customer who buys pays ``P`` in month 1 and nothing after;
  one who subscribes pays ``f`` every month. After ``t`` months they have spent ``P`` and ``f t``.
  The subscription catches up in the *break-even month* ``ceil(P / f)``. For the seller a
  subscriber is only expected to pay while they stay: with monthly churn ``c`` the expected
  revenue after ``t`` months is ``f (1 - (1-c)^t) / c``, which never reaches ``P`` when
  ``f / c <= P``.
* **Where the budget goes** (C2, C3). Marketing spend is sorted by when it reaches the customer:
  before the first visit (acquisition) or after it (retention), :func:`spend_by_stage`. A fixed
  monthly budget is then split between the two. Acquisition buys ``share * budget / cac`` new
  customers. Retention works on the customers who would leave this month
  (``at_risk = customers * churn``); keeping one costs ``cac / cost_ratio`` (the 1:5 rule when
  ``cost_ratio = 5``) and returns diminish as the easy saves are made first::

      kept = at_risk * (1 - exp(-retention_spend / (keep_cost * at_risk)))

  The first yen keeps ``1 / keep_cost`` customers; no amount keeps more than ``at_risk``. A
  newcomer may earn less than an established customer (``new_customer_value``).
* **Farming, not hunting** (C4). A route seller who restocks a regular household before it runs
  out keeps the sale and the household; one who waits to be asked loses some of both
  (:func:`route_sales`).
* **Who is a customer** (C5): someone who bought *and* whose face and usage you know.

The sources are named by their short titles (``cs.sources()``): *Customer Success??* for the shift
to experience, the budgets and the 1:5 rule; *What is CS #2-1* for farming, the route seller and
who is a customer; *Weekly CS Vol.3* for the 2021 survey.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from cslearn._validate import check_array
from cslearn.ownership.parameters import (
    ACQUISITION_SHARE,
    ANTICIPATION,
    AT_RISK,
    BUDGET,
    BUDGET_BUT_COST_RATIO,
    CHURN,
    MONTHLY_FEE,
    MONTHS,
    PEOPLE,
    PRICE_ONCE,
    RATIOS,
    RESPONDENTS,
    ROUTE,
    RULE_CAC,
    RULE_COST_RATIO,
    SETTING,
    SETTING_VALUES,
    SHARES,
    SPENDING,
    SURVEY,
)
from cslearn.params import checked

__all__ = [
    "ownership_vs_access",
    "break_even_month",
    "spend_by_stage",
    "budget_split",
    "follow_retention_rule",
    "compare_budget_splits",
    "best_budget_split",
    "best_split_by",
    "best_split_by_cost_ratio",
    "optimal_retention_spend",
    "route_sales",
    "compare_route_policies",
    "restock_ahead_pays_from",
    "classify_relationships",
    "survey_counts",
]


@checked(PRICE_ONCE, MONTHLY_FEE, MONTHS, CHURN)
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
    price_once, monthly_fee, months, churn = float(price_once), float(monthly_fee), int(months), float(churn)
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


@checked(PRICE_ONCE, MONTHLY_FEE, CHURN)
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
    price_once, monthly_fee, churn = float(price_once), float(monthly_fee), float(churn)
    if price_once == 0:
        return 1
    if churn < 1e-300:
        # no churn, or one so small that it only adds rounding noise below double precision
        # (log1p(-churn) is -churn exactly there, so the months are those of no churn)
        return max(1, math.ceil(price_once / monthly_fee - 1e-12))
    share_of_lifetime = price_once * churn / monthly_fee  # the price as a share of fee / churn
    if share_of_lifetime >= 1:
        return None
    if churn == 1:
        return 1
    # log1p keeps a tiny churn (1e-12) from rounding 1 - churn to 1
    return max(1, math.ceil(math.log1p(-share_of_lifetime) / math.log1p(-churn) - 1e-9))


def _rule_spend(at_risk: np.ndarray, cac: float, cost_ratio: float) -> np.ndarray:
    """The one-month rule R* = A (cac / k) ln k for an array of at-risk counts (0 when k <= 1)."""
    if cost_ratio <= 1:
        return np.zeros_like(at_risk)
    return at_risk * (cac / cost_ratio) * math.log(cost_ratio)


def _simulate(shares: np.ndarray, s: dict, rule: bool = False) -> dict[str, np.ndarray]:
    """Run the budget recurrence for many acquisition shares at once.

    Returns arrays of shape ``(months, len(shares))``. With ``rule=True`` the shares are ignored and
    each month spends ``min(budget, R*)`` on retention (see :func:`follow_retention_rule`).
    """
    n, months, budget = len(shares), s["months"], s["budget"]
    customers = np.full(n, s["start_customers"])
    keep_cost = s["cac"] / s["cost_ratio"]
    young = np.zeros((s["new_customer_months"], n))  # newcomers by age in months, youngest first
    out = {key: np.empty((months, n)) for key in ("new", "kept", "churned", "customers", "newcomers", "retention")}
    for t in range(months):  # each month depends on the last: a short recurrence over all shares at once
        at_risk = customers * s["churn"]
        if rule:
            retention = np.minimum(budget, _rule_spend(at_risk, s["cac"], s["cost_ratio"]))
        else:
            retention = (1.0 - shares) * budget
        new = (budget - retention) / s["cac"]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # a tiny at-risk count keeps all
            kept = np.where(at_risk > 0, at_risk * -np.expm1(-retention / (keep_cost * at_risk)), 0.0)
            stay = np.where(customers > 0, 1.0 - (at_risk - kept) / customers, 1.0)
        churned = at_risk - kept
        young = np.vstack([new[None, :], young[:-1] * stay])  # this month's newcomers, the others a month older
        customers = customers - churned + new
        for key, value in zip(out, (new, kept, churned, customers, young.sum(axis=0), retention), strict=True):
            out[key][t] = value
    return out


def _budget_table(run: dict[str, np.ndarray], s: dict, column: int = 0) -> pd.DataFrame:
    table = pd.DataFrame({key: run[key][:, column] for key in ("new", "kept", "churned", "customers", "newcomers")})
    table.insert(0, "month", np.arange(1, s["months"] + 1))
    established = table["customers"] - table["newcomers"]
    table["revenue"] = s["arpu"] * (established + s["new_customer_value"] * table["newcomers"])
    table["retention_spend"] = run["retention"][:, column]
    table["spend"] = s["budget"]
    table["profit"] = s["margin"] * table["revenue"] - s["budget"]
    table["cumulative_profit"] = table["profit"].cumsum()
    return table


_GRID = np.round(np.linspace(0, 1, 21), 10)  # the default shares: 0, 0.05, ..., 1


def _shares(shares) -> np.ndarray:
    """The acquisition shares to compare (checked by the caller's declaration) as a float array."""
    return _GRID if shares is None else np.asarray(list(shares), dtype=float)


def _compare(shares: np.ndarray, s: dict) -> pd.DataFrame:
    """compare_budget_splits on checked shares and settings."""
    run = _simulate(shares, s)
    established = run["customers"] - run["newcomers"]
    revenue = s["arpu"] * (established + s["new_customer_value"] * run["newcomers"])
    profit = s["margin"] * revenue - s["budget"]
    return pd.DataFrame(
        {
            "acquisition_share": shares.astype(float),
            "customers": run["customers"][-1],
            "cumulative_profit": profit.sum(axis=0),
        }
    )


def _best(shares: np.ndarray, s: dict) -> float:
    table = _compare(shares, s)
    return float(table.loc[table["cumulative_profit"].idxmax(), "acquisition_share"])


@checked(ACQUISITION_SHARE)
@BUDGET.keywords
def budget_split(acquisition_share=0.5, **settings) -> pd.DataFrame:
    """Month-by-month result of splitting a fixed monthly budget between acquisition and retention.

    The settings are keywords, the chapter's business by default (listed below): ``cost_ratio``
    says that acquiring one customer costs ``cost_ratio`` times keeping one (the 1:5 rule).

    Each month: ``new = share * budget / cac``; of the ``customers * churn`` who would leave,
    retention spending keeps ``kept`` (see the module docstring, keeping one costs
    ``cac / cost_ratio``); the rest churn. A customer in their first ``new_customer_months`` months
    (a *newcomer*, counting the month they were won) pays ``new_customer_value`` times ``arpu``
    (below 1: new customers are less profitable, from entry discounts and smaller first baskets);
    everyone else pays ``arpu``. Profit is ``margin * revenue - budget``. With the default
    ``new_customer_value = 1`` every customer pays the same (the 1:5 reason alone); chapter 01's main
    case passes ``new_customer_value=0.5``, the course's assumption, since *Customer Success??* says
    new customers are less profitable but gives no number.

    Columns: ``month, new, kept, churned, customers, newcomers, revenue, retention_spend, spend,
    profit, cumulative_profit``.

    >>> table = budget_split(1.0, budget=100_000, cac=10_000, months=1, start_customers=100, churn=0.1)
    >>> table.loc[0, ["new", "kept", "churned", "customers"]].tolist()
    [10.0, 0.0, 10.0, 100.0]
    >>> half = budget_split(1.0, budget=100_000, cac=10_000, months=1, start_customers=100, churn=0.1,
    ...                     arpu=1_000, new_customer_value=0.5)
    >>> float(half.loc[0, "revenue"])  # 90 established at ¥1,000 and 10 newcomers at ¥500
    95000.0
    """
    s = BUDGET.resolve(settings)
    return _budget_table(_simulate(np.array([float(acquisition_share)]), s), s)


@BUDGET.keywords
def follow_retention_rule(**settings) -> pd.DataFrame:
    """The budget model when each month's retention spend follows the one-month rule.

    Instead of one share held for every month, each month spends ``min(budget, R*)`` on retention,
    where ``R* = A (cac / k) ln k`` for that month's ``A`` customers at risk (see
    :func:`optimal_retention_spend`), and the rest on acquisition. The rule counts a kept customer
    and a new one alike, so it ignores ``new_customer_value``. Same settings and columns as
    :func:`budget_split`.

    >>> table = follow_retention_rule()
    >>> round(float(table.loc[0, "retention_spend"]))  # month 1: 50 at risk under the 1:5 rule
    321888
    """
    s = BUDGET.resolve(settings)
    return _budget_table(_simulate(np.zeros(1), s, rule=True), s)


@checked(SHARES)
@BUDGET.keywords
def compare_budget_splits(shares=None, **settings) -> pd.DataFrame:
    """The end result of :func:`budget_split` for several acquisition shares.

    Returns one row per share with ``acquisition_share``, ``customers`` (at the end) and
    ``cumulative_profit`` (over all months). ``settings`` are those of :func:`budget_split`; the
    shares run side by side, so a fine grid (1,001 shares) is cheap.

    >>> table = compare_budget_splits([0.0, 1.0], months=12)
    >>> table["acquisition_share"].tolist()
    [0.0, 1.0]
    """
    return _compare(_shares(shares), BUDGET.resolve(settings))


@checked(SHARES)
@BUDGET.keywords
def best_budget_split(shares=None, **settings) -> float:
    """The acquisition share (from ``shares``, default 0, 0.05, ..., 1) with the highest cumulative profit.

    >>> best_budget_split(cost_ratio=5.0) < best_budget_split(cost_ratio=1.0)
    True
    """
    return _best(_shares(shares), BUDGET.resolve(settings))


def _best_by(setting: str, values, shares, settings: dict) -> pd.DataFrame:
    """best_split_by on checked arguments: each value is checked as the setting it stands for."""
    if setting in settings:
        raise TypeError(f"{setting} is the setting being varied; do not also pass it as a keyword")
    values = np.asarray(list(values), dtype=float)
    declaration = BUDGET[setting]
    for index, value in enumerate(values.tolist()):
        try:
            declaration.check(value)
        except (TypeError, ValueError) as error:
            raise type(error)(f"values[{index}]: {error}") from None
    shares = _shares(shares)
    best = [_best(shares, BUDGET.resolve(settings, **{setting: value})) for value in values.tolist()]
    table = pd.DataFrame({setting: values, "acquisition_share": best})
    table["retention_share"] = (1.0 - table["acquisition_share"]).round(10)
    return table


@checked(SETTING, SETTING_VALUES, SHARES)
@BUDGET.keywords
def best_split_by(setting: str, values, shares=None, **settings) -> pd.DataFrame:
    """How the best split moves as one setting of :func:`budget_split` changes.

    For each value of ``setting`` (such as ``"new_customer_value"`` or ``"churn"``) returns the best
    ``acquisition_share`` (from ``shares``) and the matching ``retention_share``. The other settings
    are keywords; the one varied may not be passed too.

    >>> table = best_split_by("new_customer_value", [1.0, 0.5])
    >>> table["acquisition_share"].tolist()
    [0.6, 0.5]
    """
    return _best_by(setting, values, shares, settings)


@checked(RATIOS, SHARES)
@BUDGET_BUT_COST_RATIO.keywords
def best_split_by_cost_ratio(ratios=None, shares=None, **settings) -> pd.DataFrame:
    """How the best split moves as acquiring gets dearer relative to keeping.

    For each cost ratio (acquisition cost ÷ cost of keeping one customer; 5 under the 1:5 rule)
    returns the best ``acquisition_share`` (from ``shares``) and the matching ``retention_share``
    (:func:`best_split_by` with ``"cost_ratio"``).

    >>> table = best_split_by_cost_ratio([1, 5])
    >>> bool(table.loc[0, "acquisition_share"] > table.loc[1, "acquisition_share"])
    True
    """
    ratios = np.arange(0.5, 10.01, 0.5) if ratios is None else ratios
    return _best_by("cost_ratio", ratios, shares, settings)


@checked(AT_RISK, RULE_CAC, RULE_COST_RATIO)
def optimal_retention_spend(at_risk, cac, cost_ratio) -> float:
    """The month's retention spend at which the last yen keeps exactly as many customers as it would win.

    Retention spend ``R`` keeps ``A (1 - exp(-R k / (cac A)))`` of the ``A`` customers at risk, so
    its last yen keeps ``(k / cac) exp(-R k / (cac A))`` customers; a yen of acquisition wins
    ``1 / cac``. Setting the two equal gives

        R* = A * (cac / k) * ln k        (and R* = 0 when k <= 1).

    Below ``R*`` retention is the better use of a yen, above it acquisition is. For a given number
    at risk, ``R*`` grows like ``ln k / k``: largest at ``k = e`` and smaller both when keeping
    costs almost as much as winning and when keeping is so cheap that little money keeps everyone.
    This is a rule for *one month*; :func:`follow_retention_rule` applies it month after month.

    >>> round(optimal_retention_spend(at_risk=50, cac=20_000, cost_ratio=5))
    321888
    >>> optimal_retention_spend(at_risk=50, cac=20_000, cost_ratio=1)
    0.0
    """
    return float(_rule_spend(np.array(float(at_risk)), float(cac), float(cost_ratio)))


@checked(SPENDING)
def spend_by_stage(spending: pd.DataFrame) -> pd.DataFrame:
    """Total a list of marketing spends by when they reach the customer: before or after the first visit.

    ``spending`` has columns ``item``, ``stage`` (``"before"`` the first visit or purchase, or
    ``"after"`` it) and ``monthly_spend`` in yen. Spending before the first visit (a coupon-portal
    listing, ads, a first-visit discount) is the **acquisition budget**; spending after it (a
    thank-you message, a birthday coupon, a regular's check-up) is the **retention budget**.
    Returns one row per stage: ``stage``, ``budget`` (acquisition or retention), ``spend`` and
    ``share`` of the total.

    >>> spending = pd.DataFrame({"item": ["portal", "ads", "birthday coupon"],
    ...                          "stage": ["before", "before", "after"],
    ...                          "monthly_spend": [150_000, 50_000, 50_000]})
    >>> spend_by_stage(spending)["share"].tolist()
    [0.8, 0.2]
    """
    check_array("spending['monthly_spend']", spending["monthly_spend"], low=0)
    stages = set(spending["stage"])
    if not stages <= {"before", "after"}:
        odd = sorted(map(str, stages - {"before", "after"}))
        raise ValueError(f"spending['stage'] must be 'before' or 'after' the first visit (got {', '.join(odd)})")
    total = float(spending["monthly_spend"].sum())
    if total <= 0:
        raise ValueError("spending['monthly_spend'] must add up to more than 0")
    sums = spending.groupby("stage")["monthly_spend"].sum()
    table = pd.DataFrame(
        {
            "stage": ["before", "after"],
            "budget": ["acquisition", "retention"],
            "spend": [float(sums.get("before", 0.0)), float(sums.get("after", 0.0))],
        }
    )
    table["share"] = table["spend"] / total
    return table


@checked(ANTICIPATION)
@ROUTE.keywords
def route_sales(anticipation=0.9, **settings) -> pd.DataFrame:
    """A route seller's regular households, month by month, restocking ahead of need or waiting to be asked.

    Each of ``households`` regular households places one order of ``order`` yen a month with the
    seller. Left alone, a share ``caught_short`` of them would run out before the seller calls and
    notice the shortage first. A seller who keeps track of each household's usage restocks ahead and
    prevents a share ``anticipation`` of those shortages (``0`` = waits to be asked). Of the
    households still caught short, a share ``buy_elsewhere`` buys that month's order at another
    shop (a *lost sale*) and of those a share ``switch`` stays with the other shop (a *lost
    household*). Keeping track costs ``care_cost * anticipation`` yen per household a month.
    Profit is ``margin * revenue - care cost``.

    Columns: ``month, households`` (at the start of the month), ``caught_short, lost_sales,
    lost_households, revenue, care_cost, profit, cumulative_profit``.

    >>> wait = route_sales(0.0, months=1)
    >>> wait.loc[0, ["caught_short", "lost_sales", "lost_households"]].tolist()
    [30.0, 15.0, 3.0]
    >>> float(route_sales(1.0, months=12)["households"].iloc[-1])  # nobody is caught short
    100.0
    """
    return _route(float(anticipation), ROUTE.resolve(settings))


def _route(anticipation: float, s: dict) -> pd.DataFrame:
    """route_sales on checked arguments."""
    households, months, order, margin = s["households"], s["months"], s["order"], s["margin"]
    caught_short, buy_elsewhere, switch, care_cost = s["caught_short"], s["buy_elsewhere"], s["switch"], s["care_cost"]
    lost_share = caught_short * (1.0 - anticipation) * buy_elsewhere * switch  # households lost a month
    start = households * (1.0 - lost_share) ** np.arange(months)
    short = start * caught_short * (1.0 - anticipation)
    lost_sales = short * buy_elsewhere
    table = pd.DataFrame(
        {
            "month": np.arange(1, months + 1),
            "households": start,
            "caught_short": short,
            "lost_sales": lost_sales,
            "lost_households": lost_sales * switch,
        }
    )
    table["revenue"] = (start - lost_sales) * order
    table["care_cost"] = start * care_cost * anticipation
    table["profit"] = margin * table["revenue"] - table["care_cost"]
    table["cumulative_profit"] = table["profit"].cumsum()
    return table


@checked(ANTICIPATION)
@ROUTE.keywords
def compare_route_policies(anticipation=0.9, **settings) -> pd.DataFrame:
    """Waiting to be asked vs restocking ahead, over the whole horizon of :func:`route_sales`.

    One row per policy (``"wait to be asked"`` with ``anticipation = 0``, ``"restock ahead"`` with
    the given ``anticipation``): ``anticipation``, ``households_left`` (at the end of the last
    month), ``lost_sales`` and ``lost_households`` (totals), ``revenue`` and ``cumulative_profit``.

    >>> table = compare_route_policies(0.9)
    >>> table["policy"].tolist()
    ['wait to be asked', 'restock ahead']
    >>> bool(table.loc[1, "households_left"] > table.loc[0, "households_left"])
    True
    """
    s = ROUTE.resolve(settings)
    rows = []
    for policy, share in [("wait to be asked", 0.0), ("restock ahead", float(anticipation))]:
        table = _route(share, s)
        last = table.iloc[-1]
        rows.append(
            {
                "policy": policy,
                "anticipation": share,
                "households_left": float(last["households"] - last["lost_households"]),
                "lost_sales": float(table["lost_sales"].sum()),
                "lost_households": float(table["lost_households"].sum()),
                "revenue": float(table["revenue"].sum()),
                "cumulative_profit": float(last["cumulative_profit"]),
            }
        )
    return pd.DataFrame(rows)


@checked(ANTICIPATION)
@ROUTE.keywords
def restock_ahead_pays_from(anticipation=0.9, **settings) -> int | None:
    """The first month from which restocking ahead has earned at least as much as waiting, cumulatively.

    Restocking ahead costs its care from month 1 while the households it keeps pay over the later
    months, so it starts behind. Returns the first month from which its cumulative profit is never
    again below waiting's within the horizon, or ``None`` when it is still behind at the end.

    >>> restock_ahead_pays_from(0.9)
    18
    >>> restock_ahead_pays_from(0.9, months=6) is None
    True
    """
    s = ROUTE.resolve(settings)
    ahead = _route(float(anticipation), s)["cumulative_profit"].to_numpy()
    wait = _route(0.0, s)["cumulative_profit"].to_numpy()
    behind = np.flatnonzero(ahead < wait - 1e-9)
    if behind.size == 0:
        return 1
    if behind[-1] == len(ahead) - 1:
        return None
    return int(behind[-1]) + 2


@checked(PEOPLE)
def classify_relationships(people: pd.DataFrame) -> pd.Series:
    """Label each person as ``customer``, ``new customer``, ``prospect`` or ``anonymous buyer``.

    ``people`` needs boolean columns ``has_bought``, ``known_face`` and ``usage_known``. Following
    the definition in *What is CS #2-1*: a *customer* has bought and you know both who they are and how they
    use the product; a *new customer* has bought and is known, but their usage is not (yet); a
    *prospect* has not bought; an *anonymous buyer* bought but is not known (the occasional
    walk-in at a supermarket without a membership).

    >>> people = pd.DataFrame({"has_bought": [True, False], "known_face": [True, True],
    ...                        "usage_known": [True, False]})
    >>> classify_relationships(people).tolist()
    ['customer', 'prospect']
    """
    columns = list(PEOPLE.columns)
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


@checked(SURVEY, RESPONDENTS)
def survey_counts(survey: pd.DataFrame, respondents: int = 374) -> pd.DataFrame:
    """Turn the survey's shares into approximate numbers of people.

    Shares whose ``base`` is ``all`` apply to every respondent; ``aware`` shares apply to those aware
    of customer success; a base the report does not state is left without a count.

    >>> from cslearn.data import load_dataset
    >>> counts = survey_counts(load_dataset("cs_awareness_survey_2021"))
    >>> int(counts.loc[0, "people"])
    107
    """
    respondents = int(respondents)
    aware_rows = survey.loc[survey["base"] == "all", "share"]
    if aware_rows.empty:
        raise ValueError("survey must have a row whose base is 'all' (the share aware of customer success)")
    aware = respondents * float(aware_rows.iloc[0])
    bases = {"all": respondents, "aware": aware}
    table = survey.copy()
    base_size = table["base"].map(bases)
    table["people"] = (table["share"] * base_size).round()
    return table
