"""Shared test helpers: the repository root and a notebook runner that runs each notebook once a session.

``make test`` no longer hands the notebooks to nbval: each chapter is executed once, by the first
test that asks :func:`run_notebook` for it, and every other test (in any xdist worker) reads that
same execution from a file cache in the session's temporary folder. A cell error fails the test that
ran it and every test that asks again. The session's executions are counted at the end of the run.
"""

from __future__ import annotations

import hashlib
import os
import time
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
EXECUTIONS_LOG = "executions.log"
_cache: Path | None = None  # set for the session by _notebook_cache


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's temporary folder that every xdist worker sees (a worker's own is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "executed-notebooks"


#: test files that spend much of their time waiting on kernels and subprocesses (the grader's time
#: limits, cold kernels), or run longest: started first, so that their waits fall in the busy middle of
#: ``make test`` instead of leaving a core idle at its end (issue 16). Chapters come later: the browser
#: run beside lends them (see lent_execution)
_EARLY = ("test_grade.py", "test_kernels.py", "test_explorers.py", "test_capstone.py", "test_exercises.py")


def pytest_collection_modifyitems(session, config, items):
    rank = {name: k for k, name in enumerate(_EARLY)}
    items.sort(key=lambda item: rank.get(item.path.name, len(_EARLY)))  # stable: the rest keep their order


def pytest_collection_finish(session):
    """Once the tests are collected, what collection imported (numpy, pandas, matplotlib, cslearn, the
    tests) lives for the whole session: the garbage collector stops scanning it (``gc.freeze``) and
    runs less often, since each figure a test draws makes thousands of short-lived objects. About a
    tenth of the suite's CPU time went to those scans (issue 16). Nothing a test checks depends on
    when garbage is collected; a cycle still goes at the next collection."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 100)


@pytest.fixture(scope="session", autouse=True)
def _notebook_cache(tmp_path_factory):
    global _cache
    _cache = _shared_folder(tmp_path_factory)
    _cache.mkdir(parents=True, exist_ok=True)
    yield
    _cache = None


@contextmanager
def _locked(lock: Path):
    """Hold an exclusive lock on ``lock`` (the other workers wait); without fcntl (Windows) hold none."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def execution_key(path: Path) -> str:
    """What names one execution of a notebook: its path and its content."""
    path = Path(path).resolve()
    return f"{path.stem}-{hashlib.sha256(str(path).encode() + path.read_bytes()).hexdigest()[:16]}"


#: where ``make test``'s browser run leaves each chapter it ran clean in JupyterLab, for the suite
#: beside it to read instead of running the chapter a second time (issue 16); see lent_execution
BROWSER_EXECUTIONS = "CSLEARN_BROWSER_EXECUTIONS"
_LENT_WAIT_SECONDS = 420  # the browser runs the sixteen chapters in about two minutes


