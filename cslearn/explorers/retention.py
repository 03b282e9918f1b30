"""Explorers of chapter 04: how many years to fit, how heterogeneous a cohort is, who is still alive.

Each is a thin view: the numbers come from :mod:`cslearn.retention`, :mod:`cslearn.clv` and the
fitted models, the figures from :mod:`cslearn.plotting.retention`.
"""

from __future__ import annotations

import ipywidgets as widgets

from cslearn._validate import check_choice
from cslearn.clv import p_alive_grid
from cslearn.data import load_dataset
from cslearn.formatting import percent
from cslearn.ltv import lifetime_value
from cslearn.models import BetaGeometricNBD, ShiftedBetaGeometric
from cslearn.plotting.retention import (
    plot_p_alive,
    plot_retention_projection,
    plot_retention_rates,
    plot_sbg_curves,
)
from cslearn.retention import project_retention, sbg_curves

from . import Explorer, slider

__all__ = ["retention_projection_explorer", "sbg_explorer", "p_alive_explorer"]

# Fader, Hardie & Lee (2005), Table 1: BG/NBD fitted to the CDNOW sample's first 39 weeks
CDNOW_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def retention_projection_explorer(segment: str = "regular", observed: int = 7) -> Explorer:
    """Fit sBG and constant churn to the first ``observed`` years of a published cohort; project to year 12.

    The cohorts are Fader & Hardie's (2007) "regular" and "high end" segments
    (``load_dataset("retention_cohorts_published")``).

    >>> view = retention_projection_explorer(observed=7)
    >>> view.controls["observed"].value = 3
    >>> "3 years" in view.text.value
    True
    """
    cohorts = load_dataset("retention_cohorts_published")
    segments = [c for c in cohorts.columns if c != "year"]
    check_choice("segment", segment, segments)
    project_retention(cohorts[segment], observed)  # refuse bad starting values
    controls = {
        "segment": widgets.ToggleButtons(options=segments, value=segment, description="Segment"),
        "observed": slider("Years observed", observed, 1, len(cohorts) - 2, 1, integer=True),
    }

    def compute(segment, observed):
        return project_retention(cohorts[segment], observed)

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_retention_projection(result.table, ax=left)
        plot_retention_rates(result.table, ax=right)

    def readout(result):
        s, last = result.summary, result.table.iloc[-1]
        return (
            f"Fitted to {s['observed_periods']} years: sBG alpha = {s['alpha']:.3f}, beta = {s['beta']:.3f}; "
            f"constant churn {percent(s['churn'])}. Year {int(last['period'])}: actual <b>{last['actual']:,.0f}</b>, "
            f"sBG <b>{last['sbg']:,.0f}</b>, constant churn <b>{last['constant_churn']:,.0f}</b>. "
            f"Mean error on the held-back years: sBG {percent(s['sbg_error'])}, "
            f"constant churn {percent(s['constant_error'])}."
        )

    return Explorer(controls, compute, draw, readout, figsize=(11, 4))


def sbg_explorer(alpha: float = 0.704, beta: float = 1.182, discount_rate: float = 0.1,
                 n_periods: int = 12) -> Explorer:
    """sBG heterogeneity: alpha and beta on sliders; survival and retention vs constant churn; DEL.

    The constant churn is the sBG's first-period churn :math:`\\alpha/(\\alpha+\\beta)`; its DEL
    is chapter 03's :math:`(1+d)/(d+c)` (:func:`cslearn.lifetime_value` with an ARPU of 1).

    >>> view = sbg_explorer()
    >>> view.controls["beta"].value = 3.0
    >>> "first-period churn 19.0 %" in view.text.value
    True
    """
    sbg_curves(alpha, beta, n_periods)  # refuse bad starting values
    lifetime_value(1.0, 0.5, discount_rate=discount_rate)
    controls = {
        "alpha": slider("alpha (α)", alpha, 0.1, 5.0, 0.05),
        "beta": slider("beta (β)", beta, 0.1, 10.0, 0.05),
        "discount_rate": slider("Discount rate per period", discount_rate, 0.0, 0.3, 0.01, fmt=".0%"),
    }

    def compute(alpha, beta, discount_rate):
        model = ShiftedBetaGeometric.from_params(alpha=alpha, beta=beta)
        first_churn = alpha / (alpha + beta)
        return {
            "curves": sbg_curves(alpha, beta, n_periods),
            "first_churn": first_churn,
            "del_sbg": model.discounted_expected_lifetime(discount_rate) if discount_rate > 0 else None,
            "del_constant": lifetime_value(1.0, first_churn, discount_rate=discount_rate),
        }

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_sbg_curves(result["curves"], "survival", ax=left)
        plot_sbg_curves(result["curves"], "retention", ax=right)

    def readout(result):
        end = result["curves"].iloc[-1]
        value = ("(set a discount rate above 0 for a finite DEL)" if result["del_sbg"] is None else
                 f"DEL: sBG <b>{result['del_sbg']:.2f}</b> periods vs constant churn "
                 f"<b>{result['del_constant']:.2f}</b>")
        return (
            f"Same first-period churn {percent(result['first_churn'])}; after {int(end['period'])} periods "
            f"the sBG cohort keeps <b>{percent(end['survival'])}</b>, the constant-churn one "
            f"<b>{percent(end['constant_survival'])}</b>. {value}."
        )

    return Explorer(controls, compute, draw, readout, figsize=(11, 4))


def p_alive_explorer(frequency: int = 4, recency: float = 20.0, T: float = 39.0, params: dict | None = None,
                     horizon: float = 52.0) -> Explorer:
    """One customer's P(alive) and expected purchases from her frequency, recency and T (BG/NBD).

    ``params`` defaults to the BG/NBD fitted to CDNOW by Fader, Hardie & Lee (2005); times in weeks.

    >>> view = p_alive_explorer(frequency=4, recency=20, T=39)
    >>> view.controls["recency"].value = 38.0
    >>> "P(alive) = <b>86.1 %</b>" in view.text.value
    True
    """
    model = BetaGeometricNBD.from_params(**(params or CDNOW_BGNBD))
    model.probability_alive(frequency, recency, T)  # refuse bad starting values
    controls = {
        "frequency": slider("Repeat purchases (frequency)", frequency, 0, 20, 1, integer=True),
        "recency": slider("Last purchase at week (recency)", recency, 0.0, 78.0, 0.5),
        "T": slider("Weeks since first purchase (T)", T, 1.0, 78.0, 0.5),
    }

    def compute(frequency, recency, T):
        return {
            "frequency": frequency, "recency": recency,
            "p_alive": model.probability_alive(frequency, recency, T),
            "expected": model.conditional_expected_purchases(horizon, frequency, recency, T),
            "grid": p_alive_grid(model, T, max_frequency=max(10, frequency), n_recency=40),
        }

    def draw(result, figure):
        ax = plot_p_alive(result["grid"], ax=figure.add_subplot())
        if result["frequency"] > 0:
            ax.plot(result["recency"], result["frequency"], "o", ms=12, mfc="none", mec="#ff7f0e", mew=2.5)

    def readout(result):
        return (
            f"P(alive) = <b>{percent(result['p_alive'])}</b>; expected repeat purchases in the next "
            f"{horizon:g} weeks: <b>{result['expected']:.2f}</b>."
        )

    return Explorer(controls, compute, draw, readout, figsize=(8, 4.5))
