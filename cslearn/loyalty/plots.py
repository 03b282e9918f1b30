"""Figures of chapter 05 (loyalty types): the four quadrants, the sell-out, counts vs rates.

Each function takes the DataFrame that a :mod:`cslearn.loyalty` function returns, an optional
``ax``, and returns the Axes; labels follow :func:`cslearn.set_language`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from cslearn._validate import resolve_rng
from cslearn.language import label
from cslearn.loyalty.matrix import SEGMENTS, loyalty_segments
from cslearn.loyalty.parameters import (
    ATTITUDE_COLUMN,
    ATTITUDE_THRESHOLD,
    AX,
    BY_NEED,
    COMPARISON,
    COUNTS_DASHBOARD,
    CUSTOMERS,
    NEEDS,
    RATE_DASHBOARD,
    REPEAT_COLUMN,
    REPEAT_THRESHOLD,
)
from cslearn.params import checked
from cslearn.theme import PALETTE, _axes

__all__ = ["plot_loyalty_matrix", "plot_stockout", "plot_stockout_by_need", "plot_repeat_rate",
           "plot_fans_and_leavers"]

_SEGMENT_COLOURS = {"true": "#2ca02c", "latent": "#1f77b4", "spurious": "#ff7f0e", "none": "#7f7f7f"}


@checked(CUSTOMERS, ATTITUDE_THRESHOLD, REPEAT_THRESHOLD, AX, ATTITUDE_COLUMN, REPEAT_COLUMN)
def plot_loyalty_matrix(
    customers: pd.DataFrame,
    attitude_threshold=4.5,
    repeat_threshold=3,
    ax: Axes | None = None,
    *,
    attitude: str = "attitude",
    repeat: str = "repeat_purchases",
) -> Axes:
    """Scatter of attitude against repeat purchases, cut into the four quadrants, with counts.

    Repeat purchases are whole numbers, so points are spread sideways by a small fixed jitter; the
    legend below the axes names each quadrant and counts its customers.

    >>> from cslearn.loyalty import make_loyalty_customers
    >>> ax = plot_loyalty_matrix(make_loyalty_customers(200))
    >>> ax.get_xlabel()
    'Repeat purchases in 12 months'
    """
    segments = loyalty_segments(customers, attitude_threshold, repeat_threshold, attitude=attitude, repeat=repeat)
    a_star, r_star = float(attitude_threshold), float(repeat_threshold)
    ax = _axes(ax)
    x = customers[repeat].to_numpy(dtype=float)
    y = customers[attitude].to_numpy(dtype=float)
    jitter = resolve_rng(0).uniform(-0.3, 0.3, size=x.size)  # the same spread of dots on every draw
    for segment in SEGMENTS:
        mask = (segments == segment).to_numpy()
        ax.scatter(x[mask] + jitter[mask], y[mask], s=14, alpha=0.6, color=_SEGMENT_COLOURS[segment],
                   label=f"{label('loyalty_' + segment)}: {int(mask.sum())}")
    ax.axvline(r_star - 0.5, color="black", lw=1, ls="--")
    ax.axhline(a_star, color="black", lw=1, ls="--")
    x_high = max(float(x.max()) + 0.5, r_star + 1)
    ax.set_xlim(-0.6, x_high)
    ax.set_ylim(0.8, 7.4)
    # the quadrant names and counts sit in a legend below the axes, where they hide no point
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize="small", frameon=False)
    ax.set_xlabel(label("loyalty_repeat"))
    ax.set_ylabel(label("loyalty_attitude"))
    ax.set_title(label("loyalty_matrix_title"))
    return ax


@checked(COMPARISON, AX)
def plot_stockout(comparison: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Sales kept, sales lost and, of the lost, the psychologically loyal who gave up.

    ``comparison`` is :func:`cslearn.loyalty.compare_preparation`'s table. The third pair of bars
    is a part of the second (drawn hatched and labelled "of which"), not a further loss. With
    ``lead_days`` 0 the two scenarios are the same, and the legend says so.

    >>> from cslearn.loyalty import compare_preparation
    >>> ax = plot_stockout(compare_preparation(0.3, 14))
    >>> len(ax.patches)
    6
    """
    ax = _axes(ax)
    measures = ["sales_kept", "sales_lost", "disappointed_loyal"]
    names = {"sales_kept": "loyalty_sales_kept", "sales_lost": "loyalty_sales_lost",
             "disappointed_loyal": "loyalty_disappointed"}
    colours = {"without": PALETTE["buy_once"], "with": PALETTE["subscribe_expected"]}
    width = 0.38
    positions = np.arange(len(measures))
    for i, row in enumerate(comparison.itertuples(index=False)):
        values = [getattr(row, m) for m in measures]
        offset = (i - (len(comparison) - 1) / 2) * width
        name = label("loyalty_" + row.scenario) if row.scenario in colours else str(row.scenario)
        if row.scenario == "with" and getattr(row, "lead_days", 1) <= 0:  # no preparation: the bars match
            name = label("loyalty_with_none")
        bars = ax.bar(positions + offset, values, width, color=colours.get(row.scenario, PALETTE["highlight"]),
                      label=name)
        bars[-1].set_hatch("//")
        bars[-1].set_edgecolor("white")
        ax.bar_label(bars, fmt="%.0f", fontsize="small", padding=2)
    ax.set_xticks(positions, [label(names[m]) for m in measures], fontsize="small")
    ax.set_ylabel(label("loyalty_people"))
    ax.set_title(label("loyalty_stockout_title"))
    ax.margins(y=0.12)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize="small", frameon=False)
    return ax


