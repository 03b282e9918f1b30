"""Every public callable refuses a bad value with a clean error naming the argument (issue 13).

The bad values are drawn by hypothesis from each argument's declaration (``cslearn.params``:
``Param``, ``Table``, ``Values``, ...), one argument at a time, the others valid. A clean error is a
ValueError or TypeError raised in cslearn's own code whose message names the argument. A second
test fails when a public callable leaves an argument undeclared, so nothing new slips through.
"""

from __future__ import annotations

import pytest
from bad_inputs import arguments, assert_refused, bad_values, base_call, bound, public_callables
from hypothesis import HealthCheck, given, settings

import cslearn as cs
from cslearn.params import declarations_of

#: topics whose every public callable declares every argument (the property test runs on these)
DECLARED_TOPICS = tuple(cs.TOPICS)

CASES = [
    (name, argument)
    for topic in DECLARED_TOPICS
    for name, function in public_callables(topic)
    for argument, declaration in declarations_of(function).items()
    if argument in arguments(function)
]


def _function(name):
    topic, *rest = name.split(".")
    found = dict(public_callables(topic))
    return found[name]


@pytest.mark.parametrize("topic", cs.TOPICS)
def test_every_public_callable_declares_every_argument(topic):
    callables = public_callables(topic)
    assert callables, f"{topic} lists no public callable"
    undeclared = {
        name: missing
        for name, function in callables
        if (missing := [a for a in arguments(function) if a not in declarations_of(function)])
    }
    assert undeclared == {}


def test_the_property_suite_covers_every_topic():
    topics = {name.split(".")[0] for name, _ in CASES}
    assert topics == set(cs.TOPICS)
    assert len(CASES) > 400


@pytest.mark.parametrize(("name", "argument"), CASES, ids=[f"{n}:{a}" for n, a in CASES])
def test_a_bad_value_is_refused_naming_the_argument(name, argument):
    function = _function(name)
    declaration = declarations_of(function)[argument]
    call = bound(name, function)
    valid = base_call(function)

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(bad=bad_values(declaration))
    def refused(bad):
        assert_refused(call, valid, argument, bad, name)

    refused()


def _accepts_anything(x=1.0):
    return x


def _fails_in_numpy(values=(1.0,)):
    import numpy as np

    return np.asarray(values, dtype=float).sum()


def test_the_check_itself_fails_on_an_accepted_value_an_unnamed_error_or_one_from_numpy():
    with pytest.raises(AssertionError, match="was accepted"):
        assert_refused(_accepts_anything, {}, "x", "three")
    with pytest.raises(AssertionError, match="failed outside cslearn"):
        assert_refused(_fails_in_numpy, {}, "values", ["values"])  # numpy quotes it, from numpy
    with pytest.raises(AssertionError, match="does not name it"):
        assert_refused(_refuses_without_naming, {}, "x", -1)


def _refuses_without_naming(x=1.0):
    if x < 0:
        raise ValueError("must be at least 0")
    return x


# --- regressions found by an independent fuzzer (bad values chosen by the type of the valid value) ---


def test_a_long_array_is_checked_whole_and_its_first_bad_item_named():
    import time

    import numpy as np

    from cslearn.params import Values

    long = np.zeros(10**7)
    start = time.perf_counter()
    assert Values("x", low=0, high=1).check(long).shape == (10**7,)
    assert time.perf_counter() - start < 5  # it took minutes item by item
    with pytest.raises(ValueError, match=r"x must be between 0 and 1 .*\(item 10000000\)"):
        Values("x", low=0, high=1).check(np.r_[long, 2.0])
    with pytest.raises(TypeError, match=r"n must be a whole number .*\(item 1\)"):
        Values("n", low=1, integer=True).check(np.array([1.0, 2.5]))


