"""Exercises of chapter 06: designing customer success.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches. The inputs differ from the chapter's, so the answers
are not printed there. Each hint explains the idea with the question's own numbers; a callable
hint also names the typical wrong answer it recognises.
"""

from __future__ import annotations

import pandas as pd

from cslearn import journey
from cslearn.exercises import exercise, near, slips
from cslearn.language import tr


def _party():
    return journey.simulate_party_survey(60, rng=5)


def _delighted(satisfaction: str) -> float:
    """The share of the party delighted, by the column of satisfaction (host silent or explaining)."""
    survey = _party()
    return journey.summarise_experience(survey["expectation"], survey[satisfaction])["delighted"]


_hint_061 = slips(
    lambda: tr("Give each of the 60 guests an experience score S - E, using the satisfaction when the host says "
               "nothing (satisfaction_silent) and the guest's expectation; a guest is delighted when the score is "
               "above 0. The share is the number delighted divided by 60."),
    (lambda answer: answer > 1, lambda: tr("Give the share as a fraction (0.5 for 50 %), not a percentage.")),
    (lambda answer: near(answer, _delighted("satisfaction_explained")),
     lambda: tr("That is the share after the host explains the wine; the question is about a silent host.")),
)


@exercise("06.1", unit="rate", concepts=("C27",), hint=_hint_061)
def _():
    """A larger party: simulate_party_survey(60, rng=5). What share of the guests is delighted (satisfaction above
    expectation) when the host says nothing about the wine? Answer as a fraction to two decimal places (0.50 for 50
    %)."""
    return _delighted("satisfaction_silent")


_hint_0611 = slips(
    lambda: tr("Each guest's score becomes (S + 1) - (E + 2), so the mean moves by 1 - 2 = -1 point, except where "
               "an answer would pass the ends of the 0-10 scale: a satisfaction of 10 cannot rise to 11 and is kept "
               "at 10. Shift the answers, clip them to 0-10, then average S - E over the 60 guests "
               "(experience_what_if does this)."),
    (lambda answer: near(answer, (_party()["satisfaction_explained"] - _party()["expectation"]).mean() - 1, 0.002),
     lambda: tr("That is the mean minus exactly 1 point: it forgets that answers stop at 10.")),
)


@exercise("06.11", concepts=("C27",), hint=_hint_0611)
def _():
    """The same party, simulate_party_survey(60, rng=5), with the host explaining the wine. An advert before the
    party raises every guest's expectation by 2 points, and a better wine raises every satisfaction by 1 point
    (answers stay on the 0-10 scale). What is the new mean experience score? Give it to two decimal places."""
    table = journey.experience_what_if(_party(), expectation_shifts=[2], delivery_shifts=[1])
    return float(table["mean_score"].iloc[0])


_hint_062 = slips(
    lambda: tr("With no next plan, outgrowing the plan is one more way to leave: each month a beginner leaves with "
               "probability 0.09 + 0.06 = 0.15, so they stay 1 / 0.15 months on average and pay ¥7,000 in each."),
    (7000 / 0.06, lambda: tr("That counts only the 6 % who quit; the 9 % who outgrow the plan leave too.")),
    (7000 * 1.01 / 0.16,
     lambda: tr("That discounts later months at 1 % a month; the question asks for the revenue without "
                "discounting."), 0.0005),
    (7000 * 0.85 / 0.15,
     lambda: tr("That leaves out the first month: a new student pays for the month they join before anyone can "
                "leave."), 0.0005),
)


@exercise("06.2", unit="yen", concepts=("C28",), hint=_hint_062)
def _():
    """A dance school offers only a beginners' plan at ¥7,000 a month. Each month 9 % of beginners outgrow it (and,
    with no next plan, leave) and 6 % quit. Without discounting, what revenue does a new student bring in over their
    whole stay? Give it to the nearest yen."""
    ladder = pd.DataFrame({"stage": ["beginner"], "price": [7000.0], "advance": [0.09], "churn": [0.06]})
    return journey.ladder_ltv(ladder, discount_rate=0)


def _plans_063(discount_rate=0.01) -> pd.DataFrame:
    ladder = journey.dance_school_ladder(churn_scale=1.5)
    return journey.plan_values(ladder, discount_rate=discount_rate).set_index("plans")


