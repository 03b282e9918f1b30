"""The whole course executed headless, as ``make build`` runs it (issue 16; ``make bench``).

Target: every notebook of ``notebooks/``, ``solutions/`` and ``exercises/`` executed in under 45 s
of wall time on this 2-core machine, notebooks running in parallel (one kernel per core). Each
notebook's own time is printed for reference, so a slow chapter shows itself. The Japanese edition
(the same notebooks in each folder's ``ja/``; ``make build`` runs both) is timed apart, for reference.
"""

from __future__ import annotations

import time

import pytest
from conftest import ROOT, report_figure

from cslearn.tools.build import build, find_notebooks

pytestmark = pytest.mark.benchmark


ENGLISH = ("notebooks", "solutions", "exercises")


def _built(benchmark, notebooks, out):
    """``make build`` of ``notebooks`` once, timed: its results (all passed) and its wall time."""

    def run():
        began = time.perf_counter()
        results = build(ROOT, out, notebooks, progress=False, screenshots=False)
        return results, time.perf_counter() - began

    results, seconds = benchmark.pedantic(run, rounds=1, iterations=1)
    assert [r for r in results if not r.passed] == []
    return results, seconds


def test_whole_course_executed(benchmark, tmp_path):
    notebooks = find_notebooks(ROOT, ENGLISH)
    assert len(notebooks) >= 21
    results, seconds = _built(benchmark, notebooks, tmp_path / "build")
    report_figure("the course executed (make build, parallel, no screenshots)",
                  f"all {len(results)} notebooks, wall time", seconds, 45.0)
    for result in sorted(results, key=lambda r: -r.seconds):
        report_figure("the course executed (make build, parallel, no screenshots)",
                      f"  {result.notebook.as_posix()}", result.seconds, None)


def test_japanese_edition_executed(benchmark, tmp_path):
    notebooks = find_notebooks(ROOT, tuple(f"{folder}/ja" for folder in ENGLISH))
    assert len(notebooks) == len(find_notebooks(ROOT, ENGLISH))
    results, seconds = _built(benchmark, notebooks, tmp_path / "build")
    report_figure("the course executed (make build, parallel, no screenshots)",
                  f"Japanese edition, all {len(results)} notebooks, wall time", seconds, None)
