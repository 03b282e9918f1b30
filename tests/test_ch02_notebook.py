"""Chapter 02's key printed numbers, read back from the tagged cells of the executed notebook.

Expected values are worked out here from closed forms (the prices of *Customer Success??*, the chosen
fee and the chapter's stated assumptions) where one exists, and otherwise recomputed with cslearn using
the notebook's parameters. Sentences of the chapter's prose that state a result are checked against
the printed figures they rest on.
"""

import math
import re

import pytest
from conftest import cell_text, chapter_notebook

import cslearn as cs
from cslearn import business_models as bm

SEED, N, MONTHS = 2024, 10_000, 36  # the notebook's parameters cell


chapter02, test_chapter_runs_clean = chapter_notebook("02_shot_vs_retention.ipynb", "chapter02")


def _shot(months=MONTHS, price=10_000, r=0.10, lapse=0.05):
    return price * (1 + r * sum((1 - lapse) ** (t - 1) for t in range(2, months + 1)))


@pytest.mark.notebooks
def test_shot_vs_subscription(chapter02):
    text = cell_text(chapter02, "shot-vs-subscription")
    subscription = 10_000 * (1 - 0.95**MONTHS) / 0.05
    assert f"Shot sale: {cs.yen(_shot())} per customer over 36 months" in text
    assert f"Subscription (flat rate): {cs.yen(subscription)} per customer" in text
    assert f"{cs.yen(10_000 * 0.95**35)} in month 36" in text
    # the summary's "several times what a shot customer does" rests on this printed ratio
    assert f"A subscriber brings {subscription / _shot():.1f} times what a shot customer brings" in text
    assert subscription / _shot() > 3


@pytest.mark.notebooks
def test_simulated_shot_is_close_to_the_expectation(chapter02):
    text = cell_text(chapter02, "simulated-shot")
    run = bm.simulate("shot", rng=SEED, n_customers=N, months=MONTHS)
    assert f"Simulated 10,000 shot customers: {cs.yen(run.summary['revenue_per_customer'])}" in text
    assert f"expected {cs.yen(_shot())}" in text
    simulated = float(re.search(r"customers: ¥([\d,]+)", text).group(1).replace(",", ""))
    assert abs(simulated - _shot()) / _shot() < 0.02


@pytest.mark.notebooks
def test_entry_funnel(chapter02):
    text = cell_text(chapter02, "entry-funnel")
    assert "Assumed conversion 30 %, monthly churn 5 %." in text
    assert f"Of 1,000 people who pay {cs.yen(5)} for a trial month, 300 start paying" in text
    assert f"{1_000 * 0.3 * 0.95**11:,.0f} are still paying in their 12th paid month (month 13)" in text
    # the prose's formula counts the same stage: exponent k - 1 is the k-th paid month, not k months on
    formula = next(c.source for c in chapter02.cells if c.cell_type == "markdown" and r"\text{trial } N" in c.source)
    assert r"\text{still paying in their } k\text{-th paid month } N\,v\,(1-c)^{k-1}" in formula
    ratio_text = cell_text(chapter02, "entry-ratio")
    member = 10_000 * (1 - 0.95**MONTHS) / 0.05
    trial = 5 + 0.3 * 10_000 * (1 - 0.95 ** (MONTHS - 1)) / 0.05
    assert f"A direct member brings {cs.yen(member)} and a trial customer {cs.yen(trial)}" in ratio_text
    assert f"at least {member / trial:.1f} times" in ratio_text
    assert f"close to 1 / conversion = {1 / 0.3:.1f}" in ratio_text
    assert abs(member / trial - 1 / 0.3) < 0.2  # a converted trial customer is a member one month late


@pytest.mark.notebooks
def test_school_vs_online_salon(chapter02):
    text = cell_text(chapter02, "school-vs-salon")
    member = 5_000 * (1 - 0.92**MONTHS) / 0.08  # 5,000 a month, 8 % churn
    assert f"School: {cs.yen(120_000)} per student; online salon: {cs.yen(member)} per member" in text
    assert "first step costs 1/24 of the school's" in text
    # the prose: per head the school wins, and the salon needs this many more members to win
    assert member < 120_000
    assert f"brings in at least {120_000 / member:.1f} times as many members" in text
    assert "Per head the school wins" in text


@pytest.mark.notebooks
def test_meat(chapter02):
    # 6 visits of 1.5 kg eat 9 kg: a 7th visit eats the last 1 kg
    assert "10 kg at 1 kg a visit: 10 visits; at 1.5 kg a visit: 7 visits, the last with 1 kg." in cell_text(
        chapter02, "meat-visits")
    meat = bm.expected("meat_ownership", months=MONTHS).summary
    text = cell_text(chapter02, "meat-summary")
    assert cs.yen(meat["revenue_per_customer"]) in text
    # uneaten meat at the chosen 10,000 yen/kg: cash for meat never served by month 36
    left = meat["stock_left_kg_per_customer"]
    assert f"{left:.1f} kg per customer (about {cs.yen(left * 10_000)} of that cash)" in text