def _hint_063(answer: float) -> str:
    general = tr(
        "The LTV of a new student is the first entry of (I - βQ)^-1 p with β = 1 / 1.01, Q the monthly moves "
        "among the offered stages (churn 1.5 times the table: a beginner quits at 15 % a month instead of 10 %) "
        "and p their prices. Compute it with 4 plans and with 5 (everyone who would outgrow the top plan leaves) "
        "and subtract: plan_values(ladder, discount_rate=0.01) lists the LTV for each number of plans."
    )
    table, undiscounted = _plans_063(), _plans_063(0.0)
    if any(near(answer, table.loc[k, "ltv"], 0.0005) for k in (4, 5)):
        return tr("That is an LTV, not the gain: subtract the LTV with 4 plans from the LTV with 5. ") + general
    if near(answer, undiscounted.loc[5, "gain"], 0.0005):
        return tr("That is the gain without discounting; discount later months at 1 % a month. ") + general
    if near(answer, table.loc[4, "gain"], 0.0005):
        return tr("That is what the fourth plan ('many genres') adds; the question asks about the fifth "
                  "('performing'). ") + general
    return general


@exercise("06.3", unit="yen", concepts=("C28",), hint=_hint_063)
def _():
    """A school whose students quit more often: dance_school_ladder(churn_scale=1.5), 1 % monthly discount rate. It
    offers plans for the first four stages, up to 'many genres'. By how much does adding a plan for the next stage
    ('performing') raise the LTV of a new student? Give it to the nearest yen."""
    table = _plans_063()
    return float(table.loc[5, "ltv"] - table.loc[4, "ltv"])


def _stay(ladder) -> float:
    """The months a new student is expected to stay in the school (no discounting)."""
    return float(journey.ladder_values(ladder, discount_rate=0)["expected_months"].sum())


_hint_064 = slips(
    lambda: tr("Row 0 of the fundamental matrix N = (I - Q)^-1 holds the expected months a new student spends in "
               "each stage; add them up. The first entry alone is 1 / (0.18 + 0.10): at 1.5 times the table a "
               "beginner moves up with probability 0.18 a month and quits with 0.10. ladder_values(..., "
               "discount_rate=0) gives the row as expected_months."),
    (lambda answer: near(answer, _stay(journey.dance_school_ladder()), 0.003),
     lambda: tr("That is the stay with the table's advancement; multiply every advancement by 1.5 first.")),
)


@exercise("06.4", concepts=("C28",), hint=_hint_064)
def _():
    """Better teaching: dance_school_ladder(advance_scale=1.5), with a plan for every one of the eight stages. How
    many months is a new student expected to stay in the school (no discounting)? Give it in months to one decimal
    place."""
    return _stay(journey.dance_school_ladder(advance_scale=1.5))


def _more_returns(messages: int) -> float:
    """The return visits step delivery brings beyond one-off ads after ``messages``, to 1,000 customers."""
    last = journey.compare_delivery(messages, recipients=1000).groupby("plan")["cumulative_returns"].last()
    return float(last["step delivery"] - last["one-off ads"])


_hint_065 = slips(
    lambda: tr(
        "Ads: 1,000 × 0.96^(t-1) subscribers receive ad t (4 % block after each), 0.6 × 0.85^(t-1) of them open it "
        "and 3 % of the openings bring a return visit; add 12 messages. The series: opening a video adds 1 to "
        "familiarity f, raising the next open rate to 0.6 + 0.05 f and the return chance to 0.01 + 0.005 f. "
        "compare_delivery(12) computes both exactly: subtract the cumulative returns at message 12."),
    (lambda answer: near(answer, _more_returns(8)),
     lambda: tr("That is the gap after the chapter's 8 messages, not 12.")),
)


@exercise("06.5", concepts=("C31",), hint=_hint_065)
def _():
    """A salon sends a longer series: 12 messages to 1,000 customers. With the chapter's assumptions (STEP_SERIES and
    ONE_OFF_ADS), how many more return visits does the step delivery bring in than the one-off ads, in expectation?
    Give the exact expected value to one decimal place."""
    return _more_returns(12)


_FIXES = tuple(journey.CANCELLATION_REASONS["fix"])
_FIXES_JA = dict(zip(journey.CANCELLATION_REASONS["fix_ja"], _FIXES, strict=True))


def _recovery_066() -> pd.DataFrame:
    log = journey.simulate_cancellations(800, churn=0.08, months=6, rng=0)
    return journey.recovery_by_fix(journey.tally_cancellations(log), price=5000, churn=0.08)


