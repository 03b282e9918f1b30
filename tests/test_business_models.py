"""Tests for cslearn.business_models (chapter 02: shot vs retention models).

Expected values are checked three ways: against closed forms worked out by hand in this file,
against Monte Carlo means (within a few standard errors computed from the simulated data), and
against the prices published in *Customer Success??* (10,000 / 8,000 yen at the esthetic salon,
10,000 / 12,000 / 7,000 yen at the lounge, 10 kg of meat, 5 yen) and the chosen 10,000-yen fee.
"""

from __future__ import annotations

import inspect
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cslearn.business_models import (
    MODELS,
    PAID_AGAIN,
    after_purchase_assumptions,
    after_purchase_curve,
    after_purchase_services,
    after_purchase_value,
    compare_models,
    compare_scenario,
    customer_knowledge,
    customer_totals,
    entry_funnel,
    expected,
    expected_entry_offer,
    expected_owner,
    expected_prepaid,
    model_parameters,
    model_summaries,
    owner_gain_decomposition,
    owner_payback,
    owner_payback_curve,
    retention_benefits,
    scenario_params,
    simulate,
    simulate_entry_offer,
    simulate_meat_ownership,
    simulate_owner,
    simulate_prepaid,
    simulate_shot,
    simulate_subscription,
    visits_per_stock,
)
from cslearn.business_models._exact import propagate

NAMES = list(MODELS)
_price = st.floats(0, 50_000, allow_nan=False)
_prob = st.floats(0, 1, allow_nan=False)


# ---------------------------------------------------------------- determinism and bookkeeping


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_frame_and_different_seed_differs(name):
    first = simulate(name, rng=123, n_customers=300, months=12, detail=True)
    again = simulate(name, rng=np.random.default_rng(123), n_customers=300, months=12, detail=True)
    pd.testing.assert_frame_equal(first.to_frame(), again.to_frame())
    pd.testing.assert_frame_equal(first.table, again.table)
    pd.testing.assert_series_equal(first.summary, again.summary)
    other = simulate(name, rng=124, n_customers=300, months=12, detail=True)
    assert not first.to_frame().equals(other.to_frame())


@pytest.mark.parametrize("name", NAMES)
def test_totals_agree_with_the_tidy_frame(name):
    result = simulate(name, rng=7, n_customers=400, months=10, detail=True)
    frame = result.to_frame()
    assert list(frame.columns[:4]) == ["customer", "month", "visits", "revenue"]
    assert len(frame) == 400 * 10
    by_month = frame.groupby("month")
    monthly = result.table
    np.testing.assert_allclose(by_month["revenue"].sum(), monthly["revenue"])
    np.testing.assert_allclose(by_month["revenue"].mean(), monthly["revenue_per_customer"])
    np.testing.assert_allclose(by_month["visits"].mean(), monthly["visits_per_customer"])
    np.testing.assert_allclose(by_month["active"].mean(), monthly["share_active"])
    np.testing.assert_allclose(
        monthly["cumulative_revenue_per_customer"], np.cumsum(monthly["revenue_per_customer"])
    )
    # returned by month t: active in some month 2..t, recomputed from the frame
    later = frame[frame["month"] >= 2].sort_values(["customer", "month"])
    came_back = later.groupby("customer")["active"].cummax()
    share = came_back.groupby(later["month"]).mean()
    np.testing.assert_allclose(share.to_numpy(), monthly["share_returned"].iloc[1:].to_numpy())
    customers = result.customers()
    by_customer = frame.groupby("customer")
    np.testing.assert_allclose(customers["revenue"], by_customer["revenue"].sum())
    np.testing.assert_array_equal(customers["visits"], by_customer["visits"].sum())
    assert result.summary["share_returned"] == pytest.approx(customers["returned"].mean())


@pytest.mark.parametrize("name", NAMES)
def test_detail_does_not_change_the_draws(name):
    kept = simulate(name, rng=11, n_customers=500, months=8, detail=True)
    lean = simulate(name, rng=11, n_customers=500, months=8, detail=False)
    pd.testing.assert_frame_equal(kept.table, lean.table)
    assert not lean.has_detail
    with pytest.raises(ValueError, match="detail"):
        lean.to_frame()


# ---------------------------------------------------------------- expected values by hand


def test_expected_values_match_closed_forms():
    months, t = 24, np.arange(1, 25)
    survive = 0.95 ** (t - 1)
    shot = expected("shot", months).table["revenue_per_customer"].to_numpy()
    np.testing.assert_allclose(shot, np.where(t == 1, 10_000, 10_000 * 0.10 * survive))
    sub = expected("subscription", months).table["revenue_per_customer"]
    np.testing.assert_allclose(sub, 10_000 * survive)
    const = expected("constant", months).table
    np.testing.assert_allclose(const["revenue_per_customer"], 2_500 * 4 * survive)
    np.testing.assert_allclose(const["share_active"], survive * (1 - 0.5**8))
    entry = expected_entry_offer(months, trial_months=2).table["revenue_per_customer"].to_numpy()
    paid = 0.30 * 10_000 * 0.95 ** np.clip(t - 3, 0, None)
    np.testing.assert_allclose(entry, np.where(t == 1, 5, np.where(t == 2, 0, paid)))
    own = expected_owner(months, owner_share=1.0).summary["visits_per_owner"]
    assert own == pytest.approx(1 + 0.40 * sum(0.95**k for k in range(1, months)))


