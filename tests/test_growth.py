"""Tests for cslearn.value.growth: the budget recurrence against hand calculations and steady states."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cslearn.value.growth import (
    GROWTH_DEFAULTS,
    breakeven_care_cost,
    breakeven_upsell_cost,
    compare_growth,
    simulate_growth,
)


def test_acquisition_only_without_churn_by_hand():
    path = simulate_growth(10, budget=1_000_000, customers=0, cac=50_000, churn=0.0, arpu=10_000)
    assert path["customers"].tolist() == pytest.approx([20.0 * t for t in range(1, 11)])
    assert path["revenue"].tolist() == pytest.approx([200_000.0 * t for t in range(1, 11)])


def test_acquisition_only_levels_off_where_churn_eats_the_budget():
    # 60 new a month, 5 % churn at month end: N = (N + 60) * 0.95  ->  N = 57 / 0.05 = 1,140
    path = simulate_growth(600, budget=3_000_000, cac=50_000, churn=0.05)
    assert path["customers"].iloc[-1] == pytest.approx(1_140, rel=1e-6)


def test_first_retention_month_by_hand():
    path = simulate_growth(1, budget=3_000_000, customers=1_000, arpu=10_000, churn=0.05, cac=50_000,
                           care_share=0.4, upsell_share=0.2, care_cost=1_000, cared_churn=0.02,
                           upsell_cost=20_000, upgrade_arpu=3_000, upsell_rate=0.02, margin=0.8)
    row = path.iloc[0]
    # care: min(1.2 M, 1,000 x 1,000) = 1 M covers everyone, so churn is 2 %
    assert row["care_spend"] == pytest.approx(1_000_000) and row["churn"] == pytest.approx(0.02)
    # upgrades: min(2 % of 1,000, 600,000 / 20,000) = 20, costing 400,000; 1.6 M left buys 32 customers
    assert row["upgrades"] == pytest.approx(20) and row["new"] == pytest.approx(32)
    assert row["revenue"] == pytest.approx(10_000_000 + 20 * 3_000 + 32 * 10_000)
    assert row["customers"] == pytest.approx(1_032 * 0.98)
    assert row["profit"] == pytest.approx(0.8 * row["revenue"] - 3_000_000)


def test_care_thins_out_as_the_base_grows():
    path = simulate_growth(120, care_share=1.0, budget=1_000_000, care_cost=2_000, customers=100,
                           churn=0.05, cared_churn=0.01)
    # once the base passes 500 customers the budget no longer covers everyone
    late = path[path["customers"].shift(1, fill_value=100) > 500]
    assert (late["coverage"] < 1).all() and (late["churn"] > 0.01).all()


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 0.6), st.floats(0.0, 0.4), st.floats(0.0, 0.2), st.floats(0.0, 1.0), st.booleans())
def test_budget_is_spent_and_stock_holds(care, upsell, churn, saved, reinvest):
    path = simulate_growth(36, care_share=care, upsell_share=upsell, churn=churn, cared_churn=churn * saved,
                           reinvest=reinvest, uncared_upsell_rate=0.01)
    spent = path["care_spend"] + path["upsell_spend"] + path["acquisition_spend"]
    assert spent.to_numpy() == pytest.approx(path["budget"].to_numpy())
    if not reinvest:
        assert path["budget"].to_numpy() == pytest.approx(np.full(36, 3_000_000.0))
    else:  # the same share of gross profit every month: budget / MRR at the start of the month is fixed
        start_mrr = np.concatenate([[10_000_000.0], path["mrr"].to_numpy()[:-1]])
        assert (path["budget"] / start_mrr).to_numpy() == pytest.approx(np.full(36, 0.3))
    previous = np.concatenate([[1_000.0], path["customers"].to_numpy()[:-1]])
    assert path["customers"].to_numpy() == pytest.approx(previous + path["new"] - path["churned"])
    assert (path["customers"] >= 0).all()


def test_compare_growth_gap():
    comparison = compare_growth(48)
    paths, gap = comparison.table, comparison.gap
    assert set(paths["strategy"]) == {"acquisition", "retention"}
    acquisition = paths[paths["strategy"] == "acquisition"].reset_index(drop=True)
    retention = paths[paths["strategy"] == "retention"].reset_index(drop=True)
    assert gap["mrr"].to_numpy() == pytest.approx((retention["mrr"] - acquisition["mrr"]).to_numpy())
    assert (acquisition["churn"] == 0.05).all() and (acquisition["upgrades"] == 0).all()
    # with these settings the revenue gap opens year on year
    yearly = gap.set_index("month").loc[[12, 24, 36, 48], "revenue"].to_numpy()
    assert np.all(np.diff(yearly) > 0) and yearly[0] > 0
    assert comparison.at(12).loc["retention", "month"] == 12


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        (dict(care_share=0.7, upsell_share=0.5), "care_share"),
        (dict(cac=0), "cac"),
        (dict(churn=1.3), "churn"),
        (dict(upsell_cost=-1), "upsell_cost"),
        (dict(budget=float("nan")), "budget"),
    ],
)
def test_bad_input_names_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        simulate_growth(12, **kwargs)


def test_compare_growth_checks_its_shares():
    with pytest.raises(ValueError, match="care_share"):
        compare_growth(12, care_share=1.5)
    with pytest.raises(ValueError, match="months"):
        compare_growth(0)


def test_defaults_table_matches_the_simulator():
    import inspect

    signature = inspect.signature(simulate_growth).parameters
    assert {name: signature[name].default for name in GROWTH_DEFAULTS} == GROWTH_DEFAULTS
    used = compare_growth(12, cac=40_000).settings
    assert used["upsell_cost"] == pytest.approx(0.4 * 40_000) and used["care_share"] == 0.4


def test_upgrades_reach_only_cared_for_customers():
    # without care no customer is covered, so no upgrade happens and the path is acquisition-only's
    comparison = compare_growth(24, care_share=0.0, upsell_share=0.3)
    assert np.abs(comparison.gap[["customers", "mrr", "cumulative_profit"]].to_numpy()).max() < 1e-6


def test_fixed_budget_levels_off_at_a_higher_ceiling():
    retention = simulate_growth(600, care_share=0.4, upsell_share=0.2)
    late = retention["customers"].to_numpy()
    assert abs(late[-1] - late[-100]) < 1e-3 * late[-1]  # a ceiling, not compounding growth
    assert late[-1] > 1_140  # above acquisition-only's n(1 - c)/c


def test_breakeven_care_cost_solves_the_gap_and_sits_near_the_rule_of_thumb():
    cost = breakeven_care_cost(48, churn=0.06, cared_churn=0.03, cac=40_000)
    gap = compare_growth(48, churn=0.06, cared_churn=0.03, cac=40_000, care_cost=cost).gap["cumulative_profit"]
    assert abs(gap.iloc[-1]) < 1.0
    cheaper = compare_growth(48, churn=0.06, cared_churn=0.03, cac=40_000, care_cost=0.9 * cost)
    dearer = compare_growth(48, churn=0.06, cared_churn=0.03, cac=40_000, care_cost=1.1 * cost)
    assert cheaper.gap["cumulative_profit"].iloc[-1] > 0 > dearer.gap["cumulative_profit"].iloc[-1]
    # care pays roughly while care cost / churn saved < CAC: k* near 40,000 x 0.03 = 1,200
    assert cost == pytest.approx(40_000 * 0.03, rel=0.15)


def test_breakeven_care_cost_refuses_and_says_never():
    with pytest.raises(ValueError, match=r"behind in cumulative_profit after 24 months even when care costs almost "
                                         r"nothing.*\(with cared_churn=0.05\)"):
        breakeven_care_cost(24, cared_churn=0.05)  # care saves no churn
    assert breakeven_care_cost(24, high=500) == float("inf")  # still ahead at 500 yen a customer
    with pytest.raises(ValueError, match="measure"):
        breakeven_care_cost(24, measure="profit")
    with pytest.raises(TypeError, match="unexpected keyword argument 'care_cost'"):  # it solves for care_cost
        breakeven_care_cost(24, care_cost=1_000)


def test_care_cannot_raise_churn():
    with pytest.raises(ValueError, match=r"cared_churn must not exceed churn.*cared_churn 0.06 > churn 0.05"):
        simulate_growth(12, care_share=0.4, churn=0.05, cared_churn=0.06)
    with pytest.raises(ValueError, match="cared_churn"):
        compare_growth(12, churn=0.02, cared_churn=0.03)
    # without care the cared-for churn is never used, so acquisition-only may have any churn
    assert simulate_growth(3, churn=0.0)["churn"].eq(0).all()


def test_reinvested_budget_by_hand():
    # month 1 spends the fixed budget; then 3,000,000 / (0.8 x 10,000,000) = 37.5 % of gross profit
    fixed = simulate_growth(1)
    grows = simulate_growth(3, reinvest=True)
    assert grows.iloc[0].equals(fixed.iloc[0].rename(0))
    assert grows["budget"].iloc[1] == pytest.approx(3_000_000 * grows["mrr"].iloc[0] / 10_000_000)
    # acquisition-only: 3,000 of budget per customer buys 0.06 new customers per customer, 5 % leave,
    # so the base grows by 1.06 x 0.95 = 1.007 a month, for ever
    customers = simulate_growth(60, reinvest=True)["customers"].to_numpy()
    assert customers[1:] / customers[:-1] == pytest.approx(np.full(59, 1.06 * 0.95))
    with pytest.raises(ValueError, match="reinvest=True needs a gross profit"):
        simulate_growth(3, customers=0, reinvest=True)
    with pytest.raises(TypeError, match="reinvest must be True or False"):
        simulate_growth(3, reinvest="yes")


def test_a_budget_that_grows_with_revenue_compounds_a_fixed_one_levels_off():
    fixed, grows = compare_growth(120), compare_growth(120, reinvest=True)
    assert abs(fixed.growth_rate("customers")["retention"]) < 0.002  # levelled off at its ceiling
    rates = grows.growth_rate("mrr")
    assert rates["retention"] > 2 * rates["acquisition"] > 0
    # the MRR gap settles with a fixed budget and widens year after year with a reinvested one
    fixed_gap = compare_growth(360).gap.set_index("month").loc[[120, 240, 360], "mrr"].to_numpy()
    grows_gap = grows.gap.set_index("month").loc[[24, 48, 72, 96, 120], "mrr"].to_numpy()
    assert fixed_gap[2] / fixed_gap[1] - 1 < 0.01 and fixed_gap[1] / fixed_gap[0] - 1 < 0.1  # a ceiling
    assert np.all(np.diff(grows_gap) > 0) and np.all(np.diff(np.diff(grows_gap)) > 0)
    with pytest.raises(ValueError, match="over must be a whole number between 1 and 11"):
        compare_growth(12).growth_rate(over=12)
    with pytest.raises(ValueError, match="column must be one of"):
        compare_growth(12).growth_rate("profit")


def test_upgrades_on_their_own_pay_when_they_buy_revenue_more_cheaply_than_acquisition():
    # an upgrade adds 3,000 a month, a new customer 10,000 for 50,000: they cost the same per yen of
    # monthly revenue at 50,000 x 3,000 / 10,000 = 15,000 (30 % of the CAC)
    def gap(cost):
        return compare_growth(60, care_share=0.0, upsell_share=0.2, upsell_cost=cost,
                              uncared_upsell_rate=0.02).gap["cumulative_profit"].iloc[-1]

    assert abs(gap(15_000)) < 1.0
    assert gap(10_000) > 0 > gap(20_000)  # "less than half a CAC" (40 %) is not cheap enough here
    assert compare_growth(60, care_share=0.0, upsell_share=0.2, upsell_cost=20_000,
                          upgrade_arpu=5_000, uncared_upsell_rate=0.02).gap["cumulative_profit"].iloc[-1] > 0


def test_breakeven_upsell_cost_is_where_a_yen_of_monthly_revenue_costs_the_same():
    # CAC x upgrade / ARPU: 36,000 x 2,500 / 8,000 = 11,250, whatever the horizon or the measure
    assert breakeven_upsell_cost(60, cac=36_000, arpu=8_000, upgrade_arpu=2_500) == pytest.approx(11_250, rel=1e-6)
    assert breakeven_upsell_cost(24, measure="mrr") == pytest.approx(15_000, rel=1e-6)
    with pytest.raises(ValueError, match="no break-even upsell cost"):
        breakeven_upsell_cost(24, upgrade_arpu=0)
    with pytest.raises(TypeError, match="unexpected keyword argument 'upsell_cost'"):  # it solves for upsell_cost
        breakeven_upsell_cost(24, upsell_cost=1_000)
    with pytest.raises(ValueError, match="measure"):
        breakeven_upsell_cost(24, measure="profit")


def test_break_evens_are_exported_at_the_top():
    import cslearn as cs

    assert cs.breakeven_upsell_cost is breakeven_upsell_cost and cs.breakeven_care_cost is breakeven_care_cost
    # per yen of sales, "half" is half the break-even; per upgrade, half the CAC beats it only above ARPU / 2
    u = breakeven_upsell_cost(60, upgrade_arpu=6_000)
    assert u == pytest.approx(50_000 * 6_000 / 10_000, rel=1e-6) and 50_000 / 2 < u
    assert compare_growth(60, care_share=0.0, upsell_share=0.2, uncared_upsell_rate=0.02, upgrade_arpu=6_000,
                          upsell_cost=25_000).gap["cumulative_profit"].iloc[-1] > 0


def test_the_upgrade_gap_moves_in_step_with_the_upgrade_size():
    def gap(size):
        return compare_growth(60, care_share=0.0, upsell_share=0.2, uncared_upsell_rate=0.02,
                              upgrade_arpu=size).gap["cumulative_profit"].iloc[-1]

    assert gap(3_000) == pytest.approx(-gap(5_000)) and abs(gap(4_000)) < 1  # 20,000 x 10,000 / 50,000 = 4,000


def test_spending_reports_the_caps_of_care_and_upgrades():
    comparison = compare_growth(24, customers=1_000, care_cost=1_000, budget=3_000_000, upsell_share=0.2)
    spent = comparison.spending()
    # month 1: covering 1,000 customers costs 1,000,000 (33 % of 3,000,000), below the 40 % share set
    assert spent["care"][0] == pytest.approx(1_000_000) and spent["care_share"][0] == pytest.approx(1 / 3)
    # 2 % of 1,000 cared-for customers ready to upgrade, at 40 % of the CAC of 50,000 each
    assert spent["upsell"][0] == pytest.approx(0.02 * 1_000 * 20_000)
    assert spent["care_capped"] and spent["upsell_capped"]
    # a small share is spent in full
    # (care 300,000 covers 30 % of 1,000: 6 ready to upgrade, 3 bought at 60,000)
    small = compare_growth(24, care_share=0.1, upsell_share=0.02).spending()
    assert not small["care_capped"] and not small["upsell_capped"]
    assert small["care_share"] == pytest.approx((0.1, 0.1)) and small["upsell_share"] == pytest.approx((0.02, 0.02))
