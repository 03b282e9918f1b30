"""Tests for cslearn.value.pnl: the cohort projection against hand calculations and brute-force loops."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cslearn.value.ltv import lifetime_value, payback_months
from cslearn.value.pnl import compare_support_costs, pnl_statement, project_pnl

new_series = st.lists(st.floats(0.0, 500.0), min_size=1, max_size=48)
churns = st.floats(0.0, 1.0)


def brute_force_cohorts(new, survival, months):
    """Customers at month end by cohort, cohort by cohort and month by month (the slow way)."""
    matrix = np.zeros((months, months))
    for j in range(months):
        for t in range(j, months):
            matrix[j, t] = new[j] * survival[t - j + 1]
    return matrix


# -- hand calculations --------------------------------------------------------------------------
def test_first_two_months_by_hand():
    p = project_pnl(12, 100, churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=1_000)
    first, second = p.table.iloc[0], p.table.iloc[1]
    assert first["month"] == 1
    assert first["revenue"] == pytest.approx(100 * 10_000)
    assert first["churned"] == pytest.approx(5)
    assert first["customers"] == pytest.approx(95)
    assert first["profit"] == pytest.approx(0.8 * 1_000_000 - 100 * 50_000 - 100 * 1_000)
    # month 2: the 95 who stayed plus 100 new are billed; 5 % of them leave at month end
    assert second["active"] == pytest.approx(195)
    assert second["revenue"] == pytest.approx(195 * 10_000)
    assert second["customers"] == pytest.approx(195 * 0.95)
    assert second["cumulative_cash"] == pytest.approx(first["profit"] + second["profit"])


def test_expansion_prices_by_tenure():
    p = project_pnl(3, [10, 0, 0], churn=0.0, arpu=1_000, expansion=0.1)
    assert p.table["revenue"].tolist() == pytest.approx([10_000, 11_000, 12_100])
    assert p.table["mrr"].tolist() == pytest.approx([11_000, 12_100, 13_310])


def test_summary_matches_ltv_module():
    p = project_pnl(24, 100, churn=0.05, arpu=10_000, margin=0.8, cac=50_000, discount_rate=0.01)
    assert p.summary["ltv"] == pytest.approx(lifetime_value(10_000, 0.05, 0.8, 0.01))
    assert p.summary["ltv_to_cac"] == pytest.approx(p.summary["ltv"] / 50_000)
    assert p.summary["payback_month"] == math.ceil(payback_months(50_000, 10_000, 0.8, 0.05, 0.01))


def test_a_discount_rate_so_high_its_factor_overflows_is_computed_quietly():
    """At 100 % a month, (1 + d)^t passes the largest float within the lifetime's horizon: the weight
    of those months is 0 (the limit), with no overflow warning, and the LTV is the closed form's."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = project_pnl(60, 100, churn=0.05, arpu=10_000, margin=0.8, discount_rate=1)
    assert p.summary["ltv"] == pytest.approx(lifetime_value(10_000, 0.05, 0.8, 1))
    assert np.isfinite(p.summary["npv"]) and np.isfinite(p.table["discounted_profit"]).all()


@settings(max_examples=50, deadline=None)
@given(
    st.floats(1_000, 500_000), st.floats(1_000, 30_000), st.floats(0.2, 1.0),
    st.floats(0.0, 0.2), st.floats(0.0, 0.03), st.floats(-0.02, 0.02),
)
def test_payback_month_is_the_ceiling_of_payback_months(cac, arpu, margin, churn, discount, expansion):
    q = (1 - churn) * (1 + expansion) / (1 + discount)
    if q < 1:  # a CAC equal to the whole lifetime value is reached only in the limit
        assume(abs(cac - margin * arpu / (1 - q)) > 1e-6 * cac)
    months = payback_months(cac, arpu, margin, churn, discount, expansion)
    p = project_pnl(12, 10, churn=churn, arpu=arpu, margin=margin, cac=cac,
                    discount_rate=discount, expansion=expansion)
    if math.isinf(months) or months > 1_000:
        assert math.isinf(p.summary["payback_month"]) or p.summary["payback_month"] > 1_000
    elif abs(months - round(months)) > 1e-6:
        assert p.summary["payback_month"] == math.ceil(months)


def test_costs_to_serve_lower_net_ltv_by_hand():
    # 2,000 yen a month to serve a customer who stays 1 / 0.05 = 20 months on average: 40,000 yen
    p = project_pnl(12, 100, churn=0.05, arpu=10_000, margin=0.8, retention_cost=1_500, support_cost=500)
    assert p.summary["ltv_net"] == pytest.approx(160_000 - 40_000)
    assert p.table["retention_cost"].iloc[0] == pytest.approx(100 * 1_500)


