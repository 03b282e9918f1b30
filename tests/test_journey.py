"""Chapter 06's library: expectation vs satisfaction, the stage ladder, step delivery, the service loop,
the business model in order. Exact results are checked against hand calculations, independent closed
forms and seeded simulations."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cslearn as cs
from cslearn import journey

# --- expectation vs satisfaction (C27) -----------------------------------------------------------


def test_experience_score_by_hand():
    assert cs.experience_score([3, 5, 8], [7, 5, 6]).tolist() == [4, 0, -2]
    summary = cs.summarise_experience([3, 5, 8, 4], [7, 5, 6, 6])
    assert summary.to_dict() == {"mean_expectation": 5.0, "mean_satisfaction": 6.0, "mean_score": 1.0,
                                 "delighted": 0.5, "met": 0.25, "disappointed": 0.25}


def test_party_survey_is_seeded_and_the_explanation_helps():
    a, b = cs.simulate_party_survey(rng=3), cs.simulate_party_survey(rng=3)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(cs.simulate_party_survey(rng=4))
    assert (a["score_explained"] >= a["score_silent"]).all()
    assert a[["expectation", "satisfaction_silent", "satisfaction_explained"]].isin(range(11)).all().all()
    # a large party recovers the assumed means: expectation 4, taste 5.5, explanation +2
    big = cs.simulate_party_survey(20_000, rng=0)
    assert big["expectation"].mean() == pytest.approx(4.0, abs=0.05)
    assert big["score_explained"].mean() - big["score_silent"].mean() == pytest.approx(2.0, abs=0.05)


@settings(max_examples=40, deadline=None)
@given(
    answers=st.lists(st.tuples(st.integers(3, 7), st.integers(3, 7)), min_size=1, max_size=30),
    de=st.floats(-3, 3),
    ds=st.floats(-3, 3),
)
def test_what_if_moves_the_mean_by_delivery_minus_expectation(answers, de, ds):
    survey = pd.DataFrame(answers, columns=["expectation", "satisfaction_explained"]).astype(float)
    base = cs.experience_what_if(survey)["mean_score"].iloc[0]
    moved = cs.experience_what_if(survey, [de], [ds])["mean_score"].iloc[0]
    # answers between 3 and 7 moved by at most 3 never leave the 0-10 scale
    assert moved - base == pytest.approx(ds - de, abs=1e-9)


def test_what_if_is_monotone_even_at_the_ends_of_the_scale():
    survey = cs.simulate_party_survey(rng=1)
    grid = cs.experience_what_if(survey, np.arange(-6, 7), np.arange(-6, 7))
    table = grid.pivot(index="delivery_shift", columns="expectation_shift", values="mean_score")
    assert (np.diff(table.to_numpy(), axis=0) >= -1e-12).all()  # more delivery, higher score
    assert (np.diff(table.to_numpy(), axis=1) <= 1e-12).all()  # higher expectation, lower score


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: cs.experience_score([3, 4], [5]), "one answer per guest"),
        (lambda: cs.experience_score([11], [5]), "expectation must be between 0 and 10"),
        (lambda: cs.simulate_party_survey(0), "guests must be a whole number between 1 and"),
        (lambda: cs.simulate_party_survey(quality=12), "quality must be between 0 and 10"),
        (lambda: cs.experience_what_if(pd.DataFrame({"x": [1]})), "missing the column"),
    ],
)
def test_expectation_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- the stage ladder (C28, C29) ------------------------------------------------------------------


def closed_form_ltv(price, advance, churn, plans, d):
    """LTV by reach products, written independently of the matrix code.

    The chain only moves up, so the discounted months spent in stage k are
    prod_{j<k} [beta a_j / (1 - beta s_j)] * 1 / (1 - beta s_k), with s the probability of staying.
    """
    beta, total, carry = 1 / (1 + d), 0.0, 1.0
    for k in range(plans):
        stay = 1 - advance[k] - churn[k]
        months = carry / (1 - beta * stay)
        total += price[k] * months
        carry *= beta * advance[k] / (1 - beta * stay)
    return total


def test_one_plan_by_hand():
    ladder = cs.dance_school_ladder()
    # 6,000 a month; a beginner leaves (or outgrows the only plan) with probability 0.22 a month
    assert cs.ladder_ltv(ladder, plans=1, discount_rate=0) == pytest.approx(6000 / 0.22)
    # the course's convention with discounting: p (1 + d) / (d + leave)
    assert cs.ladder_ltv(ladder, plans=1, discount_rate=0.01) == pytest.approx(6000 * 1.01 / 0.23)
    same_as_chapter_03 = cs.lifetime_value(6000, 0.22, discount_rate=0.01)
    assert cs.ladder_ltv(ladder, plans=1, discount_rate=0.01) == pytest.approx(same_as_chapter_03)


def test_two_plans_by_hand():
    ladder = cs.dance_school_ladder()
    # beginner: 1 / 0.22 months; reaches basics with 0.12 / 0.22 and stays 1 / 0.16 months there
    expected = 6000 / 0.22 + 0.12 / 0.22 * 8000 / 0.16
    assert cs.ladder_ltv(ladder, plans=2, discount_rate=0) == pytest.approx(expected)


@pytest.mark.parametrize("plans", [1, 3, 8])
@pytest.mark.parametrize("d", [0.0, 0.01, 0.03])
def test_fundamental_matrix_matches_the_closed_form(plans, d):
    ladder = cs.dance_school_ladder()
    want = closed_form_ltv(ladder["price"], ladder["advance"], ladder["churn"], plans, d)
    assert cs.ladder_ltv(ladder, plans, discount_rate=d) == pytest.approx(want, rel=1e-12)
    values = cs.ladder_values(ladder, plans, discount_rate=d)
    assert values["expected_revenue"].sum() == pytest.approx(want, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(st.tuples(st.floats(0, 50_000), st.floats(0, 0.5), st.floats(0.01, 0.5)), min_size=1, max_size=8),
    d=st.floats(0, 0.05),
    margin=st.floats(0, 1),
)
def test_random_ladders_match_the_closed_form(data, d, margin):
    ladder = pd.DataFrame(data, columns=["price", "advance", "churn"])
    ladder.insert(0, "stage", [f"s{i}" for i in range(len(ladder))])
    plans = len(ladder)
    want = margin * closed_form_ltv(ladder["price"], ladder["advance"], ladder["churn"], plans, d)
    assert cs.ladder_ltv(ladder, discount_rate=d, margin=margin) == pytest.approx(want, rel=1e-9, abs=1e-6)
    matrix = cs.ladder_matrix(ladder)
    assert np.allclose(matrix.sum(axis=1), 1.0)
    table = cs.plan_values(ladder, discount_rate=d, margin=margin)
    assert (np.diff(table["ltv"]) >= -1e-9).all()  # another plan never lowers the LTV


def test_exact_ltv_matches_a_seeded_simulation():
    ladder = cs.dance_school_ladder()
    horizon = 240
    sim = cs.simulate_ladder(ladder, customers=20_000, months=horizon, discount_rate=0.01, rng=6)
    exact = cs.ladder_ltv(ladder, discount_rate=0.01, horizon=horizon)
    se = sim["discounted_revenue"].std() / math.sqrt(len(sim))
    assert abs(sim["discounted_revenue"].mean() - exact) < 4 * se
    # months: undiscounted expected stay from the fundamental matrix; the horizon cuts off almost nothing
    values = cs.ladder_values(ladder, discount_rate=0.01)
    months_se = sim["months"].std() / math.sqrt(len(sim))
    assert abs(sim["months"].mean() - values["expected_months"].sum()) < 4 * months_se + 0.05
    # reach: the share of students whose highest stage is at least k
    for k, reach in enumerate(values["reach"]):
        share = (sim["top_stage"] >= k).mean()
        assert abs(share - reach) < 4 * math.sqrt(reach * (1 - reach) / len(sim)) + 1e-3


def test_simulation_without_the_next_plan_matches_too():
    ladder = cs.dance_school_ladder(churn_scale=2)
    sim = cs.simulate_ladder(ladder, plans=3, customers=20_000, discount_rate=0, rng=2)
    exact = cs.ladder_ltv(ladder, plans=3, discount_rate=0)
    assert abs(sim["revenue"].mean() - exact) < 4 * sim["revenue"].std() / math.sqrt(len(sim))
    assert sim["top_stage"].max() <= 2


def test_horizon_converges_to_the_whole_life():
    ladder = cs.dance_school_ladder()
    whole = cs.ladder_ltv(ladder)
    assert cs.ladder_ltv(ladder, horizon=1) == pytest.approx(6000)
    assert cs.ladder_ltv(ladder, horizon=60) < cs.ladder_ltv(ladder, horizon=120) < whole
    assert cs.ladder_ltv(ladder, horizon=5000) == pytest.approx(whole, rel=1e-9)


def test_values_and_occupancy_are_consistent():
    ladder = cs.dance_school_ladder()
    values = cs.ladder_values(ladder, plans=5)
    assert values["offered"].tolist() == [True] * 5 + [False] * 3
    assert (values.loc[5:, ["reach", "expected_months", "expected_revenue"]] == 0).all().all()
    assert values["reach"].iloc[0] == 1.0
    assert values["reach"].iloc[1] == pytest.approx(0.12 / 0.22)
    # value_from_here of the first stage is the LTV
    assert values["value_from_here"].iloc[0] == pytest.approx(cs.ladder_ltv(ladder, plans=5))
    occupancy = cs.ladder_occupancy(ladder, plans=5, months=400)
    stages = occupancy.drop(columns="month")
    assert np.allclose(stages.sum(axis=1), 1.0)
    # undiscounted months in each stage = sum of the occupancy over months
    assert np.allclose(stages.iloc[:, :5].sum().to_numpy(), values["expected_months"].iloc[:5], rtol=1e-6)


def test_helping_students_succeed_raises_success_and_ltv_together():
    table = cs.success_vs_ltv(cs.dance_school_ladder(), "performing", [0.5, 1.0, 1.5, 2.0])
    assert table["reach_goal"].is_monotonic_increasing
    assert table["ltv"].is_monotonic_increasing
    ladder = cs.dance_school_ladder()
    assert cs.ladder_ltv(cs.dance_school_ladder(churn_scale=0.5)) > cs.ladder_ltv(ladder)


def test_start_from_a_later_stage():
    ladder = cs.dance_school_ladder()
    values = cs.ladder_values(ladder)
    assert cs.ladder_ltv(ladder, start="teacher") == pytest.approx(values["value_from_here"].iloc[-1])
    teacher = ladder.iloc[-1]
    assert cs.ladder_ltv(ladder, start="teacher", discount_rate=0) == pytest.approx(teacher["price"] / teacher["churn"])


def test_outgrown_stay_keeps_some_students_in_the_top_plan():
    ladder = cs.dance_school_ladder()
    # one plan: of the 0.12 who outgrow it, a share s stays, so a beginner leaves at 0.10 + (1 - s) 0.12
    for s in (0.0, 0.5, 1.0):
        want = 6000 / (0.10 + (1 - s) * 0.12)
        assert cs.ladder_ltv(ladder, plans=1, discount_rate=0, outgrown_stay=s) == pytest.approx(want)
    # with every plan there is nothing to outgrow: the share does not matter
    assert cs.ladder_ltv(ladder, outgrown_stay=1.0) == pytest.approx(cs.ladder_ltv(ladder))
    matrix = cs.ladder_matrix(ladder, plans=2, outgrown_stay=0.5)
    assert matrix.loc["basics", "basics"] == pytest.approx(1 - 0.10 - 0.06 + 0.05)
    assert np.allclose(matrix.sum(axis=1), 1.0)
    sim = cs.simulate_ladder(ladder, plans=2, customers=20_000, discount_rate=0, outgrown_stay=0.5, rng=3)
    exact = cs.ladder_ltv(ladder, plans=2, discount_rate=0, outgrown_stay=0.5)
    assert abs(sim["revenue"].mean() - exact) < 4 * sim["revenue"].std() / math.sqrt(len(sim))
    with pytest.raises(ValueError, match="outgrown_stay must be between 0 and 1"):
        cs.ladder_ltv(ladder, plans=2, outgrown_stay=1.5)


def test_success_and_ltv_part_ways_without_the_next_plan():
    ladder = cs.dance_school_ladder()
    table = cs.success_vs_ltv(ladder, "basics", [1.0, 2.0], plans=2, discount_rate=0)
    assert table["reach_goal"].iloc[1] > table["reach_goal"].iloc[0]
    # by hand: 6000 / (0.22 x) + (0.12 x / (0.22 x)) ... with advance scaled by x in both stages
    def two_plans(x):
        leave0 = 0.12 * x + 0.10
        return 6000 / leave0 + 0.12 * x / leave0 * 8000 / (0.10 * x + 0.06)
    assert table["ltv"].tolist() == pytest.approx([two_plans(1.0), two_plans(2.0)])
    assert table["ltv"].iloc[1] < table["ltv"].iloc[0]  # success up, LTV down
    # if everyone who outgrows the last plan stays in it, faster advancement no longer costs the school
    kept = cs.success_vs_ltv(ladder, "basics", [1.0, 2.0], plans=2, outgrown_stay=1.0)
    assert kept["ltv"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda L: cs.ladder_ltv(L, plans=0), "plans must be a whole number at least 1"),
        (lambda L: cs.ladder_ltv(L, plans=9), "plans must be a whole number between 1 and 8"),
        (lambda L: cs.ladder_ltv(L, discount_rate=-0.1), "discount_rate must be between 0 and 1"),
        (lambda L: cs.ladder_ltv(L, margin=1.5), "margin must be between 0 and 1"),
        (lambda L: cs.ladder_ltv(L, start="expert"), "start must be one of"),
        (lambda L: cs.ladder_ltv(L.assign(churn=0.95)), "advance \\+ churn must be at most 1"),
        (lambda L: cs.ladder_ltv(L.assign(churn=0.0)), "churn at stage 'teacher' must be greater than 0"),
        (lambda L: cs.ladder_ltv(L.assign(stage="x")), "must name each stage once"),
        (lambda L: cs.ladder_ltv(L.drop(columns="price")), "missing the column"),
        (lambda L: cs.ladder_ltv(L.assign(price=-1.0)), "price.* must hold numbers from 0 to 1e\\+12"),
        (lambda L: cs.simulate_ladder(L, customers=0), "customers must be a whole number"),
        (lambda L: cs.success_vs_ltv(L, "expert"), "goal must be one of"),
        (lambda L: cs.dance_school_ladder(churn_scale=-1), "churn_scale must be between 0 and 10"),
    ],
)
def test_ladder_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call(cs.dance_school_ladder())


def test_ladder_wrong_types():
    with pytest.raises(TypeError, match="ladder must be a pandas DataFrame"):
        cs.ladder_ltv([1, 2, 3])
    with pytest.raises(TypeError, match="plans must be a whole number"):
        cs.ladder_ltv(cs.dance_school_ladder(), plans=2.5)


# --- step delivery (C31) --------------------------------------------------------------------------


def test_ads_by_hand():
    ads = cs.delivery_outcomes(journey.ONE_OFF_ADS, 3, recipients=1000)
    subscribers = [1000, 960, 921.6]
    opens = [1000 * 0.6, 960 * 0.6 * 0.85, 921.6 * 0.6 * 0.85**2]
    assert ads["subscribers"].tolist() == pytest.approx(subscribers)
    assert ads["opens"].tolist() == pytest.approx(opens)
    assert ads["returns"].tolist() == pytest.approx([0.03 * o for o in opens])
    assert (ads["fans"] == 0).all()


def test_step_series_first_two_messages_by_hand():
    s = journey.STEP_SERIES
    table = cs.delivery_outcomes(s, 2, recipients=1000, fan_threshold=1)
    assert table["opens"].iloc[0] == pytest.approx(600)
    assert table["returns"].iloc[0] == pytest.approx(600 * (s.return_rate + s.return_lift))
    assert table["fans"].iloc[0] == pytest.approx(600 * 0.99)  # one helpful message opened, then blocks
    # message 2: 594 familiar subscribers open at 0.65, 396 others at 0.6
    assert table["opens"].iloc[1] == pytest.approx(594 * 0.65 + 396 * 0.6)


@pytest.mark.parametrize("plan", [journey.STEP_SERIES, journey.ONE_OFF_ADS])
def test_delivery_exact_matches_simulation(plan):
    n = 40_000
    exact = cs.delivery_outcomes(plan, 10, recipients=n)
    sim = cs.simulate_delivery(plan, 10, recipients=n, rng=11)
    for column in ["subscribers", "opens", "returns", "fans"]:
        tolerance = 5 * np.sqrt(np.maximum(exact[column], 1.0)) + 1
        assert (np.abs(sim[column] - exact[column]) < tolerance).all(), column


def test_step_delivery_builds_fans_and_returns_over_a_series():
    table = cs.compare_delivery(8)
    last = table.groupby("plan").last()
    first = table.groupby("plan").first()
    assert first.loc["one-off ads", "returns"] > first.loc["step delivery", "returns"]  # ads win the first message
    assert last.loc["step delivery", "cumulative_returns"] > last.loc["one-off ads", "cumulative_returns"]
    assert last.loc["step delivery", "fans"] > 0 == last.loc["one-off ads", "fans"]
    step = table[table["plan"] == "step delivery"]
    assert step["open_rate"].is_monotonic_increasing


def test_ads_make_fans_only_through_the_same_familiarity_rule():
    from dataclasses import replace

    ads = journey.ONE_OFF_ADS
    assert ads.familiarity == 0.25 and journey.STEP_SERIES.familiarity == 1.0
    # a fan needs familiarity 1: one opened ad gives 0.25, so four opened ads are needed
    table = cs.delivery_outcomes(replace(ads, fatigue=0.0, block_rate=0.0), 4, recipients=1000, fan_threshold=1)
    assert table["fans"].tolist() == pytest.approx([0, 0, 0, 1000 * 0.6**4])
    # the same ads at a helpful video's familiarity make fans, opens permitting
    warm = cs.delivery_outcomes(replace(ads, familiarity=1.0), 8)
    assert warm["fans"].iloc[-1] > 0 == cs.delivery_outcomes(ads, 8)["fans"].iloc[-1]
    same = replace(journey.STEP_SERIES, helpful=False, familiarity=1.0)  # "helpful" only sets the default
    assert cs.delivery_outcomes(same, 6).drop(columns="plan").equals(
        cs.delivery_outcomes(journey.STEP_SERIES, 6).drop(columns="plan"))


def test_delivery_with_partial_familiarity_matches_simulation():
    from dataclasses import replace

    plan = replace(journey.ONE_OFF_ADS, familiarity=0.5, fatigue=0.02, return_lift=0.01, lift=0.05)
    n = 40_000
    exact = cs.delivery_outcomes(plan, 10, recipients=n, fan_threshold=2)
    sim = cs.simulate_delivery(plan, 10, recipients=n, fan_threshold=2, rng=12)
    assert exact["fans"].iloc[-1] > 1000
    for column in ["subscribers", "opens", "returns", "fans"]:
        tolerance = 5 * np.sqrt(np.maximum(exact[column], 1.0)) + 1
        assert (np.abs(sim[column] - exact[column]) < tolerance).all(), column


def test_delivery_bad_input():
    with pytest.raises(TypeError, match="plan must be a MessagePlan"):
        cs.delivery_outcomes("ads")
    with pytest.raises(ValueError, match="open_rate must be between 0 and 1"):
        journey.MessagePlan("x", helpful=True, open_rate=1.5)
    with pytest.raises(ValueError, match="messages must be a whole number"):
        cs.delivery_outcomes(journey.STEP_SERIES, 0)
    with pytest.raises(TypeError, match="helpful must be True or False"):
        journey.MessagePlan("x", helpful="yes")
    with pytest.raises(ValueError, match="familiarity must be"):
        journey.MessagePlan("x", helpful=False, familiarity=-1)
    with pytest.raises(ValueError, match="fan_threshold must be"):
        cs.delivery_outcomes(journey.STEP_SERIES, 3, fan_threshold=0)


# --- the service-building loop (C30) --------------------------------------------------------------


def test_free_to_paid_by_hand():
    table = cs.free_to_paid(200, new_free=20, conversion=0.1, price=3000, churn=0.1, free_churn=0.2, months=3)
    free = [200, 200 * 0.7 + 20, (200 * 0.7 + 20) * 0.7 + 20]
    paid, p = [], 0.0
    for f in free:
        p = 0.9 * p + 0.1 * f
        paid.append(p)
    assert table["free"].tolist() == pytest.approx(free)
    assert table["paid"].tolist() == pytest.approx(paid)
    assert table["revenue"].tolist() == pytest.approx([3000 * x for x in paid])


def test_free_members_drift_away_so_not_everyone_pays():
    # one cohort of free members, nobody new: the share that ever pays is v / (v + q)
    table = cs.free_to_paid(1000, new_free=0, conversion=0.05, churn=0.0, free_churn=0.15, months=400)
    assert table["paid"].iloc[-1] == pytest.approx(1000 * 0.05 / 0.20, rel=1e-6)
    everyone = cs.free_to_paid(1000, new_free=0, conversion=0.05, churn=0.0, free_churn=0.0, months=400)
    assert everyone["paid"].iloc[-1] == pytest.approx(1000, rel=1e-6)
    with pytest.raises(ValueError, match="conversion \\+ free_churn must be at most 1"):
        cs.free_to_paid(conversion=0.6, free_churn=0.6)


def test_cancellation_log_tally_and_recovery():
    log = cs.simulate_cancellations(2000, churn=0.06, months=6, rng=5)
    expected = 2000 * (1 - 0.94**6)
    assert abs(len(log) - expected) < 4 * math.sqrt(expected)
    assert log["member"].is_unique and log["month"].between(1, 6).all()
    tally = cs.tally_cancellations(log)
    assert tally["cancellations"].sum() == len(log)
    assert tally["cancellations"].is_monotonic_decreasing
    assert tally["share"].sum() == pytest.approx(1.0)
    recovery = cs.recovery_by_fix(tally, price=5000, churn=0.06)
    reasons = journey.CANCELLATION_REASONS.set_index("reason")
    for _, row in recovery.iterrows():
        reason = reasons.loc[row["reason"]]
        kept = row["cancellations"] * reason["prevented_share"]
        # undiscounted: f p / c, after m unpaid months that each member survives with probability 0.94
        worth = reason["price_factor"] * 5000 / 0.06 * 0.94 ** reason["pause_months"]
        assert row["recovered"] == pytest.approx(kept * worth)
        assert row["net"] == pytest.approx(kept * worth - reason["cost"])
    assert recovery["net"].is_monotonic_decreasing
    assert recovery["cumulative_net"].iloc[-1] == pytest.approx(recovery["net"].sum())


def test_fixes_are_ranked_net_of_their_cost_and_margin_scales_the_revenue():
    reasons = pd.DataFrame({"reason": ["a", "b"], "share": [0.5, 0.5], "fix": ["cheap", "dear"],
                            "prevented_share": [0.5, 0.5], "cost": [10_000, 500_000]})
    tally = pd.DataFrame({"reason": ["a", "b"], "cancellations": [10, 20]})
    table = cs.recovery_by_fix(tally, price=1000, churn=0.1, reasons=reasons)
    # cheap: 5 kept x 10,000 - 10,000 = 40,000; dear: 10 kept x 10,000 - 500,000 = -400,000
    assert table["fix"].tolist() == ["cheap", "dear"]
    assert table["net"].tolist() == pytest.approx([40_000, -400_000])
    assert table["recovered"].tolist() == pytest.approx([50_000, 100_000])  # dear recovers more, nets less
    half = cs.recovery_by_fix(tally, price=1000, churn=0.1, reasons=reasons, margin=0.5)
    assert half["recovered"].tolist() == pytest.approx([25_000, 50_000])
    assert "cost" in journey.CANCELLATION_REASONS and (journey.CANCELLATION_REASONS["cost"] >= 0).all()
    with pytest.raises(ValueError, match="cost"):
        cs.recovery_by_fix(tally, reasons=reasons.assign(cost=[-1, 0]))
    with pytest.raises(ValueError, match="margin must be between 0 and 1"):
        cs.recovery_by_fix(tally, reasons=reasons, margin=2)


def test_a_won_share_becomes_a_new_business_by_hand():
    table = cs.new_business_from_share(15_000, [0.0, 0.08, 0.16], need_share=0.25, take_up=0.12, price=6000,
                                       churn=0.08, cac=40_000)
    assert table["members"].tolist() == pytest.approx([0, 1200, 2400])
    assert table["customers"].tolist() == pytest.approx([0, 36, 72])  # 1,200 x 0.25 x 0.12
    assert table["value_per_customer"].iloc[0] == pytest.approx(6000 / 0.08)
    assert table["lifetime_revenue"].iloc[1] == pytest.approx(36 * 75_000)
    assert table["acquisition_saved"].iloc[1] == pytest.approx(36 * 40_000)
    one = cs.new_business_from_share(15_000, 0.08, need_share=0.25, take_up=0.12, price=6000, churn=0.08, cac=40_000)
    assert len(one) == 1 and one["customers"].iloc[0] == pytest.approx(36)
    discounted = cs.new_business_from_share(15_000, 0.08, price=6000, churn=0.08, discount_rate=0.01)
    assert discounted["value_per_customer"].iloc[0] == pytest.approx(6000 * 1.01 / 0.09)
    with pytest.raises(ValueError, match="shares must be between 0 and 1"):
        cs.new_business_from_share(15_000, [1.5])
    with pytest.raises(ValueError, match="need_share must be between 0 and 1"):
        cs.new_business_from_share(15_000, 0.1, need_share=-0.1)
    with pytest.raises(TypeError, match="shares must"):
        cs.new_business_from_share(15_000, "a lot")


def test_service_bad_input():
    with pytest.raises(ValueError, match="conversion must be between 0 and 1"):
        cs.free_to_paid(conversion=2)
    with pytest.raises(ValueError, match="unknown: 'too loud'"):
        cs.recovery_by_fix(pd.DataFrame({"reason": ["too loud"], "cancellations": [3]}))
    bad = journey.CANCELLATION_REASONS.assign(share=0.5)
    with pytest.raises(ValueError, match="add up to 1"):
        cs.simulate_cancellations(reasons=bad)


# --- the business model in order (C32) ------------------------------------------------------------


def test_business_model_must_be_built_in_order():
    revenue = cs.RevenueModel("students", "classes", "monthly fee", "each month")
    with pytest.raises(ValueError, match=r"value proposition \(提供価値\) must be filled in before the revenue model"):
        cs.BusinessModel("school", customer="c", problem="p", solution="s", revenue=revenue)
    with pytest.raises(ValueError, match="customer definition .* must be filled in before the customer problem"):
        cs.BusinessModel("school", problem="p")
    with pytest.raises(ValueError, match="how .* must be filled in"):
        cs.RevenueModel("students", "classes", "  ", "each month")
    with pytest.raises(TypeError, match="revenue must be a RevenueModel"):
        cs.BusinessModel("school", customer="c", problem="p", solution="s", value="v", revenue="monthly")
    with pytest.raises(ValueError, match="name must be filled in"):
        cs.BusinessModel("")


def test_business_model_draft_and_table():
    draft = cs.BusinessModel("school", customer="c", problem="p")
    assert draft.next_step == "solution" and not draft.complete
    for name in journey.ARTICLE_BUSINESSES:
        model = cs.article_business_model(name)
        assert model.complete and model.next_step is None
        table = model.to_frame()
        assert len(table) == 8 and (table["content"].str.len() > 0).all()
        assert table["step"].tolist() == [1, 2, 3, 4, 5, 5, 5, 5]
    ja = cs.article_business_model("dance school").to_frame("ja")
    assert ja["part"].iloc[0] == "顧客の定義"


def test_five_points_name_functions_that_exist():
    table = cs.five_points()
    assert table["point"].nunique() == 5
    assert set(table["chapter"]) >= {"03_otv_vs_ltv", "06_designing_success"}
    with pytest.raises(LookupError, match="does not exist"):
        journey.business_model._resolve("journey.no_such_function")


def test_recovery_values_a_pause_below_and_a_next_plan_above_a_plain_save():
    reasons = pd.DataFrame({"reason": ["a", "b", "c"], "share": [0.4, 0.3, 0.3], "fix": ["x", "y", "z"],
                            "prevented_share": [0.5, 0.5, 0.5], "price_factor": [1.0, 1.0, 2.0],
                            "pause_months": [0, 4, 0]})
    tally = pd.DataFrame({"reason": ["a", "b", "c"], "cancellations": [10, 10, 10]})
    table = cs.recovery_by_fix(tally, price=1000, churn=0.1, discount_rate=0.02, reasons=reasons).set_index("fix")
    plain = 1000 * 1.02 / 0.12  # the course's LTV p (1 + d) / (d + c)
    assert table.loc["x", "value_per_member"] == pytest.approx(plain)
    assert table.loc["y", "value_per_member"] == pytest.approx(plain * (0.9 / 1.02) ** 4)
    assert table.loc["z", "value_per_member"] == pytest.approx(2 * plain)
    assert table.index.tolist() == ["z", "x", "y"]  # same members kept, different revenue
    # a reasons table without the new columns still works (every kept member at full price)
    old = reasons.drop(columns=["price_factor", "pause_months"])
    assert cs.recovery_by_fix(tally, price=1000, churn=0.1, reasons=old)["value_per_member"].nunique() == 1


def test_tally_of_a_log_with_no_cancellations_has_zero_counts():
    # issue 13: a valid log with no cancellations was refused as "must have at least one row"
    tally = cs.tally_cancellations(cs.simulate_cancellations(100, churn=0.0))
    assert tally.columns.tolist() == ["reason", "cancellations", "share"]
    assert len(tally) == 0 and tally["cancellations"].sum() == 0
    categorical = pd.DataFrame({"reason": pd.Categorical([], categories=["price", "no time"])})
    tally = cs.tally_cancellations(categorical)
    assert tally["cancellations"].tolist() == [0, 0] and tally["share"].tolist() == [0.0, 0.0]
    with pytest.raises(ValueError, match="reason"):
        cs.tally_cancellations(pd.DataFrame({"month": []}))


# --- declarations (issue 13) ----------------------------------------------------------------------


def test_recovery_by_fix_refuses_an_empty_tally_in_one_sentence():
    empty = cs.tally_cancellations(cs.simulate_cancellations(100, churn=0.0))
    with pytest.raises(ValueError, match=r"^tally has no rows: with no cancellations there is nothing for a fix"):
        cs.recovery_by_fix(empty)


def test_arguments_checked_against_one_another_are_refused_naming_the_argument():
    ladder = cs.dance_school_ladder()
    # 10 x the beginner's 0.12 advance plus its 0.10 churn passes 1: the scale is named, not the ladder
    with pytest.raises(ValueError, match=r"advance_scales must keep advance \+ churn at most 1 .*'beginner'"):
        cs.success_vs_ltv(ladder, "basics", [1.0, 10.0])
    survey = cs.simulate_party_survey(5)
    with pytest.raises(ValueError, match="satisfaction must name a column of survey"):
        cs.experience_what_if(survey, satisfaction="satisfaction_later")
    occupancy = cs.ladder_occupancy(ladder, months=3)
    with pytest.raises(ValueError, match="stage_ja must hold one name per stage of occupancy"):
        cs.plot_ladder_occupancy(occupancy, stage_ja=["初心者"])


def test_sizes_are_capped_and_the_cap_is_said():
    with pytest.raises(ValueError, match="months must be a whole number between 1 and 10000"):
        cs.free_to_paid(months=10**12)
    with pytest.raises(ValueError, match="messages must be a whole number between 1 and 520"):
        cs.compare_delivery(10**6)
    with pytest.raises(ValueError, match="guests must be a whole number between 1 and 100000"):
        cs.simulate_party_survey(10**9)


def test_model_parameters_are_declared_once_and_keep_their_place_in_the_signature():
    import inspect

    from cslearn.journey.parameters import MVP, NEW_BUSINESS, PARTY

    for function, declared, first in [(cs.simulate_party_survey, PARTY, ["guests"]),
                                      (cs.free_to_paid, MVP, ["free_members"]),
                                      (cs.new_business_from_share, NEW_BUSINESS, ["market", "shares"])]:
        parameters = inspect.signature(function).parameters
        first = first + (["rng"] if "rng" in parameters else [])  # rng is the first keyword-only argument
        assert list(parameters)[: len(first) + len(declared)] == first + list(declared)
        assert {name: parameters[name].default for name in declared} == declared.defaults()
    with pytest.raises(TypeError, match="quallity"):
        cs.simulate_party_survey(quallity=6)
    with pytest.raises(ValueError, match="conversion \\+ free_churn must be at most 1"):
        cs.free_to_paid(conversion=0.6, free_churn=0.6)