@pytest.mark.notebooks
def test_prepaid_vs_shot(chapter02):
    text = cell_text(chapter02, "prepaid-vs-shot")
    prepaid = bm.expected("prepaid", months=MONTHS).summary
    assert f"prepaid {cs.yen(prepaid['revenue_per_customer'])}, shot {cs.yen(_shot())}" in text
    assert prepaid["revenue_per_customer"] > _shot()
    assert f"as cash taken): {cs.yen(prepaid['balance_outstanding_per_customer'])}." in text


@pytest.mark.notebooks
def test_owner_payback(chapter02):
    text = cell_text(chapter02, "owner-payback")
    visits = math.ceil(10_000 / (12_000 - 7_000))
    # expected visits of an owner by month t: 1 + sum 0.4 * 0.95^(s-1); saving 5,000 a visit covers 10,000
    cumulative, month = 1.0, 1
    while cumulative * 5_000 < 10_000:
        month += 1
        cumulative += 0.4 * 0.95 ** (month - 1)
    assert f"The owner recoups the {cs.yen(10_000)} stake after {visits} visits" in text
    assert f"the expected saving covers it by month {month}," in text
    # P(second visit by month t): sum over s = 2..t of (0.95 * 0.6)^(s-2) * 0.95 * 0.4
    share, median = 0.0, None
    for t in range(2, MONTHS + 1):
        share += (0.95 * 0.6) ** (t - 2) * 0.95 * 0.4
        if median is None and share >= 0.5:
            median = t
    assert f"half of the owners have recouped by month {median}" in text
    assert f"{cs.percent(1 - share, 0)} never make those visits within 36 months" in text
    owner_visits = re.search(r"per owner: ([\d.]+); per non-owner: ([\d.]+)", cell_text(chapter02, "owner-visits"))
    assert float(owner_visits.group(1)) > float(owner_visits.group(2))
    # non-owners follow the shot chain: 1 + sum 0.1 * 0.95^(t-1) visits expected
    assert float(owner_visits.group(2)) == pytest.approx(_shot() / 10_000, rel=0.05)


@pytest.mark.notebooks
def test_owner_gain_split(chapter02):
    text = cell_text(chapter02, "owner-split")
    tail = sum(0.95 ** (t - 1) for t in range(2, MONTHS + 1))
    v_owner, v_guest = 1 + 0.4 * tail, 1 + 0.1 * tail
    stake, extra, friends, discount = 10_000, (v_owner - v_guest) * 7_000, 0.6 * v_owner * 12_000, -5_000 * v_guest
    for name, value in [("stake", stake), ("extra_visits", extra), ("friends", friends),
                        ("discount_on_usual_visits", discount), ("total", stake + extra + friends + discount)]:
        assert re.search(rf"^{name}\s+{re.escape(cs.yen(value))}$", text, re.M), name
    assert f"Without friends: {cs.yen(stake + extra + discount)}; without friends and with equal return rates: " \
        f"{cs.yen(stake + discount)}." in text
    # the prose: friends and extra visits bring more than the whole gain; without both, the total is negative
    assert extra + friends > stake + extra + friends + discount and stake + discount < 0
    margin = cell_text(chapter02, "owner-margin")
    cost = 0.4 * 12_000 * (1.6 * v_owner - v_guest)
    assert f"{cs.yen(stake + extra + friends + discount - cost)} instead of" in margin
    assert f"({cs.yen(cost)} of extra cost of serving)" in margin


@pytest.mark.notebooks
def test_how_many_come_back(chapter02):
    lines = cell_text(chapter02, "come-back").strip().splitlines()
    assert len(lines) == len(bm.MODELS)
    summaries = bm.model_summaries(rng=SEED, n_customers=N, months=MONTHS).set_index("label")
    for line in lines:
        label = line[:30].strip()
        assert cs.yen(summaries.loc[label, "revenue_per_customer"]) in line
        what = "paid again" if summaries.loc[label, "model"] in bm.PAID_AGAIN else "came back"
        assert line.endswith(f"{cs.percent(summaries.loc[label, 'share_returned'], 0)} {what}"), line
    subscription = next(line for line in lines if line.startswith("Subscription"))
    assert "95 % paid again" in subscription  # all but the 5 % who cancel after month 1


