"""Chapter 02's key printed numbers, read back from the tagged cells of the executed notebook.

Expected values are worked out here from closed forms (the seed's prices and the chapter's stated
assumptions) where one exists, and otherwise recomputed with cslearn using the notebook's parameters.
"""

import math
import re

import pytest
from conftest import ROOT, cell_text, run_notebook

import cslearn as cs
from cslearn import business_models as bm

SEED, N, MONTHS = 2024, 10_000, 36  # the notebook's parameters cell


@pytest.fixture(scope="module")
def chapter02():
    return run_notebook(ROOT / "notebooks" / "02_shot_vs_retention.ipynb")


def _shot(months=MONTHS, price=10_000, r=0.10, lapse=0.05):
    return price * (1 + r * sum((1 - lapse) ** (t - 1) for t in range(2, months + 1)))


@pytest.mark.notebooks
def test_shot_vs_subscription(chapter02):
    text = cell_text(chapter02, "shot-vs-subscription")
    subscription = 10_000 * (1 - 0.95**MONTHS) / 0.05
    assert f"Shot sale: {cs.yen(_shot())} per customer over 36 months" in text
    assert f"Subscription (flat rate): {cs.yen(subscription)} per customer" in text
    assert f"{cs.yen(10_000 * 0.95**35)} in month 36" in text


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
    ratio_text = cell_text(chapter02, "entry-ratio")
    member = 10_000 * (1 - 0.95**MONTHS) / 0.05
    trial = 5 + 0.3 * 10_000 * (1 - 0.95 ** (MONTHS - 1)) / 0.05
    assert f"A direct member brings {cs.yen(member)} and a trial customer {cs.yen(trial)}" in ratio_text
    assert f"at least {member / trial:.1f} times" in ratio_text
    assert f"close to 1 / conversion = {1 / 0.3:.1f}" in ratio_text
    assert abs(member / trial - 1 / 0.3) < 0.2  # a converted trial customer is a member one month late


@pytest.mark.notebooks
def test_meat(chapter02):
    assert "10 kg at 1 kg a visit: 10 visits; at 1.5 kg: 7." in cell_text(chapter02, "meat-visits")
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
        assert f"{cs.percent(summaries.loc[label, 'share_returned'], 0)} came back" in line
    subscription = next(line for line in lines if line.startswith("Subscription"))
    assert "95 % came back" in subscription  # all but the 5 % who cancel after month 1


@pytest.mark.notebooks
def test_knowledge_and_after_sale(chapter02):
    assert "6 of 7 models need the shop to know who its customers are; a shot sale need not" in cell_text(
        chapter02, "knowledge"
    )
    text = cell_text(chapter02, "after-sale")
    for r in (0.2, 0.3, 0.5):
        assert f"{cs.percent(r, 0)}: {cs.yen(_shot(r=r))} per customer ({cs.yen(_shot(r=r) - _shot())} more" in text
