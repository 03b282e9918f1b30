"""Numbers chapter 06 prints, read back from its tagged cells and recomputed here."""

import ast
from dataclasses import replace

import nbformat
import pytest
from conftest import ROOT, cell_text, chapter_notebook

import cslearn as cs
from cslearn import journey

DISCOUNT = 0.01  # the notebook's parameters cell


chapter06, test_chapter_runs_clean = chapter_notebook("06_designing_success.ipynb", "chapter06")


@pytest.mark.notebooks
def test_experience_scores(chapter06):
    text = cell_text(chapter06, "experience-summary")
    survey = cs.simulate_party_survey(40, rng=3)
    silent = (survey["satisfaction_silent"] - survey["expectation"]).mean()
    explained = (survey["satisfaction_explained"] - survey["expectation"]).mean()
    assert f"Host says nothing: mean score {silent:+.2f}" in text
    assert f"Host explains the wine: mean score {explained:+.2f}" in text
    assert explained > silent


@pytest.mark.notebooks
def test_over_promise(chapter06):
    text = cell_text(chapter06, "what-if")
    survey = cs.simulate_party_survey(40, rng=3)
    expectation = (survey["expectation"] + 3).clip(0, 10)
    score = (survey["satisfaction_explained"] - expectation).mean()
    assert f"mean score {score:+.2f}" in text
    base = (survey["satisfaction_explained"] - survey["expectation"]).mean()
    assert f"The party where the host explains the wine (mean score {base:+.2f})" in text
    moved = score - (survey["satisfaction_explained"] - survey["expectation"]).mean()
    assert survey["expectation"].max() + 3 > 10 and moved > -3  # clipped at 10, so less than the full -3
    assert f"The mean moved by {moved:+.2f}, not exactly -3.00" in text


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
    assert cs.ladder_ltv(ladder, plans=4, discount_rate=DISCOUNT, outgrown_stay=0.5) > cs.ladder_ltv(
        ladder, plans=4, discount_rate=DISCOUNT)  # "a missing plan would cost the school less"
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
def test_plan_gains_fall_here_but_not_as_a_law(chapter06):
    text = cell_text(chapter06, "plan-gains")
    gains = cs.plan_values(cs.dance_school_ladder(), discount_rate=DISCOUNT)["gain"]
    assert gains.is_monotonic_decreasing
    assert text.startswith("Each plan adds less than the one before: +" + cs.yen(gains.iloc[0]))
    fast = cs.plan_values(cs.dance_school_ladder(advance_scale=3), discount_rate=DISCOUNT)["gain"]
    # at 3x the gains grow up to the own-show plan (plan 7) and the teacher plan adds less
    assert int(fast.idxmax()) + 1 == 7 and fast.iloc[:7].is_monotonic_increasing and fast.iloc[7] < fast.iloc[6]
    assert "At 3 times the advancement: " + ", ".join(f"+{cs.yen(g)}" for g in fast) + "." in text
    assert f"The gains rise up to plan 7 ('own show', +{cs.yen(fast.iloc[6])})" in text
    assert f"the last plan ('teacher') adds {cs.yen(fast.iloc[7])}." in text


@pytest.mark.notebooks
def test_fixes_are_ranked_net_of_their_cost(chapter06):
    text = cell_text(chapter06, "recovery")
    log = cs.simulate_cancellations(500, churn=0.06, months=6, rng=0)
    table = cs.recovery_by_fix(cs.tally_cancellations(log), price=5000, churn=0.06).set_index("fix")
    net = table["recovered"] - table["cost"]
    assert "the fix that recovers most revenue is 'add an investing course'" in text
    assert table["recovered"].idxmax() == "add an investing course" != net.idxmax()
    # the Facebook move: 29 cancellations x 0.5 kept x 5,000 / 0.06, less its ¥100,000, by hand
    assert f"the best fix is 'move the community to Facebook': {cs.yen(29 * 0.5 * 5000 / 0.06)} recovered" in text
    assert net.idxmax() == "move the community to Facebook"
    assert f"leave {cs.yen(net[net > 0].sum())} together" in text
    assert f"'build the school's own site and app' costs {cs.yen(-net.min())} more than it recovers" in text
    assert "'offer the next-stage plan' is worth ¥133,333, the most of any fix" in text  # 1.6 x 5,000 / 0.06


@pytest.mark.notebooks
def test_a_won_share_becomes_a_new_business(chapter06):
    text = cell_text(chapter06, "new-business")
    lines = text.strip().splitlines()
    # 20,000 x 5 % = 1,000 members, x 0.3 x 0.1 = 30 customers x 8,000 / 0.1 each; 30 x ¥30,000 saved
    assert lines[0].startswith("At 5 % of the market: 1,000 members, 300 with the need, 30 customers")
    assert "worth ¥2,400,000 of lifetime revenue, and ¥900,000 of acquisition" in lines[0]
    assert "60 customers" in lines[1] and "¥4,800,000" in lines[1]