def test_net_ltv_closed_form_matches_long_curve():
    settings_ = dict(arpu=10_000, margin=0.7, retention_cost=800, support_cost=400, discount_rate=0.004,
                     expansion=0.01, cac=40_000)
    closed = project_pnl(24, 50, churn=0.03, **settings_).summary
    curve = project_pnl(24, 50, survival=lambda t: 0.97**t, **settings_).summary
    for key in ("ltv", "ltv_net"):
        assert curve[key] == pytest.approx(closed[key], rel=1e-6)
    assert curve["payback_month"] == closed["payback_month"]


def test_zero_churn_without_discounting_has_infinite_ltv():
    p = project_pnl(12, 10, churn=0.0, support_cost=20_000, arpu=10_000, margin=1.0)
    assert p.summary["ltv"] == math.inf
    assert p.summary["ltv_net"] == -math.inf  # costs 20,000 a month against 10,000 of margin, forever
    assert math.isinf(p.summary["payback_month"])


def test_breakeven_month_of_a_j_curve_by_hand():
    # no churn, 10 new a month: month t earns 10 t x 8,000 and pays 10 x 50,000 for the new ones,
    # so cumulative cash after t months is 40,000 t (t + 1) - 500,000 t, positive once t + 1 > 12.5
    p = project_pnl(36, 10, churn=0.0, arpu=10_000, margin=0.8, cac=50_000)
    t = np.arange(1, 37)
    assert p.table["cumulative_cash"].to_numpy() == pytest.approx(40_000 * t * (t + 1) - 500_000 * t)
    assert p.summary["breakeven_month"] == 12
    assert p.summary["cash_low_month"] in (5, 6)  # the J-curve's bottom: 40,000 (2t + 1) = 500,000
    assert p.summary["cash_low"] == pytest.approx(min(40_000 * t * (t + 1) - 500_000 * t))


def test_never_breaking_even_is_infinite_not_none():
    p = project_pnl(12, 10, churn=0.5, cac=1_000_000)
    assert p.summary["breakeven_month"] == math.inf
    assert p.summary["payback_month"] == math.inf
    assert not p.summary.isna().any()
    free = project_pnl(6, 10, cac=0)
    assert free.summary["breakeven_month"] == 1 and free.summary["ltv_to_cac"] == math.inf


def test_systemisation_by_hand():
    base = dict(churn=0.02, support_cost=2_000, cac=0)
    by_hand = project_pnl(24, 300, **base)
    systemised = project_pnl(24, 300, systemised=True, systemisation_fixed_cost=1_000_000,
                             systemised_support_cost=300, **base)
    active = by_hand.table["active"]
    saving = active * (2_000 - 300) - 1_000_000
    difference = systemised.table["profit"] - by_hand.table["profit"]
    assert difference.to_numpy() == pytest.approx(saving.to_numpy())
    assert systemised.table["systemisation_cost"].tolist() == [1_000_000] * 24
    assert by_hand.table["systemisation_cost"].sum() == 0
    # it pays from 1,000,000 / 1,700 = 588 active customers on
    paying = systemised.table["profit"] > by_hand.table["profit"]
    assert (paying == (active > 1_000_000 / 1_700)).all()


def test_onboarding_cost_is_value_given_before_revenue():
    base = dict(churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=1_000, fixed_cost=1_000_000)
    plain = project_pnl(60, 100, **base)
    assert project_pnl(60, 100, onboarding_cost=0, **base).table.equals(plain.table)  # the default keeps figures
    cared = project_pnl(60, 100, onboarding_cost=20_000, **base)
    # each month's 100 new customers cost 20,000 each on top of the CAC, and nothing else changes
    difference = plain.table["profit"] - cared.table["profit"]
    assert difference.to_numpy() == pytest.approx(np.full(60, 100 * 20_000))
    assert cared.table["onboarding_cost"].tolist() == [2_000_000.0] * 60
    assert cared.table["revenue"].equals(plain.table["revenue"])
    # one customer: net LTV loses the one-off 20,000; payback must cover 70,000 with 7,000 x 0.95^t
    assert cared.summary["ltv_net"] == pytest.approx(plain.summary["ltv_net"] - 20_000)
    net = np.cumsum(7_000 * 0.95 ** np.arange(60))
    assert cared.summary["payback_month"] == int(np.argmax(net >= 70_000)) + 1 > plain.summary["payback_month"]
    assert cared.summary["cash_low"] < plain.summary["cash_low"]  # a deeper J
    assert cared.summary["breakeven_month"] > plain.summary["breakeven_month"]  # that crosses later
    statement = pnl_statement(cared.table)
    assert statement.loc[1, "cost_to_serve"] == pytest.approx(100 * 1_000 + 100 * 20_000)
    with pytest.raises(ValueError, match="onboarding_cost"):
        project_pnl(12, 10, onboarding_cost=-1)


