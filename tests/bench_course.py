"""The whole course executed headless, as ``make build`` runs it (issue 16; ``make bench``).

Target: every notebook of ``notebooks/``, ``solutions/`` and ``exercises/`` executed in under 45 s
of wall time on this 2-core machine, notebooks running in parallel (one kernel per core). Each
notebook's own time is printed for reference, so a slow chapter shows itself. The Japanese edition
(the same notebooks in each folder's ``ja/``; ``make build`` runs both) is timed apart, for reference.

``make test`` (the classroom hub test aside) should take under 3 minutes on a warm environment. A
benchmark cannot run it (it runs the benchmarks' own suite), so ``make test`` writes its time to
``build/make-test-seconds.txt`` and the figure printed here is the last one it wrote.
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


def test_make_test_last_run(benchmark):
    """Reads the time the last ``make test`` wrote (under ``make bench`` only benchmarks run)."""
    record = ROOT / "build" / "make-test-seconds.txt"
    if not benchmark.pedantic(record.exists, rounds=1, iterations=1):
        report_figure("make test (ruff, suite and browser; the hub aside), its last run", "not run on this checkout "
                      "yet: run make test, then make bench", None, 180.0)
        return
    seconds, *commit = record.read_text(encoding="utf-8").split()
    report_figure("make test (ruff, suite and browser; the hub aside), its last run",
                  f"wall time, at commit {commit[0] if commit else '?'}", float(seconds), 180.0)