@checked(BY_NEED, AX)
def plot_stockout_by_need(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Stacked bars per need: customers whose sale was kept and those lost.

    ``table`` is :func:`cslearn.loyalty.stockout_outcomes`'s table.

    >>> from cslearn.loyalty import stockout_outcomes
    >>> ax = plot_stockout_by_need(stockout_outcomes(0.3, 14))
    >>> len(ax.patches)
    6
    """
    unknown = sorted(set(map(str, table["need"])) - set(NEEDS))
    if unknown:
        raise ValueError(f"table column 'need' must hold {', '.join(map(repr, NEEDS))} (got {unknown[0]!r})")
    ax = _axes(ax)
    names = [label("loyalty_need_" + need) for need in table["need"]]
    ax.bar(names, table["kept"], color=PALETTE["subscribe_expected"], label=label("loyalty_sales_kept"))
    ax.bar(names, table["lost"], bottom=table["kept"], color=PALETTE["acquisition"], alpha=0.7,
           label=label("loyalty_sales_lost"))
    ax.set_ylabel(label("loyalty_customers_asking"))
    ax.tick_params(axis="x", labelsize="small")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize="small", frameon=False)
    return ax


@checked(RATE_DASHBOARD, AX)
def plot_repeat_rate(dashboard: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """The repeat rate month by month; months where it rose while repeat buyers fell are shaded.

    ``dashboard`` is :func:`cslearn.loyalty.counts_and_rates`'s table.

    >>> from cslearn.loyalty import counts_and_rates, simulate_repeat_base
    >>> ax = plot_repeat_rate(counts_and_rates(simulate_repeat_base()))
    >>> ax.get_ylabel()
    'Repeat rate'
    """
    ax = _axes(ax)
    ax.plot(dashboard["month"], dashboard["repeat_rate"], marker="o", lw=2, color=PALETTE["subscribe"],
            label=label("loyalty_repeat_rate"))
    hidden = dashboard.loc[dashboard["rate_hides_decline"].astype(bool), "month"]
    for i, month in enumerate(hidden):
        ax.axvspan(month - 0.5, month + 0.5, color=PALETTE["highlight"], alpha=0.15, lw=0,
                   label=label("loyalty_rate_hides") if i == 0 else None)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, 1)  # a rate drawn from zero: a few points of change look like a few points
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label("loyalty_repeat_rate"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize="small", frameon=False)
    return ax


@checked(COUNTS_DASHBOARD, AX)
def plot_fans_and_leavers(dashboard: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """The counts behind the rate: customers, fans, repeat buyers and leavers, month by month.

    Fans (a stock of people) and repeat buyers (a flow: who bought again this month, fans and
    casual buyers alike) are different counts and get a line each.

    >>> from cslearn.loyalty import counts_and_rates, simulate_repeat_base
    >>> ax = plot_fans_and_leavers(counts_and_rates(simulate_repeat_base()))
    >>> len(ax.get_lines())
    4
    """
    ax = _axes(ax)
    ax.plot(dashboard["month"], dashboard["customers"], lw=2, color=PALETTE["buy_once"], label=label("loyalty_base"))
    ax.plot(dashboard["month"], dashboard["fans"], lw=2, marker="^", color=PALETTE["subscribe"],
            label=label("loyalty_fans"))
    ax.plot(dashboard["month"], dashboard["repeaters"], lw=2, marker="o", color=PALETTE["subscribe_expected"],
            label=label("loyalty_repeaters"))
    ax.plot(dashboard["month"], dashboard["leavers"], lw=2, marker="s", color=PALETTE["acquisition"],
            label=label("loyalty_leavers"))
    ax.set_ylim(bottom=0)
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label("loyalty_people"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=4, fontsize="small", frameon=False)
    return ax
