"""Chapter 03's key printed numbers, read back from its tagged cells and derived independently."""

import io
import math
import re
from contextlib import redirect_stdout

import nbformat
import numpy as np
import pytest
from conftest import ROOT, cell_text, chapter_notebook

import cslearn as cs

pytestmark = pytest.mark.notebooks


chapter03, test_chapter_runs_clean = chapter_notebook("03_otv_vs_ltv.ipynb", "chapter03")


def test_next_month_of_1000_members(chapter03):
    # Customer Success??: 1,000 members x 10,000 yen = 10 million yen next month
    assert "1,000 members × ¥10,000 = ¥10,000,000 next month." in cell_text(chapter03, "next-month")


SHOP = dict(customers=1_000, price=10_000, margin=0.5, fixed_cost=4_000_000, demand_cv=0.25, start_month=1)
SUBSCRIPTION = dict(members=1_000, fee=10_000, churn=0.03, margin=0.5, fixed_cost=4_000_000)


def _yen_values(text: str) -> list[float]:
    return [float(v.replace(",", "")) * (-1 if sign else 1) for sign, v in re.findall(r"(-?)¥([\d,]+)", text)]


def _percents(text: str) -> list[float]:
    return [float(v) / 100 for v in re.findall(r"(-?[\d.]+) %", text)]


def test_seasons_slow_in_february_and_august_busy_in_december(chapter03):
    february, august, december = _yen_values(cell_text(chapter03, "seasons"))
    assert max(february, august) < 0.6 * december


def test_otv_settings_are_printed_from_the_code(chapter03):
    text = cell_text(chapter03, "otv-settings")
    assert "common shock v = 25 %" in text and "churn 3 % a month, no common shock" in text
    assert "fixed costs ¥4,000,000 a month, margin 50 %" in text
    assert "Next month is January (start_month=1)." in text  # the month the outlook simulates


def test_outlook_spreads(chapter03):
    text = cell_text(chapter03, "outlook")
    assert f"fixed costs / margin = {cs.yen(4_000_000 / 0.5)}." in text
    outlook = cs.next_month_outlook(10_000, rng=0, shot=SHOP, subscription=SUBSCRIPTION)
    for business in ("shot", "subscription"):
        row = outlook.loc[business]
        assert f"between {cs.yen(row['p05'])} and {cs.yen(row['p95'])}" in text
    assert "subscription: 90 % of futures between" in text and "chance of a loss 0.0 %" in text
    # a narrow spike against a wide hill: the printed 90 % ranges
    shot_low, shot_high, sub_low, sub_high = _yen_values("\n".join(text.splitlines()[1:3]))
    assert sub_high - sub_low < 0.1 * (shot_high - shot_low)
    # February, a slow month: the shop's chance of a loss rises, the subscription's does not
    february = cs.next_month_outlook(10_000, rng=0, shot={**SHOP, "start_month": 2}, subscription=SUBSCRIPTION)
    line = text.splitlines()[3]
    assert line.startswith("If next month were February (start_month=2)")
    assert f"the shop's chance of a loss {cs.percent(february.loc['shot', 'loss_probability'])}" in line
    assert february.loc["shot", "loss_probability"] > outlook.loc["shot", "loss_probability"]


def test_ltv_numbers_by_hand(chapter03):
    text = cell_text(chapter03, "ltv")
    assert "lifetime revenue ¥200,000." in text  # 10,000 / 0.05
    assert f"LTV {cs.yen(0.8 * 10_000 / 0.05)}, LTV/CAC {0.8 * 10_000 / 0.05 / 50_000:.2f}" in text
    assert f"Discounted at 1 % a month: LTV {cs.yen(0.8 * 10_000 * 1.01 / 0.06)}." in text
    # payback: the month-by-month sum of 8,000 x 0.95^t crosses 50,000 in month 8
    cumulative = np.cumsum(8_000 * 0.95 ** np.arange(24))
    assert int(np.argmax(cumulative >= 50_000)) + 1 == 8
    before = cumulative[6]  # after 7 whole months; the 8th month's margin accrues evenly
    months = 7 + (50_000 - before) / (8_000 * 0.95**7)
    assert f"payback after {months:.1f} months (interpolated), i.e. with the payment of month 8." in text


def test_conventions_reconcile(chapter03):
    text = cell_text(chapter03, "conventions")
    assert "one month's margin (¥8,000)" in text and "largest mismatch ¥0." in text