def test_compare_support_costs_breakeven():
    n_star = 3_000_000 / (2_000 - 500)
    table = compare_support_costs([0, n_star, 5_000], 2_000, 500, 3_000_000)
    assert table["saving"].tolist() == pytest.approx([-3_000_000, 0, 5_000 * 1_500 - 3_000_000])
    assert table["systemised_per_customer"].iloc[2] == pytest.approx(3_000_000 / 5_000 + 500)


# -- properties ------------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(new_series, churns, st.floats(-0.05, 0.05))
def test_stock_identity_and_nonnegative_customers(new, churn, expansion):
    p = project_pnl(len(new), new, churn=churn, expansion=expansion)
    t = p.table
    previous = np.concatenate([[0.0], t["customers"].to_numpy()[:-1]])
    assert t["customers"].to_numpy() == pytest.approx(previous + t["new"] - t["churned"], abs=1e-7)
    assert (t[["new", "active", "churned", "customers", "revenue", "mrr"]] >= 0).all().all()
    assert t["active"].to_numpy() == pytest.approx(previous + t["new"].to_numpy(), abs=1e-7)


@settings(max_examples=40, deadline=None)
@given(new_series, churns)
def test_revenue_and_customers_are_sums_over_cohorts(new, churn):
    months = len(new)
    p = project_pnl(months, new, churn=churn, arpu=7_000, expansion=0.01)
    assert p.by_cohort("revenue").sum(axis=0).to_numpy() == pytest.approx(p.table["revenue"].to_numpy())
    assert p.cohorts.sum(axis=0).to_numpy() == pytest.approx(p.table["customers"].to_numpy())
    assert p.by_cohort("churned").sum(axis=0).to_numpy() == pytest.approx(p.table["churned"].to_numpy())
    survival = (1 - churn) ** np.arange(months + 1)
    assert p.cohorts.to_numpy() == pytest.approx(brute_force_cohorts(new, survival, months), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(new_series, st.floats(0.0, 0.5), st.floats(0.0, 0.02))
def test_constant_churn_equals_the_same_survival_curve(new, churn, discount):
    months = len(new)
    settings_ = dict(arpu=8_000, margin=0.6, cac=30_000, retention_cost=500, discount_rate=discount)
    constant = project_pnl(months, new, churn=churn, **settings_)
    by_array = project_pnl(months, new, survival=(1 - churn) ** np.arange(months + 1), **settings_)
    by_function = project_pnl(months, new, survival=lambda t: (1 - churn) ** np.asarray(t), **settings_)
    pd.testing.assert_frame_equal(constant.table, by_array.table, rtol=1e-9)
    pd.testing.assert_frame_equal(constant.table, by_function.table, rtol=1e-9)
    assert constant.summary["breakeven_month"] == by_array.summary["breakeven_month"]


@settings(max_examples=40, deadline=None)
@given(st.floats(0.02, 1.0), st.floats(0.0, 0.03), st.floats(-0.02, 0.01))
def test_one_cohort_discounted_margin_converges_to_ltv(churn, discount, expansion):
    def discounted_margin(months):
        t = project_pnl(months, [1.0] + [0.0] * (months - 1), churn=churn, arpu=10_000, margin=0.8,
                        discount_rate=discount, expansion=expansion).table
        return float((t["gross_profit"] * t["discount_factor"]).sum())

    assert discounted_margin(60) == pytest.approx(
        lifetime_value(10_000, churn, 0.8, discount, expansion, horizon=60), rel=1e-9
    )
    # what 1,200 months leave out is the geometric tail q^1200 of the whole lifetime value
    whole = lifetime_value(10_000, churn, 0.8, discount, expansion)
    q = (1 - churn) * (1 + expansion) / (1 + discount)
    assert discounted_margin(1_200) == pytest.approx(whole * (1 - q**1_200), rel=1e-9)
    assert whole - discounted_margin(1_200) <= whole * 1e-5


@settings(max_examples=30, deadline=None)
@given(new_series, churns)
def test_next_months_revenue_is_mrr_plus_new(new, churn):
    p = project_pnl(len(new), new, churn=churn, arpu=5_000, expansion=0.02)
    t = p.table
    assert t["revenue"].to_numpy()[1:] == pytest.approx(
        t["mrr"].to_numpy()[:-1] + 5_000 * t["new"].to_numpy()[1:], rel=1e-9, abs=1e-6
    )


def test_fitted_sbg_survival_plugs_in():
    from cslearn.retention.models.sbg import ShiftedBetaGeometric  # a missing model fails here, never skips

    model = ShiftedBetaGeometric.from_params(alpha=1.0, beta=1.0)  # S(t) = 1 / (t + 1)
    by_function = project_pnl(24, 100, survival=model.survival)
    by_curve = project_pnl(24, 100, survival=1 / (np.arange(25) + 1))
    pd.testing.assert_frame_equal(by_function.table, by_curve.table)
    assert by_curve.table["customers"].iloc[0] == pytest.approx(50)


def test_series_input_and_repr():
    series = pd.Series([10.0, 20.0, 30.0], index=["a", "b", "c"])
    p = project_pnl(3, series, churn=0.1)
    assert p.table["new"].tolist() == [10.0, 20.0, 30.0]
    assert "PnLProjection(3 months" in repr(p)


# -- bad input --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        (dict(churn=1.3), "churn"),
        (dict(churn=float("nan")), "churn"),
        (dict(arpu=-10), "arpu"),
        (dict(margin=1.2), "margin"),
        (dict(cac=-1), "cac"),
        (dict(discount_rate=-0.1), "discount_rate"),
        (dict(support_cost=-5), "support_cost"),
        (dict(expansion=-1.0), "expansion"),
        (dict(systemised=True), "systemised_support_cost"),
        (dict(churn=0.05, survival=[1.0] * 13), "either churn or survival"),
        (dict(survival=[1.0, 0.9, 0.8]), "survival"),
        (dict(survival=[0.9] * 13), "survival"),
        (dict(survival=lambda t: 1.2), "survival"),
    ],
)
def test_bad_settings_name_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        project_pnl(12, 10, **kwargs)


