"""Exercises of chapter 06: designing customer success.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches. The inputs differ from the chapter's, so the answers
are not printed there.
"""

from __future__ import annotations

import pandas as pd

from cslearn import journey
from cslearn.exercises import exercise


@exercise(
    "06.1",
    "A larger party: simulate_party_survey(60, seed=5). What share of the guests is delighted (satisfaction "
    "above expectation) when the host says nothing about the wine? Answer as a fraction (0.5 for 50 %).",
    unit="rate",
    abs_tol=0.005,
    hint="Compare the columns satisfaction_silent and expectation guest by guest; summarise_experience does it.",
)
def _():
    survey = journey.simulate_party_survey(60, seed=5)
    return journey.summarise_experience(survey["expectation"], survey["satisfaction_silent"])["delighted"]


@exercise(
    "06.2",
    "A dance school offers only a beginners' plan at ¥7,000 a month. Each month 9 % of beginners outgrow it "
    "(and, with no next plan, leave) and 6 % quit. Without discounting, what revenue does a new student "
    "bring in over their whole stay?",
    unit="yen",
    hint="With no next plan, outgrowing the plan is one more way to leave. How many months does a student "
         "stay on average when they leave with a constant probability each month?",
)
def _():
    ladder = pd.DataFrame({"stage": ["beginner"], "price": [7000.0], "advance": [0.09], "churn": [0.06]})
    return journey.ladder_ltv(ladder, discount_rate=0)


@exercise(
    "06.3",
    "A school whose students quit more often: dance_school_ladder(churn_scale=1.5), 1 % monthly discount rate. "
    "It offers plans for the first four stages, up to 'many genres'. By how much does adding a plan for the "
    "next stage ('stage') raise the LTV of a new student?",
    unit="yen",
    hint="plan_values() gives the LTV for 1, 2, ..., 8 plans of the ladder you give it.",
)
def _():
    table = journey.plan_values(journey.dance_school_ladder(churn_scale=1.5), discount_rate=0.01).set_index("plans")
    return float(table.loc[5, "ltv"] - table.loc[4, "ltv"])


@exercise(
    "06.4",
    "Better teaching: dance_school_ladder(advance_scale=1.5), with a plan for every one of the eight stages. "
    "How many months is a new student expected to stay in the school (no discounting)? Answer in months.",
    hint="Row 0 of the fundamental matrix N = (I - Q)^-1 holds the expected months in each stage; add them up.",
)
def _():
    ladder = journey.dance_school_ladder(advance_scale=1.5)
    return float(journey.ladder_values(ladder, discount_rate=0)["expected_months"].sum())


@exercise(
    "06.5",
    "A salon sends a longer series: 12 messages to 1,000 customers. With the chapter's assumptions (STEP_SERIES "
    "and ONE_OFF_ADS), how many more return visits does the step delivery bring in than the one-off ads, in "
    "expectation?",
    hint="compare_delivery gives cumulative_returns for both plans; take each plan's last message.",
)
def _():
    table = journey.compare_delivery(12, recipients=1000)
    last = table.groupby("plan")["cumulative_returns"].last()
    return float(last["step delivery"] - last["one-off ads"])


_FIXES = tuple(journey.CANCELLATION_REASONS["fix"])


@exercise(
    "06.6",
    "Another cancellation log: simulate_cancellations(800, churn=0.08, months=6, seed=0). A kept member pays "
    "¥5,000 a month (times the fix's price_factor) and leaves at 8 % a month. Which fix recovers the "
    "second-most revenue? Answer with the fix's name as in CANCELLATION_REASONS.",
    kind="choice",
    choices=_FIXES,
    hint="Tally the log, then rank the fixes with recovery_by_fix at the price and churn of the question.",
)
def _():
    log = journey.simulate_cancellations(800, churn=0.08, months=6, seed=0)
    table = journey.recovery_by_fix(journey.tally_cancellations(log), price=5000, churn=0.08)
    return table.loc[1, "fix"]


@exercise(
    "06.7",
    "A founder has written down the customer definition, the customer problem, the solution and a revenue "
    "model. Which part must be filled in before BusinessModel accepts the draft? Answer with its English name.",
    kind="choice",
    choices=tuple(english for _, english, _ in journey.PARTS),
    hint="Value first, revenue later: the parts go customer, problem, solution, value, revenue.",
)
def _():
    draft = journey.BusinessModel("draft", customer="c", problem="p", solution="s")
    return draft.next_step


@exercise(
    "06.8",
    "A school with plans for the first three stages only (dance_school_ladder(), up to 'one song'; 1 % monthly "
    "discount rate; everyone who outgrows the last plan leaves). It helps students advance twice as fast. By "
    "how much does the LTV of a new student change? (Negative if it falls.)",
    unit="yen",
    hint="success_vs_ltv takes the plans offered and a list of advancement scales; compare 1 and 2.",
)
def _():
    table = journey.success_vs_ltv(journey.dance_school_ladder(), "one song", [1.0, 2.0], plans=3,
                                   discount_rate=0.01)
    return float(table["ltv"].iloc[1] - table["ltv"].iloc[0])


@exercise(
    "06.9",
    "An MVP starts with 400 free members; 30 more join free each month. Each month 5 % of the free members "
    "start paying and 15 % drift away; paying members cancel at 8 % a month. How many paying members are "
    "there in month 12?",
    hint="free_to_paid has a free_churn argument for the free members who drift away.",
)
def _():
    table = journey.free_to_paid(400, new_free=30, conversion=0.05, churn=0.08, free_churn=0.15, months=12)
    return float(table["paid"].iloc[-1])
