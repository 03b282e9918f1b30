"""Explorers of chapter 06: the stage ladder, expectation vs delivery, step delivery.

Each is a thin view: the compute step is a :mod:`cslearn.journey` function, the figure comes from
:mod:`cslearn.plotting.journey`.
"""

from __future__ import annotations

from cslearn import journey
from cslearn.explorers import Explorer, slider
from cslearn.formatting import percent, yen
from cslearn.plotting.journey import (
    plot_delivery,
    plot_experience,
    plot_ladder,
    plot_plan_values,
)

__all__ = ["ladder_explorer", "experience_explorer", "delivery_explorer"]


def ladder_explorer(advance_scale=1.0, churn_scale=1.0, plans=4, discount_rate=0.01) -> Explorer:
    """The dance school's ladder: advancement and churn (as multiples of the table), plans offered.

    The readout compares the LTV of a new student with the plans offered, with one more plan for
    the next stage, and with a plan for every stage.

    >>> view = ladder_explorer(plans=4)
    >>> view.controls["plans"].value = 5
    >>> "5 stages" in view.text.value
    True
    """
    ladder = journey.dance_school_ladder(advance_scale, churn_scale)
    journey.ladder_ltv(ladder, plans, discount_rate=discount_rate)  # refuse bad starting values
    n = len(ladder)
    controls = {
        "advance_scale": slider("Advancement (× the table)", advance_scale, 0.0, 3.0, 0.1),
        "churn_scale": slider("Churn (× the table)", churn_scale, 0.2, 3.0, 0.1),
        "plans": slider("Stages with a plan", plans, 1, n, 1, integer=True),
        "discount_rate": slider("Monthly discount rate", discount_rate, 0.0, 0.05, 0.005, fmt=".1%"),
    }

    def compute(advance_scale, churn_scale, plans, discount_rate):
        table = journey.dance_school_ladder(advance_scale, churn_scale)
        values = journey.ladder_values(table, plans, discount_rate=discount_rate)
        values["stage_ja"] = table["stage_ja"]
        by_plans = journey.plan_values(table, discount_rate=discount_rate)
        return {"values": values, "plans": plans, "by_plans": by_plans, "n": len(table)}

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_ladder(result["values"], ax=left)
        plot_plan_values(result["by_plans"], ax=right, chosen=result["plans"])

    def readout(result):
        by = result["by_plans"].set_index("plans")
        k, n = result["plans"], result["n"]
        now = by.loc[k, "ltv"]
        nxt = (f"; with a plan for the next stage ({by.loc[k + 1, 'top_stage']}) <b>{yen(by.loc[k + 1, 'ltv'])}</b> "
               f"(+{yen(by.loc[k + 1, 'gain'])})") if k < n else ""
        top = result["values"].loc[k - 1]
        return (
            f"LTV of a new student with plans for {k} stages: <b>{yen(now)}</b>{nxt}; with every stage "
            f"{yen(by.loc[n, 'ltv'])}. Expected stay {by.loc[k, 'months']:.1f} months; "
            f"{percent(top['reach'])} reach '{top['stage']}'."
        )

    return Explorer(controls, compute, draw, readout, figsize=(11, 4))


def experience_explorer(expectation=4.0, quality=5.5, explanation_lift=2.0, guests=40, seed=3) -> Explorer:
    """The party survey: move the guests' expectation, the wine's taste and the host's explanation.

    >>> view = experience_explorer()
    >>> view.controls["expectation"].value = 8.0
    >>> "disappointed" in view.text.value
    True
    """
    journey.simulate_party_survey(guests, expectation=expectation, quality=quality,
                                  explanation_lift=explanation_lift, seed=seed)
    controls = {
        "expectation": slider("Guests' expectation (0-10)", expectation, 0.0, 10.0, 0.5),
        "quality": slider("Taste of the wine (0-10)", quality, 0.0, 10.0, 0.5),
        "explanation_lift": slider("What the explanation adds", explanation_lift, 0.0, 4.0, 0.5),
    }

    def compute(expectation, quality, explanation_lift):
        survey = journey.simulate_party_survey(guests, expectation=expectation, quality=quality,
                                               explanation_lift=explanation_lift, seed=seed)
        return {
            "survey": survey,
            "silent": journey.summarise_experience(survey["expectation"], survey["satisfaction_silent"]),
            "explained": journey.summarise_experience(survey["expectation"], survey["satisfaction_explained"]),
        }

    def draw(result, figure):
        plot_experience(result["survey"], ax=figure.add_subplot())

    def readout(result):
        s, e = result["silent"], result["explained"]
        return (
            f"Mean score without a word: <b>{s['mean_score']:+.2f}</b> ({percent(s['delighted'], 0)} delighted, "
            f"{percent(s['disappointed'], 0)} disappointed); after the host explains: <b>{e['mean_score']:+.2f}</b> "
            f"({percent(e['delighted'], 0)} delighted, {percent(e['disappointed'], 0)} disappointed)."
        )

    return Explorer(controls, compute, draw, readout)


def delivery_explorer(messages=8, lift=None, fatigue=None, fan_threshold=5) -> Explorer:
    """Step delivery vs one-off ads: the familiarity lift of helpful messages and the fatigue of ads.

    >>> view = delivery_explorer()
    >>> view.controls["fatigue"].value = 0.0
    >>> "fans" in view.text.value
    True
    """
    lift = journey.STEP_SERIES.lift if lift is None else lift
    fatigue = journey.ONE_OFF_ADS.fatigue if fatigue is None else fatigue
    journey.delivery_outcomes(journey.STEP_SERIES, messages, fan_threshold=fan_threshold)
    controls = {
        "messages": slider("Messages in the series", messages, 2, 20, 1, integer=True),
        "lift": slider("Open-rate lift per helpful message opened", lift, 0.0, 0.1, 0.01, fmt=".0%"),
        "fatigue": slider("Open-rate fall per advertisement", fatigue, 0.0, 0.4, 0.01, fmt=".0%"),
    }

    def compute(messages, lift, fatigue):
        from dataclasses import replace

        plans = (replace(journey.STEP_SERIES, lift=lift), replace(journey.ONE_OFF_ADS, fatigue=fatigue))
        return journey.compare_delivery(messages, fan_threshold=fan_threshold, plans=plans)

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_delivery(result, ax=left, column="open_rate")
        plot_delivery(result, ax=right, column="cumulative_returns")

    def readout(result):
        last = result.groupby("plan", sort=False).last()
        step, ads = last.loc["step delivery"], last.loc["one-off ads"]
        return (
            f"After {int(step['message'])} messages to 1,000 customers: step delivery "
            f"<b>{step['cumulative_returns']:.0f}</b> return visits and <b>{step['fans']:.0f}</b> fans; "
            f"one-off ads <b>{ads['cumulative_returns']:.0f}</b> return visits and {ads['fans']:.0f} fans."
        )

    return Explorer(controls, compute, draw, readout, figsize=(11, 4))
