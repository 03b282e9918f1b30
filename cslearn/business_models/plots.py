"""Figures of chapter 02: shot vs retention business models.

Every function takes a frame from :mod:`cslearn.business_models` (``compare_models``,
``compare_scenario``, ``customer_totals``, ``entry_funnel``, ``owner_payback_curve`` or a model's
``.table``) and an optional ``ax``, and returns the Axes (``plot_model_comparison`` returns a
pair, revenue per month beside cumulative revenue per customer).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import PercentFormatter

from cslearn.business_models.parameters import (
    AFTER_PURCHASE_CURVE,
    AX,
    AXES_PAIR,
    COLUMN,
    CUSTOMERS,
    EXPECTED_MEANS,
    FUNNEL,
    LOG,
    MEAT_MONTHLY,
    MODEL_LINES,
    PAYBACK_CURVE,
    PREPAID_MONTHLY,
    RETURNED,
    SHOT_MONTHLY,
    TITLE,
)
from cslearn.business_models.registry import PAID_AGAIN
from cslearn.formatting import percent
from cslearn.language import label, tr
from cslearn.params import checked
from cslearn.theme import PALETTE, _axes, money_axis, use_theme

__all__ = [
    "MODEL_COLOURS",
    "plot_model_revenue",
    "plot_model_comparison",
    "plot_share_returned",
    "plot_revenue_spread",
    "plot_entry_funnel",
    "plot_prepaid_balance",
    "plot_owner_payback",
    "plot_meat_stock",
    "plot_after_purchase",
]

#: one colour per business model, the same in every figure of the chapter
MODEL_COLOURS = {
    "shot": "#7f7f7f",
    "subscription": "#1f77b4",
    "constant": "#17becf",
    "entry_offer": "#2ca02c",
    "prepaid": "#9467bd",
    "owner": "#ff7f0e",
    "meat_ownership": "#8c564b",
    "diner": "#bcbd22",
}

#: models drawn dashed because their expected line can coincide with another's (constant = subscription)
_DASHED = {"constant": "--"}


def _model_label(model: str) -> str:
    try:
        return label(f"model_{model}")
    except KeyError:
        return str(model)


def _colour(model: str, i: int) -> str:
    return MODEL_COLOURS.get(model, plt.rcParams["axes.prop_cycle"].by_key()["color"][i % 10])


def _by_model(table: pd.DataFrame):
    for i, (model, group) in enumerate(table.groupby("model", sort=False)):
        yield i, model, group



def _month_bars(ax: Axes, months, heights, *, color, alpha: float, label: str) -> PolyCollection:
    """One bar per month, as ``ax.bar`` draws them (0.8 wide, the theme's white edges), but as one
    collection: an explorer redraws 36 bars in a few milliseconds instead of about 35."""
    x = np.asarray(months, dtype=float)
    top = np.asarray(heights, dtype=float)
    left, right = x - 0.4, x + 0.4
    corners = np.stack([np.c_[left, 0 * top], np.c_[left, top], np.c_[right, top], np.c_[right, 0 * top]], axis=1)
    bars = PolyCollection(corners, facecolors=color, alpha=alpha, label=label,
                          edgecolors=plt.rcParams["patch.edgecolor"], linewidths=plt.rcParams["patch.linewidth"])
    bars.sticky_edges.y.append(0)  # as ax.bar: no margin below the baseline
    ax.add_collection(bars)
    ax.autoscale_view()
    return bars

@checked(MODEL_LINES, AX, COLUMN, LOG)
def plot_model_revenue(
    table: pd.DataFrame, ax: Axes | None = None, column: str = "revenue_per_customer", log: bool = False
) -> Axes:
    """One line per model of a ``compare_models`` frame: ``column`` against the month.

    ``column`` is ``revenue_per_customer`` (revenue per month, per customer acquired) or
    ``cumulative_revenue_per_customer``; ``log=True`` puts the y axis on a log scale, useful when
    one model's first month (10 kg of meat) dwarfs the others. It is a *symmetric* log scale:
    logarithmic above 100 yen and linear below, so that months with no revenue (0 yen) still show.

    >>> from cslearn.business_models import compare_models
    >>> ax = plot_model_revenue(compare_models(["shot", "subscription"], months=12, method="expected"))
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['Shot sale', 'Subscription (flat rate)']
    """
    ax = _axes(ax)
    for i, model, group in _by_model(table):
        style = {"drawstyle": "steps-mid"} if column == "revenue_per_customer" else {}
        ax.plot(group["month"], group[column], lw=2, color=_colour(model, i), label=_model_label(model),
                ls=_DASHED.get(model, "-"), **style)
    if log:
        ax.set_yscale("symlog", linthresh=100)
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label("revenue_per_customer_month" if column == "revenue_per_customer" else "cumulative_revenue"))
    money_axis(ax)
    ax.legend(loc="best", fontsize="small")
    return ax


def _move_model_revenue(ax: Axes, table: pd.DataFrame, column: str) -> bool:
    """Put ``table``'s ``column`` into the lines :func:`plot_model_revenue` drew on ``ax`` (without
    ``log``), keeping every artist; False, changing nothing, unless ``ax`` holds one line per model of
    ``table``, in order and named as ``plot_model_revenue`` names them, on a linear scale.

    >>> from cslearn.business_models import compare_models
    >>> ax = plot_model_revenue(compare_models(["shot", "subscription"], months=12, method="expected"))
    >>> _move_model_revenue(ax, compare_models(["shot", "subscription"], months=24, method="expected"),
    ...                     "revenue_per_customer")
    True
    >>> _move_model_revenue(ax, compare_models(["shot"], months=24, method="expected"), "revenue_per_customer")
    False
    """
    groups = list(_by_model(table))
    if ax.get_yscale() != "linear" or [line.get_label() for line in ax.get_lines()] != [
            _model_label(model) for _, model, _ in groups]:
        return False
    for line, (_, _, group) in zip(ax.get_lines(), groups, strict=True):
        line.set_data(group["month"].to_numpy(), group[column].to_numpy())
    ax.relim()
    ax.set_autoscaley_on(True)
    ax.autoscale_view()
    ax.set_ylim(bottom=0)
    return True


@checked(MODEL_LINES, AXES_PAIR, LOG)
def plot_model_comparison(table: pd.DataFrame, axes=None, log: bool = False):
    """Revenue per month (left) beside cumulative revenue per customer (right), one line per model.

    ``axes`` is a pair of Axes (a new 1 x 2 figure when ``None``); returns the pair. ``log``
    applies to the left panel. On a figure with constrained layout (a new one, or an explorer's)
    the legend goes beside both panels; otherwise it stays in the left panel.

    >>> from cslearn.business_models import compare_models
    >>> left, right = plot_model_comparison(compare_models(["shot", "prepaid"], months=12, method="expected"))
    >>> right.get_title()
    'Cumulative revenue per customer'
    """
    use_theme()
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
    left, right = axes
    plot_model_revenue(table, ax=left, log=log)
    left.set_title(label("models_revenue_title"))
    plot_model_revenue(table, ax=right, column="cumulative_revenue_per_customer")
    right.set_title(label("models_cumulative_title"))
    right.get_legend().remove()
    figure = left.get_figure()
    if isinstance(figure.get_layout_engine(), ConstrainedLayoutEngine):  # one legend beside both panels
        handles, names = left.get_legend_handles_labels()
        left.get_legend().remove()
        figure.legend(handles, names, loc="outside right center", fontsize="small")
    return left, right


@checked(RETURNED, AX)
def plot_share_returned(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Share of the cohort who came back by each month, one line per model, two metrics kept apart.

    ``share_returned`` means two different things: for the subscription and the entry offer
    (``PAID_AGAIN``) it is the share who *paid again* (a membership still running in a later
    month, whether or not they visited); for every other model it is the share who *came back* (a
    visit, or a use of the constant model). Lines that come back for a visit are solid, lines that
    paid again are dashed, each legend entry says which, and so does the title.

    >>> from cslearn.business_models import compare_models
    >>> ax = plot_share_returned(compare_models(["shot", "subscription"], months=12, method="expected"))
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['Shot sale: came back (a visit)', 'Subscription (flat rate): paid again (still a member)']
    >>> [line.get_linestyle() for line in ax.get_lines()]
    ['-', '--']
    """
    ax = _axes(ax)
    for i, model, group in _by_model(table):
        rows = group[group["month"] >= 2]
        paid = model in PAID_AGAIN
        name = f"{_model_label(model)}: {label('returned_paid' if paid else 'returned_visit')}"
        ax.plot(rows["month"], rows["share_returned"], lw=2, color=_colour(model, i), label=name,
                ls="--" if paid else "-")
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label("share_returned"))
    ax.set_title(label("share_returned_title"), fontsize="medium")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")  # beside: no line hidden
    return ax


