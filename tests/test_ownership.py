import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cslearn as cs
from cslearn.ownership import compute as ownership


def test_cd_and_stream_break_even_by_hand():
    # 3 x 980 = 2,940 < 3,000 <= 3,920 = 4 x 980
    assert cs.break_even_month(3000, 980) == 4
    assert cs.break_even_month(2500, 1080) == 3
    assert cs.break_even_month(3_000_000, 40_000) == 75
    assert cs.break_even_month(2000, 1000) == 2  # exactly equal counts


def test_seller_view_with_churn_matches_a_brute_force_sum():
    fee, churn, price = 980, 0.05, 3000
    paid, month = 0.0, 0
    while paid < price:
        month += 1
        paid += fee * (1 - churn) ** (month - 1)
    assert cs.break_even_month(price, fee, churn=churn) == month


def test_never_when_lifetime_revenue_is_below_the_price():
    assert cs.break_even_month(3000, 980, churn=0.4) is None  # 980 / 0.4 = 2,450 < 3,000
    assert cs.break_even_month(3000, 980, churn=1.0) is None
    assert cs.break_even_month(900, 980, churn=1.0) == 1


def test_a_subnormal_churn_breaks_even_as_no_churn_does():
    assert cs.break_even_month(1.25, 1.0, churn=5e-324) == cs.break_even_month(1.25, 1.0) == 2
    assert cs.break_even_month(3000, 980, churn=1e-310) == 4


def test_ownership_table_columns_and_values():
    table = cs.ownership_vs_access(3000, 980, months=36, churn=0.05)
    assert list(table.columns) == ["month", "buy_once", "subscribe", "subscribe_expected"]
    assert table["month"].tolist() == list(range(1, 37))
    expected = sum(980 * 0.95**t for t in range(36))
    assert table["subscribe_expected"].iloc[-1] == pytest.approx(expected)
    assert (table["buy_once"] == 3000).all()


@settings(max_examples=60, deadline=None)
@given(
    price=st.floats(1, 1e7),
    fee=st.floats(1, 1e5),
    churn=st.floats(0, 0.9, allow_subnormal=False),  # the closed form below loses all precision there
)
def test_break_even_is_the_first_month_over_the_price(price, fee, churn):
    month = cs.break_even_month(price, fee, churn=churn)
    if month is None:
        assert fee / churn <= price * (1 + 1e-9)
        return
    def paid(t):  # closed form of the expected cumulative payments, written out independently
        return fee * t if churn == 0 else -fee * math.expm1(t * math.log1p(-churn)) / churn

    assert paid(month) >= price * (1 - 1e-9)
    if month > 1:
        assert paid(month - 1) < price * (1 + 1e-9)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"price_once": -1, "monthly_fee": 980}, "price_once must be between 0 and 1e\\+12"),
        ({"price_once": 3000, "monthly_fee": 0}, "monthly_fee must be greater than 0"),
        ({"price_once": 3000, "monthly_fee": 980, "churn": 1.3}, "churn must be between 0 and 1"),
        ({"price_once": float("nan"), "monthly_fee": 980}, "price_once must be"),
    ],
)
def test_bad_input_is_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        cs.break_even_month(**kwargs)
    with pytest.raises(ValueError, match=match):
        cs.ownership_vs_access(**kwargs)


def test_all_on_acquisition_runs_to_stand_still():
    table = cs.budget_split(1.0)
    # 1,000,000 / 20,000 = 50 new a month = 5 % of 1,000 lost a month
    assert np.allclose(table["customers"], 1000)
    assert np.allclose(table["kept"], 0)
    assert table["profit"].iloc[0] == pytest.approx(0.6 * 1000 * 10_000 - 1_000_000)


def test_budget_stock_identity_and_diminishing_returns():
    table = cs.budget_split(0.5, months=12)
    previous = np.r_[1000, table["customers"].to_numpy()[:-1]]
    assert np.allclose(table["customers"], previous + table["new"] - table["churned"])
    assert np.allclose(table["kept"] + table["churned"], previous * 0.05)
    # first yen keeps cost_ratio / cac customers; the whole budget can never keep more than are at risk
    tiny = cs.budget_split(1 - 1e-6, months=1)
    assert tiny["kept"].iloc[0] == pytest.approx(1e-6 * 1_000_000 * 5 / 20_000, rel=1e-3)


@settings(max_examples=40, deadline=None)
@given(share=st.floats(0, 1), ratio=st.floats(0.2, 20), churn=st.floats(0, 0.5))
def test_budget_never_negative(share, ratio, churn):
    table = cs.budget_split(share, cost_ratio=ratio, churn=churn, months=12)
    assert (table[["new", "kept", "churned", "customers"]] >= -1e-9).all().all()
    assert (table["kept"] <= table["kept"] + table["churned"] + 1e-9).all()


