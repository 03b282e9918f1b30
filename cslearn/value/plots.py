"""Figures of chapter 03: the future P&L, next month's spread, growth paths, systemisation.

Every function takes the DataFrame a ``cslearn`` compute function returns (``project_pnl(...).table``,
``next_month_draws(...)``, ``compare_growth(...).table``, ``compare_support_costs(...)``), draws on
the ``ax`` it is given or a new one, labels it in the current language and returns the Axes.
:func:`plot_pnl` lays three of them side by side: MRR, customers and the J-curve of cumulative
cash.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, PercentFormatter

from cslearn.formatting import yen
from cslearn.language import get_language, label
from cslearn.params import checked
from cslearn.theme import PALETTE, _axes, money_axis, use_theme
from cslearn.value.parameters import (
    AX,
    BINS,
    BUSINESS_AXES,
    GROWTH_TABLE,
    LOSS_BELOW,
    NEXT_MONTH_DRAWS,
    PLOT_GROWTH_COLUMN,
    PLOTTED_AXES,
    SUMMARY,
    SUPPORT_TABLE,
    THREE_AXES,
    free,
    pnl_table,
)

__all__ = [
    "plot_mrr",
    "plot_customers",
    "plot_cumulative_cash",
    "plot_pnl",
    "update_pnl",
    "plot_next_month",
    "plot_growth",
    "plot_support_costs",
]

_STRATEGY_LABEL = {"acquisition": "pnl_acquisition_only", "retention": "pnl_retention_first"}
_STRATEGY_COLOUR = {"acquisition": PALETTE["acquisition"], "retention": PALETTE["retention"]}
_BUSINESS_COLOUR = {"shot": PALETTE["buy_once"], "subscription": PALETTE["subscribe"]}


def _short_money(amount: float) -> str:
    """¥26.7M in English, ¥2,674万 in Japanese: short enough for a legend."""
    if get_language() == "ja":
        return yen(round(amount, -4), compact=True)
    if abs(amount) >= 1e6:
        return f"¥{amount / 1e6:,.1f}M"
    return yen(amount)


def _months(ax: Axes, table: pd.DataFrame) -> None:
    ax.set_xlabel(label("month"))
    ax.set_xlim(table["month"].iloc[0] - 0.5, table["month"].iloc[-1] + 0.5)


def _fit_y(ax: Axes, *series) -> None:
    """Y limits that hold 0 and every value, with a 5 % margin (faster than relim for an update)."""
    values = np.concatenate([np.asarray(v, dtype=float).reshape(-1) for v in series] + [np.zeros(1)])
    low, high = float(values.min()), float(values.max())
    pad = 0.05 * (high - low) if high > low else 1.0
    ax.set_ylim(low - pad if low < 0 else 0.0, high + pad)


def _artist(ax: Axes, gid: str):
    for artist in (*ax.lines, *ax.collections):
        if artist.get_gid() == gid:
            return artist
    raise ValueError(f"ax has no {gid!r} artist: draw it with the matching plot_* function first")


def _refill(ax: Axes, gid: str, x, y, where=None, **style) -> None:
    for artist in [a for a in ax.collections if a.get_gid() == gid]:
        artist.remove()
    ax.fill_between(x, y, 0, where=where, interpolate=where is not None, lw=0, gid=gid, **style)


def _set_mrr(ax: Axes, table: pd.DataFrame) -> None:
    month, mrr = table["month"].to_numpy(), table["mrr"].to_numpy(dtype=float)
    _refill(ax, "pnl:mrr_area", month, mrr, color=PALETTE["subscribe"], alpha=0.25)
    _artist(ax, "pnl:mrr").set_data(month, mrr)
    _fit_y(ax, mrr)
    _months(ax, table)


@checked(*free(pnl_table("month", "mrr"), AX))
def plot_mrr(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """MRR month by month (from ``project_pnl(...).table``): the revenue already due next month.

    >>> from cslearn.value.pnl import project_pnl
    >>> ax = plot_mrr(project_pnl(24, 100).table)
    >>> ax.get_ylabel()
    'MRR (monthly recurring revenue)'
    """
    ax = _axes(ax)
    ax.plot([], [], color=PALETTE["subscribe"], lw=2, gid="pnl:mrr", label=label("pnl_mrr"))
    _set_mrr(ax, table)
    ax.set_ylabel(label("pnl_mrr"))
    ax.set_title(label("pnl_mrr_title"), fontsize="medium", y=1.0)
    money_axis(ax)
    return ax


_CUSTOMER_LINES = ("customers", "new", "churned")


def _flow_axis(ax: Axes) -> Axes:
    flow = getattr(ax, "_cslearn_flow", None)
    if flow is None:
        raise ValueError("ax has no 'pnl:new' artist: draw it with the matching plot_* function first")
    return flow


def _split_customers(ax: Axes) -> Axes:
    """Cut the bottom third off ``ax`` for the monthly flows: a panel of their own, below the stock.

    A subplot's cell is split in a sub-grid (so a layout engine keeps both parts apart); a free
    Axes is shrunk by hand. Returns the new, lower Axes, which shares the month axis with ``ax``.
    """
    spec = ax.get_subplotspec()
    if spec is not None:
        inner = spec.subgridspec(2, 1, height_ratios=[2.2, 1], hspace=0.1)
        ax.set_subplotspec(inner[0])
        flow = ax.figure.add_subplot(inner[1], sharex=ax)
    else:
        box = ax.get_position()
        low = box.height * 1 / 3.3
        ax.set_position([box.x0, box.y0 + low + 0.03 * box.height, box.width, box.height - low - 0.03 * box.height])
        flow = ax.figure.add_axes([box.x0, box.y0, box.width, low], sharex=ax)
    ax.tick_params(labelbottom=False)
    return flow


def _set_customers(ax: Axes, table: pd.DataFrame) -> None:
    month = table["month"].to_numpy()
    _artist(ax, "pnl:customers").set_data(month, table["customers"].to_numpy(dtype=float))
    flow = _flow_axis(ax)
    for column in ("new", "churned"):
        _artist(flow, f"pnl:{column}").set_data(month, table[column].to_numpy(dtype=float))
    _fit_y(ax, table["customers"])
    _fit_y(flow, table["new"], table["churned"])
    _months(flow, table)


@checked(*free(pnl_table("month", *_CUSTOMER_LINES), AX))
def plot_customers(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Customers at month end, with the new and churned customers of each month in a panel below.

    New and churned customers are monthly flows, far smaller than the stock of customers, so they
    get a panel and a scale of their own under the stock (cut from ``ax``, kept as
    ``ax._cslearn_flow``, sharing the month axis): 100 new customers are never drawn at the height
    of 1,800 customers.

    >>> from cslearn.value.pnl import project_pnl
    >>> ax = plot_customers(project_pnl(24, 100).table)
    >>> [line.get_label() for line in ax.get_lines() + ax._cslearn_flow.get_lines()]
    ['Customers', 'New customers', 'Churned']
    >>> ax.get_ylabel(), ax._cslearn_flow.get_ylabel()
    ('Customers', 'Per month')
    """
    ax = _axes(ax)
    flow = _split_customers(ax)
    ax._cslearn_flow = flow
    ax.plot([], [], color=PALETTE["subscribe"], lw=2, label=label("customers"), gid="pnl:customers")
    flow.plot([], [], color=PALETTE["subscribe_expected"], lw=1.5, ls="--", label=label("new_customers"),
              gid="pnl:new")
    flow.plot([], [], color=PALETTE["acquisition"], lw=1.5, ls=":", label=label("pnl_churned"), gid="pnl:churned")
    _set_customers(ax, table)
    ax.set_ylabel(label("customers"))
    flow.set_ylabel(label("pnl_flow"))
    flow.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    ax.set_title(label("pnl_customers_title"), fontsize="medium", y=1.0)
    flow.legend(loc="lower right", fontsize="x-small", ncols=2)
    return ax


