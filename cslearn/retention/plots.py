"""Figures of chapter 04: retention curves, P(alive), purchase tracking and the spread of CLV.

Each function takes the DataFrame that a compute function of :mod:`cslearn.retention.curves` or
:mod:`cslearn.retention.clv` returns, draws on ``ax`` (or a new Axes) and returns the Axes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, PercentFormatter

from cslearn.formatting import percent
from cslearn.language import label
from cslearn.params import checked
from cslearn.retention import parameters as P
from cslearn.theme import PALETTE, _axes

__all__ = [
    "plot_mixture",
    "plot_retention_projection",
    "plot_retention_rates",
    "plot_sbg_curves",
    "plot_residual_value",
    "plot_p_alive",
    "plot_purchase_tracking",
    "plot_clv_distribution",
]

_COLOURS = {"actual": "#222222", "sbg": PALETTE["retention"], "constant": PALETTE["acquisition"],
            "highlight": PALETTE["highlight"], "segment": "#9467bd"}


def _shade_observed(ax: Axes, table: pd.DataFrame) -> None:
    observed = table.loc[table["observed"], "period"]
    if observed.size:
        ax.axvspan(-0.3, observed.max() + 0.3, color="#dddddd", alpha=0.5, lw=0, label=label("ret_calibration"))


def _projection_lines(table: pd.DataFrame, data: pd.DataFrame, columns: tuple[str, str, str], ax) -> Axes:
    """A projection's frame: the fitted years shaded, then the sBG, constant-churn and actual ``columns``
    of ``data`` over the years of ``table``."""
    ax = _axes(ax)
    _shade_observed(ax, table)
    sbg, constant, actual = columns
    ax.plot(data["period"], data[sbg], "-", color=_COLOURS["sbg"], lw=2.5, label=label("ret_sbg"))
    ax.plot(data["period"], data[constant], "--", color=_COLOURS["constant"], lw=2, label=label("ret_constant"))
    ax.plot(data["period"], data[actual], "o", color=_COLOURS["actual"], ms=6, label=label("ret_actual"))
    ax.set_xlim(-0.3, table["period"].max() + 0.3)
    ax.set_xlabel(label("ret_year"))
    return ax


@checked(P.MIXTURE, P.SIMULATED_MIXTURE, P.OPTIONAL_CHURNS, P.NAMES, P.AX)
def plot_mixture(expected: pd.DataFrame, simulated: pd.DataFrame | None = None, churn=None,
                 names=None, ax: Axes | None = None) -> Axes:
    """A cohort of segments with constant churns: its retention rate rises, and the survivors' mix shifts.

    ``expected`` is :func:`cslearn.retention.mixture_retention`'s table; ``simulated`` (optional)
    :func:`cslearn.retention.simulate_mixture`'s, shown as dots; ``churn`` (optional) the segments'
    churns, drawn as their own flat retention rates; ``names`` (optional) what to call the
    segments in the legend (default "segment 1", "segment 2", ...).

    >>> from cslearn.retention.curves import mixture_retention
    >>> ax = plot_mixture(mixture_retention(), churn=[0.5, 0.1], names=["triers", "loyal"])
    >>> ax.get_ylabel(), ax.get_legend().get_texts()[1].get_text()
    ('Retention rate / share of survivors', 'Share of triers among those left')
    """
    ax = _axes(ax)
    ax.plot(expected["period"], expected["retention_rate"], "-", color=_COLOURS["sbg"], lw=2.5,
            label=label("ret_cohort_expected"))
    if simulated is not None:
        ax.plot(simulated["period"], simulated["retention_rate"], "o", color=_COLOURS["actual"], ms=5,
                label=label("ret_cohort_simulated"))
    shares = [c for c in expected.columns if c.startswith("share_")]
    if names is None:
        names = [label("ret_segment").format(k=k) for k in range(1, len(shares) + 1)]
    elif isinstance(names, str) or len(names) != len(shares):
        raise ValueError(f"names must be a list of {len(shares)} segment names (got {names!r})")
    for k, column in enumerate(shares, start=1):
        ax.plot(expected["period"], expected[column], ":", lw=1.8, color=f"C{k + 2}",
                label=label("ret_segment_share").format(name=names[k - 1]))
    if churn is not None:
        for k, c in enumerate(np.atleast_1d(np.asarray(churn, dtype=float)), start=1):
            ax.axhline(1 - c, color=f"C{k + 2}", lw=1, ls="--", alpha=0.8,
                       label=label("ret_segment_retention").format(name=names[k - 1]))
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(label("ret_period"))
    ax.set_ylabel(label("ret_rate_or_share"))
    ax.legend(loc="lower right", fontsize="small")
    return ax


@checked(P.PROJECTION, P.AX)
def plot_retention_projection(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Customers still active: actual counts vs the sBG and constant-churn projections.

    ``table`` is :attr:`cslearn.retention.RetentionProjection.table`; the periods the models were
    fitted to are shaded.

    >>> from cslearn.retention.curves import project_retention
    >>> p = project_retention([1000, 631, 468, 382, 326, 289, 262, 241, 223], observed=5)
    >>> plot_retention_projection(p.table).get_ylabel()
    'Customers still active'
    """
    ax = _projection_lines(table, table, ("sbg", "constant_churn", "actual"), ax)
    ax.set_ylim(0, None)
    ax.set_ylabel(label("ret_alive"))
    ax.legend(loc="upper right")
    return ax