def test_a_gap_column_takes_nan_but_not_infinity_text_or_booleans_and_optional_columns_are_checked():
    import math

    import pandas as pd

    from cslearn.params import Table

    table = Table("t", columns={"a": "number_or_nan", "b": "share_or_nan"}, optional_columns={"c": "number"},
                  other_columns="share")
    assert table.check(pd.DataFrame({"a": [1.0, math.nan], "b": [math.nan, 0.5]})).shape == (2, 2)
    for bad, column in [({"a": [1.0, math.inf], "b": [0.1, 0.2]}, "'a'.*row 1"),
                        ({"a": [1.0, 2.0], "b": [math.nan, 1.5]}, "'b'.*row 1"),
                        ({"a": [True, False], "b": [0.1, 0.2]}, "'a'"),
                        ({"a": [1.0, 2.0], "b": [0.1, 0.2], "c": ["x", "y"]}, "'c'"),
                        ({"a": [1.0, 2.0], "b": [0.1, 0.2], "stage": [0.5, 2.0]}, "'stage'")]:
        with pytest.raises((TypeError, ValueError), match=f"t column {column}"):
            table.check(pd.DataFrame(bad))


def _with(frame, column, value):
    frame = frame.copy()
    frame[column] = frame[column].astype(object)
    frame.iloc[1, frame.columns.get_loc(column)] = value
    return frame


@pytest.mark.parametrize(("name", "argument", "column", "value"), [
    ("journey.plot_ladder_occupancy", "occupancy", "basics", "many"),
    ("journey.plot_delivery", "table", "open_rate", "many"),
    ("journey.plot_recovery", "table", "net", "many"),
    ("retention.plot_mixture", "expected", "share_2", "many"),
    ("retention.plot_retention_projection", "table", "actual", "many"),
    ("capstone.plot_monthly_retention", "table", "actual", "many"),
    ("value.plot_pnl", "table", "cumulative_discounted_cash", "many"),
    ("value.plot_cumulative_cash", "table", "cumulative_discounted_cash", float("inf")),
    ("value.pnl_statement", "table", "onboarding_cost", "many"),
    ("ownership.plot_survey", "counts", "people", float("inf")),
    ("business_models.plot_owner_payback", "curve", "share_recouped", "many"),
])
def test_a_bad_value_in_a_column_a_function_reads_is_refused_naming_the_table_and_the_column(
        name, argument, column, value):
    function = _function(name)
    valid = base_call(function)
    frame = valid.get(argument)
    if frame is None:
        frame = declarations_of(function)[argument].example()
    assert column in frame.columns  # the example holds the column, so the case is real
    assert_refused(function, valid, argument, _with(frame, column, value), name)
    with pytest.raises((TypeError, ValueError), match=column):
        function(**{**valid, argument: _with(frame, column, value)})


@pytest.mark.parametrize("huge", [{"r": 10**30}, {"alpha": 1e-300}, {"holdout": 1e308}, {"T": [1e308] * 3}])
def test_simulate_bgnbd_refuses_purchase_counts_numpy_cannot_draw_naming_the_arguments(huge):
    settings = {"r": 0.24, "alpha": 4.4, "a": 0.79, "b": 2.4, "T": [39.0] * 3, "holdout": 39}
    with pytest.raises(ValueError, match=next(iter(huge))):
        cs.simulate_bgnbd(**{**settings, **huge}, rng=0)


def test_a_vanishing_demand_cv_is_no_shock_and_a_month_gap_in_a_pnl_table_is_named():
    import numpy as np

    draws = cs.simulate_shot_business(demand_cv=1e-300)
    assert np.isfinite(draws.select_dtypes("number").to_numpy(dtype=float)).all()
    table = cs.project_pnl(12, 100, churn=0.05).table
    with pytest.raises(ValueError, match="table has no row for month 3"):
        cs.pnl_statement(table[table["month"] != 3], months=[1, 3])


# --- the second fuzzer pass: caps on money and sizes, table ranges, messages that name the argument ---