def _hint_066(answer) -> str:
    general = tr(
        "For each fix: kept = cancellations × prevented_share; without discounting a kept member is worth "
        "price_factor × 5,000 / 0.08 (the next-stage plan's 1.6 makes each of its members worth more; the pause "
        "plan's 3 unpaid months multiply by 0.92^3); recovered = kept × worth; then subtract the fix's cost from "
        "CANCELLATION_REASONS['cost'] and rank by what is left."
    )
    table = _recovery_066()
    by_net = [fix.lower() for fix in table["fix"]]
    by_revenue = [fix.lower() for fix in table.sort_values("recovered", ascending=False)["fix"]]
    given = _FIXES_JA.get(str(answer).strip(), str(answer).strip()).lower()
    if given == by_net[0]:
        return tr("That fix comes first net of its cost; the question asks for the third. ") + general
    if given == by_net[1]:
        return tr("That fix comes second net of its cost; the question asks for the third. ") + general
    if given == by_revenue[2]:
        return tr("That fix is third by revenue recovered, before its cost is paid. ") + general
    return general


@exercise("06.6", kind="choice", choices=_FIXES, aliases=_FIXES_JA, concepts=("C30",), hint=_hint_066)
def _():
    """Another cancellation log: simulate_cancellations(800, churn=0.08, months=6, rng=0). A kept member pays ¥5,000
    a month (times the fix's price_factor), pays nothing for the fix's pause_months first (the pause plan: a paused
    member is still there, 8 % a month leaving, but not paying) and leaves at 8 % a month, without discounting; each
    fix costs what CANCELLATION_REASONS['cost'] says. Which fix comes third when the fixes are ranked by the revenue
    they recover net of their cost? Answer with the fix's name as in CANCELLATION_REASONS (English or Japanese)."""
    return _recovery_066().loc[2, "fix"]


def _draft_067():
    """The founder's draft: customer, problem, solution and a revenue model, but no value proposition."""
    return dict(customer="office workers", problem="no time to exercise", solution="ten-minute workouts at the desk",
                revenue=journey.RevenueModel("office workers", "the workouts", "a monthly subscription",
                                             "after a free week"))


@exercise(
    "06.7", kind="choice", choices=tuple(english for _, english, _ in journey.PARTS),
    aliases={japanese: english for _, english, japanese in journey.PARTS}, concepts=("C32",),
    hint=lambda _answer: tr(
        "Value first, revenue later: the five parts are built in the order customer definition (顧客の定義), "
        "customer problem (顧客課題), solution (解決策), value proposition (提供価値), revenue model (収益モデル), "
        "and no part may be filled in while an earlier one is empty. Go through the draft's parts in that order "
        "and find the first one the founder has not written (the refusal's message names it too)."),
)
def _():
    """A founder has written down the customer definition, the customer problem, the solution and a revenue model,
    and passes them all to BusinessModel. It refuses the draft. Which part must be filled in before BusinessModel
    accepts it? Answer with its English name or its Japanese term."""
    try:
        journey.BusinessModel("draft", **_draft_067())
    except ValueError as error:
        return next(english for _, english, _ in journey.PARTS if str(error).startswith(english))
    raise AssertionError("the draft should have been refused")


_hint_068 = slips(
    lambda: tr("With plans for 3 stages, a student in 'one song' who moves up finds no plan and leaves. Doubling "
               "advancement makes more students reach 'one song' (their success rises), but they also leave it at 2 "
               "× 0.08 = 16 % a month instead of 8 %, on top of the 5 % who quit, and earlier stages pass students "
               "on faster too. Compute the LTV at advancement × 1 and × 2 (plans=3, discount_rate=0.01) and "
               "subtract."),
    (lambda answer: answer > 0,
     lambda: tr("The LTV does not rise here: there is no plan for the stage students advance into.")),
)


@exercise("06.8", unit="yen", concepts=("C29",), hint=_hint_068)
def _():
    """A school with plans for the first three stages only (dance_school_ladder(), up to 'one song'; 1 % monthly
    discount rate; everyone who outgrows the last plan leaves). It helps students advance twice as fast. By how much
    does the LTV of a new student change? Give the change to the nearest yen (negative if it falls)."""
    table = journey.success_vs_ltv(journey.dance_school_ladder(), "one song", [1.0, 2.0], plans=3,
                                   discount_rate=0.01)
    return float(table["ltv"].iloc[1] - table["ltv"].iloc[0])