def test_prepaid_without_recharge_by_hand():
    c, pb, p0 = 0.05, 0.35, 0.10
    with_balance, empty, revenue = 1.0, 0.0, [10_000.0]  # alive with 2,000 left / alive with 0
    for _ in range(11):
        revenue.append(with_balance * (1 - c) * pb * 8_000 + empty * (1 - c) * p0 * 10_000)
        with_balance, empty = with_balance * (1 - c) * (1 - pb), empty * (1 - c) + with_balance * (1 - c) * pb
    result = expected_prepaid(12, recharge_prob=0.0).table["revenue_per_customer"]
    np.testing.assert_allclose(result, revenue)


def _prepaid_by_states(
    months, price, charge, charged_price, return_prob, return_prob_balance, recharge_prob, lapse
):
    """The prepaid chain written as a transition table for the generic state engine."""
    leftover = charge - charged_price
    zero = {"visits": 0.0, "revenue": 0.0, "share_charged": 0.0}

    def step(state, t):
        if t == 1:
            return [(1.0, (True, leftover), True, {"visits": 1.0, "revenue": charge, "share_charged": 1.0})]
        alive, b = state
        if not alive:
            return [(1.0, state, False, zero)]
        p = return_prob_balance if b > 0 else return_prob
        used = min(b, price)
        stay = 1 - lapse
        return [
            (lapse, (False, b), False, zero),
            (
                stay * p * recharge_prob,
                (True, b + leftover),
                True,
                {"visits": 1.0, "revenue": charge, "share_charged": 1.0},
            ),
            (
                stay * p * (1 - recharge_prob),
                (True, b - used),
                True,
                {"visits": 1.0, "revenue": price - used, "share_charged": 0.0},
            ),
            (stay * (1 - p), state, False, zero),
        ]

    columns = ["balance_per_customer", "share_charged"]
    return propagate(months, {"new": 1.0}, step, columns, lambda state: {"balance_per_customer": state[1]})


@settings(max_examples=25, deadline=None)
@given(
    prices=st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30)),
    probs=st.tuples(_prob, _prob, _prob, _prob),
    months=st.integers(1, 12),
)
def test_prepaid_grid_agrees_with_the_state_engine(prices, probs, months):
    price, charge, cut = (1_000 * x for x in prices)
    params = dict(price=price, charge=charge, charged_price=min(cut, charge))
    params.update(zip(("return_prob", "return_prob_balance", "recharge_prob", "lapse"), probs, strict=True))
    grid = expected_prepaid(months, **params).table
    states = _prepaid_by_states(months, **params)
    pd.testing.assert_frame_equal(grid, states[grid.columns], check_exact=False, rtol=1e-9, atol=1e-9)


def test_meat_rebuy_month_by_hand():
    # visit_prob 1, no lapse: 1 kg a month in months 2..11; month 11 finishes the stock
    monthly = expected("meat_ownership", 13, visit_prob=1.0, lapse=0.0).table
    rev = monthly["revenue_per_customer"].to_numpy()
    assert rev[1:10] == pytest.approx([4_000] * 9)
    assert rev[10] == pytest.approx(4_000 + 0.30 * 100_000)
    assert rev[11] == pytest.approx(0.30 * 4_000 + 0.70 * 0.10 * 6_000)
    assert monthly["stock_kg_per_customer"].iloc[9] == pytest.approx(1.0)
    assert visits_per_stock() == 10


# ---------------------------------------------------------------- simulation converges to expectation


def _cell_column(frame: pd.DataFrame, column: str) -> pd.Series:
    if column == "revenue_per_customer":
        return frame["revenue"]
    if column == "visits_per_customer":
        return frame["visits"].astype(float)
    if column == "share_active":
        return frame["active"].astype(float)
    if column.endswith("_per_customer"):
        return frame[column.removesuffix("_per_customer")].astype(float)
    category = column.removeprefix("share_")
    if category in frame.columns:
        return frame[category].astype(float)
    return (frame["stage"] == category).astype(float)


@pytest.mark.parametrize("name", NAMES)
def test_simulated_means_converge_to_expected_values(name):
    n, months = 100_000, 18
    result = simulate(name, rng=2024, n_customers=n, months=months, detail=True)
    ev = expected(name, months)
    skip = {"month", "cumulative_revenue_per_customer", "share_returned"}
    columns = [c for c in ev.table.columns if c not in skip]
    assert set(ev.table.columns) <= set(result.table.columns)
    frame = result.to_frame()
    for column in columns:
        values = _cell_column(frame, column).groupby(frame["month"])
        se = values.std(ddof=1).to_numpy() / math.sqrt(n)
        gap = np.abs(result.table[column].to_numpy() - ev.table[column].to_numpy())
        assert np.all(gap <= 4.5 * se + 1e-9), (column, gap, se)
    share = ev.table["share_returned"].to_numpy()
    se = np.sqrt(share * (1 - share) / n)
    assert np.all(np.abs(result.table["share_returned"].to_numpy() - share) <= 5 * se + 1e-9)
    totals = result.customers()["revenue"]
    se_total = totals.std(ddof=1) / math.sqrt(n)
    assert abs(totals.mean() - ev.summary["revenue_per_customer"]) <= 5 * se_total