@checked(CUSTOMERS, AX, EXPECTED_MEANS)
def plot_revenue_spread(customers: pd.DataFrame, ax: Axes | None = None, expected=None) -> Axes:
    """The spread of revenue per customer by model (from ``customer_totals``), as box plots.

    Boxes span the middle half of the customers, whiskers the 5th to 95th percentile; a diamond
    marks the simulated mean and, when ``expected`` (a mapping model -> expected revenue per
    customer) is given, a vertical tick marks the expected value.

    >>> from cslearn.business_models import customer_totals
    >>> ax = plot_revenue_spread(customer_totals(["shot", "subscription"], n_customers=300, months=12))
    >>> ax.get_xlabel()
    'Revenue per customer over the horizon'
    """
    ax = _axes(ax)
    groups = list(_by_model(customers))
    positions = np.arange(len(groups))[::-1]
    data = [group["revenue"].to_numpy() for _, _, group in groups]
    boxes = ax.boxplot(
        data, positions=positions, orientation="horizontal", whis=(5, 95), showfliers=False, widths=0.6,
        patch_artist=True, medianprops={"color": "black"},
    )
    for patch, (i, model, _) in zip(boxes["boxes"], groups, strict=True):
        patch.set_facecolor(_colour(model, i))
        patch.set_alpha(0.55)
    means = [values.mean() for values in data]
    ax.plot(means, positions, "D", color="black", ms=6, label=label("simulated_mean"))
    if expected is not None:
        ticks = [expected.get(model, np.nan) for _, model, _ in groups]
        ax.plot(ticks, positions, "|", color=PALETTE["highlight"], ms=22, mew=3, label=label("expected_mean"))
    ax.set_yticks(list(positions), [_model_label(model) for _, model, _ in groups])
    ax.set_xlabel(label("revenue_per_customer_total"))
    ax.set_xlim(left=0)
    money_axis(ax, "x")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", markerscale=0.6)
    return ax