def test_one_to_five_favours_retention_and_ratio_one_does_not():
    assert cs.best_budget_split(cost_ratio=5) < 1.0
    assert cs.best_budget_split(cost_ratio=1) == 1.0
    table = cs.best_split_by_cost_ratio([1, 1.5, 5])
    assert table["retention_share"].tolist()[0] == 0.0
    assert table["retention_share"].iloc[1] >= 0.3


def test_best_split_is_the_argmax():
    splits = cs.compare_budget_splits(np.linspace(0, 1, 11))
    best = cs.best_budget_split(np.linspace(0, 1, 11))
    assert splits["cumulative_profit"].max() == pytest.approx(
        float(splits.loc[np.isclose(splits["acquisition_share"], best), "cumulative_profit"].iloc[0])
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"acquisition_share": 1.5}, "acquisition_share must be between 0 and 1"),
     ({"cac": 0}, "cac must be between 1 and 1e\\+12"),
     ({"months": 0}, "months must be a whole number between 1 and 1200"),
     ({"budget": -5}, "budget must be between 0 and 1e\\+12")],
)
def test_budget_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        cs.budget_split(**kwargs)


def test_classify_relationships():
    people = pd.DataFrame(
        {"has_bought": [True, True, True, False], "known_face": [True, False, True, False],
         "usage_known": [True, False, False, False]}
    )
    assert cs.classify_relationships(people).tolist() == ["customer", "anonymous buyer", "new customer", "prospect"]
    with pytest.raises(ValueError, match="usage_known"):
        cs.classify_relationships(people.drop(columns="usage_known"))
    with pytest.raises(TypeError, match="True/False"):
        cs.classify_relationships(people.assign(has_bought=[1, 0, 1, 0]))
    with pytest.raises(ValueError, match="at least one row"):
        cs.classify_relationships(people.iloc[:0])


def test_survey_counts_from_the_article_figures():
    counts = cs.survey_counts(cs.load_dataset("cs_awareness_survey_2021"))
    people = dict(zip(counts["item"], counts["people"], strict=True))
    assert people["Aware of customer success"] == round(374 * 0.286)
    assert people["Doing it or plan to"] == round(374 * 0.286 * 0.785)
    assert math.isnan(people["Obstacle: lack of know-how"])  # base not stated: no invented count


def test_survey_counts_bad_input():
    survey = cs.load_dataset("cs_awareness_survey_2021")
    with pytest.raises(ValueError, match="share"):
        ownership.survey_counts(survey.assign(share=survey["share"] * 100))
    with pytest.raises(ValueError, match="base is 'all'"):
        ownership.survey_counts(survey[survey["base"] != "all"])


# --- acquisition vs retention spend (C2) ---------------------------------------------------------


def test_spend_by_stage_sums_before_and_after_the_first_visit():
    spending = pd.DataFrame(
        {"item": ["portal", "ads", "message", "coupon"], "stage": ["before", "before", "after", "after"],
         "monthly_spend": [150_000, 50_000, 10_000, 40_000]}
    )
    table = cs.spend_by_stage(spending)
    assert table["budget"].tolist() == ["acquisition", "retention"]
    assert table["spend"].tolist() == [200_000, 50_000]
    assert table["share"].tolist() == [0.8, 0.2]
    only_before = cs.spend_by_stage(spending.iloc[:2])
    assert only_before["share"].tolist() == [1.0, 0.0]


@pytest.mark.parametrize(
    ("change", "match"),
    [({"stage": ["before", "during"]}, "'before' or 'after'"),
     ({"monthly_spend": [-1, 5]}, "monthly_spend"),
     ({"monthly_spend": [0, 0]}, "more than 0")],
)
def test_spend_by_stage_bad_input(change, match):
    spending = pd.DataFrame({"item": ["a", "b"], "stage": ["before", "after"], "monthly_spend": [1, 2]})
    with pytest.raises(ValueError, match=match):
        cs.spend_by_stage(spending.assign(**change))
    with pytest.raises(ValueError, match="stage"):
        cs.spend_by_stage(spending.drop(columns="stage"))


# --- new customers are less profitable (C3) -----------------------------------------------------


def test_new_customer_value_one_keeps_every_figure():
    plain = cs.budget_split(0.6)
    explicit = cs.budget_split(0.6, new_customer_value=1.0, new_customer_months=3)
    assert np.allclose(plain["cumulative_profit"], explicit["cumulative_profit"])
    assert plain["cumulative_profit"].iloc[-1] == pytest.approx(0.6 * 10_000 * plain["customers"].sum() - 24e6)