@pytest.mark.parametrize("name", NAMES)
def test_error_shrinks_with_more_customers(name):
    ev = expected(name, 12).table["revenue_per_customer"].to_numpy()

    def error(n):
        runs = [simulate(name, rng=seed, n_customers=n, months=12, detail=False) for seed in range(4)]
        return np.mean([np.abs(r.table["revenue_per_customer"].to_numpy() - ev).mean() for r in runs])

    # the error falls like 1 / sqrt(n): 64 times the customers, about 8 times smaller
    assert error(160_000) < error(2_500) / 3


# ---------------------------------------------------------------- hypothesis properties


@st.composite
def model_and_params(draw):
    """A model and a value for each of its parameters, drawn inside the range its declaration accepts."""
    name = draw(st.sampled_from(NAMES))
    params = {}
    for parameter in MODELS[name].parameters.values():
        if parameter.integer:  # small whole numbers keep the runs short
            params[parameter.name] = draw(st.integers(parameter.low, min(parameter.high, 10)))
        elif parameter.unit == "share":
            params[parameter.name] = draw(_prob)
        elif parameter.unit == "yen":
            params[parameter.name] = draw(_price)
        elif parameter.unit == "kg":
            params[parameter.name] = draw(st.floats(parameter.low, 20))
        else:  # a rate capped by another parameter: a share of the cap, set below
            params[parameter.name] = draw(st.floats(0, 1))
    for rate, cap in (
        ("visit_rate", "max_visits"),
        ("usage_rate", "max_uses"),
        ("friends_per_visit", "max_friends"),
    ):
        if rate in params:
            params[rate] *= params[cap]
    if "charged_price" in params:
        params["charged_price"] = min(params["charged_price"], params["charge"])
    return name, params


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=model_and_params(), seed=st.integers(0, 2**32 - 1), n=st.integers(1, 60), months=st.integers(1, 14)
)
def test_revenue_is_never_negative(case, seed, n, months):
    name, params = case
    result = simulate(name, rng=seed, n_customers=n, months=months, detail=True, **params)
    frame = result.to_frame()
    assert (frame["revenue"] >= 0).all()
    assert (result.customers()["revenue"] >= 0).all()
    monthly = result.table
    assert np.all(np.diff(monthly["cumulative_revenue_per_customer"]) >= -1e-9)
    assert np.all(np.diff(monthly["share_returned"]) >= 0)
    ev = expected(name, months, **params).table
    assert (ev["revenue_per_customer"] >= -1e-9).all()
    assert ev["share_active"].between(-1e-12, 1 + 1e-12).all()


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    price=_price,
    charge=_price,
    cut=st.floats(0, 1),
    probs=st.tuples(_prob, _prob, _prob, _prob),
    months=st.integers(1, 24),
)
def test_prepaid_balance_never_below_zero(seed, price, charge, cut, probs, months):
    p0, pb, r, lapse = probs
    params = dict(price=price, charge=charge, charged_price=charge * cut, return_prob=p0)
    params.update(return_prob_balance=pb, recharge_prob=r, lapse=lapse)
    result = simulate_prepaid(rng=seed, n_customers=80, months=months, detail=True, **params)
    balance = result.to_frame()["balance"]
    assert (balance >= 0).all()
    assert (balance <= months * (charge - charge * cut) + 1e-6).all()
    assert (expected_prepaid(months, **params).table["balance_per_customer"] >= 0).all()


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1_000, 4_000), months=st.integers(1, 36))
def test_owners_visit_at_least_as_often_as_non_owners_by_default(seed, n, months):
    summary = simulate_owner(rng=seed, n_customers=n, months=months).summary
    assert summary["visits_per_owner"] >= summary["visits_per_non_owner"]


@settings(max_examples=30, deadline=None)
@given(r=_prob, lift=_prob, lapse=_prob, share=_prob, months=st.integers(1, 36),
       prices=st.tuples(_price, _price, _price))
def test_expected_owner_visits_follow_the_return_rates_not_the_prices(r, lift, lapse, share, months, prices):
    owner_r = r + (1 - r) * lift  # an owner returns at least as often as a non-owner
    rates = dict(return_prob=r, owner_return_prob=owner_r, lapse=lapse, owner_share=share)
    summary = expected_owner(months, **rates).summary
    assert summary["visits_per_owner"] >= summary["visits_per_non_owner"] - 1e-12
    # the return rates reach the visits: swapping them swaps the two groups' visits
    swapped = expected_owner(months, **{**rates, "return_prob": owner_r, "owner_return_prob": r}).summary
    assert swapped["visits_per_owner"] == pytest.approx(summary["visits_per_non_owner"])
    assert swapped["visits_per_non_owner"] == pytest.approx(summary["visits_per_owner"])
    # the prices reach the revenue only: whatever they are, the visits stay and month 1 is what they say
    fee, course, owner_price = prices
    priced = expected_owner(months, owner_fee=fee, course_price=course, owner_price=owner_price, **rates)
    assert priced.summary["visits_per_owner"] == pytest.approx(summary["visits_per_owner"])
    assert priced.summary["visits_per_non_owner"] == pytest.approx(summary["visits_per_non_owner"])
    first = share * (fee + owner_price + 0.6 * course) + (1 - share) * course  # 0.6 friends a visit by default
    assert priced.summary["first_month_revenue_per_customer"] == pytest.approx(first)


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    kg=st.floats(0.5, 15),
    portion=st.floats(0.1, 3),
    months=st.integers(2, 20),
)
def test_meat_stock_stays_between_zero_and_one_purchase(seed, kg, portion, months):
    result = simulate_meat_ownership(
        rng=seed, n_customers=50, months=months, stock_kg=kg, kg_per_visit=portion, detail=True
    )
    frame = result.to_frame()
    assert (frame["stock_kg"] >= 0).all()
    assert (frame["stock_kg"] <= round(kg * 1000) / 1000 + 1e-9).all()
    assert (frame["eaten_kg"] <= round(portion * 1000) / 1000 + 1e-9).all()


