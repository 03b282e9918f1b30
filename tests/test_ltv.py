"""Tests for cslearn.value.ltv: closed forms against sums written out by hand, conventions, bad input."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cslearn.value.ltv import (
    LIFETIME_MONTHS,
    lifetime_value,
    ltv_to_cac,
    payback_months,
    survival_lifetime_value,
    textbook_lifetime_value,
)

rates = st.floats(0.005, 1.0)
discounts = st.floats(0.0, 0.05)
margins = st.floats(0.0, 1.0)
prices = st.floats(0.0, 100_000.0)


def brute_force_ltv(arpu, churn, margin=1.0, discount=0.0, expansion=0.0, months=20_000):
    """The definition, summed month by month: alive share x price x margin x discount factor."""
    total, alive, price, factor = 0.0, 1.0, arpu, 1.0
    for _ in range(months):
        total += margin * price * alive * factor
        alive *= 1 - churn
        price *= 1 + expansion
        factor /= 1 + discount
        if alive * factor * price < 1e-13 * max(total, 1.0):
            break
    return total


# -- the course's numbers ---------------------------------------------------------------------
def test_ten_thousand_yen_at_five_percent_is_worth_two_hundred_thousand():
    assert lifetime_value(10_000, 0.05) == pytest.approx(200_000)
    assert brute_force_ltv(10_000, 0.05) == pytest.approx(200_000, rel=1e-9)


def test_first_month_counted_with_full_churn():
    # a customer who always leaves after one month pays exactly once
    assert lifetime_value(10_000, 1.0) == pytest.approx(10_000)
    assert lifetime_value(10_000, 1.0, margin=0.6, discount_rate=0.02) == pytest.approx(6_000)


def test_discounted_formula_by_hand():
    # 0.8 * 10,000 * 1.01 / (0.01 + 0.05)
    assert lifetime_value(10_000, 0.05, margin=0.8, discount_rate=0.01) == pytest.approx(8_080 / 0.06)


def test_zero_churn_allowed_with_discounting():
    # a perpetuity paid in advance: A (1 + d) / d
    assert lifetime_value(1_000, 0.0, discount_rate=0.01) == pytest.approx(101_000)


@settings(max_examples=60, deadline=None)
@given(prices, st.floats(0.01, 1.0), margins, discounts)
def test_closed_form_matches_sum(arpu, churn, margin, discount):
    assert lifetime_value(arpu, churn, margin, discount) == pytest.approx(
        brute_force_ltv(arpu, churn, margin, discount), rel=1e-8, abs=1e-6
    )


@settings(max_examples=60, deadline=None)
@given(prices, st.floats(0.01, 0.5), discounts, st.floats(-0.5, 0.05))
def test_expansion_closed_form_matches_sum(arpu, churn, discount, expansion):
    q = (1 - churn) * (1 + expansion) / (1 + discount)
    assume(q <= 0.995)  # keep the brute-force sum short; divergence is tested separately
    expected = brute_force_ltv(arpu, churn, 0.7, discount, expansion)
    value = lifetime_value(arpu, churn, 0.7, discount, expansion)
    assert value == pytest.approx(expected, rel=1e-8, abs=1e-6)


def test_expansion_formula_by_hand():
    # 10,000 yen, 5 % churn, price +1 % a month: 10,000 / (0.05 - 0.01 * 0.95)
    assert lifetime_value(10_000, 0.05, expansion=0.01) == pytest.approx(10_000 / 0.0405)
    assert lifetime_value(10_000, 0.05, expansion=0.01) > lifetime_value(10_000, 0.05)


@settings(max_examples=40, deadline=None)
@given(prices, st.floats(0.0, 1.0), discounts, st.floats(-0.2, 0.2), st.integers(1, 240))
def test_finite_horizon_matches_sum(arpu, churn, discount, expansion, horizon):
    expected = brute_force_ltv(arpu, churn, 1.0, discount, expansion, months=horizon)
    value = lifetime_value(arpu, churn, 1.0, discount, expansion, horizon=horizon)
    assert value == pytest.approx(expected, rel=1e-9, abs=1e-6)


# -- the textbook formula -------------------------------------------------------------------
def test_textbook_margin_multiple_by_hand():
    # Gupta & Lehmann's margin multiple r / (1 + i - r): r = 80 %, i = 12 % gives 0.8 / 0.32 = 2.5
    assert textbook_lifetime_value(1.0, 0.8, 0.12) == pytest.approx(2.5)


@settings(max_examples=60, deadline=None)
@given(prices, margins, st.floats(0.01, 1.0), discounts)
def test_course_value_is_textbook_plus_first_payment(arpu, margin, churn, discount):
    m = margin * arpu
    course = lifetime_value(arpu, churn, margin, discount)
    textbook = textbook_lifetime_value(m, 1 - churn, discount)
    assert course == pytest.approx(textbook + m, rel=1e-9, abs=1e-6)
    # the textbook sum starts one period later: drop the first term of the course's sum
    assert textbook == pytest.approx(brute_force_ltv(arpu, churn, margin, discount) - m, rel=1e-7, abs=1e-5)


# -- monotonicity -------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(st.floats(1.0, 100_000.0), st.floats(0.01, 0.99), st.floats(0.001, 0.5), discounts)
def test_ltv_falls_as_churn_rises(arpu, churn, step, discount):
    higher = min(churn + step, 1.0)
    assert lifetime_value(arpu, higher, 1.0, discount) < lifetime_value(arpu, churn, 1.0, discount)


@settings(max_examples=60, deadline=None)
@given(st.floats(1.0, 100_000.0), st.floats(0.0, 0.99), st.floats(0.0, 0.1), st.floats(0.001, 0.1))
def test_ltv_falls_as_discount_rate_rises(arpu, churn, discount, step):
    if churn + discount < 1e-6:  # a lifetime value beyond a float's range is refused, not compared
        discount = 0.001
    assert lifetime_value(arpu, churn, 1.0, discount + step) < lifetime_value(arpu, churn, 1.0, discount)


def test_arrays_broadcast_like_scalars():
    churns = np.array([0.02, 0.05, 0.1])
    values = lifetime_value(10_000, churns, margin=0.8, discount_rate=[[0.0], [0.01]])
    assert values.shape == (2, 3)
    for i, d in enumerate([0.0, 0.01]):
        for j, c in enumerate(churns):
            assert values[i, j] == pytest.approx(lifetime_value(10_000, float(c), 0.8, d))
    assert isinstance(lifetime_value(10_000, 0.05), float)


# -- survival curves ------------------------------------------------------------------------------
def test_survival_curve_value_equals_constant_churn_value():
    churn, d, g = 0.04, 0.005, 0.01
    by_curve = survival_lifetime_value(lambda t: (1 - churn) ** t, 9_000, 0.7, d, g)
    assert by_curve == pytest.approx(lifetime_value(9_000, churn, 0.7, d, g), rel=1e-9)
    curve = (1 - churn) ** np.arange(36)
    assert survival_lifetime_value(curve, 9_000, 0.7, d, g) == pytest.approx(
        lifetime_value(9_000, churn, 0.7, d, g, horizon=36)
    )


def test_survival_value_by_hand_and_scalar_only_function():
    # half leave after the first month, half of the rest after the second: 1 + 0.5 + 0.25 payments
    assert survival_lifetime_value([1.0, 0.5, 0.25], 10_000) == pytest.approx(17_500)
    # a function that only takes one integer at a time still works
    assert survival_lifetime_value(lambda t: 1.0 if t < 3 else 0.0, 1_000, horizon=10) == pytest.approx(3_000)
    # the default horizon of a function is LIFETIME_MONTHS
    assert survival_lifetime_value(lambda t: np.ones(np.shape(t)), 1) == pytest.approx(LIFETIME_MONTHS)


# -- payback --------------------------------------------------------------------------------------
def brute_force_payback_month(cac, arpu, margin, churn, discount=0.0, expansion=0.0, limit=10_000):
    total, alive, price, factor = 0.0, 1.0, arpu, 1.0
    for month in range(1, limit + 1):
        total += margin * price * alive * factor
        if total >= cac:
            return month
        alive *= 1 - churn
        price *= 1 + expansion
        factor /= 1 + discount
    return math.inf


def test_payback_without_churn_is_cac_over_monthly_margin():
    assert payback_months(50_000, 10_000, 0.5) == pytest.approx(10.0)
    assert payback_months(45_000, 10_000, 0.6) == pytest.approx(7.5)


def test_payback_by_hand_with_churn():
    # margin 8,000 a month, 5 % churn: after 7 months 8,000 (1 - 0.95^7) / 0.05, month 8 adds 8,000 * 0.95^7
    paid_7 = 8_000 * (1 - 0.95**7) / 0.05
    expected = 7 + (50_000 - paid_7) / (8_000 * 0.95**7)
    assert payback_months(50_000, 10_000, 0.8, 0.05) == pytest.approx(expected)


@settings(max_examples=80, deadline=None)
@given(
    st.floats(1.0, 500_000.0), st.floats(100.0, 50_000.0), st.floats(0.1, 1.0),
    st.floats(0.0, 0.3), discounts, st.floats(-0.05, 0.05),
)
def test_payback_month_matches_month_by_month_sum(cac, arpu, margin, churn, discount, expansion):
    q = (1 - churn) * (1 + expansion) / (1 + discount)
    if q < 1:  # a CAC equal to the whole lifetime value is reached only in the limit
        assume(abs(cac - margin * arpu / (1 - q)) > 1e-6 * cac)
    months = payback_months(cac, arpu, margin, churn, discount, expansion)
    expected = brute_force_payback_month(cac, arpu, margin, churn, discount, expansion)
    if math.isinf(expected):
        assert math.isinf(months) or months > 9_999
    elif abs(months - round(months)) > 1e-6:  # away from a whole month, the ceiling is exact
        assert math.ceil(months) == expected
    else:
        assert round(months) in (expected, expected - 1)


def test_payback_edges():
    assert payback_months(0, 10_000, 0.8, 0.05) == 0.0
    assert payback_months(300_000, 10_000, 1.0, 0.05) == math.inf  # LTV 200,000 < CAC
    assert payback_months(1, 0, 0.8) == math.inf
    assert payback_months(5_000, 10_000, 1.0, 1.0) == pytest.approx(0.5)  # one payment covers half
    assert payback_months(20_000, 10_000, 1.0, 1.0) == math.inf
    assert payback_months(50_000, 10_000, 0.8, 0.05) > payback_months(50_000, 10_000, 0.8, 0.0)


def test_ltv_to_cac():
    assert ltv_to_cac(10_000, 0.05, 50_000, margin=0.8) == pytest.approx(3.2)
    assert ltv_to_cac(10_000, 0.05, [50_000, 100_000]).tolist() == pytest.approx([4.0, 2.0])


# -- bad input -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: lifetime_value(10_000, 1.3), "churn"),
        (lambda: lifetime_value(10_000, -0.1), "churn"),
        (lambda: lifetime_value(10_000, float("nan")), "churn"),
        (lambda: lifetime_value(-1, 0.05), "arpu"),
        (lambda: lifetime_value(10_000, 0.05, margin=1.5), "margin"),
        (lambda: lifetime_value(10_000, 0.05, discount_rate=-0.01), "discount_rate"),
        (lambda: lifetime_value(10_000, 0.0), "churn"),
        (lambda: lifetime_value(10_000, 0.05, expansion=0.06), "expansion"),
        (lambda: lifetime_value(10_000, 0.05, expansion=-1.0), "expansion"),
        (lambda: lifetime_value(10_000, [0.05, 1.3]), "churn"),
        (lambda: lifetime_value(10_000, 0.05, horizon=0), "horizon"),
        (lambda: textbook_lifetime_value(10_000, 1.0), "retention"),
        (lambda: textbook_lifetime_value(-5, 0.9), "margin_per_period"),
        (lambda: payback_months(-1, 10_000, 0.8), "cac"),
        (lambda: payback_months(50_000, 10_000, 0.8, churn=1.3), "churn"),
        (lambda: ltv_to_cac(10_000, 0.05, 0), "cac"),
        (lambda: survival_lifetime_value([0.9, 0.8], 10_000), "survival"),
        (lambda: survival_lifetime_value([1.0, 0.8, 0.9], 10_000), "survival"),
        (lambda: survival_lifetime_value([1.0, float("nan")], 10_000), "survival"),
        (lambda: survival_lifetime_value([1.0, 0.5], 10_000, horizon=5), "survival"),
        (lambda: survival_lifetime_value(lambda t: 1 / 0, 10_000), "survival"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize("bad", ["10000", True, None, [1, "a"]])
def test_non_numbers_are_type_errors(bad):
    with pytest.raises(TypeError, match="arpu"):
        lifetime_value(bad, 0.05)


# -- chapter 03 additions: the two conventions side by side, the churn that still pays back -------
def test_conventions_table_by_hand():
    from cslearn.value.ltv import compare_ltv_conventions

    table = compare_ltv_conventions(10_000, [0.05, 0.2], margin=0.8, discount_rate=0.01)
    m = 0.8 * 10_000
    assert table["course_ltv"].tolist() == pytest.approx([m * 1.01 / 0.06, m * 1.01 / 0.21])
    assert table["textbook_ltv"].tolist() == pytest.approx([m * 0.95 / 0.06, m * 0.8 / 0.21])
    assert table["difference"].tolist() == pytest.approx([m, m])
    with pytest.raises(ValueError, match="churn"):
        compare_ltv_conventions(10_000, [0.05, 1.5])
    with pytest.raises(ValueError, match="margin"):
        compare_ltv_conventions(10_000, 0.05, margin=2)


@settings(max_examples=40, deadline=None)
@given(st.floats(1_000, 200_000), st.floats(1_000, 50_000), st.floats(0.2, 1.0), st.integers(1, 36), discounts)
def test_max_churn_for_payback_is_the_edge(cac, arpu, margin, months, discount):
    from cslearn.value.ltv import max_churn_for_payback

    never_leaves = margin * arpu * sum((1 + discount) ** -t for t in range(months))
    if cac > never_leaves * (1 + 1e-9):
        with pytest.raises(ValueError, match="cac"):
            max_churn_for_payback(cac, arpu, months, margin, discount)
        return
    if cac > never_leaves * (1 - 1e-9):  # exactly at the edge: only a customer who never leaves pays back
        assert max_churn_for_payback(cac, arpu, months, margin, discount) == pytest.approx(0.0, abs=1e-6)
        return
    churn = max_churn_for_payback(cac, arpu, months, margin, discount)
    assert 0 <= churn <= 1
    # month-by-month sum at that churn: the customer brings in exactly the CAC by month `months`
    brought = sum(margin * arpu * ((1 - churn) / (1 + discount)) ** t for t in range(months))
    if churn < 1:
        assert brought == pytest.approx(cac, rel=1e-6)
        if churn < 0.999:
            assert payback_months(cac, arpu, margin, churn + 0.001, discount) > months
    else:
        assert brought >= cac * (1 - 1e-9)


def test_max_churn_for_payback_bad_input():
    from cslearn.value.ltv import max_churn_for_payback

    with pytest.raises(ValueError, match="months"):
        max_churn_for_payback(50_000, 10_000, 0)
    with pytest.raises(ValueError, match="cac must be at most"):
        max_churn_for_payback(500_000, 10_000, 12)
    with pytest.raises(TypeError, match="arpu"):
        max_churn_for_payback(50_000, "10000", 12)


def test_survival_ltv_refuses_an_expansion_outgrowing_the_decay_as_lifetime_value_does():
    # issue 13: the whole-life sum diverges when the price grows faster than customers leave
    with pytest.raises(ValueError, match="expansion") as closed:
        lifetime_value(10_000, 0.05, expansion=0.06)
    with pytest.raises(ValueError, match="expansion must be less than") as by_curve:
        survival_lifetime_value(lambda t: 0.95**t, 10_000, expansion=0.06)
    assert "0.05263" in str(closed.value) and "0.05263" in str(by_curve.value)
    assert "horizon" in str(by_curve.value)
    # below the limit, or with a horizon, the two agree
    assert survival_lifetime_value(lambda t: 0.95**t, 10_000, expansion=0.04) == pytest.approx(
        lifetime_value(10_000, 0.05, expansion=0.04), rel=1e-5
    )
    assert survival_lifetime_value(lambda t: 0.95**t, 10_000, expansion=0.06, horizon=24) == pytest.approx(
        lifetime_value(10_000, 0.05, expansion=0.06, horizon=24)
    )
