"""Numbers chapter 05 prints, read back from its tagged cells and recomputed with cslearn."""

import pytest
from conftest import ROOT, cell_text, run_notebook

import cslearn as cs


@pytest.fixture(scope="module")
def chapter05():
    return run_notebook(ROOT / "notebooks" / "05_loyalty_types.ipynb")


@pytest.mark.notebooks
def test_sellout_forecast(chapter05):
    day = cs.sellout_day(600, 25)
    assert day == 24  # ceil(600 / 25)
    assert f"sells on day {day}; " in cell_text(chapter05, "sellout")
    assert f"by day {day - 14}." in cell_text(chapter05, "sellout")


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
    # by hand: 600 x (0.7 x (0.6 x 0.70 + 0.4 x 0.75) + 0.3 x 0.10) = 320.4
    assert "Prepared 14 days ahead: 320 kept (53.4 %)" in text


@pytest.mark.notebooks
def test_classifier_accuracy(chapter05):
    result = cs.evaluate_review_classifier(cs.load_dataset("reviews_loyalty"))
    text = cell_text(chapter05, "classifier")
    assert f"accuracy {cs.percent(result.accuracy)}; {len(result.mistakes)} mistakes." in text
    assert result.accuracy >= 0.85


@pytest.mark.notebooks
def test_counts_vs_rates(chapter05):
    text = cell_text(chapter05, "counts")
    # month 1 by hand: repeaters 0.8 x 300 + 0.2 x 700 = 380 of 1,000
    assert "Repeat rate: 38.0 % in month 1" in text
    assert "Repeat buyers: 380 in month 1" in text
    last = cs.counts_and_rates(cs.simulate_repeat_base()).iloc[-1]
    assert f"{cs.percent(last['repeat_rate'])} in month 12" in text
    assert f"{last['repeaters']:.0f} in month 12" in text


@pytest.mark.notebooks
def test_plan_numbers(chapter05):
    text = cell_text(chapter05, "plan")
    assert "Fukuoka sells out on day 8: even ordered today, substitutes arrive 6 days late." in text
    assert "reacting at the sell-out they keep" in text