@pytest.mark.notebooks
def test_delivery_fans_come_from_familiarity(chapter06):
    delivery = cell_text(chapter06, "delivery")
    table = cs.compare_delivery(8)
    first, last = table.groupby("plan").first(), table.groupby("plan").last()
    assert first.loc["one-off ads", "returns"] > first.loc["step delivery", "returns"]  # the ad wins message 1
    assert last.loc["step delivery", "cumulative_returns"] > last.loc["one-off ads", "cumulative_returns"]
    assert f"step delivery {last.loc['step delivery', 'cumulative_returns']:.0f} return visits" in delivery
    assert "one-off ads 79 return visits and 0 fans." in delivery
    assert "by definition" not in delivery
    # the assumptions the chapter states in words
    step, ads = journey.STEP_SERIES, journey.ONE_OFF_ADS
    assert (step.familiarity, ads.familiarity, step.block_rate, ads.block_rate) == (1.0, 0.25, 0.01, 0.04)
    assert step.fatigue == 0 and ads.lift == 0 and ads.return_lift == 0 and ads.fatigue == 0.15
    assert "has a familiarity of 2.0, short of the 5" in delivery  # 8 ads x 0.25
    warm = cs.delivery_outcomes(replace(journey.ONE_OFF_ADS, familiarity=1.0), 8)["fans"].iloc[-1]
    assert 0 < warm < last.loc["step delivery", "fans"]
    assert f"the ads would make {warm:.0f} fans" in delivery


@pytest.mark.notebooks
def test_success_and_ltv_rise_together_only_with_a_next_plan(chapter06):
    ladder = cs.dance_school_ladder()
    table = cs.success_vs_ltv(ladder, "performing", [1.0, 1.5], discount_rate=DISCOUNT)
    assert table["reach_goal"].is_monotonic_increasing and table["ltv"].is_monotonic_increasing
    text = cell_text(chapter06, "success")
    assert (f"{cs.percent(table['reach_goal'].iloc[0])} -> {cs.percent(table['reach_goal'].iloc[1])} reach the "
            f"performing stage, and the LTV goes from {cs.yen(table['ltv'].iloc[0])}") in text
    short = cs.success_vs_ltv(ladder, "basics", [1.0, 2.0], plans=2, discount_rate=DISCOUNT)
    assert f"{cs.percent(short['reach_goal'].iloc[1])} reach the basics class" in cell_text(chapter06, "no-next-plan")


@pytest.mark.notebooks
def test_the_chapter_shows_the_cancellation_reasons(chapter06):
    shown = [c for c in chapter06.cells
             if c.cell_type == "code" and c.source.strip() == "cs.journey.CANCELLATION_REASONS"]
    assert shown and "move the community to Facebook" in str(shown[0].outputs)


def _chapter03_business():
    """The business chapter 03 projects (its `business = dict(...)` cell) and its months parameter."""
    notebook = nbformat.read(ROOT / "notebooks" / "03_otv_vs_ltv.ipynb", as_version=4)
    business = months = None
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                if node.targets[0].id == "business" and isinstance(node.value, ast.Call):
                    business = {k.arg: ast.literal_eval(k.value) for k in node.value.keywords}
                if node.targets[0].id == "months" and months is None:
                    months = ast.literal_eval(node.value)
    assert business and months, "chapter 03 no longer states its business and months"
    return business, months


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
    expected = cs.simulate_party_survey(40, rng=3)["expectation"].mean()
    assert f"the guests' mean expectation of the alcohol-free wine is {expected:.2f} of 10" in text
    assert "simulated survey (an assumption" in text
    assert "journey.summarise_experience" in cs.five_points()["function"].tolist()


@pytest.mark.notebooks
def test_the_recap_runs_chapter03s_whole_business_and_reconciles(chapter06):
    business, months = _chapter03_business()
    text = cell_text(chapter06, "five-points")
    full = cs.project_pnl(months, 30, **business).summary
    assert f"chapter 03's business with 30 new customers a month needs {cs.yen(-full['cash_low'])} of cash" in text
    assert f"back above zero in month {full['breakeven_month']:.0f}" in text
    # the figure a bare project_pnl gives, and what each dropped cost adds to it
    bare = cs.project_pnl(months, 30, churn=business["churn"]).summary
    no_fixed = cs.project_pnl(months, 30, **{**business, "fixed_cost": 0}).summary
    assert f"it would need {cs.yen(-no_fixed['cash_low'])}" in text
    assert f"(project_pnl's defaults) {cs.yen(-bare['cash_low'])}" in text
    assert -bare["cash_low"] < -no_fixed["cash_low"] < -full["cash_low"]
    # the ch06 cell copies chapter 03's parameters exactly
    source = next(c.source for c in chapter06.cells if "five-points" in c.metadata.get("tags", []))
    copied = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Assign)
                  and getattr(n.targets[0], "id", "") == "chapter03_business")
    assert {k.arg: ast.literal_eval(k.value) for k in copied.value.keywords} == business
    assert f"chapter03_months = {months}" in source
