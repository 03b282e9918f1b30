"""Exercises of chapter 06: designing customer success.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches.
"""

from __future__ import annotations

import pandas as pd

from cslearn import journey
from cslearn.exercises import exercise


@exercise(
    "06.1",
    "In the chapter's party survey (simulate_party_survey(), 40 guests, seed 3), what share of the guests "
    "is delighted (satisfaction above expectation) when the host says nothing about the wine?",
    unit="rate",
    abs_tol=1e-9,
    hint="Compare the columns satisfaction_silent and expectation guest by guest; summarise_experience does it.",
)
def _():
    survey = journey.simulate_party_survey()
    return journey.summarise_experience(survey["expectation"], survey["satisfaction_silent"])["delighted"]


@exercise(
    "06.2",
    "A dance school offers only a beginners' plan at ¥6,000 a month. Each month 12 % of beginners outgrow it "
    "(and, with no next plan, leave) and 10 % quit. Without discounting, what revenue does a new student "
    "bring in over their whole stay?",
    unit="yen",
    hint="A student leaves with probability 0.12 + 0.10 a month, so stays 1 / 0.22 months on average.",
)
def _():
    ladder = pd.DataFrame({"stage": ["beginner"], "price": [6000.0], "advance": [0.12], "churn": [0.10]})
    return journey.ladder_ltv(ladder, discount_rate=0)


@exercise(
    "06.3",
    "Take the chapter's dance school (dance_school_ladder(), 1 % monthly discount rate). A school offers plans "
    "for the first four stages, up to 'many genres'. By how much does adding a plan for the next stage "
    "('stage') raise the LTV of a new student?",
    unit="yen",
    hint="plan_values() gives the LTV for 1, 2, ..., 8 plans; compare 4 and 5.",
)
def _():
    table = journey.plan_values(journey.dance_school_ladder(), discount_rate=0.01).set_index("plans")
    return float(table.loc[5, "ltv"] - table.loc[4, "ltv"])


@exercise(
    "06.4",
    "With a plan for every one of the eight stages of dance_school_ladder(), how many months is a new student "
    "expected to stay in the school (no discounting)?",
    unit="month",
    hint="Row 0 of the fundamental matrix N = (I - Q)^-1 holds the expected months in each stage; add them up.",
)
def _():
    return float(journey.ladder_values(journey.dance_school_ladder(), discount_rate=0)["expected_months"].sum())


@exercise(
    "06.5",
    "A salon sends 8 messages to 1,000 customers. With the chapter's assumptions (STEP_SERIES and ONE_OFF_ADS), "
    "how many more return visits does the step delivery bring in than the one-off ads, in expectation?",
    hint="compare_delivery(8) gives cumulative_returns for both; take the last message of each.",
)
def _():
    table = journey.compare_delivery(8, recipients=1000)
    last = table.groupby("plan")["cumulative_returns"].last()
    return float(last["step delivery"] - last["one-off ads"])


_FIXES = tuple(journey.CANCELLATION_REASONS["fix"])


@exercise(
    "06.6",
    "The online school's cancellation log is simulate_cancellations(500, churn=0.06, months=6, seed=0). "
    "A kept member pays ¥5,000 a month and leaves at 6 % a month. Which fix recovers the most revenue? "
    "Answer with the fix's name as in CANCELLATION_REASONS.",
    kind="choice",
    choices=_FIXES,
    hint="The most frequent reason is not always the costliest: multiply by the share each fix prevents.",
)
def _():
    log = journey.simulate_cancellations(500, churn=0.06, months=6, seed=0)
    table = journey.recovery_by_fix(journey.tally_cancellations(log), price=5000, churn=0.06)
    return table.loc[0, "fix"]


@exercise(
    "06.7",
    "A founder has written down the customer definition, the customer problem and a revenue model, and wants to "
    "fill in the rest later. Which part must be filled in before BusinessModel accepts the draft? "
    "Answer with its English name.",
    kind="choice",
    choices=tuple(english for _, english, _ in journey.PARTS),
    hint="Value first, revenue later: the parts go customer, problem, solution, value, revenue.",
)
def _():
    draft = journey.BusinessModel("draft", customer="c", problem="p")
    return draft.next_step