def _paid(free_churn: float) -> float:
    """The MVP's paying members in month 12, when ``free_churn`` of the free members drift away each month."""
    table = journey.free_to_paid(400, new_free=30, conversion=0.05, churn=0.08, free_churn=free_churn, months=12)
    return float(table["paid"].iloc[-1])


_hint_069 = slips(
    lambda: tr("Start with F = 400 free members. Each month 0.05 × F start paying, so paid = 0.92 × paid + 0.05 × F "
               "(8 % of payers cancel), and the free members left for next month are (1 - 0.05 - 0.15) × F + 30. "
               "Repeat for 12 months, counting the first month as month 1."),
    (lambda answer: near(answer, _paid(free_churn=0.0)),
     lambda: tr("That lets no free member drift away; 15 % of them leave each month.")),
)


@exercise("06.9", concepts=("C30",), hint=_hint_069)
def _():
    """An MVP starts with 400 free members; 30 more join free each month. Each month 5 % of the free members start
    paying and 15 % drift away; paying members cancel at 8 % a month. How many paying members are there in month 12,
    in expectation? Give it to one decimal place."""
    return _paid(free_churn=0.15)


_CUSTOMERS_0610 = 15_000 * 0.08 * 0.25 * 0.12
_REVENUE_0610, _SAVED_0610 = _CUSTOMERS_0610 * 6000 / 0.08, _CUSTOMERS_0610 * 40_000
_hint_0610 = slips(
    lambda: tr("Members = 15,000 × 0.08; those with the need = members × 0.25; customers of the new business = that "
               "× 0.12. Each customer is worth ¥6,000 a month for 1 / 0.08 months on average (no discounting)."),
    (_SAVED_0610, lambda: tr("That is the acquisition cost the members' data save, not the lifetime revenue.")),
    (_REVENUE_0610 + _SAVED_0610,
     lambda: tr("That adds the acquisition cost: the ¥40,000 a stranger would cost is what the new business does "
                "not pay, not part of its revenue.")),
    (_REVENUE_0610 - _SAVED_0610,
     lambda: tr("That subtracts the acquisition cost: the ¥40,000 a stranger would cost is what the new business "
                "does not pay, not part of its revenue.")),
)


@exercise("06.10", unit="yen", concepts=("C30",), hint=_hint_0610)
def _():
    """An online school holds 8 % of a market of 15,000 people. Its member data show that 25 % of its members have a
    need for a new service, and 12 % of those would take it up at ¥6,000 a month, leaving at 8 % a month (the
    acquisition cost of a stranger would be ¥40,000). Without discounting, what lifetime revenue does the new
    business start with? Give it to the nearest yen."""
    table = journey.new_business_from_share(15_000, 0.08, need_share=0.25, take_up=0.12, price=6000, churn=0.08,
                                            cac=40_000)
    return float(table["lifetime_revenue"].iloc[0])


def _performing_ltvs():
    """A new student's LTV with every plan, at the table's advancement and at 1.25 times it."""
    return journey.success_vs_ltv(journey.dance_school_ladder(), "performing", [1.0, 1.25], discount_rate=0.01)["ltv"]


_hint_0612 = slips(
    lambda: tr("With a plan for every stage, a student who moves up always finds the next plan, so faster "
               "advancement moves students on to the next plan instead of out of the door. Compute the LTV of a new "
               "student with every advancement × 1 and × 1.25 (all eight plans, discount_rate=0.01) and subtract; "
               "success_vs_ltv(ladder, 'performing', [1.0, 1.25], discount_rate=0.01) gives both LTVs and the share "
               "who ever perform."),
    (lambda answer: near(answer, float(_performing_ltvs().iloc[1]), 0.0005),
     lambda: tr("That is the new LTV; the question asks how much it rises.")),
    (lambda answer: answer < 0,
     lambda: tr("The LTV does not fall here: every stage students advance into has a plan.")),
)


@exercise("06.12", unit="yen", concepts=("C29",), hint=_hint_0612)
def _():
    """The chapter's school with a plan for every stage (dance_school_ladder(), 1 % monthly discount rate). Better
    support makes every stage's advancement 1.25 times the table, so more students ever perform in front of an
    audience. By how much does the LTV of a new student rise? Give it to the nearest yen."""
    ltv = _performing_ltvs()
    return float(ltv.iloc[1] - ltv.iloc[0])
