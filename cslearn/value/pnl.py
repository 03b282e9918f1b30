"""The future P&L (未来のPL) of a subscription business, projected cohort by cohort.

Every month a cohort of new customers joins. A customer who joined in month :math:`j` is still
paying in month :math:`t \\ge j` with probability :math:`S(t - j)` (the survival curve, with
:math:`S(0) = 1`: everyone pays their first month) and pays :math:`\\text{ARPU}(1+g)^{t-j}`
(expansion :math:`g` by tenure). With :math:`n_j` new customers in month :math:`j`, month
:math:`t` (counted from 1) has, in expectation,

.. math::

    \\text{active}_t = \\sum_{j \\le t} n_j\\,S(t-j), \\qquad
    \\text{customers}_t = \\sum_{j \\le t} n_j\\,S(t-j+1), \\qquad
    \\text{revenue}_t = \\sum_{j \\le t} n_j\\,S(t-j)\\,\\text{ARPU}(1+g)^{t-j},

where *active* customers are billed in month :math:`t` and *customers* are those still on the
books at the end of it (the churned leave at month end), so
:math:`\\text{customers}_t = \\text{customers}_{t-1} + \\text{new}_t - \\text{churned}_t`. Each sum is
a convolution of the new-customer series with a curve, so the projection costs one
``np.convolve`` per line, not a loop over cohorts.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cslearn._validate import check_int
from cslearn.params import checked
from cslearn.value.ltv import LIFETIME_MONTHS, _survival_array
from cslearn.value.parameters import (
    COHORT_VALUES,
    MONTHS,
    NEW_CUSTOMERS,
    PNL,
    PNL_CHURN,
    PNL_SURVIVAL,
    STATEMENT_MONTHS,
    SUPPORT_COST,
    SUPPORT_CUSTOMERS,
    SYSTEMISATION_FIXED_COST,
    SYSTEMISED,
    SYSTEMISED_SUPPORT_COST,
    free,
    pnl_table,
)

__all__ = ["PnLProjection", "project_pnl", "pnl_statement", "compare_support_costs", "systemisation_breakeven"]



@dataclass(frozen=True, eq=False)
class PnLProjection:
    """The result of :func:`project_pnl`: a monthly P&L table, summary figures, cohorts.

    Attributes
    ----------
    table : DataFrame, one row per month (``month`` counts from 1). Columns: ``month``,
        ``new``, ``active`` (billed this month), ``churned`` (left at month end), ``customers``
        (at month end), ``revenue``, ``mrr`` (monthly recurring revenue: the customers on the
        books at month end times the price each will pay next month, i.e. the recurring revenue of
        the active subscriptions, the future P&L's next line), ``cogs``, ``gross_profit``, ``acquisition_cost``,
        ``onboarding_cost`` (one-off care of new customers), ``retention_cost``,
        ``support_cost`` (variable, per customer), ``systemisation_cost``
        (fixed), ``fixed_cost``, ``profit``, ``cumulative_cash``, ``discount_factor``,
        ``discounted_profit``, ``cumulative_discounted_cash``.
    summary : Series of headline figures (name -> number, float):

        - ``ltv``: lifetime value of one customer (gross margin, discounted): with constant
          churn exactly :func:`cslearn.value.ltv.lifetime_value` (``math.inf`` if the sum diverges),
          with a survival curve :func:`cslearn.value.ltv.survival_lifetime_value` over
          ``lifetime_months``.
        - ``ltv_net``: the same after the costs to serve one customer (retention cost plus the
          variable support cost each month, and the one-off onboarding cost); may be negative or
          infinite.
        - ``ltv_to_cac``: ``ltv / cac`` (``math.inf`` when ``cac`` is 0).
        - ``payback_month``: the first month (from 1) in which the expected discounted net
          contribution of one new customer covers ``cac`` (plus ``onboarding_cost``), searched over ``lifetime_months``
          (at least 1,200 months unless a survival array is shorter); ``math.inf`` if never.
          Without costs to serve it is ``math.ceil(payback_months(...))``.
        - ``breakeven_month``: the first month from which ``cumulative_cash`` stays above zero
          to the end of the projection (where the J-curve crosses); ``math.inf`` if it does not
          happen within the projection.
        - ``cash_low`` and ``cash_low_month``: the bottom of the J-curve (the cash the plan
          needs); 0 and 0 when cumulative cash never goes below zero.
        - ``npv``: the last ``cumulative_discounted_cash``; ``final_customers``; ``final_mrr``.
        - ``lifetime_months``: the months the LTV figures sum over: ``math.inf`` for the closed
          form of constant churn, the array's length for a survival array, 1,200 for a function.

      Never-reached months are ``math.inf``, never None or NaN, so ``summary["payback_month"] <= 12``
      always works (and ``math.isinf`` tells "never"). Months are whole numbers held as floats (one
      dtype for the Series): print them with ``:.0f``, which shows ``8`` and ``inf``.

    Use :meth:`by_cohort` (or :attr:`cohorts`) for the cohort matrix.

    >>> p = project_pnl(24, 100, churn=0.05, cac=50_000, fixed_cost=1_000_000)
    >>> p.table.columns[:5].tolist()
    ['month', 'new', 'active', 'churned', 'customers']
    >>> f"{p.summary['breakeven_month']:.0f}", p.cohorts.shape
    ('19', (24, 24))
    """

    table: pd.DataFrame
    summary: pd.Series
    _new: np.ndarray = field(repr=False)
    _survival: np.ndarray = field(repr=False)
    _price: np.ndarray = field(repr=False)

    @classmethod
    def _example(cls) -> PnLProjection:
        """A small projection (for the tests that call every public method)."""
        return project_pnl(6, 10, churn=0.1, cac=20_000)

    @checked(*free(COHORT_VALUES))
    def by_cohort(self, values: str = "customers") -> pd.DataFrame:
        """Cohorts (rows: month joined) by month (columns), both counted from 1.

        ``values`` is ``"customers"`` (at month end; the columns sum to ``table.customers``),
        ``"active"``, ``"churned"`` or ``"revenue"`` (columns sum to ``table.revenue``).
        Built with broadcasting: cell :math:`(j, t)` is :math:`n_j` times the curve at age
        :math:`t - j`, and 0 before the cohort joins.

        >>> project_pnl(3, 100, churn=0.1).by_cohort("active").to_numpy().tolist()
        [[100.0, 90.0, 81.0], [0.0, 100.0, 90.0], [0.0, 0.0, 100.0]]
        """
        months = self._new.size
        age = np.arange(months)[None, :] - np.arange(months)[:, None]
        joined = age >= 0
        age = np.where(joined, age, 0)
        curve = {
            "customers": self._survival[1:],
            "active": self._survival[:-1],
            "churned": self._survival[:-1] - self._survival[1:],
            "revenue": self._survival[:-1] * self._price[:-1],
        }[values]
        matrix = np.where(joined, self._new[:, None] * curve[age], 0.0)
        labels = pd.RangeIndex(1, months + 1)
        return pd.DataFrame(
            matrix, index=labels.rename("cohort"), columns=labels.rename("month")
        )

    @property
    def cohorts(self) -> pd.DataFrame:
        """Customers at month end by cohort: ``by_cohort("customers")``."""
        return self.by_cohort("customers")

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={value:,.6g}" for key, value in self.summary.items())
        return f"PnLProjection({self.table.shape[0]} months; {shown})"


def _new_customers(new_customers, months: int) -> np.ndarray:
    if isinstance(new_customers, numbers.Real):
        return np.full(months, float(new_customers))
    values = np.asarray(new_customers, dtype=float).reshape(-1)
    if values.size != months:
        raise ValueError(
            f"new_customers must be one number or one value per month: {months} values (got {values.size})"
        )
    return values


def _net_lifetime(x: float, k: float, churn: float, d: float, g: float) -> tuple[float, float]:
    """Closed forms of sum_t (1-c)^t [x (1+g)^t - k] / (1+d)^t, split as (margin, net)."""
    q_margin = (1 - churn) * (1 + g) / (1 + d)
    q_cost = (1 - churn) / (1 + d)

    def part(amount: float, q: float) -> float:
        if amount == 0:
            return 0.0
        return amount / (1 - q) if q < 1 else math.inf

    margin_part, cost_part = part(x, q_margin), part(k, q_cost)
    if math.isinf(margin_part) and math.isinf(cost_part):
        if q_margin == q_cost:
            net = 0.0 if x == k else math.copysign(math.inf, x - k)
        else:
            net = math.inf if q_margin > q_cost else -math.inf
    else:
        net = margin_part - cost_part
    return margin_part, net


@checked(*free(MONTHS, NEW_CUSTOMERS, PNL_CHURN, PNL_SURVIVAL, SYSTEMISED))
@PNL.keywords
def project_pnl(
    months,
    new_customers,
    churn=None,
    *,
    survival: np.ndarray | Callable | None = None,
    systemised: bool = False,
    **costs,
) -> PnLProjection:
    """Project a subscription business's monthly P&L from its cohorts (see the module docstring).

    Parameters
    ----------
    months : length of the projection, 1 to 1,200.
    new_customers : new customers each month: one number, or a sequence/Series of ``months`` values.
    churn : constant monthly churn in [0, 1], so :math:`S(t) = (1 - c)^t`; 0.05 when neither
        ``churn`` nor ``survival`` is given.
    survival : instead of ``churn``, any survival curve: an array :math:`S(0) = 1, S(1), \\dots`
        with at least ``months + 1`` values, or a function ``t -> S(t)`` such as a fitted sBG
        model's ``survival``.
    arpu : monthly price per customer in yen at tenure 0; ``expansion`` its monthly growth with
        tenure (upsell/cross-sell), > -1. An **assumption** with no cap: at 3 % a month the price
        is :math:`1.03^{60} \\approx 5.9` times ARPU after 5 years, more than any real upsell path.
    margin : gross margin (share of revenue left after the cost of delivering the service).
    cac : acquisition cost per new customer, paid in the month they join.
    retention_cost : customer-success cost per active customer per month.
    support_cost : support cost per active customer per month when support is done by hand.
    onboarding_cost : value delivered before revenue: a one-off cost of care (setup, training,
        hand-holding) per new customer, paid in the month they join, like the CAC but spent on the
        customer rather than on winning them. 0 by default. It deepens the J-curve and delays payback
        (point 2 of *Ganesha's lesson*: a short-term loss is fine, value comes first).
    systemised, systemisation_fixed_cost, systemised_support_cost : with ``systemised=True`` the
        business pays a fixed ``systemisation_fixed_cost`` a month (FAQ forum, step-delivered
        videos: 仕組み化) and support costs ``systemised_support_cost`` per customer instead
        of ``support_cost`` (required then).
    fixed_cost : any other fixed cost per month (staff, rent).
    discount_rate : monthly rate; month :math:`t` is discounted by :math:`(1 + d)^{-(t-1)}`.

    Month :math:`t`'s profit is
    :math:`m\\,\\text{revenue}_t - (\\text{CAC} + o)\\,n_t - (r + s)\\,\\text{active}_t - F_{sys} - F`
    (:math:`o` the onboarding cost).
    The result is a :class:`PnLProjection`: ``.table`` for plotting and reading, ``.summary``
    for the headline figures (LTV, LTV/CAC, payback month, break-even month), ``.cohorts``.
    A notebook reads ``p = project_pnl(...)``, then ``p.table`` and ``p.summary["ltv"]``.

    >>> p = project_pnl(36, 100, churn=0.05, arpu=10_000, margin=0.8, cac=50_000)
    >>> p.summary[["ltv", "ltv_to_cac", "payback_month"]].round(2).tolist()
    [160000.0, 3.2, 8.0]
    >>> round(p.table.loc[0, "revenue"])  # month 1: 100 customers x 10,000 yen
    1000000
    """
    months = int(months)
    new = _new_customers(new_customers, months)
    given = PNL.resolve(costs)  # each checked against its declaration, as a float (None: not given)
    arpu, expansion, margin, cac, fixed_cost, discount_rate = (
        given[name] for name in ("arpu", "expansion", "margin", "cac", "fixed_cost", "discount_rate")
    )
    retention_cost, support_cost, onboarding_cost = (
        given[name] for name in ("retention_cost", "support_cost", "onboarding_cost")
    )
    systemisation_fixed_cost, systemised_support_cost = (
        given["systemisation_fixed_cost"], given["systemised_support_cost"]
    )
    if survival is not None and churn is not None:
        raise ValueError("give either churn or survival, not both")
    constant_churn = None
    if survival is None:
        constant_churn = 0.05 if churn is None else float(churn)
        ages = np.arange(max(months + 1, LIFETIME_MONTHS))
        curve = (1 - constant_churn) ** ages
    else:
        length = max(months + 1, LIFETIME_MONTHS) if callable(survival) else None
        curve = _survival_array(survival, length)
        if curve.size < months + 1:
            raise ValueError(
                f"survival must have at least months + 1 = {months + 1} values S(0)..S({months}) "
                f"(got {curve.size})"
            )
    if systemised and systemised_support_cost is None:
        raise ValueError("systemised_support_cost must be given (a number >= 0) when systemised is True")

    ages = np.arange(curve.size)
    with np.errstate(over="ignore"):
        price = arpu * (1 + expansion) ** ages
    if not np.all(np.isfinite(price[: months + 1])):
        raise ValueError(f"expansion is too large: the price overflows within {months} months")
    survive, price_m = curve[: months + 1], price[: months + 1]

    def roll(kernel: np.ndarray) -> np.ndarray:
        return np.convolve(new, kernel)[:months]

    active = roll(survive[:-1])
    customers = roll(survive[1:])
    churned = roll(survive[:-1] - survive[1:])
    revenue = roll(survive[:-1] * price_m[:-1])
    mrr = roll(survive[1:] * price_m[1:])

    per_customer_support = systemised_support_cost if systemised else support_cost
    costs = {
        "acquisition_cost": cac * new,
        "onboarding_cost": onboarding_cost * new,
        "retention_cost": retention_cost * active,
        "support_cost": per_customer_support * active,
        "systemisation_cost": np.full(months, systemisation_fixed_cost if systemised else 0.0),
        "fixed_cost": np.full(months, fixed_cost),
    }
    gross_profit = margin * revenue
    profit = gross_profit - sum(costs.values())
    discount = (1 + discount_rate) ** -np.arange(months, dtype=float)
    cash = np.cumsum(profit)
    table = pd.DataFrame(
        {
            "month": np.arange(1, months + 1),
            "new": new,
            "active": active,
            "churned": churned,
            "customers": customers,
            "revenue": revenue,
            "mrr": mrr,
            "cogs": revenue - gross_profit,
            "gross_profit": gross_profit,
            **costs,
            "profit": profit,
            "cumulative_cash": cash,
            "discount_factor": discount,
            "discounted_profit": profit * discount,
            "cumulative_discounted_cash": np.cumsum(profit * discount),
        }
    )

    # one customer's economics over its lifetime
    to_serve = retention_cost + per_customer_support
    x = margin * arpu
    if constant_churn is not None:
        ltv, ltv_net = _net_lifetime(x, to_serve, constant_churn, discount_rate, expansion)
        lifetime_months = math.inf
    else:
        lifetime_months = curve.size
    # a high rate over a long horizon overflows (1 + d)^t to inf: the weight it leaves, 0, is the limit
    with np.errstate(over="ignore", invalid="ignore"):
        weights = curve / (1 + discount_rate) ** ages
        growth = ((1 + expansion) / (1 + discount_rate)) ** ages
        margins = np.where((curve > 0) & (x > 0), x * curve * growth, 0.0)
    contribution = margins - to_serve * weights
    if constant_churn is None:
        ltv = float(np.sum(margins))
        ltv_net = float(np.sum(contribution))
    ltv_net = ltv_net - onboarding_cost  # the up-front care is part of what serving the customer costs
    up_front = cac + onboarding_cost
    covered = np.flatnonzero(np.cumsum(contribution) >= up_front - 1e-9 * max(up_front, 1.0))
    low = int(np.argmin(cash))
    above = cash > 0
    stays = np.flatnonzero(~above)
    first_for_good = 0 if stays.size == 0 else int(stays[-1]) + 1
    summary = pd.Series({
        "ltv": ltv,
        "ltv_net": ltv_net,
        "ltv_to_cac": math.inf if cac == 0 else ltv / cac,
        "payback_month": int(covered[0]) + 1 if covered.size else math.inf,
        "breakeven_month": first_for_good + 1 if first_for_good < months else math.inf,
        "cash_low": float(min(cash[low], 0.0)),
        "cash_low_month": low + 1 if cash[low] < 0 else 0,
        "npv": float(table["cumulative_discounted_cash"].iloc[-1]),
        "final_customers": float(customers[-1]),
        "final_mrr": float(mrr[-1]),
        "lifetime_months": lifetime_months,
    }, dtype=float)
    return PnLProjection(table, summary, new, survive, price_m)


_STATEMENT = ["revenue", "gross_profit", "acquisition_cost", "cost_to_serve", "fixed_cost", "profit",
              "cumulative_cash"]


@checked(*free(pnl_table("month", "revenue", "gross_profit", "acquisition_cost", "retention_cost", "support_cost",
                         "systemisation_cost", "fixed_cost", "profit", "cumulative_cash"), STATEMENT_MONTHS))
def pnl_statement(table: pd.DataFrame, months=None) -> pd.DataFrame:
    """A compact monthly P&L (損益計算書) from ``project_pnl(...).table``, for a few months.

    Columns, each reconciling with the next:
    ``revenue`` :math:`\\to` ``gross_profit`` (margin :math:`\\times` revenue) :math:`-`
    ``acquisition_cost`` :math:`-` ``cost_to_serve`` (onboarding + retention + support + systemisation)
    :math:`-` ``fixed_cost`` :math:`=` ``profit``, and ``cumulative_cash`` its running sum.
    ``months`` is a list of months (from 1) to show; by default 1, 3, 6, 12 and every 12th month
    after that, plus the last month. Rows are indexed by ``month``.

    >>> table = project_pnl(12, 100, churn=0.05, cac=50_000, support_cost=1_000, fixed_cost=1_000_000).table
    >>> statement = pnl_statement(table)
    >>> statement.index.tolist(), statement.loc[1, ["revenue", "acquisition_cost", "profit"]].tolist()
    ([1, 3, 6, 12], [1000000.0, 5000000.0, -5300000.0])
    """
    last = int(table["month"].iloc[-1])
    if months is None:
        months = sorted({m for m in (1, 3, 6, *range(12, last + 1, 12), last) if m <= last})
    else:
        months = [check_int("months", m, low=1, high=last) for m in np.atleast_1d(months).tolist()]
    missing = sorted(set(months) - set(table["month"].tolist()))
    if missing:
        raise ValueError(f"table has no row for month {missing[0]} (its month column must run 1, 2, ... to the last)")
    rows = table.set_index("month").loc[months]
    out = pd.DataFrame(
        {
            "revenue": rows["revenue"],
            "gross_profit": rows["gross_profit"],
            "acquisition_cost": rows["acquisition_cost"],
            "cost_to_serve": rows["retention_cost"] + rows["support_cost"] + rows["systemisation_cost"]
            + (rows["onboarding_cost"] if "onboarding_cost" in rows else 0.0),
            "fixed_cost": rows["fixed_cost"],
            "profit": rows["profit"],
            "cumulative_cash": rows["cumulative_cash"],
        },
        columns=_STATEMENT,
    )
    out.index.name = "month"
    return out


@checked(*free(SUPPORT_CUSTOMERS, SUPPORT_COST, SYSTEMISED_SUPPORT_COST, SYSTEMISATION_FIXED_COST))
def compare_support_costs(customers, support_cost, systemised_support_cost, systemisation_fixed_cost):
    """Monthly support cost by hand vs systemised (仕組み化), for a range of customer counts.

    By hand the cost grows in step with the customers, :math:`s\\,N`; systemised it is
    :math:`F + s' N` with :math:`s' < s`, so the cost per customer :math:`F/N + s'` falls as
    the base grows. Systemising pays from :math:`N^* = F/(s - s')` customers on.

    Returns a DataFrame with ``customers``, ``by_hand``, ``systemised``, ``saving`` (by hand
    minus systemised) and the two costs per customer.

    >>> compare_support_costs([1_000, 5_000], 2_000, 500, 3_000_000)["saving"].tolist()
    [-1500000.0, 4500000.0]
    """
    counts = np.atleast_1d(np.asarray(customers, dtype=float)).reshape(-1)
    s, s_sys, fixed = float(support_cost), float(systemised_support_cost), float(systemisation_fixed_cost)
    by_hand = s * counts
    systemised = fixed + s_sys * counts
    with np.errstate(divide="ignore", invalid="ignore"):
        per_customer = np.where(counts > 0, systemised / np.where(counts > 0, counts, 1), np.inf)
    return pd.DataFrame(
        {
            "customers": counts,
            "by_hand": by_hand,
            "systemised": systemised,
            "saving": by_hand - systemised,
            "by_hand_per_customer": np.full(counts.size, s),
            "systemised_per_customer": per_customer,
        }
    )


@checked(*free(SUPPORT_COST, SYSTEMISED_SUPPORT_COST, SYSTEMISATION_FIXED_COST))
def systemisation_breakeven(support_cost, systemised_support_cost, systemisation_fixed_cost) -> float:
    """Customers from which systemised support (仕組み化) costs less than support by hand.

    By hand support costs :math:`s N` a month, systemised :math:`F + s' N`; they are equal at

    .. math::

        N^* = \\frac{F}{s - s'},

    and above :math:`N^*` each extra customer saves :math:`s - s'`. ``math.inf`` (never: no number
    of customers) when systemising does not lower the cost per customer (:math:`s' \\ge s`) and
    there is a fixed cost; 0 when there is no fixed cost.

    >>> systemisation_breakeven(1_000, 200, 1_500_000)
    1875.0
    >>> systemisation_breakeven(500, 500, 1_000_000)
    inf
    """
    s, s_sys, fixed = float(support_cost), float(systemised_support_cost), float(systemisation_fixed_cost)
    if fixed == 0:
        return 0.0
    if s_sys >= s:
        return math.inf
    return fixed / (s - s_sys)