def lent_execution(path: Path, key: str) -> nbformat.NotebookNode | None:
    """The browser run's execution of ``path``, when ``make test`` runs one beside the suite and it
    plans to run this notebook: waited for, then read. None (so the caller executes the notebook
    itself) when there is no browser run, it does not run this notebook, it found a cell error or
    stderr in it, it stopped, or what it executed is not this notebook's source. The two executions
    are the same kernel running the same code: their outputs are equal but for widgets' random ids
    (checked on chapters 02 and ja/04); JupyterLab keeps no widget state in the file, and no test
    reads it. A lent notebook says so in its metadata (``cslearn.executed_in``). What JupyterLab
    gives a kernel and a headless run does not (a front end answering widget messages, a copy of
    the course in a temporary folder) is the price: ``pytest`` run without ``make test`` executes
    every chapter headless, as ``make build`` does."""
    folder = os.environ.get(BROWSER_EXECUTIONS)
    plan = Path(folder, "planned.json") if folder else None
    if plan is None or not plan.exists():
        return None
    import json

    planned = json.loads(plan.read_text(encoding="utf-8"))
    if key not in planned["keys"]:
        return None
    lent, skipped, finished = (Path(folder, name) for name in (f"{key}.ipynb", f"{key}.skip", "finished"))
    # one deadline for the whole run, from when the browser run made its plan: a browser run stuck
    # on one chapter costs each later chapter nothing more
    deadline = plan.stat().st_mtime + _LENT_WAIT_SECONDS
    while not lent.exists():
        if skipped.exists() or not _alive(planned["pid"]) or time.time() > deadline:
            return None
        if finished.exists():  # it may have lent this one just before finishing
            if not lent.exists():
                return None
            break
        time.sleep(0.25)
    if lent.stat().st_mtime < plan.stat().st_mtime:  # left by an earlier run
        return None
    notebook = nbformat.read(lent, as_version=4)
    source = nbformat.read(path, as_version=4)
    if [(c.cell_type, c.source) for c in notebook.cells] != [(c.cell_type, c.source) for c in source.cells]:
        return None
    return notebook


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_notebook(path: Path, env: dict[str, str] | None = None, timeout: int = 120) -> nbformat.NotebookNode:
    """A notebook executed in a fresh kernel (cwd = its folder), with its outputs.

    Without ``env`` each notebook (by path and content) is executed once per test session and every
    later call returns a fresh copy of that execution, or raises its error again; a chapter the
    browser run beside the suite executed in JupyterLab is read from there (:func:`lent_execution`).
    With ``env`` (a run with side effects, such as a check log) it is executed anew.
    """
    if env is not None or _cache is None:
        return _execute(path, env, timeout)
    path = Path(path).resolve()
    key = execution_key(path)
    executed, failed = _cache / f"{key}.ipynb", _cache / f"{key}.error"
    with _locked(_cache / f"{key}.lock"):
        if not executed.exists() and not failed.exists():
            started = time.perf_counter()
            notebook = lent_execution(path, key)
            if notebook is not None:
                _log_execution(path, time.perf_counter() - started, "lent by the browser run")
            else:
                try:
                    notebook = _execute(path, None, timeout)
                except Exception as error:
                    failed.write_text(f"{type(error).__name__}: {error}", encoding="utf-8")
                    raise
            nbformat.write(notebook, executed.with_suffix(".tmp"))
            executed.with_suffix(".tmp").replace(executed)
    if failed.exists():
        raise RuntimeError(f"{path.name} failed when a test ran it earlier in this session:\n"
                           + failed.read_text(encoding="utf-8"))
    return nbformat.read(executed, as_version=4)


def _execute(path: Path, env: dict[str, str] | None, timeout: int) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    started = time.perf_counter()
    old = {key: os.environ.get(key) for key in (env or {})}
    os.environ.update(env or {})
    try:
        for attempt in range(3):
            notebook = nbformat.read(path, as_version=4)
            try:
                NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                               resources={"metadata": {"path": str(path.parent)}}).execute()
                break
            except RuntimeError as error:
                # jupyter_client picks free TCP ports before the kernel binds them; under parallel
                # load another process can take one first and the kernel dies at start-up. That is
                # the machine, not the notebook: start a new kernel (cell errors are not retried).
                if "Kernel died before replying" not in str(error) or attempt == 2:
                    raise
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    _log_execution(path, time.perf_counter() - started)
    return notebook


def _log_execution(path: Path, seconds: float, how: str = "executed") -> None:
    if _cache is not None:
        with open(_cache / EXECUTIONS_LOG, "a", encoding="utf-8") as log:
            log.write(f"{Path(path).resolve()}\t{seconds:.1f}\t{how}\n")


