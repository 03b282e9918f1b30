"""Figures of chapter 06: expectation vs satisfaction, the stage ladder, step delivery, fixes.

Each function takes the DataFrame a :mod:`cslearn.journey` function returns, draws on the ``ax``
it is given (or a new one), labels it in the current language and returns the Axes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, PercentFormatter

from cslearn._validate import check_frame
from cslearn.formatting import percent
from cslearn.journey.parameters import (
    AX,
    CHOSEN_PLANS,
    CHOSEN_SHARE,
    DELIVERY_COLUMN,
    DELIVERY_TABLE,
    GRID,
    MVP_TABLE,
    NEW_BUSINESS_TABLE,
    OCCUPANCY,
    PLAN_TABLE,
    RECOVERY_TABLE,
    SCORES,
    STAGE_JA,
    STAGE_VALUES,
)
from cslearn.language import get_language, label
from cslearn.params import checked
from cslearn.theme import PALETTE, _axes, money_axis

__all__ = [
    "plot_experience",
    "plot_experience_what_if",
    "plot_ladder",
    "plot_plan_values",
    "plot_ladder_occupancy",
    "plot_delivery",
    "plot_recovery",
    "plot_free_to_paid",
    "plot_new_business",
]

_STAGE_COLOURS = ["#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b", "#ff7f0e"]


@checked(SCORES, AX)
def plot_experience(survey: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """How many guests scored each experience score, without and with the host's explanation.

    ``survey`` is :func:`cslearn.journey.simulate_party_survey`'s table.

    >>> from cslearn.journey import simulate_party_survey
    >>> plot_experience(simulate_party_survey(rng=3)).get_xlabel()
    'Experience score (satisfaction - expectation)'
    """
    ax = _axes(ax)
    low = int(min(survey["score_silent"].min(), survey["score_explained"].min()))
    high = int(max(survey["score_silent"].max(), survey["score_explained"].max()))
    scores = np.arange(low, high + 1)
    tallest = 1
    for offset, column, colour, key in [(-0.2, "score_silent", PALETTE["buy_once"], "journey_silent"),
                                        (0.2, "score_explained", PALETTE["subscribe"], "journey_explained")]:
        counts = survey[column].value_counts().reindex(scores, fill_value=0)
        tallest = max(tallest, int(counts.max()))
        mean = survey[column].mean()
        ax.bar(scores + offset, counts.to_numpy(), width=0.4, color=colour,
               label=f"{label(key)} ({mean:+.1f})")
    ax.axvline(0, color=PALETTE["highlight"], ls="--", lw=1.5, label=label("journey_met"))
    ax.set_xlabel(label("journey_score"))
    ax.set_ylabel(label("journey_guests"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(label("journey_experience_title"))
    ax.set_ylim(0, tallest * 1.5)  # headroom for the legend
    ax.legend(loc="upper right", fontsize="small")
    return ax


@checked(GRID, AX)
def plot_experience_what_if(grid: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """A heat map of the mean score over expectation and delivery shifts (from ``experience_what_if``).

    >>> from cslearn.journey import experience_what_if, simulate_party_survey
    >>> grid = experience_what_if(simulate_party_survey(rng=3), [-2, 0, 2], [-2, 0, 2])
    >>> len(plot_experience_what_if(grid).texts)
    9
    """
    ax = _axes(ax)
    table = grid.pivot(index="delivery_shift", columns="expectation_shift", values="mean_score").sort_index()
    limit = max(abs(table.to_numpy()).max(), 1e-9)
    ax.imshow(table.to_numpy(), origin="lower", cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_xticks(range(table.shape[1]), [f"{v:+g}" for v in table.columns])
    ax.set_yticks(range(table.shape[0]), [f"{v:+g}" for v in table.index])
    for i, j in np.ndindex(table.shape):
        value = table.iat[i, j]
        ax.text(j, i, f"{value:+.1f}", ha="center", va="center",
                color="white" if abs(value) > 0.6 * limit else "black", fontsize="small")
    ax.grid(False)
    ax.set_xlabel(label("journey_expectation_shift"))
    ax.set_ylabel(label("journey_delivery_shift"))
    ax.set_title(label("journey_what_if_title"))
    return ax


def _stage_names(values: pd.DataFrame) -> list[str]:
    if get_language() == "ja" and "stage_ja" in values:
        return list(values["stage_ja"])
    return list(values["stage"])


@checked(STAGE_VALUES, AX)
def plot_ladder(values: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Each stage's share of a new student's LTV, with the chance of reaching it on top.

    ``values`` is :func:`cslearn.journey.ladder_values`'s table (a ``stage_ja`` column, if added,
    is used for Japanese labels). Stages without a plan are drawn hatched and empty.

    >>> from cslearn.journey import dance_school_ladder, ladder_values
    >>> ax = plot_ladder(ladder_values(dance_school_ladder(), plans=4))
    >>> len(ax.patches)
    8
    """
    ax = _axes(ax)
    x = np.arange(len(values))
    colours = [_STAGE_COLOURS[i % len(_STAGE_COLOURS)] if offered else "white"
               for i, offered in enumerate(values["offered"])]
    bars = ax.bar(x, values["expected_revenue"], color=colours, edgecolor="#555")
    top = max(values["expected_revenue"].max(), 1.0)
    for bar, offered, reach in zip(bars, values["offered"], values["reach"], strict=True):
        if offered:
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + top * 0.02, percent(reach, 0),
                    ha="center", va="bottom", fontsize="small")
        else:
            bar.set_hatch("//")
            ax.text(bar.get_x() + bar.get_width() / 2, top * 0.05, label("journey_no_plan"), rotation=90,
                    ha="center", va="bottom", fontsize="small", color="#333")
    ax.set_ylim(0, top * 1.2)
    ax.text(0.01, 0.98, label("journey_reach_key"), transform=ax.transAxes, ha="left", va="top",
            fontsize="x-small", color="#333")
    ax.set_xticks(x, _stage_names(values), rotation=45, ha="right", rotation_mode="anchor", fontsize="small")
    ax.set_xlabel(label("journey_stage"))
    ax.set_ylabel(label("journey_stage_revenue"))
    money_axis(ax)
    ax.set_title(label("journey_ladder_title"))
    return ax


