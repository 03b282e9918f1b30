"""Chapter 00-01's figures: owning vs paying monthly, the budget split, the survey, the route seller.

Each function takes the DataFrame a compute function of :mod:`cslearn.ownership.compute` returns, draws on
the ``ax`` it is given (or a new one), labels it in the current language and returns the Axes.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from cslearn.formatting import percent
from cslearn.language import get_language, label
from cslearn.ownership.parameters import (
    AHEAD,
    AX,
    BREAK_EVEN,
    BUDGET_COLUMN,
    CHOSEN,
    COUNTS,
    OWNERSHIP_TABLE,
    PATHS,
    PAYS_FROM,
    ROUTE_COLUMN,
    SELLER_BREAK_EVEN,
    SPLITS,
    WAIT,
)
from cslearn.params import checked
from cslearn.theme import PALETTE, _axes, money_axis

__all__ = ["plot_ownership", "plot_budget_paths", "plot_budget_splits", "plot_survey", "plot_route_sales"]


@checked(OWNERSHIP_TABLE, AX, BREAK_EVEN, SELLER_BREAK_EVEN)
def plot_ownership(
    table: pd.DataFrame, ax: Axes | None = None, break_even: int | None = None, seller_break_even: int | None = None
) -> Axes:
    """Cumulative payments of buying once vs paying monthly (from :func:`ownership_vs_access`).

    Dashed vertical lines mark the customer's ``break_even`` month and, when it differs, the
    ``seller_break_even`` month of the seller's expected revenue.

    >>> from cslearn.ownership.compute import ownership_vs_access
    >>> ax = plot_ownership(ownership_vs_access(3000, 980, churn=0.05), break_even=4)
    >>> ax.get_xlabel(), float(ax.get_ylim()[0])
    ('Month', 0.0)
    """
    ax = _axes(ax)
    for column, style in [("buy_once", "-"), ("subscribe", "-"), ("subscribe_expected", ":")]:
        ax.plot(table["month"], table[column], style, color=PALETTE[column], label=label(column), lw=2)
    ax.set_ylim(bottom=0)  # money from zero, so the lines' heights compare honestly
    # the labels sit low, right of their month, where the rising lines have already passed the price
    marks = [(break_even, "customer_break_even", PALETTE["highlight"], 0.12)]
    if seller_break_even is not None and seller_break_even != break_even:
        marks.append((seller_break_even, "seller_break_even_month", PALETTE["subscribe_expected"], 0.05))
    for month, key, colour, height in marks:
        if month is None:
            continue
        ax.axvline(month, color=colour, ls="--", lw=1.5)
        ax.annotate(  # x in data, y part way up the axes: clear of the lines and the legend
            f"{label(key)}: {month}",
            xy=(month, height),
            xycoords=ax.get_xaxis_transform(),
            xytext=(4, 0),
            textcoords="offset points",
            color=colour,
            va="center",
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1},  # readable over a line
        )
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label("cumulative_spend"))
    money_axis(ax)
    ax.legend(loc="upper left")
    return ax


@checked(PATHS, AX, BUDGET_COLUMN)
def plot_budget_paths(paths: pd.DataFrame, ax: Axes | None = None, column: str = "customers") -> Axes:
    """Customers (or another column) month by month for several budget splits.

    ``paths`` is a long table: the columns of :func:`budget_split` plus ``acquisition_share``;
    ``column`` is ``"customers"``, ``"revenue"``, ``"profit"`` or ``"cumulative_profit"``.

    >>> from cslearn.ownership.compute import budget_split
    >>> ax = plot_budget_paths(budget_split(0.6).assign(acquisition_share=0.6))
    >>> ax.get_ylabel()
    'Customers'
    """
    ax = _axes(ax)
    for share, group in paths.groupby("acquisition_share", sort=True):
        ax.plot(group["month"], group[column], lw=2, label=f"{label('acquisition')} {percent(share, 0)}")
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label(column))
    if column != "customers":  # the others are money
        money_axis(ax)
    ax.legend(loc="best", fontsize="small")
    return ax


@checked(SPLITS, AX, CHOSEN)
def plot_budget_splits(splits: pd.DataFrame, ax: Axes | None = None, chosen: float | None = None) -> Axes:
    """Cumulative profit against the share of budget spent on acquisition.

    The best share is marked; ``chosen`` (the slider's share) is marked too when given.

    >>> from cslearn.ownership.compute import compare_budget_splits
    >>> ax = plot_budget_splits(compare_budget_splits(), chosen=1.0)
    >>> ax.get_legend().get_texts()[0].get_text()
    'Best split: 60 %'
    """
    ax = _axes(ax)
    ax.plot(splits["acquisition_share"], splits["cumulative_profit"], color=PALETTE["retention"], lw=2)
    best = splits.loc[splits["cumulative_profit"].idxmax()]
    ax.plot(best["acquisition_share"], best["cumulative_profit"], "o", color=PALETTE["highlight"], ms=9,
            label=f"{label('best_split')}: {percent(best['acquisition_share'], 0)}")
    if chosen is not None:
        ax.axvline(chosen, color=PALETTE["acquisition"], ls="--", lw=1.5)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(label("acquisition_share"))
    ax.set_ylabel(label("cumulative_profit"))
    money_axis(ax)
    ax.legend(loc="best")
    return ax


@checked(COUNTS, AX)
def plot_survey(counts: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars of the 2021 awareness survey (from :func:`survey_counts`).

    >>> from cslearn.data import load_dataset
    >>> from cslearn.ownership.compute import survey_counts
    >>> ax = plot_survey(survey_counts(load_dataset("cs_awareness_survey_2021")))
    >>> len(ax.patches)
    5
    """
    ax = _axes(ax)
    names = counts["item_ja"] if get_language() == "ja" else counts["item"]
    bases = counts["base"].map(lambda base: label(f"base_{base}".replace(" ", "_")) if base != "all" else "")
    names = [f"{name}\n{base}" if base else name for name, base in zip(names, bases, strict=True)]
    positions = range(len(counts))[::-1]
    ax.barh(list(positions), counts["share"], color=PALETTE["subscribe"])
    ax.set_yticks(list(positions), names)
    for y, (share, people) in zip(positions, zip(counts["share"], counts["people"], strict=True), strict=True):
        text = percent(share) if pd.isna(people) else f"{percent(share)}  (≈{int(people)})"
        ax.text(share + 0.01, y, text, va="center")
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(label("share"))
    ax.set_title(label("survey_title"))
    return ax


@checked(WAIT, AHEAD, AX, ROUTE_COLUMN, PAYS_FROM)
def plot_route_sales(
    wait: pd.DataFrame,
    ahead: pd.DataFrame,
    ax: Axes | None = None,
    column: str = "households",
    pays_from: int | None = None,
) -> Axes:
    """A route seller who waits to be asked vs one who restocks ahead (two :func:`route_sales` tables).

    ``column`` is ``"households"`` (the regulars left) or a money column: ``"revenue"``, ``"profit"``
    or ``"cumulative_profit"``; ``pays_from`` marks the month from which restocking ahead is ahead.

    >>> from cslearn.ownership.compute import route_sales
    >>> ax = plot_route_sales(route_sales(0.0), route_sales(0.9))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Wait to be asked', 'Restock ahead (anticipate)']
    """
    ax = _axes(ax)
    ax.plot(wait["month"], wait[column], color=PALETTE["acquisition"], lw=2, ls="--", label=label("route_wait"))
    ax.plot(ahead["month"], ahead[column], color=PALETTE["retention"], lw=2, label=label("route_ahead"))
    if pays_from is not None:  # in the legend, where it cannot cover the lines
        ax.axvline(pays_from, color=PALETTE["highlight"], ls=":", lw=1.5,
                   label=f"{label('route_pays_from')}: {pays_from}")
    ax.set_xlabel(label("month"))
    if column == "households":
        ax.set_ylabel(label("route_households"))
        ax.set_ylim(0, None)
    else:
        ax.set_ylabel(label(column))
        money_axis(ax)
    ax.legend(loc="best", fontsize="small")
    return ax