def test_newcomers_are_the_survivors_of_the_last_cohorts():
    table = cs.budget_split(0.6, new_customer_months=3, months=6)
    # churn hits every customer alike, so a cohort shrinks by the month's churned share of the base
    start = np.r_[1000, table["customers"].to_numpy()[:-1]]
    stay = 1 - table["churned"].to_numpy() / start
    t = 5  # month 6: this month's newcomers, last month's after one month, and the month before's after two
    expected = table["new"].iloc[t] * (1 + stay[t] + stay[t] * stay[t - 1])
    assert table["newcomers"].iloc[t] == pytest.approx(expected)
    assert table["newcomers"].iloc[0] == pytest.approx(table["new"].iloc[0])


def test_less_profitable_newcomers_lower_revenue_and_favour_retention():
    full, half = cs.budget_split(0.6), cs.budget_split(0.6, new_customer_value=0.5)
    assert np.allclose(full["revenue"] - half["revenue"], 0.5 * 10_000 * full["newcomers"])
    table = cs.best_split_by("new_customer_value", [1.0, 0.5, 0.0])
    shares = table["acquisition_share"].tolist()
    assert shares[0] == cs.best_budget_split() and shares == sorted(shares, reverse=True) and shares[2] < shares[0]
    # spending nothing on acquisition wins no newcomers, so their value cannot matter
    assert cs.compare_budget_splits([0.0], new_customer_value=0.0).equals(cs.compare_budget_splits([0.0]))


def test_best_split_by_refuses_an_unknown_or_doubled_setting():
    with pytest.raises(ValueError, match="setting must be one of"):
        cs.best_split_by("colour", [1])
    with pytest.raises(TypeError, match="being varied"):
        cs.best_split_by("churn", [0.05], churn=0.1)
    with pytest.raises(ValueError, match="new_customer_value must be between 0 and 100"):
        cs.budget_split(0.5, new_customer_value=-0.1)


def test_each_value_varied_is_checked_as_the_setting_it_stands_for():
    with pytest.raises(ValueError, match=r"values\[1\]: churn must be between 0 and 1 \(got 1.5\)"):
        cs.best_split_by("churn", [0.05, 1.5])
    with pytest.raises(TypeError, match=r"values\[0\]: months must be a whole number"):
        cs.best_split_by("months", [12.5])
    with pytest.raises(ValueError, match="every value of ratios must be greater than 0"):
        cs.best_split_by_cost_ratio([1.0, 0.0])
    with pytest.raises(TypeError, match="unexpected keyword argument 'cost_ratio'"):
        cs.best_split_by_cost_ratio([1.0], cost_ratio=5)  # the ratio is what is varied
    # the keywords are the declared settings, in the signature with their defaults
    assert cs.best_split_by_cost_ratio([1, 5], months=12).equals(cs.best_split_by("cost_ratio", [1, 5], months=12))


def test_a_horizon_beyond_the_cap_is_refused_naming_the_cap():
    for call in (lambda: cs.ownership_vs_access(3000, 980, months=10**12), lambda: cs.budget_split(months=10**12),
                 lambda: cs.route_sales(months=10**12)):
        with pytest.raises(ValueError, match="months must be a whole number between 1 and 1200"):
            call()


def test_compare_matches_budget_split_share_by_share():
    shares = [0.0, 0.35, 1.0]
    table = cs.compare_budget_splits(shares, churn=0.07, new_customer_value=0.6)
    for share, profit in zip(shares, table["cumulative_profit"], strict=True):
        direct = cs.budget_split(share, churn=0.07, new_customer_value=0.6)
        assert profit == pytest.approx(direct["cumulative_profit"].iloc[-1])


# --- the one-month rule vs the best split (C3) --------------------------------------------------


def test_rule_spend_peaks_at_e():
    ks = np.linspace(1.01, 10, 2000)
    spends = [cs.optimal_retention_spend(50, 20_000, k) for k in ks]
    assert ks[int(np.argmax(spends))] == pytest.approx(math.e, abs=0.01)


def test_at_the_rule_the_last_yen_keeps_as_many_as_it_wins():
    r_star, eps = cs.optimal_retention_spend(50, 20_000, 5), 1.0
    def kept(spend):
        return 50 * -math.expm1(-spend / (4000 * 50))

    assert (kept(r_star + eps) - kept(r_star)) / eps == pytest.approx(1 / 20_000, rel=1e-3)


