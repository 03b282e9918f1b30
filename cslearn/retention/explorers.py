"""Explorers of chapter 04: a mix of two segments, how many years to fit, how heterogeneous a cohort is,
who is still alive, what the customers are worth.

Each is a thin view: the numbers come from :mod:`cslearn.retention.curves`, :mod:`cslearn.retention.clv` and the
fitted models, the figures from :mod:`cslearn.retention.plots`.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import ipywidgets as widgets
import numpy as np

from cslearn._validate import check_choice
from cslearn.data import load_dataset
from cslearn.explorer import Explorer, sliders
from cslearn.formatting import percent, plural
from cslearn.language import tr
from cslearn.params import checked, declarations_of
from cslearn.retention import parameters as P
from cslearn.retention.clv import clv_summary, p_alive_grid, score_customers
from cslearn.retention.curves import mixture_retention, project_retention, sbg_curves
from cslearn.retention.models import BetaGeometricNBD, ShiftedBetaGeometric
from cslearn.retention.plots import (
    plot_clv_distribution,
    plot_mixture,
    plot_p_alive,
    plot_retention_projection,
    plot_retention_rates,
    plot_sbg_curves,
)
from cslearn.value.ltv import lifetime_value

__all__ = ["mixture_explorer", "retention_projection_explorer", "sbg_explorer", "p_alive_explorer", "clv_explorer"]

# Fader, Hardie & Lee (2005), Table 1: BG/NBD fitted to the CDNOW sample's first 39 weeks
CDNOW_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}



def _segment_names() -> dict[str, str]:
    """The published cohorts' names, in the learner's language."""
    return {"regular": tr("Regular"), "high_end": tr("High end")}


@checked(P.N_PERIODS, churn_1=P.SEGMENT_CHURN, churn_2=P.SEGMENT_CHURN, share_1=P.SEGMENT_SHARE)
def mixture_explorer(churn_1: float = 0.5, churn_2: float = 0.1, share_1: float = 0.5,
                     n_periods: int = 12) -> Explorer:
    """Two segments with constant churns on sliders: the cohort's retention rate rises all the same (C18).

    Segment 1 (churn ``churn_1``, share ``share_1`` of the cohort) and segment 2 (``churn_2``,
    the rest); the numbers are :func:`cslearn.retention.mixture_retention`'s, the figure
    :func:`cslearn.retention.plots.plot_mixture`'s.

    >>> view = mixture_explorer()
    >>> view.controls["share_1"].value = 0.8
    >>> "year 1: <b>58.0 %</b>" in view.text.value     # 0.8 x 0.5 + 0.2 x 0.9
    True
    """
    mixture_retention([churn_1, churn_2], [share_1, 1 - share_1], n_periods)  # refuse bad starting values
    percent_format = {"fmt": ".0%"}
    controls = sliders(declarations_of(mixture_explorer), locals(), {
        "churn_1": "Churn of segment 1", "churn_2": "Churn of segment 2", "share_1": "Share of segment 1",
    }, churn_1=percent_format, churn_2=percent_format, share_1=percent_format)

    def compute(churn_1, churn_2, share_1):
        return {"table": mixture_retention([churn_1, churn_2], [share_1, 1 - share_1], n_periods),
                "churn": [churn_1, churn_2]}

    def draw(result, figure):
        plot_mixture(result["table"], churn=result["churn"], ax=figure.add_subplot())

    def readout(result):
        table = result["table"]
        first, last = table.loc[1, "retention_rate"], table.iloc[-1]
        if not last["survival"] > 0:
            return tr("Every customer has left by then: no retention rate to show.")
        return tr(
            "Retention rate in year 1: <b>{first}</b>; in year {year}: <b>{last}</b>. Segment 1 is {share} of "
            "the customers still there (it was {start} at the start).",
            first=percent(first), year=int(last["period"]), last=percent(last["retention_rate"]),
            share=percent(last["share_1"]), start=percent(table.loc[0, "share_1"]),
        )

    return Explorer(controls, compute, draw, readout, figsize=(8, 4.5))


@checked(P.SEGMENT, P.OBSERVED_YEARS)
def retention_projection_explorer(segment: str = "regular", observed: int = 7) -> Explorer:
    """Fit sBG and constant churn to the first ``observed`` years of a published cohort; project to year 12.

    The cohorts are Fader & Hardie's (2007) "regular" and "high end" segments
    (``load_dataset("retention_cohorts_published")``). The years observed run from 2 (one year
    cannot separate the average churn from its spread) to 11 (so that at least one year is held
    back); ``observed`` outside that range is refused rather than moved silently. The constant
    churn is the chapter's baseline B: one churn fitted to the same years by maximum likelihood.
    When an sBG parameter runs to the edge of its range (the high-end cohort's first two years,
    whose retention rate falls), the readout says so instead of presenting the numbers as
    estimates.

    >>> view = retention_projection_explorer(observed=7)
    >>> "3 years" in view.set(observed=3)
    True
    >>> retention_projection_explorer(observed=1)
    Traceback (most recent call last):
    ...
    ValueError: observed must be a whole number of years from 2 to 11 (got 1)
    """
    cohorts = load_dataset("retention_cohorts_published")
    segments = [c for c in cohorts.columns if c != "year"]
    check_choice("segment", segment, segments)
    longest = len(cohorts) - 2  # at least one year held back
    if isinstance(observed, bool) or not isinstance(observed, (int, np.integer)) or not 2 <= observed <= longest:
        raise ValueError(f"observed must be a whole number of years from 2 to {longest} (got {observed!r})")
    with warnings.catch_warnings():  # refuse bad starting values (a fit at the edge is not one)
        warnings.simplefilter("ignore")
        project_retention(cohorts[segment], observed)
    controls = {
        "segment": widgets.ToggleButtons(options=[(_segment_names().get(s, s), s) for s in segments],
                                         value=segment, description=tr("Segment")),
        **sliders(declarations_of(retention_projection_explorer), {"observed": observed},
                  {"observed": "Years observed"}, observed={"high": longest}),
    }

    def compute(segment, observed):
        with warnings.catch_warnings():  # a fit at the edge is reported in the readout instead
            warnings.simplefilter("ignore")
            return project_retention(cohorts[segment], observed)

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_retention_projection(result.table, ax=left)
        plot_retention_rates(result.table, ax=right)

    def readout(result):
        s, last = result.summary, result.table.iloc[-1]
        warning = ""
        if result.collapsed or not result.converged:
            edge = (tr(" ({parameters} at the edge of the allowed range)", parameters=", ".join(result.at_bound))
                    if result.at_bound else "" if result.converged else tr(" (the optimiser did not converge)"))
            warning = tr(
                "<br><b style='color:#b00'>Warning: the sBG fit is not identified{edge}. "
                "The years seen show no rising retention rate, so they cannot tell a mixed cohort from a "
                "homogeneous one: the sBG has collapsed to (nearly) constant churn. Observe more years.</b>",
                edge=edge,
            )
        return tr(
            "Fitted to {years}: sBG alpha = {alpha}, beta = {beta}; "
            "baseline B (one constant churn fitted to the same years) {churn}. "
            "Year {year}: actual <b>{actual}</b>, sBG <b>{sbg}</b>, baseline B <b>{constant}</b>. "
            "Mean error (mean absolute percentage error of the counts) on the held-back years: "
            "sBG {sbg_error}, baseline B {constant_error}.{warning}",
            years=plural(s["observed_periods"], "year"), alpha=f"{s['alpha']:,.3f}", beta=f"{s['beta']:,.3f}",
            churn=percent(s["churn"]), year=int(last["period"]), actual=f"{last['actual']:,.0f}",
            sbg=f"{last['sbg']:,.0f}", constant=f"{last['constant_churn']:,.0f}", sbg_error=percent(s["sbg_error"]),
            constant_error=percent(s["constant_error"]), warning=warning,
        )

    return Explorer(controls, compute, draw, readout, figsize=(11, 4))


@checked(P.SBG_ALPHA, P.SBG_BETA, P.DISCOUNT_RATE, P.N_PERIODS)
def sbg_explorer(alpha: float = 0.704, beta: float = 1.182, discount_rate: float = 0.1,
                 n_periods: int = 12) -> Explorer:
    """sBG heterogeneity: alpha and beta on sliders; survival and retention vs constant churn; DEL.

    The constant churn is the chapter's baseline A, the sBG's first-period churn
    :math:`\\alpha/(\\alpha+\\beta)` held constant; its DEL
    is chapter 03's :math:`(1+d)/(d+c)` (:func:`cslearn.lifetime_value` with an ARPU of 1). At a
    discount rate of 0 the sBG's DEL is the expected lifetime :math:`(\\alpha+\\beta-1)/(\\alpha-1)`,
    finite only when :math:`\\alpha > 1`. The discount rate moves only the DEL values in the
    readout (the curves are undiscounted), and the readout says so.

    >>> view = sbg_explorer()
    >>> "first-period churn 19.0 %" in view.set(beta=3.0)
    True
    """
    sbg_curves(alpha, beta, n_periods)  # refuse bad starting values
    lifetime_value(1.0, 0.5, discount_rate=discount_rate)
    controls = sliders(declarations_of(sbg_explorer), locals(), {
        "alpha": "alpha (α)", "beta": "beta (β)", "discount_rate": "Discount rate per period",
    }, discount_rate={"fmt": ".0%"})

    def compute(alpha, beta, discount_rate):
        model = ShiftedBetaGeometric.from_params(alpha=alpha, beta=beta)
        first_churn = alpha / (alpha + beta)
        return {
            "curves": sbg_curves(alpha, beta, n_periods),
            "first_churn": first_churn,
            "del_sbg": float(model.discounted_expected_lifetime(discount_rate)),
            "del_constant": lifetime_value(1.0, first_churn, discount_rate=discount_rate),
        }

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_sbg_curves(result["curves"], "survival", ax=left)
        plot_sbg_curves(result["curves"], "retention", ax=right)

    def readout(result):
        end = result["curves"].iloc[-1]
        if np.isfinite(result["del_sbg"]):
            value = tr("DEL: sBG <b>{sbg:.2f}</b> periods vs baseline A <b>{constant:.2f}</b> (the discount rate "
                       "moves only these two numbers, not the curves).",
                       sbg=result["del_sbg"], constant=result["del_constant"])
        else:
            value = tr("The sBG's undiscounted expected lifetime is infinite (alpha ≤ 1: enough customers "
                       "almost never leave); set a discount rate above 0 for a finite DEL.")
        return tr(
            "Same first-period churn {churn}; after {periods} the sBG cohort keeps <b>{sbg}</b>, baseline A "
            "(that churn held constant) <b>{constant}</b>. {value}",
            churn=percent(result["first_churn"]), periods=plural(int(end["period"]), "period"),
            sbg=percent(end["survival"]), constant=percent(end["constant_survival"]), value=value,
        )

    return Explorer(controls, compute, draw, readout, figsize=(11, 4))


@checked(P.CUSTOMER_FREQUENCY, P.CUSTOMER_RECENCY, P.BGNBD_PARAMS, P.HORIZON, T=P.T_OBSERVED)
def p_alive_explorer(frequency: int = 4, recency: float = 20.0, T: float = 39.0, params: dict | None = None,
                     horizon: float = 52.0) -> Explorer:
    """One customer's P(alive) and expected purchases from her frequency, recency and T (BG/NBD).

    ``params`` defaults to the BG/NBD fitted to CDNOW by Fader, Hardie & Lee (2005); times in weeks.
    A repeat purchase comes after the first one, so with ``frequency`` above 0 the recency is at
    least half a week (the slider's step) and at most T. Lowering T pulls the recency down with it;
    raising T again gives back the recency chosen last (as far as the new T allows). With no repeat
    purchase there is no recency: its slider is switched off (the model reads recency 0) but keeps
    the value chosen, which counts again as soon as the frequency is back above 0. Such a customer
    is alive for sure under the BG/NBD, which lets a customer drop out only just after a repeat
    purchase.

    >>> view = p_alive_explorer(frequency=4, recency=20, T=39)
    >>> "P(alive) = <b>86.1 %</b>" in view.set(recency=38.0)
    True
    >>> view.controls["frequency"].value = 0
    >>> "P(alive) = <b>86.1 %</b>" in view.set(frequency=4)  # recency is still week 38
    True
    >>> view.controls["T"].value = 10.0          # recency follows T down ...
    >>> view.controls["T"].value = 39.0          # ... and comes back with it
    >>> view.controls["recency"].value
    38.0
    """
    model = BetaGeometricNBD.from_params(**(params or CDNOW_BGNBD))
    model.probability_alive(frequency, recency if frequency > 0 else 0.0, T)  # refuse bad starting values
    if recency > T:
        raise ValueError(f"recency must be at most T = {T:g} (got {recency:g})")
    if frequency > 0 and recency < 0.5:
        raise ValueError(f"recency must be at least 0.5 weeks when frequency is above 0: a repeat purchase comes "
                         f"after the first one (got {recency:g})")
    start = {"frequency": frequency, "recency": max(recency, 0.5), "T": T}
    controls = sliders(declarations_of(p_alive_explorer), start, {
        "frequency": "Repeat purchases (frequency)", "recency": "Last purchase at week (recency)",
        "T": "Weeks since first purchase (T)",
    }, recency={"high": T})  # a repeat purchase comes at most T weeks after the first
    controls["recency"].disabled = frequency == 0
    chosen = {"recency": max(recency, 0.5), "following": False}  # the recency the user set last

    # these run before the explorer's own observers (registered later), so it redraws a valid state
    def remember_recency(change):
        if not chosen["following"]:
            chosen["recency"] = change["new"]

    def follow_T(change):
        chosen["following"] = True
        try:
            controls["recency"].max = change["new"]  # clips recency to T if needed
            controls["recency"].value = min(chosen["recency"], change["new"])  # and gives it back as T rises
        finally:
            chosen["following"] = False

    def follow_frequency(change):
        controls["recency"].disabled = change["new"] == 0  # the value stays for when purchases return

    controls["recency"].observe(remember_recency, names="value")
    controls["T"].observe(follow_T, names="value")
    controls["frequency"].observe(follow_frequency, names="value")

    def compute(frequency, recency, T):
        recency = recency if frequency > 0 else 0.0  # no repeat purchase, no recency
        return {
            "frequency": frequency, "recency": recency, "T": T,
            "p_alive": model.probability_alive(frequency, recency, T),
            "expected": model.conditional_expected_purchases(horizon, frequency, recency, T),
            "grid": p_alive_grid(model, T, max_frequency=max(10, frequency), n_recency=40),
        }

    def draw(result, figure):
        ax = plot_p_alive(result["grid"], ax=figure.add_subplot())
        if result["frequency"] > 0:
            ax.plot(result["recency"], result["frequency"], "o", ms=12, mfc="none", mec="#ff7f0e", mew=2.5)

    def readout(result):
        weeks, p_alive = plural(result["T"], "week"), percent(result["p_alive"])
        if result["frequency"] == 0:
            history = tr("A customer who has made no repeat purchase in the {weeks} since her first purchase is "
                         "alive for sure under the BG/NBD: P(alive) = <b>{p_alive}</b>.", weeks=weeks, p_alive=p_alive)
        else:
            history = tr("A customer who has made {purchases} in the {weeks} since her first purchase, the last in "
                         "week {recency:g}: P(alive) = <b>{p_alive}</b>.",
                         purchases=plural(result["frequency"], "repeat purchase"), weeks=weeks,
                         recency=result["recency"], p_alive=p_alive)
        return history + tr(" Expected number of repeat purchases in the next {weeks}: <b>{expected:.2f}</b>.",
                            weeks=plural(horizon, "week"), expected=result["expected"])

    return Explorer(controls, compute, draw, readout, figsize=(8, 4.5))


def _currency_symbol(argument, value):
    """A currency symbol: text of 1 to 3 characters, not blank (``$``, ``¥``, ``円``, ``US$``)."""
    P.CURRENCY.check_(argument, value)
    if not value.strip() or len(value) > 3:
        raise ValueError(f"{argument} must be a currency symbol of 1 to 3 characters, such as '$' or '¥' "
                         f"(got {value!r})")
    return value


#: the CLV explorer's arguments: the library's declarations, narrowed to what the explorer shows. The
#: table must hold spend (monetary_value, up to the cap on a period's value); the margin is above 0 (at 0
#: every customer is worth nothing and there is no top 20 % to show; its slider starts at 5 %); the
#: discount rate a month is at most 100 %; a discounting period lasts at least 1 of the models' units
#: and the horizon at most 10,000 of them, so the horizon holds at most the models' 10,000 periods
CLV_RFM = replace(P.RFM, columns={**P.RFM.columns, "monetary_value": "number"},
                  ranges={**P.RFM.ranges, "monetary_value": (0, P.MAX_YEN)})
CLV_MARGIN = replace(P.MARGIN, low_open=True)
CLV_DISCOUNT_RATE = replace(P.DISCOUNT_RATE, high=1.0)
CLV_PERIOD_LENGTH = replace(P.PERIOD_LENGTH, low=1, low_open=False)
CLV_HORIZON = replace(P.WEEKS, high=P.MAX_PERIODS)
CLV_CURRENCY = replace(P.CURRENCY, check_=_currency_symbol, bad=P.CURRENCY.bad + ("", " ", "no such option"))


@checked(CLV_RFM, P.FITTED_GAMMAGAMMA, CLV_MARGIN, CLV_DISCOUNT_RATE, CLV_PERIOD_LENGTH, CLV_CURRENCY,
         bgnbd=P.FITTED_BGNBD, horizon=CLV_HORIZON)
def clv_explorer(rfm, bgnbd, gammagamma, margin: float = 0.3, horizon: int = 52, discount_rate: float = 0.01,
                 period_length: float = 52 / 12, currency: str = "$") -> Explorer:
    """Customer value from BG/NBD and Gamma-Gamma with the margin, horizon and discount rate on sliders (C20).

    ``rfm`` is :func:`cslearn.retention.transactions.rfm_summary`'s table (with ``monetary_value``),
    ``bgnbd`` and ``gammagamma`` the fitted models; ``horizon`` is in the models' time unit
    (weeks), ``discount_rate`` per discounting period of ``period_length`` (52/12 weeks: a month).
    The numbers are :func:`cslearn.retention.clv.score_customers` and :func:`cslearn.retention.clv.clv_summary`, the
    figure :func:`cslearn.retention.plots.plot_clv_distribution`.

    >>> import pandas as pd
    >>> from cslearn.retention.models import GammaGamma
    >>> rfm = pd.DataFrame({"frequency": [0, 5], "recency": [0.0, 35.0], "T": [39.0, 39.0],
    ...                     "monetary_value": [0.0, 40.0]})
    >>> view = clv_explorer(rfm, BetaGeometricNBD.from_params(**CDNOW_BGNBD),
    ...                     GammaGamma.from_params(p=6.25, q=3.74, gamma=15.44), margin=1.0)
    >>> view.controls["discount_rate"].value = 0.0
    >>> "the 2 customers are worth <b>$166</b>" in view.text.value        # 8.85 + 157.49, as score_customers
    True
    """
    score_customers(rfm, bgnbd, gammagamma, horizon=horizon, discount_rate=discount_rate,
                    period_length=period_length, margin=margin)  # refuse bad starting values
    controls = sliders(declarations_of(clv_explorer), locals(), {
        "margin": "Margin on spend", "horizon": "Horizon (weeks)", "discount_rate": "Discount rate per month",
    }, margin={"fmt": ".0%"}, discount_rate={"high": 0.03, "step": 0.0025, "fmt": ".2%"})  # a monthly rate here

    def compute(margin, horizon, discount_rate):
        scores = score_customers(rfm, bgnbd, gammagamma, horizon=horizon, discount_rate=discount_rate,
                                 period_length=period_length, margin=margin)
        return {"scores": scores, "summary": clv_summary(scores), "margin": margin, "horizon": horizon,
                "discount_rate": discount_rate}

    def draw(result, figure):
        plot_clv_distribution(result["scores"], currency=currency, ax=figure.add_subplot())

    def readout(result):
        s = result["summary"]
        return tr(
            "Over the next {weeks}, at a {margin} margin and a discount rate of {rate} a month, the {customers} "
            "are worth <b>{total}</b> in all (a value over this horizon, not over their lifetime); the top 20 % "
            "hold <b>{top_share}</b> of it. The median customer is worth {median}, the best {best}.",
            weeks=plural(result["horizon"], "week"), margin=percent(result["margin"], 0),
            rate=percent(result["discount_rate"], 2), customers=plural(s["customers"], "customer"),
            total=f"{currency}{s['total']:,.0f}", top_share=percent(s["top_share"]),
            median=f"{currency}{s['median']:,.2f}", best=f"{currency}{s['best']:,.2f}",
        )

    return Explorer(controls, compute, draw, readout, figsize=(8, 4.5))
