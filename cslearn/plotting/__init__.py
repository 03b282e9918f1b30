"""Every figure of the course, drawn in one place.

Each function takes the DataFrame that a ``cslearn`` compute function returns, draws on the
``ax`` it is given (or a new one), labels it in the current language (see
:func:`cslearn.set_language`) and returns the Axes, so a notebook can lay several out in one
figure. The theme (seaborn's whitegrid with a Japanese-capable font) is applied once, when
this module is imported.

Chapters with many figures keep theirs in a module of this package (``cslearn.plotting.pnl``
and so on), built on the helpers here (``use_theme``, ``money_axis``, ``_axes``, ``PALETTE``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.ticker import Formatter, PercentFormatter

from cslearn._validate import check_frame
from cslearn.formatting import percent, yen
from cslearn.language import FONT_FAMILY, add_labels, get_language, label

add_labels(
    {
        "route_wait": ("Wait to be asked", "注文を待つ"),
        "route_ahead": ("Restock ahead (anticipate)", "先回りして補充"),
        "route_households": ("Regular households", "常連世帯数"),
        "route_pays_from": ("Restocking ahead pays from month", "先回りが得になる月"),
        # the customer recoups nothing at this month: the payments only draw level with the price
        "customer_break_even": ("Customer's break-even month", "買い切り価格に並ぶ月(顧客)"),
        "seller_break_even_month": ("Seller's break-even month", "損益分岐月(売り手)"),
    }
)

__all__ = [
    "use_theme",
    "money_axis",
    "plot_ownership",
    "plot_budget_paths",
    "plot_budget_splits",
    "plot_survey",
    "plot_route_sales",
    "plot_font_check",
    "MoneyFormatter",
    "PALETTE",
]

PALETTE = {
    "buy_once": "#7f7f7f",
    "subscribe": "#1f77b4",
    "subscribe_expected": "#2ca02c",
    "acquisition": "#d62728",
    "retention": "#1f77b4",
    "highlight": "#ff7f0e",
}

_theme = {"applied": False}


def use_theme(force: bool = False) -> None:
    """Apply the course's plot theme: seaborn whitegrid with the IPAexGothic font.

    ``sns.set_theme`` resets the font family, so the font is set inside the theme call.

    >>> use_theme()
    >>> import matplotlib.pyplot as plt
    >>> plt.rcParams["font.family"]
    ['IPAexGothic']
    """
    if _theme["applied"] and not force:
        return
    from matplotlib_fontja import get_font_ttf_path

    font_manager.fontManager.addfont(get_font_ttf_path())
    sns.set_theme(
        style="whitegrid",
        context="notebook",
        font=FONT_FAMILY,
        rc={"axes.unicode_minus": False, "figure.figsize": (8, 4.5)},
    )
    # Text made before the theme (an Axes the student created first) asks for the generic
    # "sans-serif"; put the Japanese-capable font first there too.
    sans = [name for name in plt.rcParams["font.sans-serif"] if name != FONT_FAMILY]
    plt.rcParams["font.sans-serif"] = [FONT_FAMILY, *sans]
    _theme["applied"] = True


use_theme()  # once, on import: every cslearn figure (and any Axes made after it) gets the theme and font


def _money(value: float, _position=None, digits: int | None = None) -> str:
    if get_language() == "ja":
        return yen(value, compact=True, digits=digits)
    size = abs(value)
    sign = "-" if value < 0 else ""
    if size >= 1e9:
        return f"{sign}¥{size / 1e9:g}B"
    if size >= 1e6:
        return f"{sign}¥{size / 1e6:g}M"
    if size >= 1e3:
        return f"{sign}¥{size / 1e3:g}k"
    return yen(value)


class MoneyFormatter(Formatter):
    """Tick labels in yen that never repeat: ¥1.5M in English, ¥150万 in Japanese.

    The Japanese units keep one decimal (¥1.4億), which can print the same text for neighbouring
    ticks (¥1.40億, ¥1.42億, ¥1.44億 all read ¥1.4億). Before labelling a set of ticks, the
    formatter adds decimals until neighbours differ.

    >>> MoneyFormatter().format_ticks([140_000_000, 142_000_000])
    ['¥140M', '¥142M']
    """

    def __init__(self):
        self.digits: int | None = None

    def set_locs(self, locs):
        super().set_locs(locs)
        self.digits = None
        if get_language() != "ja" or len(locs) < 2:
            return
        for digits in (None, 1, 2, 3, 4, 5, 6):
            labels = [_money(value, digits=digits) for value in locs]
            if all(a != b for a, b in zip(labels, labels[1:], strict=False)):
                self.digits = digits
                return
        self.digits = 6

    def __call__(self, value, position=None):
        return _money(value, digits=self.digits)


def money_axis(ax: Axes, axis: str = "y") -> Axes:
    """Format an axis in yen (¥1.5M in English, ¥150万 in Japanese); neighbouring ticks never repeat.

    >>> fig, ax = plt.subplots()
    >>> money_axis(ax) is ax
    True
    """
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(MoneyFormatter())
    return ax


def _axes(ax: Axes | None) -> Axes:
    use_theme()
    if ax is None:
        _, ax = plt.subplots()
    return ax


def plot_ownership(
    table: pd.DataFrame, ax: Axes | None = None, break_even: int | None = None, seller_break_even: int | None = None
) -> Axes:
    """Cumulative payments of buying once vs paying monthly (from :func:`ownership_vs_access`).

    Dashed vertical lines mark the customer's ``break_even`` month and, when it differs, the
    ``seller_break_even`` month of the seller's expected revenue.

    >>> from cslearn.ownership import ownership_vs_access
    >>> ax = plot_ownership(ownership_vs_access(3000, 980, churn=0.05), break_even=4)
    >>> ax.get_xlabel(), float(ax.get_ylim()[0])
    ('Month', 0.0)
    """
    check_frame("table", table, ["month", "buy_once", "subscribe", "subscribe_expected"])
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


def plot_budget_paths(paths: pd.DataFrame, ax: Axes | None = None, column: str = "customers") -> Axes:
    """Customers (or another column) month by month for several budget splits.

    ``paths`` is a long table: the columns of :func:`budget_split` plus ``acquisition_share``.

    >>> from cslearn.ownership import budget_split
    >>> ax = plot_budget_paths(budget_split(0.6).assign(acquisition_share=0.6))
    >>> ax.get_ylabel()
    'Customers'
    """
    check_frame("paths", paths, ["month", "acquisition_share", column])
    ax = _axes(ax)
    for share, group in paths.groupby("acquisition_share", sort=True):
        ax.plot(group["month"], group[column], lw=2, label=f"{label('acquisition')} {percent(share, 0)}")
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label(column))
    if column not in ("customers", "new", "kept", "churned"):
        money_axis(ax)
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_budget_splits(splits: pd.DataFrame, ax: Axes | None = None, chosen: float | None = None) -> Axes:
    """Cumulative profit against the share of budget spent on acquisition.

    The best share is marked; ``chosen`` (the slider's share) is marked too when given.

    >>> from cslearn.ownership import compare_budget_splits
    >>> ax = plot_budget_splits(compare_budget_splits(), chosen=1.0)
    >>> ax.get_legend().get_texts()[0].get_text()
    'Best split: 60 %'
    """
    check_frame("splits", splits, ["acquisition_share", "cumulative_profit"])
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


def plot_survey(counts: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars of the 2021 awareness survey (from :func:`survey_counts`).

    >>> from cslearn.data import load_dataset
    >>> from cslearn.ownership import survey_counts
    >>> ax = plot_survey(survey_counts(load_dataset("cs_awareness_survey_2021")))
    >>> len(ax.patches)
    5
    """
    check_frame("counts", counts, ["item", "item_ja", "share", "people"])
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


def plot_route_sales(
    wait: pd.DataFrame,
    ahead: pd.DataFrame,
    ax: Axes | None = None,
    column: str = "households",
    pays_from: int | None = None,
) -> Axes:
    """A route seller who waits to be asked vs one who restocks ahead (two :func:`route_sales` tables).

    ``column`` is ``"households"`` (the regulars left) or any money column such as
    ``"cumulative_profit"``; ``pays_from`` marks the month from which restocking ahead is ahead.

    >>> from cslearn.ownership import route_sales
    >>> ax = plot_route_sales(route_sales(0.0), route_sales(0.9))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Wait to be asked', 'Restock ahead (anticipate)']
    """
    for name, table in (("wait", wait), ("ahead", ahead)):
        check_frame(name, table, ["month", column])
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


def plot_font_check(ax: Axes | None = None) -> Axes:
    """A small bar chart labelled in Japanese: if the labels read as words, not boxes, the font works.

    >>> plot_font_check().get_ylabel()
    'カスタマーサクセス'
    """
    ax = _axes(ax)
    words = ["所有", "体験", "継続率", "顧客生涯価値"]
    ax.bar(words, [1, 2, 3, 4], color=PALETTE["subscribe"])
    ax.set_title(f"{label('font_check', 'en')} / {label('font_check', 'ja')}")
    ax.set_ylabel("カスタマーサクセス")
    return ax