def _summary(summary) -> pd.Series:
    """The (checked) summary, or an empty Series for None."""
    return pd.Series(dtype=float) if summary is None else summary


def _set_cash(ax: Axes, table: pd.DataFrame, summary: pd.Series) -> None:
    month, cash = table["month"].to_numpy(), table["cumulative_cash"].to_numpy(dtype=float)
    _refill(ax, "pnl:cash_below", month, cash, where=cash < 0, color=PALETTE["acquisition"], alpha=0.25)
    _refill(ax, "pnl:cash_above", month, cash, where=cash >= 0, color=PALETTE["subscribe_expected"], alpha=0.25)
    _artist(ax, "pnl:cash").set_data(month, cash)
    discounted = _artist(ax, "pnl:cash_discounted")
    if "cumulative_discounted_cash" in table.columns:
        present = table["cumulative_discounted_cash"].to_numpy(dtype=float)
        discounted.set_data(month, present)
        discounted.set_visible(not np.allclose(present, cash))
    else:
        discounted.set_visible(False)
    _fit_y(ax, cash, *([discounted.get_ydata()] if discounted.get_visible() else []))
    _months(ax, table)
    low, low_month = summary.get("cash_low", 0.0), summary.get("cash_low_month", 0)
    marker = _artist(ax, "pnl:cash_low")
    marker.set_data([low_month], [low])
    marker.set_visible(low < 0)
    marker.set_label(f"{label('pnl_cash_low')}: {_short_money(-low)}")
    breakeven = summary.get("breakeven_month", math.inf)
    line = _artist(ax, "pnl:cash_breakeven")
    line.set_visible(not math.isinf(breakeven))
    if not math.isinf(breakeven):
        line.set_xdata([breakeven, breakeven])
        line.set_label(label("pnl_cash_breakeven").format(f"{breakeven:.0f}"))
    shown = [artist for artist in (marker, line, discounted) if artist.get_visible()]
    corner = "upper left" if cash[-1] >= 0 else "lower left"  # clear of a curve that ends high or low
    legend = ax.get_legend()
    if legend is not None and getattr(legend, "_cslearn_key", None) == ([a.get_gid() for a in shown], corner):
        for text, artist in zip(legend.get_texts(), shown, strict=True):  # same entries: new words only
            text.set_text(artist.get_label())
        return
    if legend is not None:
        legend.remove()
    if shown:
        legend = ax.legend(handles=shown, loc=corner, fontsize="small")
        legend._cslearn_key = ([a.get_gid() for a in shown], corner)