@pytest.mark.parametrize(
    ("months", "new", "name"),
    [
        (0, 10, "months"),
        (12, -1, "new_customers"),
        (12, [10] * 11, "new_customers"),
        (3, [10, float("nan"), 10], "new_customers"),
    ],
)
def test_bad_shape_names_the_argument(months, new, name):
    with pytest.raises(ValueError, match=name):
        project_pnl(months, new)


def test_type_errors():
    with pytest.raises(TypeError, match="systemised"):
        project_pnl(12, 10, systemised="yes", systemised_support_cost=0)
    with pytest.raises(TypeError, match="new_customers"):
        project_pnl(12, "ten")
    with pytest.raises(ValueError, match="values"):
        project_pnl(3, 1).by_cohort("profit")
    with pytest.raises(ValueError, match="customers"):
        compare_support_costs([-1], 2_000, 500, 1_000)


def test_systemisation_breakeven_by_hand():
    from cslearn.value.pnl import systemisation_breakeven

    assert systemisation_breakeven(1_000, 200, 1_500_000) == pytest.approx(1_500_000 / 800)
    assert systemisation_breakeven(1_000, 200, 0) == 0.0
    assert math.isinf(systemisation_breakeven(300, 300, 1))
    # at the break-even count both ways cost the same
    n = systemisation_breakeven(900, 150, 2_000_000)
    table = compare_support_costs([n], 900, 150, 2_000_000)
    assert table["saving"].iloc[0] == pytest.approx(0, abs=1e-6)
    with pytest.raises(ValueError, match="systemisation_fixed_cost"):
        systemisation_breakeven(1_000, 200, -1)
    with pytest.raises(TypeError, match="support_cost"):
        systemisation_breakeven(None, 200, 1)


def test_pnl_statement_reconciles_column_by_column():
    p = project_pnl(36, 80, churn=0.04, arpu=8_000, margin=0.75, cac=40_000, support_cost=800, retention_cost=100,
                    systemised=True, systemised_support_cost=300, systemisation_fixed_cost=200_000,
                    fixed_cost=500_000)
    statement = pnl_statement(p.table)
    assert statement.index.tolist() == [1, 3, 6, 12, 24, 36]
    by_hand = (statement["gross_profit"] - statement["acquisition_cost"] - statement["cost_to_serve"]
               - statement["fixed_cost"])
    assert by_hand.to_numpy() == pytest.approx(statement["profit"].to_numpy())
    # month 1 by hand: 80 customers x 8,000; serving each costs 100 + 300, plus 200,000 for the system
    assert statement.loc[1, "revenue"] == pytest.approx(80 * 8_000)
    assert statement.loc[1, "cost_to_serve"] == pytest.approx(80 * 400 + 200_000)
    assert statement.loc[36, "cumulative_cash"] == pytest.approx(p.table["profit"].sum())
    assert pnl_statement(p.table, months=[2, 5]).index.tolist() == [2, 5]
    with pytest.raises(ValueError, match="months"):
        pnl_statement(p.table, months=[40])
