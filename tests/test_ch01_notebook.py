"""Numbers the chapters print, read back from their tagged cells."""

import pytest
from conftest import ROOT, cell_text, run_notebook

import cslearn as cs


@pytest.fixture(scope="module")
def chapter01():
    return run_notebook(ROOT / "notebooks" / "01_ownership_to_experience.ipynb")


@pytest.mark.notebooks
def test_chapter01_break_even(chapter01):
    assert "by month 4." in cell_text(chapter01, "break-even-music")


@pytest.mark.notebooks
def test_chapter01_best_split(chapter01):
    text = cell_text(chapter01, "best-split")
    best = cs.best_budget_split(months=24)
    assert f"Best split: {cs.percent(best, 0)} on acquisition" in text
    assert "All on acquisition: 1,000 customers" in text