def test_following_the_rule_spends_r_star_each_month_and_beats_any_fixed_share():
    follow = cs.follow_retention_rule()
    at_risk = np.r_[1000, follow["customers"].to_numpy()[:-1]] * 0.05
    assert np.allclose(follow["retention_spend"], at_risk * 4000 * math.log(5))
    assert np.allclose(follow["new"], (1_000_000 - follow["retention_spend"]) / 20_000)
    fine = cs.compare_budget_splits(np.linspace(0, 1, 201))
    assert follow["cumulative_profit"].iloc[-1] >= fine["cumulative_profit"].max()
    assert (cs.follow_retention_rule(cost_ratio=1)["retention_spend"] == 0).all()
    capped = cs.follow_retention_rule(budget=100_000)
    assert (capped["retention_spend"] <= 100_000).all() and capped["retention_spend"].iloc[0] == 100_000


# --- the route seller (C4) ----------------------------------------------------------------------


def test_route_sales_by_hand():
    wait = cs.route_sales(0.0, months=3)
    # 30 % caught short, half of them buy elsewhere, a fifth of those stay away: 3 % lost a month
    assert wait["households"].tolist() == pytest.approx([100, 97, 97 * 0.97])
    assert wait["lost_sales"].iloc[0] == pytest.approx(15)
    assert wait["revenue"].iloc[0] == pytest.approx(85 * 3000)
    assert wait["care_cost"].sum() == 0
    ahead = cs.route_sales(0.9, months=1)
    assert ahead["caught_short"].iloc[0] == pytest.approx(3)
    assert ahead["profit"].iloc[0] == pytest.approx(0.3 * 98.5 * 3000 - 100 * 300 * 0.9)


def test_route_policies_and_when_restocking_ahead_pays():
    table = cs.compare_route_policies(0.9).set_index("policy")
    assert table.loc["wait to be asked", "households_left"] == pytest.approx(100 * 0.97**24)
    assert table.loc["restock ahead", "households_left"] == pytest.approx(100 * 0.997**24)
    # brute force: the first month from which restocking ahead's running total stays ahead
    ahead = cs.route_sales(0.9)["cumulative_profit"].to_numpy()
    wait = cs.route_sales(0.0)["cumulative_profit"].to_numpy()
    month = next(m for m in range(1, 25) if (ahead[m - 1 :] >= wait[m - 1 :]).all())
    assert cs.restock_ahead_pays_from(0.9) == month
    assert month > 1  # the care is paid before the kept households pay it back
    assert cs.restock_ahead_pays_from(0.9, care_cost=0) == 1
    assert cs.restock_ahead_pays_from(0.9, care_cost=2000) is None


def test_exercise_019_names_the_start_of_month_reading_as_a_known_mistake():
    # route_sales' households is the count a month starts with: after 35 months of losses, 100 x 0.994^35
    # and 100 x 0.97^35; the answer is the end of month 36, households_left, one more month of losses
    start_gap = 100 * 0.994**35 - 100 * 0.97**35
    end_gap = 100 * 0.994**36 - 100 * 0.97**36
    ahead, wait = cs.route_sales(0.8, months=36), cs.route_sales(0.0, months=36)
    assert ahead["households"].iloc[-1] - wait["households"].iloc[-1] == pytest.approx(start_gap)
    assert round(start_gap, 1) == 46.6 and round(end_gap, 1) == 47.1
    assert "START of month 36" in cs.check("01.9", round(start_gap, 1)).message
    assert "START" not in cs.check("01.9", round(start_gap, 1) - 1).message
    assert cs.check("01.9", round(end_gap, 1)).passed is True
    assert "households_left" in cs.exercises.EXERCISES["01.9"].question


@settings(max_examples=40, deadline=None)
@given(anticipation=st.floats(0, 1), short=st.floats(0, 1), elsewhere=st.floats(0, 1), switch=st.floats(0, 1))
def test_restocking_ahead_never_keeps_fewer_households(anticipation, short, elsewhere, switch):
    settings_ = {"caught_short": short, "buy_elsewhere": elsewhere, "switch": switch, "months": 12}
    ahead = cs.route_sales(anticipation, **settings_)
    wait = cs.route_sales(0.0, **settings_)
    assert (ahead["households"] >= wait["households"] - 1e-9).all()
    # month by month a seller who waits may lose fewer sales late on, having fewer households left;
    # the running total, households x (1 - (1 - q s)^t) / s with q the monthly loss, rises with q
    assert (ahead["lost_sales"].cumsum() <= wait["lost_sales"].cumsum() + 1e-9).all()
    assert (ahead["households"] >= 0).all()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"anticipation": 1.2}, "anticipation must be between 0 and 1"),
     ({"care_cost": -1}, "care_cost must be between 0 and 1e\\+12"),
     ({"switch": -0.1}, "switch must be between 0 and 1"),
     ({"months": 0}, "months must be a whole number")],
)
def test_route_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        cs.route_sales(**kwargs)
