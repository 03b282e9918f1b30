"""Numbers chapter 06 prints, read back from its tagged cells and recomputed here."""

import pytest
from conftest import ROOT, cell_text, run_notebook

import cslearn as cs

DISCOUNT = 0.01  # the notebook's parameters cell


@pytest.fixture(scope="module")
def chapter06():
    return run_notebook(ROOT / "notebooks" / "06_designing_success.ipynb")


@pytest.mark.notebooks
def test_experience_scores(chapter06):
    text = cell_text(chapter06, "experience-summary")
    survey = cs.simulate_party_survey(40)
    silent = (survey["satisfaction_silent"] - survey["expectation"]).mean()
    explained = (survey["satisfaction_explained"] - survey["expectation"]).mean()
    assert f"Host says nothing: mean score {silent:+.2f}" in text
    assert f"Host explains the wine: mean score {explained:+.2f}" in text
    assert explained > silent


@pytest.mark.notebooks
def test_over_promise(chapter06):
    text = cell_text(chapter06, "what-if")
    survey = cs.simulate_party_survey(40)
    expectation = (survey["expectation"] + 3).clip(0, 10)
    score = (survey["satisfaction_explained"] - expectation).mean()
    assert f"mean score {score:+.2f}" in text


@pytest.mark.notebooks
def test_ladder_ltv(chapter06):
    text = cell_text(chapter06, "ladder-ltv")
    ladder = cs.dance_school_ladder()
    assert cs.yen(cs.ladder_ltv(ladder, discount_rate=DISCOUNT)) in text
    one = cs.yen(6000 * (1 + DISCOUNT) / (DISCOUNT + 0.22))  # p (1 + d) / (d + a + c), by hand
    assert text.count(one) == 2


@pytest.mark.notebooks
def test_plan_values(chapter06):
    text = cell_text(chapter06, "plan-values")
    ladder = cs.dance_school_ladder()
    one = cs.ladder_ltv(ladder, plans=1, discount_rate=DISCOUNT)
    two = cs.ladder_ltv(ladder, plans=2, discount_rate=DISCOUNT)
    assert f"from {cs.yen(one)} to {cs.yen(two)} (+{cs.yen(two - one)})" in text


@pytest.mark.notebooks
def test_plan_cost_outgrown_and_no_next_plan(chapter06):
    ladder = cs.dance_school_ladder()
    one, two = (cs.ladder_ltv(ladder, plans=k, discount_rate=DISCOUNT) for k in (1, 2))
    gain = two - one
    assert cs.yen(20 * gain) in cell_text(chapter06, "plan-cost")
    outgrown = cell_text(chapter06, "outgrown")
    assert cs.yen(cs.ladder_ltv(ladder, plans=4, discount_rate=DISCOUNT)) in outgrown
    assert cs.yen(cs.ladder_ltv(ladder, plans=4, discount_rate=DISCOUNT, outgrown_stay=0.5)) in outgrown
    text = cell_text(chapter06, "no-next-plan")
    before = cs.ladder_ltv(ladder, plans=2, discount_rate=DISCOUNT)
    after = cs.ladder_ltv(ladder.assign(advance=2 * ladder["advance"]), plans=2, discount_rate=DISCOUNT)
    assert after < before
    assert f"the LTV falls from {cs.yen(before)} to {cs.yen(after)}" in text


@pytest.mark.notebooks
def test_mvp_with_free_churn(chapter06):
    text = cell_text(chapter06, "mvp")
    assert text.startswith("44 % of free members ever pay")  # 0.08 / (0.08 + 0.10), by hand
    paid = cs.free_to_paid(300, new_free=50, conversion=0.08, churn=0.06, free_churn=0.10, months=12)["paid"].iloc[-1]
    assert f"{paid:.0f} paying members" in text


@pytest.mark.notebooks
def test_simulation_agrees_with_the_exact_ltv(chapter06):
    text = cell_text(chapter06, "simulation")
    exact = cs.ladder_ltv(cs.dance_school_ladder(), discount_rate=DISCOUNT, horizon=240)
    assert f"Exact over 240 months: {cs.yen(exact)}" in text
    simulated = float(text.split("students: ")[1].split(" ±")[0].replace("¥", "").replace(",", ""))
    spread = float(text.split("± ")[1].rstrip(".\n").replace("¥", "").replace(",", ""))
    assert abs(simulated - exact) < 2 * spread


@pytest.mark.notebooks
def test_recovery_and_delivery(chapter06):
    recovery = cell_text(chapter06, "recovery")
    assert "fix that recovers most is 'add an investing course'" in recovery
    delivery = cell_text(chapter06, "delivery")
    last = cs.compare_delivery(8).groupby("plan").last()
    assert f"step delivery {last.loc['step delivery', 'cumulative_returns']:.0f} return visits" in delivery
    assert "one-off ads" in delivery and "0 fans (zero by definition)" in delivery


@pytest.mark.notebooks
def test_order_and_five_points(chapter06):
    refused = cell_text(chapter06, "order-error")
    assert "customer problem (顧客課題) must be filled in before the revenue model" in refused
    text = cell_text(chapter06, "five-points")
    assert [line[:2] for line in text.strip().splitlines()] == ["1.", "2.", "3.", "4.", "5."]
    assert cs.yen(cs.lifetime_value(10_000, 0.05)) in text
    shot = 10_000 + 1_000 * sum(0.95**k for k in range(1, 12))  # chapter 02's defaults, by hand
    subscriber = 10_000 * (1 - 0.95**12) / 0.05
    assert f"a one-off (shot) customer brings {cs.yen(shot)} and a subscriber {cs.yen(subscriber)}" in text