# ---------------------------------------------------------------- article prices and the registry


def test_defaults_are_the_article_prices():
    assert inspect.signature(simulate_prepaid).parameters["price"].default == 10_000
    defaults = {name: model.defaults() for name, model in MODELS.items()}
    assert (defaults["prepaid"]["charge"], defaults["prepaid"]["charged_price"]) == (10_000, 8_000)
    owner = defaults["owner"]
    assert (owner["owner_fee"], owner["course_price"], owner["owner_price"]) == (10_000, 12_000, 7_000)
    assert defaults["subscription"]["fee"] == 10_000
    assert defaults["entry_offer"]["entry_price"] in (0, 5)
    assert defaults["meat_ownership"]["stock_kg"] == 10


@pytest.mark.parametrize("name", NAMES)
def test_registry_parameters_match_both_functions(name):
    model = MODELS[name]
    for function in (model.simulate, model.expected):
        signature = inspect.signature(function)
        keyword = {p.name: p.default for p in signature.parameters.values() if p.kind == p.KEYWORD_ONLY}
        keyword.pop("detail", None)
        if function is model.simulate:
            assert keyword.pop("rng") == 0  # SPEC 7: keyword-only, default 0
        assert list(keyword) == list(model.parameters)
        assert keyword == model.defaults()
        assert all(f"``{name}``" in function.__doc__ for name in model.parameters)  # written from the declaration
    kinds = {parameter.kind for parameter in model.parameters.values()}
    assert kinds <= {"article", "chosen", "assumption"}
    assert "assumption" in kinds


def test_compare_models_is_tidy_and_matches_single_runs():
    table = compare_models(["shot", "owner"], rng=5, n_customers=2_000, months=6)
    assert list(table.columns) == [
        "model",
        "label",
        "month",
        "revenue_per_customer",
        "cumulative_revenue_per_customer",
        "visits_per_customer",
        "share_active",
        "share_returned",
    ]
    assert table["model"].tolist() == ["shot"] * 6 + ["owner"] * 6
    single = simulate("owner", rng=5, n_customers=2_000, months=6).table
    np.testing.assert_allclose(
        table.loc[table["model"] == "owner", "revenue_per_customer"], single["revenue_per_customer"]
    )
    exact = compare_models(
        ["prepaid"], months=6, method="expected", params={"prepaid": {"recharge_prob": 0.0}}
    )
    np.testing.assert_allclose(
        exact["cumulative_revenue_per_customer"],
        expected("prepaid", 6, recharge_prob=0.0).table["cumulative_revenue_per_customer"],
    )
    spawned = compare_models(rng=np.random.default_rng(1), n_customers=200, months=3)
    assert spawned["model"].unique().tolist() == NAMES
    summaries = model_summaries(method="expected", months=12)
    assert summaries["model"].tolist() == NAMES
    shot = summaries.set_index("model").loc["shot", "revenue_per_customer"]
    assert shot == pytest.approx(10_000 + 1_000 * sum(0.95**k for k in range(1, 12)))


def test_model_parameters_table():
    table = model_parameters()
    assert set(table["model"]) == set(NAMES)
    assert set(table["kind"]) == {"article", "chosen", "assumption"}
    # the 10,000-yen fee is the article's LTV example (1,000 members), not a gym's price: chosen
    # the 8,000-yen first-visit price is the article's; charging it at every recharge is labelled an assumption
    charged = table[(table["model"] == "prepaid") & (table["parameter"] == "charged_price")].iloc[0]
    assert charged["kind"] == "article" and "recharge is an assumption" in charged["meaning"]
    fees = table[(table["parameter"] == "fee")]
    assert (fees["kind"] == "chosen").all() and "LTV" in fees["meaning"].iloc[0]
    behaviour = table[
        table["parameter"].isin(["return_prob_balance", "owner_return_prob", "friends_per_visit"])
    ]
    assert (behaviour["kind"] == "assumption").all()


# ---------------------------------------------------------------- owner payback and knowledge


def test_owner_payback_for_owner_and_shop():
    table = owner_payback().set_index(["party", "measure"])["value"]
    assert table[("owner", "visits_to_recoup")] == math.ceil(10_000 / (12_000 - 7_000))
    assert table[("shop", "friends_per_visit_to_break_even")] == pytest.approx(5_000 / 12_000)
    assert table[("shop", "fee_covers_discount_visits")] == pytest.approx(2.0)
    # chance of a second visit before leaving: 0.95 * 0.4 / (0.05 + 0.95 * 0.4), less a tail after 36 months
    assert table[("owner", "probability_recouped")] == pytest.approx(0.38 / 0.43, abs=1e-3)
    sim = simulate_owner(rng=9, n_customers=50_000, months=36, owner_share=1.0)
    share = (sim.customers()["visits"] >= 2).mean()
    assert abs(share - table[("owner", "probability_recouped")]) < 5 * math.sqrt(0.12 / 50_000)
    curve = owner_payback_curve()
    month = int(table[("owner", "expected_month_recouped")])
    assert curve["owner_net"].iloc[month - 1] >= 0 > curve["owner_net"].iloc[month - 2]
    assert curve["owner_net"].iloc[0] == pytest.approx(5_000 - 10_000)
    never = owner_payback(owner_return_prob=0.0, friends_per_visit=0.0).set_index(["party", "measure"])[
        "value"
    ]
    assert pd.isna(never[("owner", "expected_month_recouped")])
    # without friends and extra visits the discount costs the shop money in the long run
    assert never[("shop", "gain_at_horizon")] < 10_000


