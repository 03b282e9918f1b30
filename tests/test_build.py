from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from cslearn.tools.build import BuildResult, build, find_notebooks, status_table


def test_find_notebooks_covers_every_folder():
    found = find_notebooks(ROOT)
    folders = {p.parent.relative_to(ROOT).as_posix() for p in found}
    assert folders == {"notebooks", "solutions", "exercises", "notebooks/ja", "solutions/ja", "exercises/ja"}


def test_status_table_lists_passes_and_failures():
    table = status_table([BuildResult(Path("notebooks/a.ipynb"), 1.23, True),
                          BuildResult(Path("solutions/b.ipynb"), 4.5, False, "ValueError: churn")])
    assert "| `notebooks/a.ipynb` | 1.2 | passed |" in table
    assert "FAILED: ValueError: churn" in table
    assert "1 of 2 notebooks" in table


@pytest.mark.notebooks
def test_build_runs_a_notebook_and_records_a_failure(tmp_path):
    (tmp_path / "notebooks").mkdir()
    good, bad = nbformat.v4.new_notebook(), nbformat.v4.new_notebook()
    good.cells = [nbformat.v4.new_code_cell("import cslearn as cs\nprint(cs.yen(1234567))")]
    bad.cells = [nbformat.v4.new_code_cell("import cslearn as cs\ncs.break_even_month(3000, 980, churn=1.3)")]
    for nb in (good, bad):
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(good, tmp_path / "notebooks" / "good.ipynb")
    nbformat.write(bad, tmp_path / "notebooks" / "bad.ipynb")
    results = build(tmp_path, tmp_path / "build", progress=False, jobs=2)  # both at once, one kernel each
    assert [r.notebook.name for r in results] == ["bad.ipynb", "good.ipynb"]  # the course's order, not finishing order
    outcome = {r.notebook.name: r for r in results}
    assert outcome["good.ipynb"].passed and not outcome["bad.ipynb"].passed
    assert "churn must be between 0 and 1" in outcome["bad.ipynb"].error
    assert (tmp_path / "build" / "notebooks" / "good.html").exists()
    executed = nbformat.read(tmp_path / "build" / "notebooks" / "good.ipynb", as_version=4)
    assert "¥1,234,567" in executed.cells[0].outputs[0]["text"]
    status = (tmp_path / "build" / "status.md").read_text()
    assert "good.ipynb" in status and "FAILED" in status


def _loop_seen_by_a_worker():
    from jupyter_core.utils import ensure_event_loop

    loop = ensure_event_loop()
    return id(loop), loop._ssock.fileno()


def test_a_pool_worker_runs_notebooks_on_an_event_loop_of_its_own():
    """A worker forked from a process that has run a notebook would otherwise share its parent's
    loop (and wake-up pipe) with its siblings: one took another's wake-up and a make build test hung."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from jupyter_core.utils import ensure_event_loop

    from cslearn.tools.build import _own_event_loop

    parent = ensure_event_loop()
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=fork) as pool:
        assert pool.submit(_loop_seen_by_a_worker).result()[0] == id(parent)  # what the fix is for
    with ProcessPoolExecutor(1, mp_context=fork, initializer=_own_event_loop) as pool:
        own, wake_up = pool.submit(_loop_seen_by_a_worker).result()
    assert own != id(parent) and wake_up != parent._ssock.fileno()
