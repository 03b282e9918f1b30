import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cslearn as cs
from cslearn import ownership


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
    churn=st.floats(0, 0.9),
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
        ({"price_once": -1, "monthly_fee": 980}, "price_once must be at least 0"),
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
     ({"cac": 0}, "cac must be greater than 0"),
     ({"months": 0}, "months must be a whole number between 1 and 600"),
     ({"budget": -5}, "budget must be at least 0")],
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


def test_survey_counts_from_the_seed_figures():
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
