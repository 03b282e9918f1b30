"""The capstone's one-page figure: a business's whole analysis in six panels (chapter 07).

The panels are the chapters' own plots, drawn on the axes of one figure from a
:class:`cslearn.capstone.CapstoneAnalysis`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from cslearn.capstone.parameters import ANALYSIS, AX, AXES, RETENTION
from cslearn.language import get_language, label
from cslearn.params import checked
from cslearn.theme import use_theme

__all__ = ["plot_business_report", "plot_monthly_retention"]

@checked(RETENTION, AX)
def plot_monthly_retention(table, ax=None):
    """The retention forecast of :func:`cslearn.plot_retention_projection`, labelled in months.

    ``table`` is ``analyse_business(...).retention.table`` (one row per month of the cohort).

    >>> from cslearn.capstone.analysis import analyse_business, load_presets
    >>> ax = plot_monthly_retention(analyse_business(load_presets()["gym"]).retention.table)
    >>> ax.get_xlabel(), ax.get_legend().get_texts()[0].get_text()
    ('Month', 'Months fitted')
    """
    from cslearn.retention.plots import plot_retention_projection

    ax = plot_retention_projection(table, ax=ax)
    ax.set_xlabel(label("month"))
    legend = ax.get_legend()
    if legend is not None:
        for text in legend.get_texts():
            if text.get_text() == label("ret_calibration"):
                text.set_text(label("capstone_months_fitted"))
    return ax


@checked(ANALYSIS, AXES)
def plot_business_report(analysis, axes=None) -> np.ndarray:
    """Six panels of one analysis: revenue per customer by model, MRR, the J-curve of cash, the
    retention forecast, the loyalty matrix and the stage ladder's LTV.

    ``analysis`` comes from :func:`cslearn.capstone.analyse_business`; ``axes`` is a 2 x 3 array of
    Axes (a new figure when ``None``). Returns the axes.

    >>> from cslearn.capstone.analysis import analyse_business, load_presets
    >>> axes = plot_business_report(analyse_business(load_presets()["gym"]))
    >>> axes.shape
    (2, 3)
    """
    from cslearn.business_models.plots import plot_model_revenue
    from cslearn.journey.plots import plot_ladder
    from cslearn.loyalty.plots import plot_loyalty_matrix
    from cslearn.value.plots import plot_cumulative_cash, plot_mrr

    use_theme()
    if axes is None:
        fig, axes = plt.subplots(2, 3, figsize=(17, 9.5), layout="constrained")
    axes = np.asarray(axes)
    plot_model_revenue(analysis.comparison, ax=axes[0, 0], column="cumulative_revenue_per_customer")
    plot_mrr(analysis.pnl.table, ax=axes[0, 1])
    plot_cumulative_cash(analysis.pnl.table, ax=axes[0, 2], summary=analysis.pnl.summary)
    plot_monthly_retention(analysis.retention.table, ax=axes[1, 0])
    plot_loyalty_matrix(analysis.customers, ax=axes[1, 1])
    plot_ladder(analysis.ladder_values, ax=axes[1, 2])
    name = analysis.preset["name_ja" if get_language() == "ja" else "name"]
    axes[0, 0].figure.suptitle(label("capstone_title").format(name=name), fontsize=15)
    return axes
