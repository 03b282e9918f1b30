"""``make build``'s screenshot step without a browser: the status table and the missing-Chromium note.

The step itself (a chapter run in headless Chromium and photographed) is tested in
``tests/test_browser.py``.
"""

from pathlib import Path

import nbformat
import pytest

from cslearn.tools import browser
from cslearn.tools.build import BuildResult, build, status_table


def test_status_table_adds_the_browser_runs_and_escapes_their_problems():
    results = [
        BuildResult(Path("notebooks/01_a.ipynb"), 2.0, True, browser_seconds=9.25, screenshot=Path("s/01_a.png")),
        BuildResult(Path("notebooks/02_b.ipynb"), 3.0, True, browser_seconds=4.0,
                    browser_problems=["cell 3: stderr: a|b", "no slider moved"]),
        BuildResult(Path("solutions/01_exercises.ipynb"), 1.0, True),
    ]
    table = status_table(results, "Screenshots: `s/`.")
    assert "3 of 3 notebooks ran top to bottom" in table  # headless, all three passed
    browser_part = table.split("## In the browser")[1]
    assert "1 of 2 ran clean" in browser_part
    assert "| `notebooks/01_a.ipynb` | 9.2 | `s/01_a.png` | passed |" in browser_part
    assert "FAILED: cell 3: stderr: a\\|b; no slider moved" in browser_part
    assert "solutions/01_exercises" not in browser_part
    assert table.rstrip().endswith("Screenshots: `s/`.")
    assert [r.ok for r in results] == [True, False, True]


def test_status_table_without_browser_runs_is_unchanged():
    table = status_table([BuildResult(Path("notebooks/a.ipynb"), 1.0, True)])
    assert "In the browser" not in table and table.endswith("| passed |\n")


@pytest.mark.notebooks
def test_build_says_when_chromium_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(browser, "chromium_path", lambda: None)
    (tmp_path / "notebooks").mkdir()
    chapter = nbformat.v4.new_notebook()
    chapter.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    chapter.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(chapter, tmp_path / "notebooks" / "01_tiny.ipynb")
    results = build(tmp_path, tmp_path / "build", progress=False, screenshots=True)
    assert results[0].passed and results[0].browser_seconds is None
    status = (tmp_path / "build" / "status.md").read_text()
    assert "No screenshots: Debian's chromium is not installed" in status
    assert not (tmp_path / "build" / "screenshots").exists()