@checked(*free(pnl_table("month", "cumulative_cash"), AX, SUMMARY))
def plot_cumulative_cash(table: pd.DataFrame, ax: Axes | None = None, summary: pd.Series | None = None) -> Axes:
    """The J-curve: cumulative cash, red while under water, green once above.

    When the table was discounted (``discount_rate > 0``), the cumulative discounted cash is drawn
    dashed beside it. With ``summary`` (``project_pnl(...).summary``) the bottom of the curve (the cash the plan
    needs) and the month it turns positive for good are marked.

    >>> from cslearn.value.pnl import project_pnl
    >>> p = project_pnl(36, 100, churn=0.05, cac=50_000, fixed_cost=1_000_000)
    >>> ax = plot_cumulative_cash(p.table, summary=p.summary)
    >>> ax.get_ylabel(), [text.get_text() for text in ax.get_legend().get_texts()]
    ('Cumulative cash', ['Cash needed: ¥22.4M', 'Cash positive from month 19'])
    """
    summary = _summary(summary)
    ax = _axes(ax)
    ax.plot([], [], color="black", lw=2, gid="pnl:cash", label=label("pnl_cumulative_cash"))
    ax.axhline(0, color="black", lw=0.8)
    ax.plot([], [], color="black", lw=1.2, ls="--", gid="pnl:cash_discounted", label=label("pnl_discounted_cash"))
    ax.plot([], [], "v", color=PALETTE["acquisition"], ms=9, gid="pnl:cash_low")
    ax.axvline(1, color=PALETTE["highlight"], ls="--", lw=1.5, gid="pnl:cash_breakeven")
    _set_cash(ax, table, summary)
    ax.set_ylabel(label("pnl_cumulative_cash"))
    ax.set_title(label("pnl_j_curve_title"), fontsize="medium", y=1.0)
    money_axis(ax)
    return ax