def test_growth_paths(chapter03):
    text = cell_text(chapter03, "growth")
    end = cs.compare_growth(60).at(60)
    assert (f"Month 60: acquisition-only {end.loc['acquisition', 'customers']:,.0f} customers, "
            f"MRR {cs.yen(end.loc['acquisition', 'mrr'])}") in text
    assert end.loc["retention", "mrr"] > end.loc["acquisition", "mrr"]


def test_growth_settings_ceiling_and_care_rule(chapter03):
    settings = cell_text(chapter03, "growth-settings")
    assert "Budget ¥3,000,000 a month" in settings and "cuts churn from 5 % to 2 %" in settings
    assert "costing ¥20,000 each (40 % of the CAC)" in settings  # 0.4 x 50,000
    assert "40 % of the CAC is one reading of \"less than half\"" in settings
    assert "Budget ¥3,000,000 a month (fixed)" in settings and "and 0 % of the others" in settings
    # what is really spent: care never more than covering every customer (¥1,000 each), upgrades never more
    # than the 2 % of cared-for customers ready (at ¥20,000 each); both below the 40 % and 20 % set
    path = cs.simulate_growth(60, care_share=0.4, upsell_share=0.2)
    base_60 = path["customers"].iloc[58]  # customers at the start of month 60
    care_60 = min(1_000 * base_60, 0.4 * 3_000_000)
    # care reaches the whole 40 % once 1,000 yen a customer covers it: the first month that starts with 1,200
    full = 2 + int(np.argmax(path["customers"].to_numpy() >= 0.4 * 3_000_000 / 1_000))
    assert (f"Really spent on care: ¥1,000,000 in month 1, {cs.yen(care_60)} in month 60 (33 % to 40 % "
            f"of the budget: capped below the 40 % set at first, as covering every customer costs no more; "
            f"all of it is spent from month {full}).") in settings
    upgrades_60 = 0.02 * path["coverage"].iloc[59] * base_60 * 20_000
    assert (f"Really spent on upgrades: ¥400,000 in month 1, {cs.yen(upgrades_60)} in month 60 (13 % to 16 % of "
            "the budget: capped below the 20 % set, as no more customers are ready to upgrade).") in settings
    ceiling = cell_text(chapter03, "ceiling")
    assert "its ceiling is about 1,140 customers" in ceiling  # 60 x 0.95 / 0.05
    late = cs.simulate_growth(600, care_share=0.4, upsell_share=0.2)["customers"]
    assert f"{late.iloc[119]:,.0f} customers at month 120, {late.iloc[-1]:,.0f} at month 600" in ceiling
    # "a higher ceiling, not compounding growth": both monthly growth rates of the last year are tiny
    rates = _percents(ceiling.splitlines()[2])
    assert len(rates) == 2 and 0 <= rates[1] < rates[0] < 0.005
    parts = cell_text(chapter03, "growth-parts").splitlines()
    assert parts[1].strip().startswith("upgrades only:") and "no different from acquisition-only" in parts[1]
    assert parts[2].strip().startswith("upgrades only, on their own") and "behind" in parts[2]
    care, both = _yen_values(parts[0])[0], _yen_values(parts[3])[0]
    assert f"Care alone brings {cs.percent(care / both, 0)} of the lead" in parts[4] and care / both > 0.9
    rule = cell_text(chapter03, "care-rule")
    assert f"= {cs.yen(1_000 / 0.03)}, against a CAC of ¥50,000" in rule
    lines = rule.splitlines()
    assert "ahead" in lines[1] and "ahead" in lines[2] and "behind" in lines[3]
    # care that barely lowers churn loses to acquisition-only even at the cheapest care cost
    assert "only cuts churn to 4.5 %" in lines[4] and "behind" in lines[4]


