r"""Churn vs growth (C15): acquisition-only vs retention-first with the same budget.

The claim tested (*What is CS #2-1*, in the course's words): a business that looks after the
customers it has, rather than only buying new ones to replace those who leave, grows its revenue
in a compounding way. This module turns that into a monthly recurrence in expected values (churn
rates held fixed), and shows *when* growth compounds:

- with a **fixed budget** (``reinvest=False``, the default) neither strategy grows for ever: both
  level off, retention-first at a higher ceiling (more customers, who pay more);
- with a budget that **grows with revenue** (``reinvest=True``: the same share of gross profit is
  spent every month, so the budget moves with MRR) growth compounds at a monthly rate of about
  :math:`(1 + n/N)(1 - c) - 1`, new customers bought per customer less churn; care lowers
  :math:`c` in that rate and upgrades raise the budget per customer, so retention-first compounds
  faster, and the gap widens every year instead of settling.

Each month :math:`t` the business spends a budget :math:`B_t` (:math:`B` when fixed;
:math:`B\,\text{MRR}_{t-1}/\text{MRR}_0` when reinvested). With :math:`N` customers and
monthly recurring revenue :math:`R` at the start of the month:

- *care*: :math:`\min(\kappa B_t, k N)` pays for customer success at :math:`k` yen per customer,
  covering a share :math:`\phi = \min(1, \kappa B_t / (k N))` of the base; covered customers churn
  at :math:`c_1`, the others at :math:`c_0 \ge c_1`, so churn is :math:`\phi c_1 + (1 - \phi) c_0`;
- *upsell*: a share :math:`u_1` (``upsell_rate``) of the covered customers and :math:`u_0`
  (``uncared_upsell_rate``) of the others are ready to upgrade each month; the upsell budget
  :math:`\upsilon B_t` buys up to :math:`\upsilon B_t / \text{cost}` upgrades, each adding
  :math:`\Delta` yen to the monthly price. By default :math:`u_0 = 0`: upgrades come only
  through customer success; set :math:`u_0 = u_1` to let upgrades act on their own;
- *acquisition*: whatever is left buys :math:`n = (B_t - \text{care} - \text{upsell})/\text{CAC}`
  new customers, who pay from their first month.

Revenue is :math:`R + \Delta\,\text{upgrades} + \text{ARPU}\,n`; at month end the churn rate
takes its share of customers and of revenue. Profit is margin x revenue - :math:`B_t`.
*Acquisition-only* is :math:`\kappa = \upsilon = 0`: with a fixed budget its base levels off where
:math:`n\,(1 - c_0) = c_0 N` (churn eats what the budget buys), whereas lower churn lifts that
ceiling and upgrades grow revenue per customer.

When does care pay? Covering one customer costs :math:`k` a month and saves :math:`c_0 - c_1`
customers a month in expectation, so a customer kept by care costs :math:`k/(c_0 - c_1)`; care
beats buying customers roughly when

.. math::

    \frac{k}{c_0 - c_1} < \text{CAC}

(¥1,000 / 0.03 ≈ ¥33,000 against a CAC of ¥50,000 with the defaults). :func:`breakeven_care_cost`
finds the exact care cost at which retention-first stops being ahead. Upgrades pay in the same
way when they buy monthly revenue more cheaply than new customers do:
:math:`\text{upsell cost}/\Delta < \text{CAC}/\text{ARPU}` (:func:`breakeven_upsell_cost`).
The article's "an upsell costs less than half of an acquisition" passes this test for sure if it
means half per yen of sales; if it means half per upgrade, only when an upgrade adds more than
half of ARPU (with the defaults it adds ¥3,000 of ¥10,000, and the break-even cost is ¥15,000).

The defaults (:data:`GROWTH_DEFAULTS`) are illustrative **assumptions**: a budget of ¥3,000,000 a
month, 1,000 customers at ¥10,000 and an 80 % margin, churn 5 % without care and 2 % with care at
¥1,000 per customer a month, a CAC of ¥50,000, upgrades costing 40 % of the CAC and adding ¥3,000 a
month, 2 % of cared-for customers (and none of the others) ready to upgrade each month, a fixed budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from cslearn._validate import check_int, check_number
from cslearn.params import checked
from cslearn.value.parameters import (
    CARE_SOLVED,
    GROWTH,
    GROWTH_COLUMN,
    GROWTH_MONTHS,
    HIGH,
    MEASURE,
    MONTH,
    OVER,
    REINVEST,
    RETENTION_CARE_SHARE,
    RETENTION_UPSELL_SHARE,
    SETTINGS,
    UPSELL_SOLVED,
    free,
)

__all__ = [
    "simulate_growth", "compare_growth", "GrowthComparison", "GROWTH_DEFAULTS", "breakeven_care_cost",
    "breakeven_upsell_cost",
]

#: The default settings of :func:`simulate_growth` (assumptions for illustration, not data), read
#: from their declarations (:data:`cslearn.value.parameters.GROWTH`); ``upsell_cost=None`` means 40 % of ``cac``.
GROWTH_DEFAULTS = {**SETTINGS.defaults(), "reinvest": False}

_COLUMNS = [
    "month", "coverage", "churn", "upgrades", "new", "churned", "customers", "revenue", "mrr",
    "arpu", "budget", "care_spend", "upsell_spend", "acquisition_spend", "profit", "cumulative_profit",
]


@checked(*free(GROWTH_MONTHS, REINVEST))
@GROWTH.keywords
def simulate_growth(months=60, *, reinvest=False, **settings) -> pd.DataFrame:
    """Monthly path of a subscription that splits its budget (see the module docstring).

    ``care_share`` and ``upsell_share`` (their sum at most 1) are the shares of the month's
    budget set aside for customer success and for upgrades; the rest, plus whatever they leave
    unspent, goes to acquisition at ``cac``. ``upsell_cost`` defaults to 40 % of ``cac`` (an
    assumption: "less than half" of an acquisition, read per upgrade). ``cared_churn`` must not
    exceed ``churn`` when there is care.
    ``upsell_rate`` is the share of cared-for customers ready to upgrade each month,
    ``uncared_upsell_rate`` (default 0: upgrades only through care) that of the others.
    ``reinvest=False`` spends ``budget`` every month; ``reinvest=True`` spends ``budget`` in
    month 1 and then the same share of gross profit, i.e. ``budget`` x MRR at the start of the
    month / starting MRR (it needs customers, arpu and margin above 0).
    Returns one row per month with ``month, coverage, churn, upgrades, new, churned, customers,
    revenue, mrr, arpu, budget, care_spend, upsell_spend, acquisition_spend, profit,
    cumulative_profit`` (expected values; customers at month end).

    >>> path = simulate_growth(12, budget=1_000_000, customers=0, cac=50_000, churn=0.0)
    >>> float(path["customers"].iloc[-1])  # 20 new customers a month, nobody leaves
    240.0
    >>> grows = simulate_growth(2, budget=1_000_000, customers=100, churn=0.0, reinvest=True)
    >>> grows["budget"].round().tolist()  # MRR 1,000,000 -> 1,200,000: the budget grows with it
    [1000000.0, 1200000.0]
    """
    months = int(months)
    given = GROWTH.resolve(settings)  # each checked as declared, then the shares and the churns together
    budget, start, arpu, margin, churn, cac = (
        given[name] for name in ("budget", "customers", "arpu", "margin", "churn", "cac")
    )
    care_share, upsell_share, care_cost, cared_churn = (
        given[name] for name in ("care_share", "upsell_share", "care_cost", "cared_churn")
    )
    upsell_cost, upgrade_arpu, upsell_rate, uncared_upsell_rate = (
        given[name] for name in ("upsell_cost", "upgrade_arpu", "upsell_rate", "uncared_upsell_rate")
    )
    if upsell_cost is None:
        upsell_cost = 0.4 * cac
    if reinvest and start * arpu * margin <= 0:
        raise ValueError(
            "reinvest=True needs a gross profit to reinvest: customers, arpu and margin must all be above 0 "
            f"(got customers {start:g}, arpu {arpu:g}, margin {margin:g})"
        )

    rows = np.empty((months, len(_COLUMNS) - 2))
    base, mrr = start, start * arpu
    first_mrr = mrr
    spend = budget
    for t in range(months):  # a recurrence over months (scalars), not a loop over customers
        if reinvest:  # the same share of gross profit every month: the budget moves with MRR
            spend = budget * mrr / first_mrr
        care_spend = min(care_share * spend, care_cost * base)
        coverage = care_spend / (care_cost * base) if base > 0 else float(care_share > 0)
        rate = coverage * cared_churn + (1 - coverage) * churn
        ready = (upsell_rate * coverage + uncared_upsell_rate * (1 - coverage)) * base
        upgrades = min(ready, upsell_share * spend / upsell_cost)
        upsell_spend = upgrades * upsell_cost
        acquisition_spend = max(spend - care_spend - upsell_spend, 0.0)
        new = acquisition_spend / cac
        revenue = mrr + upgrades * upgrade_arpu + new * arpu
        active = base + new
        churned = active * rate
        base, mrr = active - churned, revenue * (1 - rate)
        profit = margin * revenue - spend
        rows[t] = (coverage, rate, upgrades, new, churned, base, revenue, mrr,
                   mrr / base if base > 0 else arpu, spend, care_spend, upsell_spend, acquisition_spend, profit)
    table = pd.DataFrame(rows, columns=_COLUMNS[1:-1])
    table.insert(0, "month", np.arange(1, months + 1))
    table["cumulative_profit"] = table["profit"].cumsum()
    return table


@dataclass(frozen=True, eq=False)
class GrowthComparison:
    """Result of :func:`compare_growth`.

    ``settings``: every setting both strategies used (the defaults filled in, ``upsell_cost``
    resolved to yen), plus ``care_share`` and ``upsell_share`` of retention-first: print it to
    show the assumptions.
    ``table``: a tidy DataFrame, the columns of :func:`simulate_growth` plus ``strategy``
    (``"acquisition"`` or ``"retention"``), ready for a line plot with ``hue="strategy"``.
    ``gap``: one row per month with ``month`` and retention-first minus acquisition-only for
    ``customers``, ``mrr``, ``revenue`` and ``cumulative_profit``.

    >>> comparison = compare_growth(36)
    >>> comparison.at(36)[["customers", "mrr"]].round()  # doctest: +NORMALIZE_WHITESPACE
                 customers         mrr
    strategy
    acquisition     1118.0  11179109.0
    retention       1198.0  13702775.0
    """

    table: pd.DataFrame
    gap: pd.DataFrame
    settings: dict = field(default_factory=dict)

    @classmethod
    def _example(cls) -> GrowthComparison:
        """A short comparison (for the tests that call every public method)."""
        return compare_growth(24)  # longer than growth_rate's default 12 months

    @checked(*free(MONTH))
    def at(self, month: int) -> pd.DataFrame:
        """Both strategies side by side in one month (counted from 1)."""
        month = check_int("month", month, low=1, high=int(self.gap["month"].max()))
        return self.table[self.table["month"] == month].set_index("strategy")

    def spending(self) -> dict:
        """What retention-first really spends on care and on upgrades, in month 1 and the last month.

        The model never spends more on care than covering every customer costs, nor buys more
        upgrades than there are customers ready to upgrade: the part of a share it cannot spend buys
        customers. Returns ``"care"`` and ``"upsell"``: ``(first, last)`` in yen; ``"care_share"`` and
        ``"upsell_share"``: the same as shares of each month's budget; ``"care_capped"`` and
        ``"upsell_capped"``: whether the share set is left partly unspent in some month.

        >>> spent = compare_growth(60).spending()  # 20 % of the budget set for upgrades
        >>> [round(v) for v in spent["upsell"]], [round(v, 2) for v in spent["upsell_share"]], spent["upsell_capped"]
        ([400000, 480000], [0.13, 0.16], True)
        """
        path = self.table[self.table["strategy"] == "retention"]
        out = {}
        for name, column in (("care", "care_spend"), ("upsell", "upsell_spend")):
            share = (path[column] / path["budget"].where(path["budget"] > 0)).fillna(0.0)
            out[name] = (float(path[column].iloc[0]), float(path[column].iloc[-1]))
            out[f"{name}_share"] = (float(share.iloc[0]), float(share.iloc[-1]))
            out[f"{name}_capped"] = bool((share < self.settings[f"{name}_share"] - 1e-9).any())
        return out

    @checked(*free(GROWTH_COLUMN, OVER))
    def growth_rate(self, column: str = "mrr", over: int = 12) -> pd.Series:
        """Each strategy's average monthly growth rate of ``column`` over the last ``over`` months.

        Near 0 when a strategy has levelled off; a steady positive rate when it compounds.

        >>> rates = compare_growth(60, reinvest=True).growth_rate("customers")
        >>> bool(rates["retention"] > rates["acquisition"] > 0)
        True
        """
        last = int(self.gap["month"].max())
        if last < 2:
            raise ValueError(f"a growth rate needs at least 2 months compared (got {last})")
        over = check_int("over", over, low=1, high=last - 1)  # below the months compared
        wide = self.table.pivot(index="month", columns="strategy", values=column)
        start, end = wide.loc[last - over], wide.loc[last]
        rate = (end / start) ** (1 / over) - 1
        rate.name = f"{column} growth a month"
        return rate


@checked(*free(GROWTH_MONTHS, RETENTION_CARE_SHARE, RETENTION_UPSELL_SHARE, REINVEST))
@SETTINGS.keywords
def compare_growth(months=60, *, care_share=0.4, upsell_share=0.2, reinvest=False, **settings) -> GrowthComparison:
    """Acquisition-only vs retention-first over ``months`` (3-5 years: 36-60), same budget.

    Acquisition-only spends the whole budget on new customers; retention-first gives
    ``care_share`` of it to customer success and ``upsell_share`` to upgrades, the rest to new
    customers. ``settings`` go to :func:`simulate_growth` for both (budget, churn, cac,
    ``reinvest`` for a budget that grows with revenue, ...).

    >>> comparison = compare_growth(60)
    >>> bool(comparison.gap["mrr"].iloc[-1] > comparison.gap["mrr"].iloc[11] > 0)
    True
    """
    acquisition = simulate_growth(months, reinvest=reinvest, **settings)
    retention = simulate_growth(months, care_share=care_share, upsell_share=upsell_share, reinvest=reinvest,
                                **settings)
    used = {**GROWTH_DEFAULTS, **settings, "reinvest": reinvest}
    if used["upsell_cost"] is None:
        used["upsell_cost"] = 0.4 * used["cac"]
    used = {"care_share": care_share, "upsell_share": upsell_share, **used}
    table = pd.concat(
        [acquisition.assign(strategy="acquisition"), retention.assign(strategy="retention")],
        ignore_index=True,
    )
    columns = ["customers", "mrr", "revenue", "cumulative_profit"]
    gap = retention[columns] - acquisition[columns]
    gap.insert(0, "month", acquisition["month"])
    return GrowthComparison(table, gap, used)


def _breakeven(gap, high: float, none_message: str, settings: dict) -> float:
    """The cost between a tiny one and ``high`` at which ``gap(cost)`` crosses zero (Brent's method):
    ``math.inf`` if still ahead at ``high``, a ValueError saying ``none_message`` if behind at the start
    (it also names the settings the call gave, where the cause may lie)."""
    low = min(high * 1e-6, 1.0)  # a yen at most: a large high does not make the lowest cost searched large
    if gap(low) <= 0:
        given = ", ".join(f"{name}={value!r}" for name, value in settings.items())
        raise ValueError(none_message + (f" (with {given})" if given else ""))
    if gap(high) > 0:
        return math.inf
    return float(brentq(gap, low, high, xtol=1e-6))


@checked(*free(GROWTH_MONTHS, MEASURE, RETENTION_CARE_SHARE, RETENTION_UPSELL_SHARE, REINVEST),
         high=replace(HIGH, optional=False))
@CARE_SOLVED.keywords
def breakeven_care_cost(months=60, *, measure="cumulative_profit", care_share=0.4, upsell_share=0.2,
                        high=100_000, reinvest=False, **settings) -> float:
    """The care cost per customer a month at which retention-first stops being ahead.

    Solves :math:`\\text{gap}(k) = 0` for the care cost :math:`k` (``care_cost``), where gap is
    retention-first minus acquisition-only in ``measure`` (``"cumulative_profit"``, ``"mrr"``,
    ``"customers"`` or ``"revenue"``) after ``months``, by Brent's method between a tiny care cost
    and ``high``. A rough guide is :math:`k^* \\approx \\text{CAC}\\,(c_0 - c_1)` (see the module
    docstring); the exact answer also counts the upgrades and the coverage that thins as the base
    grows. ``math.inf`` if retention-first is still ahead at ``high``; a ``ValueError`` if it is
    behind even when care costs almost nothing.

    >>> cost = breakeven_care_cost(60)
    >>> round(cost, -1)
    1520.0
    >>> bool(abs(compare_growth(60, care_cost=cost).gap["cumulative_profit"].iloc[-1]) < 1)
    True
    """
    high = float(high)

    def gap(cost: float) -> float:
        result = compare_growth(months, care_share=care_share, upsell_share=upsell_share, care_cost=cost,
                                reinvest=reinvest, **settings)
        return float(result.gap[measure].iloc[-1])

    return _breakeven(gap, high, f"care_share, cared_churn or churn leave retention-first behind in {measure} after "
                                 f"{months} months even when care costs almost nothing: there is no break-even care "
                                 f"cost", settings)


@checked(*free(GROWTH_MONTHS, MEASURE, RETENTION_UPSELL_SHARE, HIGH, REINVEST))
@UPSELL_SOLVED.keywords
def breakeven_upsell_cost(months=60, *, measure="cumulative_profit", upsell_share=0.2, high=None, reinvest=False,
                          **settings) -> float:
    """The cost of one upgrade at which upgrades stop paying better than acquisition.

    Retention-first here spends ``upsell_share`` of the budget on upgrades that act on their own
    (no care: ``care_share=0``, and every customer as ready to upgrade as a cared-for one, unless
    ``uncared_upsell_rate`` is given), the rest on new customers. Solves
    :math:`\\text{gap}(u) = 0` for the upgrade cost :math:`u` (``upsell_cost``), gap being that
    strategy minus acquisition-only in ``measure`` after ``months``, by Brent's method between a
    tiny cost and ``high`` (default ten times the CAC, at most the cap on an upgrade's cost). Both
    buy monthly revenue that churns alike, so the answer is where an upgrade costs as much per yen of
    monthly revenue as a new customer:
    :math:`u^* = \\text{CAC}\\,\\Delta/\\text{ARPU}`. ``math.inf`` if upgrades are still ahead at
    ``high``; a ``ValueError`` if upgrades never pay (``upgrade_arpu`` 0, or nobody ready to upgrade).

    >>> round(breakeven_upsell_cost(60))  # 50,000 x 3,000 / 10,000
    15000
    """
    used, given = {**GROWTH_DEFAULTS, **settings}, dict(settings)
    settings.setdefault("uncared_upsell_rate", used["upsell_rate"])
    cac = GROWTH["cac"].check(used["cac"])  # as declared, before it sets high
    high = min(10 * cac, GROWTH["upsell_cost"].high) if high is None else high
    high = check_number("high", high, low=0, low_open=True)

    def gap(cost: float) -> float:
        result = compare_growth(months, care_share=0.0, upsell_share=upsell_share, upsell_cost=cost, reinvest=reinvest,
                                **settings)
        return float(result.gap[measure].iloc[-1])

    return _breakeven(gap, high, f"upgrade_arpu, upsell_rate or upsell_share leave upgrades behind in {measure} after "
                                 f"{months} months even when they cost almost nothing: there is no break-even upsell "
                                 f"cost", given)