@checked(*free(pnl_table("month", "mrr", *_CUSTOMER_LINES, "cumulative_cash"), THREE_AXES, SUMMARY))
def plot_pnl(table: pd.DataFrame, axes=None, summary: pd.Series | None = None) -> np.ndarray:
    """The future P&L in three panels: MRR, customers, cumulative cash (the J-curve).

    ``axes`` is a sequence of three Axes to draw on, or None for a new wide figure. Returns the
    three Axes as an array; :func:`update_pnl` redraws them with new numbers.

    >>> from cslearn.value.pnl import project_pnl
    >>> p = project_pnl(36, 100, cac=50_000)
    >>> [ax.get_ylabel() for ax in plot_pnl(p.table, summary=p.summary)][1:]
    ['Customers', 'Cumulative cash']
    """
    if axes is None:
        use_theme()
        _, axes = plt.subplots(1, 3, figsize=(15, 4.2), layout="constrained")
    axes = _three(axes)
    plot_mrr(table, ax=axes[0])
    plot_customers(table, ax=axes[1])
    plot_cumulative_cash(table, ax=axes[2], summary=summary)
    return axes


def _three(axes) -> np.ndarray:
    axes = np.asarray(axes, dtype=object).reshape(-1)
    if axes.size != 3 or not all(isinstance(ax, Axes) for ax in axes):
        raise ValueError(f"axes must hold exactly 3 matplotlib Axes (got {axes.size} items)")
    return axes


@checked(*free(PLOTTED_AXES, pnl_table("month", "mrr", *_CUSTOMER_LINES, "cumulative_cash"), SUMMARY))
def update_pnl(axes, table: pd.DataFrame, summary: pd.Series | None = None) -> np.ndarray:
    """Put new numbers into the three panels :func:`plot_pnl` drew, keeping every artist.

    Moving the lines is much cheaper than drawing the figure again, which keeps an explorer's
    slider instant. Raises ``ValueError`` if ``axes`` were not drawn by :func:`plot_pnl`.

    >>> from cslearn.value.pnl import project_pnl
    >>> axes = plot_pnl(project_pnl(24, 100).table)
    >>> axes = update_pnl(axes, project_pnl(24, 200).table)
    >>> float(axes[1]._cslearn_flow.get_lines()[0].get_ydata()[0])  # new customers, in the panel below
    200.0
    """
    summary = _summary(summary)
    axes = _three(axes)
    _set_mrr(axes[0], table)
    _set_customers(axes[1], table)
    _set_cash(axes[2], table, summary)
    return axes


@checked(*free(NEXT_MONTH_DRAWS, BUSINESS_AXES, BINS, LOSS_BELOW))
def plot_next_month(draws: pd.DataFrame, axes=None, bins: int = 60, loss_below: float | None = None) -> np.ndarray:
    """Histograms of next month's revenue, one panel per business (from ``next_month_draws``).

    Each bar is the share of simulated futures in that revenue range. The businesses get their own
    panels over the same revenue axis, because the subscription's narrow spike would flatten the
    shot business's wide hill on a shared scale. ``loss_below`` (revenue, e.g. fixed cost / margin:
    :func:`cslearn.value.otv.break_even_revenue`) draws the line below which the month is a loss.
    ``axes``: one Axes per business (sorted by name), or None for a new figure. Returns the Axes.

    >>> from cslearn.value.otv import next_month_draws
    >>> axes = plot_next_month(next_month_draws(2_000, rng=0), loss_below=8_000_000)
    >>> [ax.get_title() for ax in axes], axes[-1].get_xlabel()
    (['Shot business (one-time sales)', 'Subscription'], "Next month's revenue")
    """
    groups = list(draws.groupby("business", sort=True))
    if axes is None:
        use_theme()
        _, axes = plt.subplots(len(groups), 1, figsize=(8, 2.4 * len(groups)), sharex=True, layout="constrained")
    axes = np.asarray(axes, dtype=object).reshape(-1)
    if axes.size != len(groups) or not all(isinstance(ax, Axes) for ax in axes):
        raise ValueError(f"axes must hold exactly {len(groups)} matplotlib Axes, one per business (got {axes.size})")
    revenue = draws["revenue"].to_numpy(dtype=float)
    low, high = revenue.min(), revenue.max()
    if loss_below is not None:
        low, high = min(low, float(loss_below)), max(high, float(loss_below))
    edges = np.linspace(low, high, int(bins) + 1) if high > low else bins
    for ax, (business, group) in zip(axes, groups, strict=True):
        weights = np.full(len(group), 1.0 / len(group))
        name = label(f"pnl_{business}") if business in _BUSINESS_COLOUR else str(business)
        ax.hist(group["revenue"], bins=edges, weights=weights, alpha=0.7, lw=0, histtype="stepfilled",
                color=_BUSINESS_COLOUR.get(business, PALETTE["highlight"]), label=name)
        if loss_below is not None:
            ax.axvline(loss_below, color="black", ls="--", lw=1.2,
                       label=label("pnl_loss_below").format(_short_money(loss_below)))
            ax.legend(loc="upper right", fontsize="small")
        ax.set_title(name, fontsize="medium", y=1.0)
        ax.set_ylabel(label("pnl_futures"))
        money_axis(ax, "x")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
    axes[-1].set_xlabel(label("pnl_next_month_revenue"))
    return axes