@checked(FUNNEL, AX)
def plot_entry_funnel(funnel: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Bars of the entry offer's funnel (from ``entry_funnel``): trial -> paid -> retained.

    >>> from cslearn.business_models import entry_funnel
    >>> ax = plot_entry_funnel(entry_funnel())
    >>> len(ax.patches)
    3
    """
    ax = _axes(ax)
    colours = [PALETTE["highlight"], PALETTE["subscribe"], PALETTE["subscribe_expected"]]
    names = [tr("{stage}\n(Month {month})", stage=label("stage_" + s), month=m)
             for s, m in zip(funnel["stage"], funnel["month"], strict=True)]
    ax.bar(names, funnel["customers"], color=colours[: len(funnel)])
    top = float(funnel["customers"].max())
    for x, (count, share) in enumerate(zip(funnel["customers"], funnel["share_of_trial"], strict=True)):
        ax.text(x, count + top * 0.02, f"{count:,.0f}  ({percent(share, 0)})", ha="center", va="bottom")
    ax.set_ylim(0, top * 1.15)
    ax.set_ylabel(label("funnel_customers"))
    return ax


@checked(PREPAID_MONTHLY, AX, SHOT_MONTHLY)
def plot_prepaid_balance(monthly: pd.DataFrame, ax: Axes | None = None, shot: pd.DataFrame | None = None) -> Axes:
    """The prepaid balance per customer (bars, left axis) and visits per customer (line, right axis).

    ``monthly`` is the ``.table`` of ``simulate_prepaid`` or ``expected_prepaid``; with
    ``shot`` (a shot model's monthly frame) the shot model's visits are drawn dotted for comparison.

    >>> from cslearn.business_models import expected_prepaid
    >>> ax = plot_prepaid_balance(expected_prepaid(months=12).table)
    >>> ax.get_ylabel()
    'Balance left per customer'
    """
    ax = _axes(ax)
    _balance_bars(ax, monthly)
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label("balance_per_customer"))
    money_axis(ax)
    right = ax.twinx()
    right.grid(False)
    lines = _visit_lines(monthly, shot)
    right.plot(*lines[0], color=MODEL_COLOURS["prepaid"], lw=2, label=_visits_name("prepaid"))
    if shot is not None:
        right.plot(*lines[1], ":", color=MODEL_COLOURS["shot"], lw=2, label=_visits_name("shot"))
    right.set_ylim(bottom=0)
    right.set_ylabel(label("visits_per_customer_month"))
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    right.legend(handles, [h.get_label() for h in handles], loc="upper right", fontsize="small")
    return ax


def _balance_bars(ax: Axes, monthly: pd.DataFrame) -> PolyCollection:
    """The bars of :func:`plot_prepaid_balance`: the balance left per customer each month."""
    return _month_bars(ax, monthly["month"], monthly["balance_per_customer"], color=MODEL_COLOURS["prepaid"],
                       alpha=0.35, label=label("balance_per_customer"))


def _visit_lines(monthly: pd.DataFrame, shot: pd.DataFrame | None) -> list:
    """(months, visits per customer) from month 2 of :func:`plot_prepaid_balance`'s lines: the prepaid
    model's, then the shot model's if given."""
    tables = [monthly] if shot is None else [monthly, shot]
    return [(rows["month"].to_numpy(), rows["visits_per_customer"].to_numpy())
            for rows in (table[table["month"] >= 2] for table in tables)]


def _visits_name(model: str) -> str:
    return f"{_model_label(model)}: {label('visits_per_customer_month')}"


def _move_prepaid_balance(ax: Axes, monthly: pd.DataFrame, shot: pd.DataFrame | None = None) -> bool:
    """Put new numbers into the figure :func:`plot_prepaid_balance` drew on ``ax``, keeping its lines and
    legend (what the prepaid explorer does on a move; the bars, one collection, are made again); False,
    changing nothing, unless ``ax`` holds those bars and its twin those lines.

    >>> from cslearn.business_models import expected_prepaid
    >>> ax = plot_prepaid_balance(expected_prepaid(months=12).table)
    >>> _move_prepaid_balance(ax, expected_prepaid(months=24).table), bool(ax.get_xlim()[1] > 24)
    (True, True)
    >>> _move_prepaid_balance(ax, expected_prepaid(months=24).table, expected_prepaid(months=24).table)
    False
    """
    twins = [other for other in ax.get_shared_x_axes().get_siblings(ax) if other is not ax]
    lines = _visit_lines(monthly, shot)
    if (len(twins) != 1 or len(ax.collections) != 1 or ax.get_lines() or ax.patches
            or [line.get_label() for line in twins[0].get_lines()]
            != [_visits_name(model) for model in ("prepaid", "shot")[:len(lines)]]):
        return False
    right = twins[0]
    for line, (months, visits) in zip(right.get_lines(), lines, strict=True):
        line.set_data(months, visits)
    right.relim()
    ax.collections[0].remove()
    ax.relim()
    _balance_bars(ax, monthly)
    right.set_autoscaley_on(True)
    right.autoscale_view()
    right.set_ylim(bottom=0)
    return True


@checked(PAYBACK_CURVE, AX)
def plot_owner_payback(curve: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """The owner's net saving and the shop's extra revenue from an owner, month by month.

    ``curve`` is ``owner_payback_curve``. A dashed line marks the first month the owner's
    *expected* saving covers the fee; when the curve has ``share_recouped`` a dotted line marks
    the month by which half of the owners have recouped, and the legend says what share never
    do within the horizon (the spread the expected line hides).

    >>> from cslearn.business_models import owner_payback_curve
    >>> ax = plot_owner_payback(owner_payback_curve(months=12))
    >>> len(ax.get_lines())
    5
    >>> ax.get_legend().get_texts()[-1].get_text()
    'Expected saving covers the fee: month 4'
    """
    ax = _axes(ax)
    ax.plot(curve["month"], curve["owner_net"], lw=2, color=MODEL_COLOURS["owner"], label=label("owner_net"))
    ax.plot(curve["month"], curve["shop_gain"], lw=2, color=MODEL_COLOURS["subscription"], label=label("shop_gain"))
    ax.axhline(0, color="black", lw=0.8)
    if "share_recouped" in curve:
        share = curve["share_recouped"].to_numpy()
        half = np.flatnonzero(share >= 0.5 - 1e-12)
        if half.size:
            month = int(curve["month"].iloc[half[0]])
            never = percent(1.0 - float(share[-1]), 0)
            text = label("owner_recouped_median").format(month=month, never=never, months=int(curve["month"].iloc[-1]))
            ax.axvline(month, color=MODEL_COLOURS["owner"], ls=":", lw=1.5, label=text)
    recouped = np.flatnonzero(curve["owner_net"].to_numpy() >= -1e-9)
    if recouped.size:
        month = int(curve["month"].iloc[recouped[0]])
        text = label("owner_recouped").format(month=month)
        ax.axvline(month, color=PALETTE["highlight"], ls="--", lw=1.5, label=text)
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label("payback_yen"))
    money_axis(ax)
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.45 * (high - low))  # headroom: the legend sits above the lines
    ax.legend(loc="upper left", fontsize="small")
    return ax


@checked(MEAT_MONTHLY, AX)
def plot_meat_stock(monthly: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Meat left in the restaurant's care and meat eaten, per customer, month by month.

    ``monthly`` is the ``.table`` of ``simulate_meat_ownership`` or ``expected_meat_ownership``.

    >>> from cslearn.business_models import expected_meat_ownership
    >>> ax = plot_meat_stock(expected_meat_ownership(months=12).table)
    >>> ax.get_ylabel()
    'kg'
    """
    ax = _axes(ax)
    colour = MODEL_COLOURS["meat_ownership"]
    ax.plot(monthly["month"], monthly["stock_kg_per_customer"], lw=2, color=colour, label=label("stock_kg"))
    _month_bars(ax, monthly["month"], monthly["eaten_kg_per_customer"], color=colour, alpha=0.35,
                label=label("eaten_kg"))
    ax.set_ylim(bottom=0)
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label("kg"))
    ax.legend(loc="upper right", fontsize="small")
    return ax



@checked(AFTER_PURCHASE_CURVE, AX, TITLE)
def plot_after_purchase(curve: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Cumulative expected revenue per customer without (dashed) and with (solid) an after-purchase
    service, from ``after_purchase_curve``; the gap is what the service is worth.

    >>> from cslearn.business_models import after_purchase_curve
    >>> ax = plot_after_purchase(after_purchase_curve("kimono shop", months=12))
    >>> [line.get_linestyle() for line in ax.get_lines()]
    ['--', '-']
    """
    ax = _axes(ax)
    ax.plot(curve["month"], curve["without_service"], "--", lw=2, color=MODEL_COLOURS["shot"],
            label=label("without_service"))
    ax.plot(curve["month"], curve["with_service"], lw=2, color=PALETTE["highlight"], label=label("with_service"))
    ax.fill_between(curve["month"], curve["without_service"], curve["with_service"], color=PALETTE["highlight"],
                    alpha=0.15)
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label("cumulative_revenue"))
    ax.set_ylim(bottom=0)
    money_axis(ax)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", fontsize="small")
    return ax
