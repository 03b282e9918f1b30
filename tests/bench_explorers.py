"""Speed of every explorer (issue 16; run with ``make bench``).

Targets: one slider move -- compute, redraw and PNG, what a student waits for -- under 100 ms, and
the compute alone under 16 ms (a frame). The explorers are found by name in the topics
(:func:`conftest.explorer_factories`), so a new one is measured without anyone adding it here; each
starts from its declared defaults (or the declaration's example for a required argument, such as the
fitted customers of ``clv_explorer``) and its first slider that changes what it shows moves three
steps and back.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import ipywidgets as widgets
import pytest
from conftest import explorer_factories, report_figure

sys.path.insert(0, str(Path(__file__).parent))
from bad_inputs import base_call  # noqa: E402  the declarations' valid call

pytestmark = pytest.mark.benchmark
EXPLORERS = explorer_factories()
MOVE, COMPUTE = 0.100, 0.016


def _a_slider_that_shows(explorer):
    """The first slider whose move of three steps changes the figure or the readout, and the move."""
    sliders = [c for c in explorer.controls.values() if isinstance(c, (widgets.FloatSlider, widgets.IntSlider))]
    assert sliders, "every explorer has a slider"
    for slider in sliders:
        start = slider.value
        moved = start + 3 * slider.step if start + 3 * slider.step <= slider.max else start - 3 * slider.step
        before = (explorer.text.value, bytes(explorer.image.value))
        slider.value = moved
        changed = (explorer.text.value, bytes(explorer.image.value)) != before
        slider.value = start
        if changed:
            return slider, start, moved
    raise AssertionError("no slider of this explorer changes what it shows")


@pytest.mark.parametrize("name, factory", EXPLORERS, ids=[name for name, _ in EXPLORERS])
def test_explorer_slider_move(benchmark, name, factory):
    explorer = factory(**base_call(factory))
    slider, start, moved = _a_slider_that_shows(explorer)
    values = iter([moved, start] * 1000)

    def move():
        slider.value = next(values)  # the slider's observer recomputes, redraws and renders

    benchmark.pedantic(move, rounds=12, warmup_rounds=2)
    report_figure("explorers: one slider move (compute, redraw, PNG), median", name,
                  benchmark.stats.stats.median, MOVE)
    timings = []
    for _ in range(12):
        settings = explorer.values()
        began = time.perf_counter()
        explorer._compute(**settings)
        timings.append(time.perf_counter() - began)
    report_figure("explorers: compute alone, median", name, statistics.median(timings), COMPUTE)