@checked(*free(GROWTH_TABLE, AX, PLOT_GROWTH_COLUMN))
def plot_growth(table: pd.DataFrame, ax: Axes | None = None, column: str = "mrr") -> Axes:
    """Acquisition-only vs retention-first month by month (from ``compare_growth(...).table``).

    ``column`` is one of ``"customers"``, ``"mrr"``, ``"revenue"``, ``"cumulative_profit"``,
    ``"arpu"``, ``"churn"``. The title says "same budget", or "same share of gross profit
    reinvested" when the budget grows with revenue (``compare_growth(..., reinvest=True)``).

    >>> from cslearn.value.growth import compare_growth
    >>> ax = plot_growth(compare_growth(36).table)
    >>> [line.get_label() for line in ax.get_lines()]
    ['Acquisition only', 'Retention first']
    """
    ax = _axes(ax)
    for strategy, group in table.groupby("strategy", sort=True):
        ax.plot(group["month"], group[column], lw=2, color=_STRATEGY_COLOUR.get(strategy, PALETTE["highlight"]),
                label=label(_STRATEGY_LABEL[strategy]) if strategy in _STRATEGY_LABEL else str(strategy))
    ax.set_xlabel(label("month"))
    names = {"mrr": "pnl_mrr", "arpu": "pnl_arpu", "churn": "pnl_churn"}
    ax.set_ylabel(label(names.get(column, column)))
    if column in ("mrr", "revenue", "cumulative_profit", "arpu"):
        money_axis(ax)
    elif column == "churn":
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    if column != "cumulative_profit":
        ax.set_ylim(bottom=0)  # from zero: a gap of a few per cent must not look threefold
    titles = {"customers": "pnl_growth_customers_title", "mrr": "pnl_growth_mrr_title"}
    title = titles.get(column, "pnl_growth_other_title")
    if "budget" in table.columns and table["budget"].nunique() > 1:  # a budget that grows with revenue
        title += "_share"
    ax.set_title(label(title), fontsize="medium", y=1.0)
    ax.legend(loc="lower right", fontsize="small")
    return ax


@checked(*free(SUPPORT_TABLE, AX))
def plot_support_costs(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Monthly support cost by hand vs systemised against the number of customers.

    ``table`` comes from ``compare_support_costs``; the crossing (where systemising starts to
    pay) is marked when it lies inside the range shown.

    >>> import numpy as np
    >>> from cslearn.value.pnl import compare_support_costs
    >>> ax = plot_support_costs(compare_support_costs(np.arange(0, 6001, 500), 1_000, 200, 1_500_000))
    >>> ax.get_xlabel()
    'Customers'
    """
    ax = _axes(ax)
    n = table["customers"].to_numpy(dtype=float)
    hand, system = table["by_hand"].to_numpy(dtype=float), table["systemised"].to_numpy(dtype=float)
    ax.plot(n, hand, color=PALETTE["acquisition"], lw=2, label=label("pnl_support_by_hand"))
    ax.plot(n, system, color=PALETTE["retention"], lw=2, label=label("pnl_support_systemised"))
    gap = hand - system
    cross = np.flatnonzero((gap[:-1] < 0) & (gap[1:] >= 0))
    if cross.size:
        i = int(cross[0])
        at = n[i] + (n[i + 1] - n[i]) * (-gap[i]) / (gap[i + 1] - gap[i])
        ax.axvline(at, color=PALETTE["highlight"], ls="--", lw=1.5,
                   label=f"{label('pnl_systemisation_pays')} {at:,.0f}")
    ax.set_xlabel(label("customers"))
    ax.set_ylabel(label("pnl_support_cost_month"))
    ax.set_ylim(bottom=0)
    money_axis(ax)
    ax.legend(loc="upper left", fontsize="small")
    return ax