@checked(P.PROJECTION, P.AX)
def plot_retention_rates(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Retention rate year by year: actual, sBG (rising with tenure) and the flat constant churn.

    >>> from cslearn.retention.curves import project_retention
    >>> p = project_retention([1000, 631, 468, 382, 326, 289, 262, 241, 223], observed=5)
    >>> plot_retention_rates(p.table).get_ylabel()
    'Retention rate'
    """
    rest = table[table["period"] > 0]
    ax = _projection_lines(table, rest, ("sbg_retention", "constant_retention", "actual_retention"), ax)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylabel(label("ret_rate"))
    ax.legend(loc="lower right")
    return ax


@checked(P.CURVES, P.CURVE_KIND, P.AX)
def plot_sbg_curves(curves: pd.DataFrame, kind: str = "survival", ax: Axes | None = None) -> Axes:
    """An sBG curve next to the constant churn with the same first-period churn.

    ``curves`` is :func:`cslearn.retention.sbg_curves`'s table; ``kind`` is ``"survival"`` or
    ``"retention"``.

    >>> from cslearn.retention.curves import sbg_curves
    >>> plot_sbg_curves(sbg_curves(0.7, 1.2), kind="retention").get_ylabel()
    'Retention rate'
    """
    ax = _axes(ax)
    data = curves if kind == "survival" else curves[curves["period"] > 0]
    sbg, constant = ("survival", "constant_survival") if kind == "survival" else ("retention_rate",
                                                                                  "constant_retention")
    ax.plot(data["period"], data[sbg], "-o", color=_COLOURS["sbg"], lw=2.5, ms=4, label=label("ret_sbg"))
    ax.plot(data["period"], data[constant], "--", color=_COLOURS["constant"], lw=2,
            label=label("ret_constant_same_start"))
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(label("ret_period"))
    ax.set_ylabel(label("ret_survival" if kind == "survival" else "ret_rate"))
    ax.legend(loc="upper right" if kind == "survival" else "lower right", fontsize="small")
    return ax


@checked(P.RESIDUAL, P.AX)
def plot_residual_value(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Discounted expected residual lifetime by renewals made (bars), with the next renewal's probability.

    ``table`` is :func:`cslearn.retention.residual_lifetime_table`'s.

    >>> from cslearn.retention.models import ShiftedBetaGeometric
    >>> from cslearn.retention.curves import residual_lifetime_table
    >>> model = ShiftedBetaGeometric.from_params(alpha=0.7, beta=1.2)
    >>> plot_residual_value(residual_lifetime_table(model, 0.1)).get_xlabel()
    'Renewals made so far'
    """
    ax = _axes(ax)
    bars = ax.bar(table["renewals"], table["derl"], color=_COLOURS["sbg"], alpha=0.85)
    for bar, p in zip(bars, table["next_renewal"], strict=True):
        ax.annotate(percent(p, 0), (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 2),
                    textcoords="offset points", ha="center", va="bottom", fontsize="x-small")
    ax.set_xlabel(label("ret_renewals"))
    ax.set_ylabel(label("ret_derl"))
    ax.set_title(label("ret_next_renewal"), fontsize="small")
    ax.set_xticks(table["renewals"])
    return ax


@checked(P.GRID, P.AX)
def plot_p_alive(grid: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Heatmap of P(alive) over frequency (rows) and recency (columns), from :func:`cslearn.retention.clv.p_alive_grid`.

    >>> from cslearn.retention.clv import p_alive_grid
    >>> from cslearn.retention.models import BetaGeometricNBD
    >>> model = BetaGeometricNBD.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> plot_p_alive(p_alive_grid(model, T=39)).get_ylabel()
    'Repeat purchases (frequency)'
    """
    ax = _axes(ax)
    repeat = grid[grid["frequency"] > 0]
    table = repeat.pivot(index="frequency", columns="recency", values="p_alive")
    recency, frequency = table.columns.to_numpy(), table.index.to_numpy()
    step_r = recency[1] - recency[0] if recency.size > 1 else 1.0
    mesh = ax.pcolormesh(
        np.append(recency - step_r / 2, recency[-1] + step_r / 2),
        np.append(frequency - 0.5, frequency[-1] + 0.5),
        table.to_numpy(), cmap="viridis", vmin=0, vmax=1, shading="flat",
    )
    bar = ax.figure.colorbar(mesh, ax=ax, format=PercentFormatter(1.0, decimals=0))
    bar.set_label(label("ret_p_alive"))
    ax.grid(False)
    ax.set_xlabel(label("ret_recency"))
    ax.set_ylabel(label("ret_frequency"))
    return ax


@checked(P.TRACKING, P.CUMULATIVE, P.AX)
def plot_purchase_tracking(tracking: pd.DataFrame, cumulative: bool = True, ax: Axes | None = None) -> Axes:
    """Actual vs BG/NBD-predicted repeat purchases by week, with the end of the calibration marked.

    ``tracking`` is :func:`cslearn.retention.clv.purchase_tracking`'s table; ``cumulative=False`` shows the
    purchases week by week instead of their running total.

    >>> frame = pd.DataFrame({"period": [1, 2, 3], "actual": [1, 2, 2], "predicted": [1.2, 1.8, 2.1],
    ...                       "actual_cumulative": [1, 3, 5], "predicted_cumulative": [1.2, 3.0, 5.1],
    ...                       "holdout": [False, False, True]})
    >>> plot_purchase_tracking(frame).get_ylabel()
    'Cumulative repeat purchases'
    """
    ax = _axes(ax)
    actual, predicted = ("actual_cumulative", "predicted_cumulative") if cumulative else ("actual", "predicted")
    ax.plot(tracking["period"], tracking[actual], "-", color=_COLOURS["actual"], lw=2, label=label("ret_actual"))
    ax.plot(tracking["period"], tracking[predicted], "--", color=_COLOURS["sbg"], lw=2, label=label("ret_predicted"))
    calibration = tracking.loc[~tracking["holdout"], "period"]
    if calibration.size and tracking["holdout"].any():
        ax.axvline(calibration.max() + 0.5, color=_COLOURS["highlight"], ls=":", lw=1.5,
                   label=label("ret_holdout_starts"))
    ax.set_xlabel(label("ret_week"))
    ax.set_ylabel(label("ret_cum_repeat" if cumulative else "ret_weekly_repeat"))
    ax.set_ylim(0, None)
    ax.legend(loc="upper left" if cumulative else "upper right")
    return ax


@checked(P.SCORES, P.COLUMN, P.CURRENCY, P.AX, P.BINS)
def plot_clv_distribution(scores: pd.DataFrame, column: str = "clv", currency: str = "$",
                          ax: Axes | None = None, bins: int = 40) -> Axes:
    """Histogram of customer lifetime values (log-scaled count), with the median, mean and top-20 % share.

    ``scores`` is :func:`cslearn.retention.clv.score_customers`'s table. ``currency`` is the symbol put
    before amounts (the CDNOW data are in US dollars). The axis says "expected value per customer",
    not "lifetime value": the values cover whatever horizon the scores were computed for.

    >>> frame = pd.DataFrame({"clv": [1.0, 2.0, 3.0, 50.0]})
    >>> plot_clv_distribution(frame).get_xlabel()
    'Expected value per customer ($)'
    """
    from cslearn.retention.clv import _values_of, top_share

    values = _values_of(scores, column)
    ax = _axes(ax)
    ax.hist(values, bins=bins, color=_COLOURS["sbg"], alpha=0.85)
    ax.set_yscale("log")
    for stat, style, key in [(np.median(values), ":", "ret_median"), (values.mean(), "--", "ret_mean")]:
        ax.axvline(stat, color=_COLOURS["highlight"], ls=style, lw=1.8, label=f"{label(key)}: {currency}{stat:,.0f}")
    share = top_share(values, 0.2) if values.sum() > 0 else 0.0
    ax.set_title(label("ret_top20").format(share=percent(share, 0)), fontsize="medium")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{currency}{v:,.0f}"))
    ax.set_xlabel(f"{label('ret_clv')} ({currency})")
    ax.set_ylabel(label("ret_customers_n"))
    ax.legend(loc="upper right")
    return ax