def test_owner_gain_decomposition_adds_up_and_matches_hand_counts():
    # expected visits by hand: 1 + sum_{t=2..36} p 0.95^(t-1) for an owner (0.4) and a non-owner (0.1)
    tail = sum(0.95 ** (t - 1) for t in range(2, 37))
    v_owner, v_guest = 1 + 0.4 * tail, 1 + 0.1 * tail
    parts = owner_gain_decomposition().set_index("component")["yen"]
    assert parts["stake"] == pytest.approx(10_000)
    assert parts["extra_visits"] == pytest.approx((v_owner - v_guest) * 7_000)
    assert parts["friends"] == pytest.approx(0.6 * v_owner * 12_000)
    assert parts["discount_on_usual_visits"] == pytest.approx(-5_000 * v_guest)
    assert parts["cost_of_serving"] == 0.0
    assert parts["total"] == pytest.approx(parts.drop("total").sum())
    assert parts["total"] == pytest.approx(owner_payback_curve()["shop_gain"].iloc[-1])
    # equal return rates and no friends: the stake against the discount on usual visits, a loss
    same = owner_gain_decomposition(owner_return_prob=0.1, friends_per_visit=0.0).set_index("component")["yen"]
    assert same["total"] == pytest.approx(10_000 - 5_000 * v_guest) and same["total"] < 0
    # a 40 % cost of serving each visit (owners', friends' less the non-owner's) cuts the gain
    costly = owner_gain_decomposition(cost_share=0.4).set_index("component")["yen"]
    assert costly["cost_of_serving"] == pytest.approx(-0.4 * 12_000 * (v_owner * 1.6 - v_guest))
    assert costly["total"] == pytest.approx(parts["total"] + costly["cost_of_serving"])
    with pytest.raises(ValueError, match="cost_share"):
        owner_gain_decomposition(cost_share=1.5)


def test_owner_payback_spread_matches_a_simulation():
    table = owner_payback().set_index("measure")["value"]
    curve = owner_payback_curve()
    # month 2 by hand: P(a second visit in month 2) = 0.95 * 0.4
    assert curve["share_recouped"].iloc[0] == 0.0
    assert curve["share_recouped"].iloc[1] == pytest.approx(0.95 * 0.4)
    assert np.all(np.diff(curve["share_recouped"]) >= -1e-12)
    assert table["share_never_recouped"] == pytest.approx(1 - table["probability_recouped"])
    sim = simulate_owner(rng=4, n_customers=40_000, months=36, owner_share=1.0, detail=True).to_frame()
    second = sim[sim["visits"] > 0].groupby("customer")["month"].nth(1)  # month of the second visit
    by_month = np.array([(second <= t).sum() / 40_000 for t in range(1, 37)])
    np.testing.assert_allclose(curve["share_recouped"], by_month, atol=5 * math.sqrt(0.25 / 40_000))
    median = int(np.argmax(by_month >= 0.5)) + 1
    assert table["median_month_recouped"] == median
    assert table["median_month_recouped"] < table["expected_month_recouped"]


def test_typed_tables_say_they_are_a_reading_not_data():
    table = customer_knowledge()
    assert (table["basis"] == "the course's reading of Customer Success??, not data").all()
    assert (after_purchase_services()["basis"] == "the course's reading of What is CS #2-1, not data").all()
    assert (after_purchase_assumptions()["basis"] == "assumption").all()
    assert table["model"].tolist() == NAMES
    assert {"customer_data", "improvement", "added_value"} <= set(table.columns)
    assert not table.set_index("model").loc["shot", ["knows_who", "can_contact", "sees_repeat_visits"]].any()
    assert table.loc[table["model"] != "shot", "knows_who"].all()
    assert customer_knowledge("owner")["added_value"].str.contains("birthday").item()
    assert len(after_purchase_services()) == 4


# ---------------------------------------------------------------- C12: what retention buys, counted


def test_retention_benefits_by_hand():
    table = retention_benefits(n_customers=1_000, months=24).set_index("model")
    assert table.index.tolist() == NAMES
    # a shot sale keeps no record: nothing to know, no data, no message
    assert table.loc["shot", ["on_record", "known_at_end", "visit_records", "birthday_messages"]].tolist() == [0] * 4
    # members: 1,000 on record, 1,000 x 0.95^23 still paying in month 24, 4 check-ins a member-month,
    # and a birthday message for 1/12 of the members still there each month
    kept = [0.95 ** (t - 1) for t in range(1, 25)]
    sub = table.loc["subscription"]
    assert sub["on_record"] == 1_000
    assert sub["known_at_end"] == pytest.approx(1_000 * 0.95**23)
    assert sub["visit_records"] == pytest.approx(1_000 * 4 * sum(kept))
    assert sub["birthday_messages"] == pytest.approx(1_000 / 12 * sum(kept))
    # the lounge knows only its owners (30 %): each visits in month 1, then 0.4 x 0.95^(t-1)
    owner = table.loc["owner"]
    assert owner["on_record"] == pytest.approx(300)
    assert owner["visit_records"] == pytest.approx(300 * (1 + 0.4 * sum(kept[1:])))
    assert owner["birthday_messages"] == pytest.approx(300 / 12 * sum(kept))
    # the entry offer: everyone during the one-month trial, then the 30 % who pay and stay
    entry = table.loc["entry_offer"]
    assert entry["known_at_end"] == pytest.approx(1_000 * 0.3 * 0.95**22)
    assert entry["birthday_messages"] == pytest.approx(1_000 / 12 * (1 + 0.3 * sum(kept[:23])))
    # no model that keeps a record knows more customers than it has on record
    assert (table["known_at_end"] <= table["on_record"] + 1e-9).all()


