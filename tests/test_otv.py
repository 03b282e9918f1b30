"""Tests for cslearn.value.otv: simulated moments against the model's own mathematics."""

import numpy as np
import pandas as pd
import pytest

from cslearn.value.otv import (
    NIPPACHI_SEASONALITY,
    break_even_revenue,
    next_month_draws,
    next_month_outlook,
    simulate_shot_business,
    simulate_subscription_business,
)


def test_subscription_with_no_churn_is_certain():
    # Customer Success??: 1,000 members at 10,000 yen a month -> 10,000,000 yen next month
    sim = simulate_subscription_business(months=3, paths=50, churn=0.0, new_members=0, rng=3)
    assert (sim["revenue"] == 10_000_000).all()


def test_subscription_moments():
    churn, members, paths = 0.03, 1_000, 4_000
    sim = simulate_subscription_business(months=1, paths=paths, members=members, churn=churn, rng=11)
    # Binomial(1000, 0.97) + Poisson(30): mean 1000, variance 1000 * 0.03 * 0.97 + 30
    sd = np.sqrt(members * churn * (1 - churn) + members * churn)
    assert abs(sim["customers"].mean() - members) < 5 * sd / np.sqrt(paths)
    assert sim["customers"].std() == pytest.approx(sd, rel=0.06)


def test_shot_moments_follow_the_season():
    paths, cv, base = 4_000, 0.25, 1_000
    sim = simulate_shot_business(months=12, paths=paths, customers=base, demand_cv=cv, rng=5)
    season = np.array(NIPPACHI_SEASONALITY) / np.mean(NIPPACHI_SEASONALITY)
    by_month = sim.groupby("calendar_month")["customers"]
    lam = base * season
    # Poisson mixed over a Gamma shock with mean 1 and cv v: variance lam + (lam v)^2
    sd = np.sqrt(lam + (lam * cv) ** 2)
    assert np.all(np.abs(by_month.mean().to_numpy() - lam) < 5 * sd / np.sqrt(paths))
    assert by_month.std().to_numpy() == pytest.approx(sd, rel=0.06)


def test_profit_is_margin_times_revenue_less_fixed_cost():
    sim = simulate_shot_business(months=2, paths=10, price=3_000, margin=0.4, fixed_cost=1_000_000, rng=1)
    assert sim["revenue"].to_numpy() == pytest.approx(sim["customers"].to_numpy() * 3_000)
    assert sim["profit"].to_numpy() == pytest.approx(0.4 * sim["revenue"].to_numpy() - 1_000_000)
    assert list(sim.columns) == ["path", "month", "calendar_month", "customers", "revenue", "gross_profit",
                                 "fixed_cost", "profit"]


def test_calendar_wraps_and_no_uncertainty_means_poisson_only():
    sim = simulate_shot_business(months=14, paths=1, start_month=11, rng=0)
    assert sim["calendar_month"].tolist() == [11, 12] + list(range(1, 13))
    flat = simulate_shot_business(months=1, paths=4_000, demand_cv=0.0, seasonality=[1] * 12, rng=2)
    assert flat["customers"].var() == pytest.approx(1_000, rel=0.08)  # Poisson: variance = mean


def test_seeds_reproduce_and_generators_are_accepted():
    a = simulate_shot_business(months=3, paths=20, rng=42)
    b = simulate_shot_business(months=3, paths=20, rng=np.random.default_rng(42))
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(simulate_shot_business(months=3, paths=20, rng=43))
    pd.testing.assert_frame_equal(next_month_outlook(500, rng=9), next_month_outlook(500, rng=9))


def test_outlook_subscription_is_far_surer():
    outlook = next_month_outlook(5_000, rng=0)
    shot, sub = outlook.loc["shot"], outlook.loc["subscription"]
    assert sub["mean"] == pytest.approx(10_000_000, rel=0.002)
    assert sub["cv"] < 0.02 < 0.15 < shot["cv"]
    assert shot["loss_probability"] > sub["loss_probability"]
    assert shot["p05"] < sub["p05"]


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: simulate_shot_business(seasonality=[1] * 11), "seasonality"),
        (lambda: simulate_shot_business(seasonality=[0] * 12), "seasonality"),
        (lambda: simulate_shot_business(price=-1), "price"),
        (lambda: simulate_shot_business(start_month=13), "start_month"),
        (lambda: simulate_shot_business(demand_cv=float("nan")), "demand_cv"),
        (lambda: simulate_subscription_business(churn=1.3), "churn"),
        (lambda: simulate_subscription_business(members=-5), "members"),
        (lambda: next_month_outlook(100, shot={"months": 3}), "shot"),
        (lambda: next_month_outlook(1), "draws"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_bad_seed_is_a_type_error():
    with pytest.raises(TypeError, match="rng"):
        simulate_shot_business(rng="abc")
    with pytest.raises(TypeError, match="subscription"):
        next_month_outlook(100, subscription=[1])


def test_next_month_draws_feed_the_outlook():
    from cslearn.value.otv import next_month_draws

    draws = next_month_draws(800, rng=3)
    assert draws.groupby("business").size().to_dict() == {"shot": 800, "subscription": 800}
    outlook = next_month_outlook(800, rng=3)
    sub = draws[draws.business == "subscription"]["revenue"]
    assert outlook.loc["subscription", "mean"] == pytest.approx(sub.mean())
    assert outlook.loc["shot", "p95"] == pytest.approx(draws[draws.business == "shot"]["revenue"].quantile(0.95))
    with pytest.raises(ValueError, match="draws"):
        next_month_draws(1)
    with pytest.raises(TypeError, match="shot"):
        next_month_draws(10, shot=5)


def test_break_even_revenue_is_where_profit_turns_negative():
    line = break_even_revenue(4_000_000, 0.5)
    assert 0.5 * line - 4_000_000 == 0
    sims = next_month_draws(5_000, rng=3)
    shop = sims[sims["business"] == "shot"]
    assert ((shop["profit"] < 0) == (shop["revenue"] < line)).all()
    with pytest.raises(ValueError, match="margin"):
        break_even_revenue(1_000, 0)