def test_upsell_pays_when_it_buys_monthly_revenue_more_cheaply(chapter03):
    text = cell_text(chapter03, "upsell-cost")
    lines = text.splitlines()
    # 20,000 / 3,000 against 50,000 / 10,000; break-even upgrade cost 50,000 x 3,000 / 10,000
    assert f"= ¥{20_000 / 3_000:.2f} through an upgrade and ¥50,000 / ¥10,000 = ¥5.00 through a new" in lines[0]
    threshold = cs.yen(50_000 * 3_000 / 10_000)
    assert f"Upgrades pay better below {threshold} each (30 % of the CAC)" in lines[1]
    assert f"CAC x upgrade / ARPU = {threshold}." in lines[1]
    assert "20 % of the CAC" in lines[2] and "ahead" in lines[2]
    assert "30 % of the CAC" in lines[3] and "no different from acquisition-only" in lines[3]
    assert "40 % of the CAC" in lines[4] and "behind" in lines[4]  # "less than half" is not enough here
    assert "adding ¥5,000 a month" in lines[5] and "ahead" in lines[5]  # 5,000 / 20,000 beats 10,000 / 50,000
    # the same yen behind (¥3,000 upgrade) and ahead (¥5,000): the gap is linear in the upgrade's size,
    # zero at 20,000 x 10,000 / 50,000 = 4,000
    behind, ahead = _yen_values(lines[4])[0], _yen_values(lines[5])[-1]
    assert behind == ahead
    assert "breaks even when it adds ¥4,000 (gap ¥0); ¥3,000 and ¥5,000 lie ¥1,000 either side of it." in lines[6]
    # the two readings of "less than half", held against the break-even of 15,000
    assert lines[7].startswith('"Less than half" per upgrade: below ¥25,000, above the break-even ¥15,000: not enough')
    assert "more than ¥5,000)." in lines[7]  # half the CAC beats CAC x upgrade / ARPU only above ARPU / 2
    assert lines[8].startswith('"Less than half" per yen of sales: below ¥2.50 per yen, i.e. ¥7,500')
    assert "upgrades pay better, whatever their size." in lines[8]


def test_a_reinvested_budget_compounds(chapter03):
    lines = cell_text(chapter03, "compounding").splitlines()
    assert f"{cs.percent(3_000_000 / (0.8 * 10_000_000))} of gross profit every month" in lines[0]
    fixed, reinvested = _percents(lines[1]), _percents(lines[2])
    assert max(fixed) < 0.005  # a ceiling
    # acquisition-only, by hand: 3,000 of budget per customer buys 0.06 customers; 1.06 x 0.95 - 1
    assert f"(MRR grows {cs.percent(1.06 * 0.95 - 1, 2)} a month" in lines[2]
    assert reinvested[1] > 2 * reinvested[0] > 2 * max(fixed)
    assert f"= {cs.percent(1.06 * 0.95 - 1, 2)} a month." in lines[3]
    fixed_gap, reinvested_gap = np.diff(_yen_values(lines[4])), np.diff(_yen_values(lines[5]))
    assert np.all(np.diff(fixed_gap) < 0) and np.all(np.diff(reinvested_gap) > 0)  # less / more each year
    # the rate is per customer: half the customers and half the budget compound at the same rate
    rates = cs.compare_growth(60, budget=1_500_000, customers=500, reinvest=True).growth_rate("customers")
    same = (f"retention-first grows {cs.percent(rates['retention'], 2)} a month, "
            f"acquisition-only {cs.percent(rates['acquisition'], 2)} (last year)")
    assert "as above" in lines[6] and same in lines[6]
    assert "half the size" in lines[7] and same in lines[7]


def test_onboarding_is_value_before_revenue(chapter03):
    lines = cell_text(chapter03, "onboarding").splitlines()
    business = dict(churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=1_000, fixed_cost=1_000_000)
    runs = [cs.project_pnl(60, 100, **settings) for settings in
            (business, {**business, "onboarding_cost": 20_000}, {**business, "onboarding_cost": 20_000, "churn": 0.04})]
    for line, run in zip(lines, runs, strict=True):
        v = run.summary
        assert (f"cash needed {cs.yen(-v['cash_low'])}, cumulative cash positive from month "
                f"{v['breakeven_month']:.0f}") in line
        assert f"MRR after 60 months {cs.yen(v['final_mrr'])}" in line
    plain, cared, kept = (run.summary for run in runs)
    # "deepens the J and moves its crossing later"
    assert cared["cash_low"] < plain["cash_low"] and cared["breakeven_month"] > plain["breakeven_month"]
    # "if it keeps customers longer it buys a higher MRR and a higher LTV after costs, though after five years
    # the cumulative cash is still behind"
    assert kept["final_mrr"] > plain["final_mrr"] and kept["ltv_net"] > plain["ltv_net"]
    assert runs[2].table["cumulative_cash"].iloc[-1] < runs[0].table["cumulative_cash"].iloc[-1]
    assert f"LTV after costs {cs.yen(155_000)}" in lines[2]  # (0.8 x 10,000 - 1,000) / 0.04 - 20,000