def test_retention_benefits_follow_the_parameters():
    slow = retention_benefits(["subscription"], months=12, params={"subscription": {"churn": 0.0}}).iloc[0]
    assert slow["known_at_end"] == pytest.approx(1_000) and slow["birthday_messages"] == pytest.approx(1_000)
    few = retention_benefits(["owner"], months=12, params={"owner": {"owner_share": 0.0}}).iloc[0]
    assert few["on_record"] == 0 and few["visit_records"] == 0


def test_paid_again_is_the_models_billed_whether_or_not_they_visit():
    # a member who never visits still "returns" in those models: share_returned is a payment there
    idle = compare_models(["subscription"], months=3, method="expected",
                          params={"subscription": {"visit_rate": 0.0, "churn": 0.0}})
    assert idle["share_returned"].iloc[-1] == 1.0 and idle["visits_per_customer"].sum() == 0.0
    assert set(PAID_AGAIN) == {"subscription", "entry_offer"}


# ---------------------------------------------------------------- C13: after-purchase services, priced


def test_after_purchase_value_by_hand():
    table = after_purchase_value(months=36).set_index("business")
    assert table.index.tolist() == ["fish shop", "watch shop", "kimono shop", "software vendor"]
    tail = sum(0.97 ** (t - 1) for t in range(2, 37))
    # the watch shop: 60,000 once, then 0.4 % of a new watch a month; with the service 0.6 % and 5 % of 8,000
    watch = table.loc["watch shop"]
    assert watch["without_service"] == pytest.approx(60_000 + tail * 0.004 * 60_000)
    assert watch["with_service"] == pytest.approx(60_000 + tail * (0.006 * 60_000 + 0.05 * 8_000))
    # the software vendor: the yearly contract (24,000, renewed in months 13 and 25 by a customer still
    # there) replaces buying a new licence (1 % a month)
    software = table.loc["software vendor"]
    assert software["gain"] == pytest.approx(24_000 * (0.97**12 + 0.97**24) - tail * 0.01 * 120_000)
    # billed every month instead, the same contract at 2,000 a month
    monthly = after_purchase_value("software vendor", months=36, service_every=1, service_price=2_000).iloc[0]
    assert monthly["gain"] == pytest.approx(tail * (2_000 - 0.01 * 120_000))
    assert (table["ratio"] == table["with_service"] / table["without_service"]).all()
    # a service that lifts nothing and sells nothing is worth nothing
    none = after_purchase_value(return_prob_with=0.3, service_prob=0.0, businesses="fish shop", months=12)
    assert none["gain"].item() == pytest.approx(0.0)


def test_after_purchase_curve_ends_at_the_value():
    curve = after_purchase_curve("kimono shop", months=24, lapse=0.05)
    value = after_purchase_value("kimono shop", months=24, lapse=0.05).iloc[0]
    assert curve["month"].tolist() == list(range(1, 25))
    assert curve["with_service"].iloc[-1] == pytest.approx(value["with_service"])
    assert curve["without_service"].iloc[0] == curve["with_service"].iloc[0] == 300_000
    assert (np.diff(curve["with_service"]) >= 0).all()


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: simulate_shot(rng="seed"), TypeError, "rng"),
        (lambda: simulate_shot(rng=-1), ValueError, "rng"),
        (lambda: simulate_shot(n_customers=0), ValueError, "n_customers"),
        (lambda: simulate_shot(n_customers=2.5), TypeError, "n_customers"),
        (lambda: simulate_shot(months=0), ValueError, "months"),
        (lambda: simulate_shot(price=-1), ValueError, "price"),
        (lambda: simulate_shot(return_prob=1.5), ValueError, "return_prob"),
        (lambda: simulate_shot(lapse=float("nan")), ValueError, "lapse"),
        (lambda: simulate_shot(detail="yes"), TypeError, "detail"),
        (lambda: simulate_subscription(visit_rate=9), ValueError, "visit_rate"),
        (lambda: simulate_subscription(max_visits=0), ValueError, "max_visits"),
        (lambda: simulate_entry_offer(trial_months=0), ValueError, "trial_months"),
        (lambda: simulate_entry_offer(conversion=-0.1), ValueError, "conversion"),
        (lambda: simulate_prepaid(charged_price=12_000), ValueError, "charged_price"),
        (lambda: simulate_owner(owner_share="most"), TypeError, "owner_share"),
        (lambda: simulate_owner(friends_per_visit=5), ValueError, "friends_per_visit"),
        (lambda: simulate_meat_ownership(kg_per_visit=0), ValueError, "kg_per_visit"),
        (lambda: simulate_meat_ownership(aging_months=0), ValueError, "aging_months"),
        (lambda: expected("shot", months=0), ValueError, "months"),
        (lambda: simulate("gym"), ValueError, "name"),
        (lambda: simulate("shot", fee=1), TypeError, "fee"),
        (lambda: compare_models([]), ValueError, "names"),
        (lambda: compare_models(["shot", "shot"]), ValueError, "names"),
        (lambda: compare_models(["shot", "gym"]), ValueError, "names"),
        (lambda: compare_models(["shot"], method="fast"), ValueError, "method"),
        (lambda: compare_models(["shot"], params={"owner": {}}), ValueError, "params"),
        (lambda: compare_models(["shot"], params={"shot": {"fee": 1}}), TypeError, "fee"),
        (lambda: compare_models(["shot"], params=[1]), TypeError, "params"),
        (lambda: owner_payback(owner_price=12_000), ValueError, "owner_price"),
        (lambda: customer_knowledge(["gym"]), ValueError, "models"),
        (lambda: retention_benefits(["gym"]), ValueError, "names"),
        (lambda: retention_benefits(n_customers=0), ValueError, "n_customers"),
        (lambda: retention_benefits(months=0), ValueError, "months"),
        (lambda: retention_benefits(["owner"], params={"owner": {"churn": 0.1}}), TypeError, "churn"),
        (lambda: after_purchase_value("bakery"), ValueError, "businesses"),
        (lambda: after_purchase_value([]), ValueError, "businesses"),
        (lambda: after_purchase_value(lapse=1.5), ValueError, "lapse"),
        (lambda: after_purchase_value(service_price=-1), ValueError, "service_price"),
        (lambda: after_purchase_value(service_every=0), ValueError, "service_every"),
        (lambda: after_purchase_value(discount=0.1), TypeError, "discount"),
        (lambda: after_purchase_curve(["fish shop"]), ValueError, "business"),
        (lambda: after_purchase_curve("fish shop", months=0), ValueError, "months"),
    ],
)
def test_bad_input_is_refused_by_name(call, error, argument):
    with pytest.raises(error, match=argument):
        call()