def _prose(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.notebooks
def test_ranking_is_printed_and_the_prose_agrees(chapter02):
    text = cell_text(chapter02, "ranking")
    summaries = bm.model_summaries(rng=SEED, n_customers=N, months=MONTHS)
    ranked = summaries.sort_values("revenue_per_customer", ascending=False)["label"].tolist()
    assert f"(simulated): 1. {ranked[0]} " in text
    positions = [text.index(f"{i}. {label} ") for i, label in enumerate(ranked, 1)]
    assert positions == sorted(positions)
    # the prose: the meat owner is ahead at first, the flat fee by the end, not "on top"
    assert ranked[0] != "Meat ownership" and ranked[:2] == ["Subscription (flat rate)", "Constant (usage-based)"]
    assert "comes out on top" not in _prose(chapter02)
    # by hand: the meat owner's cumulative expected revenue against the member's 10,000 (1 - 0.95^t) / 0.05
    meat = bm.expected("meat_ownership", months=MONTHS).table["cumulative_revenue_per_customer"].to_numpy()
    member = [10_000 * (1 - 0.95**t) / 0.05 for t in range(1, MONTHS + 1)]
    overtaken = next(t for t in range(1, MONTHS + 1) if member[t - 1] > meat[t - 1])
    assert (f"Meat ownership in months 1-{overtaken - 1}; Subscription (flat rate) and Constant (usage-based) in "
            f"months {overtaken}-36.") in text
    assert f"Month 1: meat ownership takes {cs.yen(100_000)} per customer" in text


@pytest.mark.notebooks
def test_simulated_prepaid_agrees_and_never_goes_negative(chapter02):
    text = cell_text(chapter02, "prepaid-simulated")
    apart = float(re.search(r"\(([\d.]+) % apart\)", text).group(1))
    assert apart < 2.0
    lowest = re.search(r"lowest balance (-?)¥([\d,]+)", text)
    assert lowest.group(1) == ""  # no minus sign: the lowest balance is not below zero


@pytest.mark.notebooks
def test_knowledge_and_after_sale(chapter02):
    assert "In the course's reading, 6 of 7 models need the shop to know who its customers are; a shot sale " \
        "need not" in cell_text(chapter02, "knowledge")
    text = cell_text(chapter02, "after-sale")
    for r in (0.2, 0.3, 0.5):
        assert f"{cs.percent(r, 0)}: {cs.yen(_shot(r=r))} per customer ({cs.yen(_shot(r=r) - _shot())} more" in text


@pytest.mark.notebooks
def test_retention_benefits_are_counted(chapter02):
    lines = cell_text(chapter02, "retention-benefits").strip().splitlines()
    assert lines[0] == ("Shot sale: 0 of 1,000 on record, 0 known by name and usage in month 36, 0 visit records, "
                        "0 birthday messages.")
    kept = sum(0.95 ** (t - 1) for t in range(1, MONTHS + 1))  # member-months per member over 36 months
    assert lines[1] == (f"Subscription (flat rate): 1,000 of 1,000 on record, {1_000 * 0.95**35:,.0f} known by name "
                        f"and usage in month 36, {4_000 * kept:,.0f} visit records, {1_000 / 12 * kept:,.0f} "
                        "birthday messages.")
    assert lines[3].startswith("Owner model: 300 of 1,000 on record")
    # product improvement: the members who cancelled are on record, so the shop can ask them why
    asked = cell_text(chapter02, "improvement").strip().splitlines()
    assert asked[0].startswith(f"Subscription (flat rate): {1_000 * (1 - 0.95**35):,.0f} of 1,000 customers on "
                               "record left within 36 months")
    assert asked[-1] == "Shot sale: nobody is on record, so no one who stops coming can be asked why."
    # the prose after it: most visit records in the subscription (tied with usage-based), fewer for owners
    # than for the prepaid balance
    table = bm.retention_benefits(n_customers=1_000, months=MONTHS).set_index("model")["visit_records"]
    assert table.max() == pytest.approx(table["subscription"]) == pytest.approx(table["constant"])
    assert table["owner"] < table["prepaid"]


@pytest.mark.notebooks
def test_after_purchase_services_are_priced(chapter02):
    lines = cell_text(chapter02, "after-purchase-value").strip().splitlines()
    assert len(lines) == 5
    tail = sum(0.97 ** (t - 1) for t in range(2, MONTHS + 1))
    fish_without, fish_with = 3_000 * (1 + 0.3 * tail), 3_000 * (1 + 0.5 * tail)
    assert lines[0] == (f"fish shop (魚屋): {cs.yen(fish_without)} per customer without the service, "
                        f"{cs.yen(fish_with)} with it over 36 months ({fish_with / fish_without:.2f} times; "
                        "repeat purchases).")
    # the prose: the largest ratio at the fish shop, the largest gain in yen at the kimono shop
    table = bm.after_purchase_value(months=MONTHS).set_index("business")
    assert table["ratio"].idxmax() == "fish shop" and table["gain"].idxmax() == "kimono shop"
    assert (table["gain"] > 0).all()  # "bring more revenue under the stated assumptions" (summary)
    # the software's yearly contract (What is CS #2-1): 24,000 in months 13 and 25 instead of 1 % a month
    # of a new 120,000 licence
    software_without = 120_000 * (1 + 0.01 * tail)
    software_with = 120_000 + 24_000 * (0.97**12 + 0.97**24)
    assert lines[3].startswith(f"software vendor (ソフトウェア会社): {cs.yen(software_without)} per customer without "
                               f"the service, {cs.yen(software_with)} with it")
    # the most each service may cost per customer and still pay for itself: the extra revenue
    assert lines[4].startswith("These are revenue, not profit")
    assert f"software vendor {cs.yen(software_with - software_without)}." in lines[4]
    assert f"fish shop {cs.yen(fish_with - fish_without)};" in lines[4]