@checked(PLAN_TABLE, AX, CHOSEN_PLANS)
def plot_plan_values(table: pd.DataFrame, ax: Axes | None = None, chosen: int | None = None) -> Axes:
    """LTV of a new student against the number of stages with a plan (from ``plan_values``).

    The bar of ``chosen`` plans is highlighted.

    >>> from cslearn.journey import dance_school_ladder, plan_values
    >>> plot_plan_values(plan_values(dance_school_ladder()), chosen=3).get_xlabel()
    'Stages with a plan'
    """
    ax = _axes(ax)
    colours = [PALETTE["highlight"] if plans == chosen else PALETTE["subscribe"] for plans in table["plans"]]
    ax.bar(table["plans"], table["ltv"], color=colours)
    ax.set_xticks(table["plans"])
    ax.set_xlabel(label("journey_plans"))
    ax.set_ylabel(label("journey_ltv"))
    money_axis(ax)
    ax.set_title(label("journey_plans_title"))
    return ax


@checked(OCCUPANCY, AX, STAGE_JA)
def plot_ladder_occupancy(occupancy: pd.DataFrame, ax: Axes | None = None, stage_ja=None) -> Axes:
    """A stacked area of where a cohort of new students is, month by month (from ``ladder_occupancy``).

    ``stage_ja`` (a list of Japanese stage names in order) labels the stages in Japanese.

    >>> from cslearn.journey import dance_school_ladder, ladder_occupancy
    >>> ax = plot_ladder_occupancy(ladder_occupancy(dance_school_ladder(), months=24))
    >>> ax.get_ylabel()
    'Share of the cohort'
    """
    ax = _axes(ax)
    stages = [c for c in occupancy.columns if c not in ("month", "left")]
    if stage_ja is not None and len(stage_ja) != len(stages):
        raise ValueError(f"stage_ja must hold one name per stage of occupancy ({len(stages)}; got {len(stage_ja)})")
    names = list(stage_ja) if get_language() == "ja" and stage_ja is not None else stages
    colours = [_STAGE_COLOURS[i % len(_STAGE_COLOURS)] for i in range(len(stages))]
    ax.stackplot(occupancy["month"], *[occupancy[s] for s in stages], occupancy["left"],
                 labels=[*names, label("journey_left")], colors=[*colours, "#e0e0e0"])
    ax.set_xlim(occupancy["month"].min(), occupancy["month"].max())
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label("journey_share_of_cohort"))
    ax.set_title(label("journey_occupancy_title"))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small")
    return ax


