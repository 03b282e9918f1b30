"""Numbers chapter 05 prints, read back from its tagged cells and recomputed with cslearn."""

import pytest
from conftest import ROOT, cell_text, run_notebook

import cslearn as cs


@pytest.fixture(scope="module")
def chapter05():
    return run_notebook(ROOT / "notebooks" / "05_loyalty_types.ipynb")


@pytest.mark.notebooks
def test_sellout_forecast(chapter05):
    # 600 pairs, 20 customers a day: the last pair sells on day 30; order 14 days before
    assert cs.sellout_day(600, 20) == 30
    assert "sells on day 30; " in cell_text(chapter05, "sellout")
    assert "by day 16." in cell_text(chapter05, "sellout")


@pytest.mark.notebooks
def test_matrix_counts(chapter05):
    cells = cs.loyalty_matrix(cs.make_loyalty_customers(400, seed=5)).set_index("segment")
    text = cell_text(chapter05, "matrix")
    assert f"True loyalty: {cells.loc['true', 'customers']} customers" in text
    assert f"spurious loyalty: {cells.loc['spurious', 'customers']} (" in text


@pytest.mark.notebooks
def test_stockout_numbers(chapter05):
    text = cell_text(chapter05, "stockout")
    table = cs.compare_preparation(0.3, 14, customers=600).set_index("scenario")
    assert f"Ordered at the sell-out: {table.loc['without', 'sales_kept']:.0f} of 600 sales kept" in text
    # by hand: 20 a day x 30 days = 600 customers; 600 x (0.7 x (0.6 x 0.70 + 0.4 x 0.75) + 0.3 x 0.10) = 320.4
    assert "Prepared 14 days ahead: 320 kept (53.4 %)" in text


@pytest.mark.notebooks
def test_classifier_accuracy(chapter05):
    reviews = cs.load_dataset("reviews_loyalty")
    text = cell_text(chapter05, "classifier")
    for split, name in [("tuning", "tuning (in-sample)"), ("heldout", "held-out")]:
        part = reviews[reviews["split"] == split]
        result = cs.evaluate_review_classifier(part)
        psych = int((part["label"] == "psychological").sum())
        found = int(((part["label"] == "psychological") & (result.table["predicted"] == "psychological")).sum())
        baseline = max(psych, len(part) - psych) / len(part)
        assert (f"{name}: {len(part)} reviews; accuracy {cs.percent(result.accuracy)} "
                f"(baseline {cs.percent(baseline)}); psychological recall {found}/{psych}") in text


@pytest.mark.notebooks
def test_reviews_share_is_shown_beside_the_labels(chapter05):
    text = cell_text(chapter05, "reviews-to-share")
    reviews = cs.load_dataset("reviews_loyalty")
    sandals = reviews[(reviews["split"] == "tuning") & (reviews["product"] == "sandals")]
    assert f"the labels say {cs.percent((sandals['label'] == 'psychological').mean())} psychological" in text
    assert "the rules read" in text


@pytest.mark.notebooks
def test_counts_vs_rates(chapter05):
    text = cell_text(chapter05, "counts")
    # month 1 by hand: repeaters 0.8 x 300 + 0.2 x 700 = 380 of 1,000
    assert "Repeat rate: 38.0 % in month 1" in text
    assert "Repeat buyers: 380 in month 1" in text
    # fans are never replenished: 300 x 0.97^11 after 11 months
    assert f"fans: 300 → {300 * 0.97 ** 11:.0f};" in text
    last = cs.counts_and_rates(cs.simulate_repeat_base()).iloc[-1]
    assert f"{cs.percent(last['repeat_rate'])} in month 12" in text
    assert f"{last['repeaters']:.0f} in month 12" in text


@pytest.mark.notebooks
def test_growing_base_lowers_the_rate_and_raises_the_fans(chapter05):
    text = cell_text(chapter05, "growing")
    table = cs.counts_and_rates(cs.simulate_repeat_base(12, new_per_month=150, conversion=0.02))
    first, last = table.iloc[0], table.iloc[-1]
    assert last["repeat_rate"] < first["repeat_rate"] and last["fans"] > first["fans"]
    assert f"fans 300 → {last['fans']:.0f}." in text


@pytest.mark.notebooks
def test_plan_numbers(chapter05):
    text = cell_text(chapter05, "plan")
    assert "Fukuoka sells out on day 8: even ordered today, substitutes arrive 6 days late." in text
    assert "reacting at the sell-out they keep" in text