def assert_ran_clean(notebook: nbformat.NotebookNode) -> None:
    """Every code cell of an executed notebook ran and none shows an error (what nbval-lax checked)."""
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "the notebook has no code"
    not_run = [i for i, cell in enumerate(code) if cell.get("execution_count") is None and cell.source.strip()]
    assert not_run == [], f"code cells that did not run: {not_run}"
    errors = [f"cell {i}: {o.get('ename')}: {o.get('evalue')}" for i, cell in enumerate(code)
              for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == [], "\n".join(errors)


def chapter_notebook(filename: str, name: str):
    """What a chapter's test file starts with: a module fixture ``name`` holding ``notebooks/<filename>``
    executed once this session, and the test that it ran clean. In the file::

        chapter01, test_chapter_runs_clean = chapter_notebook("01_ownership_to_experience.ipynb", "chapter01")
    """

    @pytest.fixture(scope="module", name=name)
    def executed():
        return run_notebook(ROOT / "notebooks" / filename)

    @pytest.mark.notebooks
    def test_chapter_runs_clean(request):
        """The chapter's one execution this session: every cell ran, none raised (the other tests read it)."""
        assert_ran_clean(request.getfixturevalue(name))

    return executed, test_chapter_runs_clean


#: figures a benchmark reports against its target, printed at the end of ``make bench``:
#: section -> rows of (what, measured seconds, target seconds)
BENCH_FIGURES: dict[str, list[tuple[str, float, float]]] = {}


def report_figure(section: str, what: str, seconds: float | None, target: float | None) -> None:
    """Keep one measured figure for the end-of-run table, beside its target (None: a figure shown
    for reference, with no target of its own). ``seconds`` None: not measured yet, shown as such."""
    BENCH_FIGURES.setdefault(section, []).append((what, seconds, target))


def _write_figures(terminalreporter) -> None:
    for section, rows in BENCH_FIGURES.items():
        terminalreporter.write_sep("-", section)
        missed = 0
        targeted = [row for row in rows if row[2] is not None]
        for what, seconds, target in rows:
            if seconds is None:  # a figure not measured on this machine yet: say so, never a number
                terminalreporter.write_line(f"{what:<60} not measured")
                missed += target is not None
                continue
            if target is None:
                terminalreporter.write_line(f"{what:<60} {seconds * 1000:9.1f} ms  (for reference)")
                continue
            verdict = "ok" if seconds < target else f"MISSED by {seconds - target:.3g} s ({seconds / target:.1f}x)"
            missed += seconds >= target
            terminalreporter.write_line(f"{what:<60} {seconds * 1000:9.1f} ms  (target {target * 1000:g} ms) {verdict}")
        if targeted:
            terminalreporter.write_line(f"{len(targeted) - missed} of {len(targeted)} within target")


def explorer_factories() -> list[tuple[str, object]]:
    """Every explorer the topics publish (``<topic>.<name>_explorer``), found by name, so that a new
    one is measured and tested without anyone listing it."""
    import importlib

    import cslearn

    found = []
    for topic in cslearn.TOPICS:
        module = importlib.import_module(f"cslearn.{topic}")
        found += [(f"{topic}.{name}", getattr(module, name)) for name in module.__all__ if name.endswith("_explorer")]
    return found


def pytest_terminal_summary(terminalreporter, config):
    """How many notebook executions the session made, and any notebook executed more than once;
    the figures benchmarks reported."""
    _write_figures(terminalreporter)
    factory = getattr(config, "_tmp_path_factory", None)
    if factory is None or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    log = _shared_folder(factory) / EXECUTIONS_LOG
    if not log.exists():
        return
    entries = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    runs = [entry for entry in entries if entry[2] == "executed"]
    lent = [entry for entry in entries if entry[2] != "executed"]
    paths = [Path(run[0]) for run in runs]
    again = sorted({p.name for p in paths if paths.count(p) > 1})
    seconds = sum(float(run[1]) for run in runs)
    terminalreporter.write_line(
        f"notebook executions: {len(runs)} of {len(set(paths))} notebooks, {seconds:.0f} s in kernels"
        + (f"; executed more than once: {', '.join(again)}" if again else "")
        + (f"; {len(lent)} more read from the browser run beside ({sum(float(e[1]) for e in lent):.0f} s waited)"
           if lent else "")
    )


def cell_text(notebook: nbformat.NotebookNode, tag: str) -> str:
    """The printed text of the cell carrying ``tag``."""
    for cell in notebook.cells:
        if tag in cell.get("metadata", {}).get("tags", []):
            return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
    raise LookupError(f"no cell tagged {tag!r}")


def assert_every_move_shows(explorer, moves) -> None:
    """Move ``explorer``'s controls one ``(name, value)`` at a time: each move must redraw the figure
    and give a readout not seen before (so no slider is dead and no two settings read alike)."""
    assert moves, "give at least one move"
    seen = {explorer.text.value}
    for name, value in moves:
        image = explorer.image.value
        explorer.controls[name].value = value
        assert explorer.text.value not in seen, name
        assert explorer.image.value != image, name
        seen.add(explorer.text.value)


@pytest.fixture(autouse=True)
def _english_labels():
    """Every test starts with English plot labels, whatever the last one set."""
    from cslearn.language import set_language

    set_language("en")
    yield
    set_language("en")


def assert_hessian_is_the_gradients_derivative(objective, thetas, abs_tol: float) -> None:
    """A model's ``objective(theta, hessian=True)`` gives the same value and gradient as without the
    Hessian, and a symmetric Hessian equal to the gradient's central differences at each theta."""
    import numpy as np

    for theta in thetas:
        value, grad, hessian = objective(theta, hessian=True)
        assert value == objective(theta)[0] and np.array_equal(grad, objective(theta)[1])
        h = 1e-5
        numeric = np.array([(objective(theta + h * e)[1] - objective(theta - h * e)[1]) / (2 * h)
                            for e in np.eye(len(theta))])
        assert hessian == pytest.approx(numeric, rel=1e-6, abs=abs_tol)
        assert np.array_equal(hessian, hessian.T)