# ---------------------------------------------------------------- shared knobs, funnel, per-customer totals


def test_scenario_params_map_each_knob_onto_each_model():
    params = scenario_params(price=6_000, fee=8_000, return_prob=0.2, churn=0.1, entry_price=0, conversion=0.4)
    assert list(params) == NAMES
    assert params["shot"] == {"price": 6_000, "return_prob": 0.2}
    assert params["prepaid"]["charge"] == 6_000 and params["prepaid"]["charged_price"] == pytest.approx(4_800)
    usage = MODELS["constant"].defaults()["usage_rate"]
    assert params["constant"]["unit_price"] * usage == pytest.approx(8_000)
    assert params["entry_offer"] == {"entry_price": 0, "conversion": 0.4, "fee": 8_000, "churn": 0.1}
    assert params["owner"] == params["meat_ownership"] == {"return_prob": 0.2}
    for name, overrides in params.items():  # every knob lands on a real parameter of its model
        assert set(overrides) <= set(MODELS[name].parameters)
    # the chapter's 'Try it': the list price moves the shot sale and the prepaid balance only
    cheap, dear = (compare_scenario(price=p, months=12).groupby("model")["cumulative_revenue_per_customer"].last()
                   for p in (10_000, 20_000))
    assert set(cheap.index[cheap != dear]) == {"shot", "prepaid"}


def test_known_at_end_counts_prepaid_customers_with_or_without_a_balance():
    # the chapter's definition: a prepaid customer who has not lapsed (5 % a month), balance left or not,
    # visiting that month or not
    table = retention_benefits(["prepaid"], n_customers=1_000, months=12).set_index("model")
    assert table.loc["prepaid", "known_at_end"] == pytest.approx(1_000 * 0.95**11)
    assert table.loc["prepaid", "known_at_end"] > 1_000 * expected_prepaid(12).table["share_active"].iloc[-1]


def test_compare_scenario_by_hand():
    table = compare_scenario(
        ["subscription", "constant", "entry_offer"], fee=3_000, churn=0.0, entry_price=5, conversion=0.5, months=6
    ).set_index(["model", "month"])["revenue_per_customer"]
    assert [table[("subscription", t)] for t in range(1, 7)] == pytest.approx([3_000] * 6)
    assert [table[("constant", t)] for t in range(1, 7)] == pytest.approx([3_000] * 6)
    assert [table[("entry_offer", t)] for t in range(1, 7)] == pytest.approx([5] + [1_500] * 5)
    simulated = compare_scenario(["shot"], price=7_000, method="simulate", rng=4, n_customers=500, months=3)
    assert simulated["revenue_per_customer"].iloc[0] == 7_000


def test_entry_funnel_closed_form_and_simulation():
    funnel = entry_funnel(2_000, retained_after=12, trial_months=2, conversion=0.25, churn=0.04, fee=8_000)
    assert funnel["stage"].tolist() == ["trial", "paid", "retained"]
    assert funnel["month"].tolist() == [1, 3, 14]
    assert funnel["customers"].tolist() == pytest.approx([2_000, 500, 500 * 0.96**11])
    assert funnel["share_of_previous"].tolist() == pytest.approx([1.0, 0.25, 0.96**11])
    assert funnel["revenue"].tolist() == pytest.approx([2_000 * 5, 500 * 8_000, 500 * 0.96**11 * 8_000])
    n = 40_000
    run = simulate_entry_offer(rng=8, n_customers=n, months=14, trial_months=2, conversion=0.25, churn=0.04)
    share = run.table["share_paid"].iloc[13]
    p = 0.25 * 0.96**11
    assert abs(share - p) < 5 * math.sqrt(p * (1 - p) / n)
    nobody = entry_funnel(conversion=0.0)
    assert nobody["customers"].tolist()[1:] == [0.0, 0.0] and nobody["share_of_previous"].tolist()[1:] == [0, 0]