def test_j_curve(chapter03):
    settings = cell_text(chapter03, "pnl-settings")
    assert ("100 new customers a month at a CAC of ¥50,000, paying ¥10,000 a month with a gross margin of 80 %; "
            "5 % churn; support by hand ¥1,000 per customer a month; other fixed costs ¥1,000,000 a month.") in settings
    text = cell_text(chapter03, "j-curve")
    table = cs.project_pnl(60, 100, churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=1_000,
                           fixed_cost=1_000_000).table
    cash = table["cumulative_cash"].to_numpy()
    last_under = int(np.flatnonzero(cash <= 0)[-1]) + 1  # months count from 1
    assert f"bottoms out at {cs.yen(cash.min())} in month {int(np.argmin(cash)) + 1}" in text
    assert f"stays positive from month {last_under + 1}" in text
    # payback with the support cost: 8,000 - 1,000 a month of net margin, decaying at 5 %
    net = np.cumsum(7_000 * 0.95 ** np.arange(36))
    assert f"paid back in month {int(np.argmax(net >= 50_000)) + 1}." in text
    assert f"{cs.yen(0.8 * 10_000 / 0.05)} (LTV/CAC 3.20) before support, {cs.yen(7_000 / 0.05)} (LTV/CAC 2.80)" in text
    gap = cell_text(chapter03, "payback-gap")
    gross = np.cumsum(8_000 * 0.95 ** np.arange(36))
    assert f"payback month {int(np.argmax(gross >= 50_000)) + 1} without support -> month 9 with support" in gap
    period = cs.payback_months(50_000, 10_000, 0.8, 0.05)
    assert f"Of the {9 - period:.1f} months between them, {8 - period:.1f} come from counting whole months" in gap
    assert "and 1.0 from the support cost" in gap


def test_fewer_customers_still_need_cash(chapter03):
    text = cell_text(chapter03, "fewer")
    small = cs.project_pnl(60, 30, churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=1_000,
                           fixed_cost=1_000_000).table["cumulative_cash"].to_numpy()
    last_under = int(np.flatnonzero(small <= 0)[-1]) + 1
    assert (f"30 new a month: cash needed {cs.yen(-small.min())}, "
            f"cumulative cash below zero until month {last_under}") in text
    large = cs.project_pnl(60, 100, churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=1_000,
                           fixed_cost=1_000_000).table["cumulative_cash"].to_numpy()
    # "still needs most of the cash and stays under water far longer"
    assert 0.5 < small.min() / large.min() < 1
    assert f"The smaller plan needs {cs.percent(small.min() / large.min(), 0)} of the larger plan's cash" in text
    longer = last_under - (int(np.flatnonzero(large <= 0)[-1]) + 1)
    assert longer >= 12 and f"stays below zero {longer} months longer" in text


def test_a_month_that_never_comes_is_printed_as_never():
    # the P&L cells run on a business whose support cost (¥9,000 of a ¥8,000 margin) eats the margin: the
    # summary's payback and crossing months are inf, and the cells say "never", not "month inf"
    notebook = nbformat.read(ROOT / "notebooks" / "03_otv_vs_ltv.ipynb", as_version=4)
    sources = {tag: cell.source for cell in notebook.cells for tag in cell.metadata.get("tags", [])}
    business = dict(churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=9_000, fixed_cost=1_000_000)
    plan = cs.project_pnl(60, 100, **business)
    assert math.isinf(plan.summary["payback_month"]) and math.isinf(plan.summary["breakeven_month"])
    namespace = {"cs": cs, "math": math, "months": 60, "new_a_month": 100, "period": 7.3, "business": business,
                 "plan": plan}
    printed = io.StringIO()
    with redirect_stdout(printed):
        for tag in ("j-curve", "payback-gap", "fewer", "onboarding"):
            exec(sources[tag], namespace)
    text = printed.getvalue()
    assert not re.search(r"\binf\b", text), text
    assert "after it; never paid back." in text and "is not positive for good within 60 months" in text
    assert "With support by hand at ¥9,000 a month the customer is never paid back." in text
    assert "100 new a month: cash needed" in text and "with one plan or both not positive for good" in text
    assert text.count("never paid back,") == 3  # the three onboarding variants


def test_systemisation(chapter03):
    text = cell_text(chapter03, "systemisation")
    assert f"pays from {300_000 / 800:,.0f} customers" in text
    assert f"saves {cs.yen(2_000 * 1_000 - (300_000 + 2_000 * 200))} a month" in text
    lines = cell_text(chapter03, "systemised-pnl").splitlines()
    assert "systemising lowers the 60-month cumulative cash by ¥" in lines[0]  # too small for systemising to pay
    assert "systemising raises the 60-month cumulative cash by ¥" in lines[1]
    assert "-¥" not in "".join(lines)


def test_expansion_multiplies_the_price(chapter03):
    text = cell_text(chapter03, "expansion")
    assert f"LTV {cs.yen(8_000 / (0.05 - 0.01 * 0.95))}" in text  # m ARPU / (c - g(1 - c)) without discounting
    assert f"pays {1.02 ** 60:.1f}× the starting price" in text