@checked(DELIVERY_TABLE, AX, DELIVERY_COLUMN)
def plot_delivery(table: pd.DataFrame, ax: Axes | None = None, column: str = "open_rate") -> Axes:
    """One line per message plan over the series (from ``compare_delivery``): open rate, returns or fans.

    The y-axis starts at 0 and the panel is titled after ``column``.

    >>> from cslearn.journey import compare_delivery
    >>> plot_delivery(compare_delivery(), column="fans").get_ylabel()
    'Fans'
    """
    keys = {"open_rate": "journey_open_rate", "cumulative_returns": "journey_cumulative_returns",
            "fans": "journey_fans", "returns": "journey_returns", "subscribers": "journey_subscribers"}
    check_frame("table", table, [column])
    ax = _axes(ax)
    for plan, group in table.groupby("plan", sort=False):
        ax.plot(group["message"], group[column], "o-", lw=2, color=_PLAN_COLOURS.get(plan), label=_plan_name(plan))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if column == "open_rate":
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(*_delivery_ylim(table, column))
    ax.set_xlabel(label("journey_message"))
    ax.set_ylabel(label(keys[column]))
    ax.set_title(label(keys[column] + "_title"))
    ax.legend(loc="best")
    return ax


_PLAN_COLOURS = {"step delivery": PALETTE["subscribe"], "one-off ads": PALETTE["acquisition"]}


def _plan_name(plan: str) -> str:
    """A message plan's name in the legend: the course's two in the current language, another as given."""
    return label(f"journey_{plan}") if plan in _PLAN_COLOURS else plan


def _delivery_ylim(table: pd.DataFrame, column: str) -> tuple[float, float]:
    """The y-range of :func:`plot_delivery`'s panel of ``column``: a rate from 0 to 1, a count from 0 to
    a tenth above its highest (at least 1)."""
    return (0, 1) if column == "open_rate" else (0, max(float(table[column].max()), 1.0) * 1.1)


def _move_delivery(ax: Axes, table: pd.DataFrame, column: str) -> bool:
    """Put ``table``'s ``column`` into the lines :func:`plot_delivery` drew on ``ax``, keeping every artist
    (what the delivery explorer does on a move); False, changing nothing, unless ``ax`` holds one line per
    plan of ``table``, in order and named as ``plot_delivery`` names them.

    >>> from cslearn.journey import compare_delivery
    >>> ax = plot_delivery(compare_delivery(8), column="fans")
    >>> _move_delivery(ax, compare_delivery(12), "fans"), ax.get_lines()[0].get_xdata()[-1]
    (True, np.int64(12))
    >>> _move_delivery(ax, compare_delivery(12).replace({"plan": {"one-off ads": "coupons"}}), "fans")
    False
    """
    groups = list(table.groupby("plan", sort=False))
    lines = ax.get_lines()
    if [line.get_label() for line in lines] != [_plan_name(plan) for plan, _ in groups]:
        return False
    for line, (_, group) in zip(lines, groups, strict=True):
        line.set_data(group["message"].to_numpy(), group[column].to_numpy())
    ax.relim()
    ax.autoscale_view()
    ax.set_ylim(*_delivery_ylim(table, column))
    return True