def test_customer_totals_add_up_to_the_monthly_figures():
    totals = customer_totals(["shot", "prepaid"], rng=11, n_customers=3_000, months=10)
    assert totals.groupby("model", sort=False).size().tolist() == [3_000, 3_000]
    assert (totals["revenue"] >= 0).all()
    same_seed = compare_models(["shot", "prepaid"], rng=11, n_customers=3_000, months=10)
    last = same_seed.groupby("model", sort=False)["cumulative_revenue_per_customer"].last()
    np.testing.assert_allclose(totals.groupby("model", sort=False)["revenue"].mean(), last)
    returned = same_seed.groupby("model", sort=False)["share_returned"].last()
    np.testing.assert_allclose(totals.groupby("model", sort=False)["returned"].mean(), returned)


@settings(max_examples=20, deadline=None)
@given(price=_price, fee=_price, r=_prob, c=_prob, conv=_prob, months=st.integers(1, 24))
def test_compare_scenario_revenue_is_never_negative(price, fee, r, c, conv, months):
    table = compare_scenario(price=price, fee=fee, return_prob=r, churn=c, conversion=conv, months=months)
    assert (table["revenue_per_customer"] >= -1e-9).all()
    assert table["share_returned"].between(-1e-12, 1 + 1e-12).all()


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: scenario_params(price=-1), ValueError, "price"),
        (lambda: scenario_params(fee="a lot"), TypeError, "fee"),
        (lambda: scenario_params(conversion=1.2), ValueError, "conversion"),
        (lambda: scenario_params(["shot", "gym"]), ValueError, "names"),
        (lambda: compare_scenario(months=0), ValueError, "months"),
        (lambda: entry_funnel(0), ValueError, "n_customers"),
        (lambda: entry_funnel(retained_after=0), ValueError, "retained_after"),
        (lambda: entry_funnel(churn=2), ValueError, "churn"),
        (lambda: customer_totals(rng="x"), TypeError, "rng"),
    ],
)
def test_scenario_bad_input_is_refused_by_name(call, error, argument):
    with pytest.raises(error, match=argument):
        call()


def test_owner_payback_caps_the_visits_to_recoup_and_refuses_fast():
    # issue 13: owner_fee=10**12 took 30 s and 4.7 GB before the cap
    import time

    start = time.perf_counter()
    for call in (owner_payback, owner_payback_curve):
        with pytest.raises(ValueError, match=r"owner_fee / \(course_price - owner_price\) must be at most 100,000"):
            call(24, owner_fee=10**12)
    assert time.perf_counter() - start < 1.0
    # just under the cap: more visits than months, so nobody recoups, computed at once
    start = time.perf_counter()
    table = owner_payback(24, owner_fee=5_000 * 100_000).set_index(["party", "measure"])["value"]
    assert time.perf_counter() - start < 1.0
    assert float(table[("owner", "probability_recouped")]) == 0.0
    assert float(table[("owner", "visits_to_recoup")]) == 100_000


# ---------------------------------------------------------------- issue 13: sizes capped, arguments declared


def test_sizes_are_capped_and_the_refusal_says_the_cap():
    from cslearn.business_models.parameters import MAX_DETAIL_CELLS, MAX_MONTHS

    with pytest.raises(ValueError, match=f"months must be a whole number between 1 and {MAX_MONTHS}"):
        expected("shot", months=10**12)
    with pytest.raises(ValueError, match="n_customers must be a whole number between 1 and"):
        compare_models(["shot"], n_customers=10**12)
    # detail=True keeps customers x months arrays: refused above the cap before anything is drawn
    n = MAX_DETAIL_CELLS // 36 + 1
    with pytest.raises(ValueError, match=f"detail=True keeps at most {MAX_DETAIL_CELLS:,} customer-months"):
        simulate("shot", n, 36, detail=True)
    kept = simulate("shot", 10, 36, detail=True)
    assert kept.has_detail and len(kept.to_frame()) == 360
    assert not simulate("shot", n, 4, detail=None).has_detail  # 2.2 million cells: detail=None keeps none


def test_the_model_names_the_arguments_accept_are_the_registry_s():
    from cslearn.business_models.parameters import MODEL, MODEL_NAMES, NAMES

    assert list(MODELS) == list(MODEL_NAMES) == list(MODEL.options)
    assert NAMES.check(None) == list(MODELS)
    assert NAMES.check("owner") == ["owner"]


@pytest.mark.parametrize(
    ("params", "error", "words"),
    [
        ({"shot": {"price": -1}}, ValueError, r"params\['shot'\]: price must be between 0 and 1e\+12"),
        ({"prepaid": {"charged_price": 12_000}}, ValueError, r"params\['prepaid'\]: charged_price must be at most"),
        ({"gym": {}}, ValueError, "params must be keyed by model names"),
        ({"owner": {}}, ValueError, "params must be keyed by the models compared"),  # not among the names
    ],
)
def test_per_model_overrides_are_checked_before_any_model_runs(params, error, words):
    with pytest.raises(error, match=words):
        compare_models(["shot", "prepaid"], params=params, method="expected")