def _yen_declarations():
    for topic in DECLARED_TOPICS:
        for name, function in public_callables(topic):
            for argument, declaration in declarations_of(function).items():
                if getattr(declaration, "unit", "") == "yen":
                    yield name, argument, declaration


def test_every_money_argument_is_capped_so_sums_over_customers_and_months_stay_finite():
    uncapped = sorted({f"{name}:{argument}" for name, argument, declaration in _yen_declarations()
                       if declaration.high is None})
    assert not uncapped, uncapped
    assert any(True for _ in _yen_declarations())  # the check sees the declarations
    for call, argument in [(lambda: cs.simulate_shot(price=1e308), "price"),
                           (lambda: cs.owner_payback(24, owner_fee=1e308), "owner_fee"),
                           (lambda: cs.budget_split(0.5, cac=1e-300), "cac"),
                           (lambda: cs.route_sales(0.5, order=1e308), "order"),
                           (lambda: cs.free_to_paid(price=1e308), "price"),
                           (lambda: cs.breakeven_care_cost(24, cac=1e-300), "cac"),
                           (lambda: cs.breakeven_upsell_cost(24, cac=1e-300), "cac")]:
        with pytest.raises(ValueError, match=argument):
            call()


def test_a_numeric_column_out_of_its_declared_range_is_refused_naming_the_table_and_the_column():
    import pandas as pd

    survey = cs.simulate_party_survey(rng=3)
    with pytest.raises(ValueError, match=r"survey column 'score_silent' must hold numbers from -10 to 10"):
        cs.plot_experience(survey.assign(score_silent=1e308))
    stores = pd.DataFrame({"store": ["A"], "stock": [300], "daily_demand": [1e308], "psych_share": [0.3]})
    with pytest.raises(ValueError, match=r"stores column 'daily_demand'"):
        cs.substitute_plan(stores)
    rfm = pd.DataFrame({"frequency": [0, 5], "recency": [-1.0, 35.0], "T": [39.0, 39.0]})
    model = cs.BetaGeometricNBD._example()
    with pytest.raises(ValueError, match=r"rfm column 'recency'"):
        cs.score_customers(rfm, model)
    with pytest.raises(ValueError, match=r"rfm column 'recency' must be at most T"):
        cs.score_customers(rfm.assign(recency=[0.0, 40.0]), model)


def test_a_refusal_names_the_argument_at_fault():
    with pytest.raises(ValueError, match=r"arpu, margin or expansion"):
        cs.max_churn_for_payback(50_000, 1.5, 12)
    with pytest.raises(ValueError, match=r"^churn must be at least"):
        cs.compare_ltv_conventions(10_000, 1e-300)
    with pytest.raises(ValueError, match=r"^price must be"):
        cs.new_business_from_share(20_000, [0.1], price=10**30)
    with pytest.raises(ValueError, match=r"^alive must hold at least 2 periods"):
        cs.project_retention([1e308], 1)
    with pytest.raises(ValueError, match=r"\(with margin=0\)"):
        cs.breakeven_upsell_cost(24, margin=0)


def test_long_sequences_are_refused_saying_the_cap():
    import numpy as np

    with pytest.raises(ValueError, match=r"^customers must hold at most 1,000,000 numbers \(got 10,000,000\)"):
        cs.compare_support_costs(np.zeros(10**7), 2_000, 500, 3_000_000)
    with pytest.raises(ValueError, match=r"^renewals must hold at most 1,000,000 values"):
        cs.ShiftedBetaGeometric._example().discounted_expected_residual_lifetime(0.1, np.zeros(10**7))
    assert cs.compare_support_costs(np.arange(1_000.0), 2_000, 500, 3_000_000).shape[0] == 1_000  # checked whole


def test_growth_rate_takes_its_default_on_the_example_comparison():
    rates = cs.GrowthComparison._example().growth_rate()
    assert set(rates.index) == {"acquisition", "retention"} and rates.notna().all()