@checked(RECOVERY_TABLE, AX)
def plot_recovery(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars of what each fix recovers, top row first (from ``recovery_by_fix``).

    With a ``net`` column (recovered minus the fix's cost) each fix gets two bars: the revenue
    recovered (light) and the net (dark), which ranks the table; a line marks zero.

    >>> from cslearn.journey import recovery_by_fix, simulate_cancellations, tally_cancellations
    >>> table = recovery_by_fix(tally_cancellations(simulate_cancellations()))
    >>> len(plot_recovery(table).patches)
    10
    """
    ax = _axes(ax)
    names = table["fix_ja"] if get_language() == "ja" and "fix_ja" in table else table["fix"]
    y = np.arange(len(table))[::-1]
    if "net" in table:
        ax.barh(y + 0.2, table["recovered"], height=0.4, color=PALETTE["retention"], alpha=0.35,
                label=label("journey_recovered"))
        ax.barh(y - 0.2, table["net"], height=0.4, color=PALETTE["retention"], label=label("journey_net"))
        ax.axvline(0, color="0.3", lw=0.8)
        ax.set_xlabel(label("journey_yen"))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=1, fontsize="small")
    else:
        ax.barh(y, table["recovered"], color=PALETTE["retention"])
        ax.set_xlabel(label("journey_recovered"))
    ax.set_yticks(y, list(names))
    ax.xaxis.set_major_locator(MaxNLocator(5))
    money_axis(ax, "x")
    ax.set_title(label("journey_recovery_title"))
    return ax


@checked(MVP_TABLE, AX)
def plot_free_to_paid(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Free and paying members month by month (from :func:`cslearn.journey.free_to_paid`).

    >>> from cslearn.journey import free_to_paid
    >>> len(plot_free_to_paid(free_to_paid()).get_lines())
    2
    """
    ax = _axes(ax)
    ax.plot(table["month"], table["free"], "o-", lw=2, color=PALETTE["acquisition"], label=label("journey_free"))
    ax.plot(table["month"], table["paid"], "o-", lw=2, color=PALETTE["subscribe"], label=label("journey_paid"))
    ax.set_ylim(0, max(float(table[["free", "paid"]].to_numpy().max()), 1.0) * 1.1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(label("month"))
    ax.set_ylabel(label("journey_members"))
    ax.set_title(label("journey_mvp_title"))
    ax.legend(loc="best")
    return ax


@checked(NEW_BUSINESS_TABLE, AX, CHOSEN_SHARE)
def plot_new_business(table: pd.DataFrame, ax: Axes | None = None, chosen: float | None = None) -> Axes:
    """Lifetime revenue of the new business and the acquisition cost it saves, against the share won.

    ``table`` comes from :func:`cslearn.journey.new_business_from_share` over several shares;
    ``chosen`` marks one share with a dotted line.

    >>> from cslearn.journey import new_business_from_share
    >>> ax = plot_new_business(new_business_from_share(20_000, [0.0, 0.1, 0.2]), chosen=0.1)
    >>> len(ax.get_lines())
    3
    """
    ax = _axes(ax)
    ax.plot(table["share"], table["lifetime_revenue"], "-", lw=2, color=PALETTE["subscribe"],
            label=label("journey_new_revenue"))
    ax.plot(table["share"], table["acquisition_saved"], "--", lw=2, color=PALETTE["acquisition"],
            label=label("journey_acquisition_saved"))
    if chosen is not None:
        ax.axvline(chosen, color="0.4", ls=":", lw=1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, max(float(table[["lifetime_revenue", "acquisition_saved"]].to_numpy().max()), 1.0) * 1.1)
    money_axis(ax)
    ax.set_xlabel(label("journey_market_share"))
    ax.set_ylabel(label("journey_yen"))
    ax.set_title(label("journey_new_business_title"))
    ax.legend(loc="upper left")
    return ax
