"""A real browser: every chapter run top to bottom in JupyterLab, and the Voilà app, in headless Chromium.

JupyterLab and Voilà listen on 127.0.0.1 only and every other request is aborted. For each
chapter notebook (``notebooks/NN_*.ipynb``, the capstone included when it exists): Run All, no
error or stderr output anywhere, every widget rendered with as many sliders as its kernel-side
widget holds, one slider moved with the keyboard with a visible change in its figure or
readout, and every piece of Japanese text drawn with a Japanese font (no boxes). The Japanese
edition's chapters (``notebooks/ja/``) are run the same way, all in one page: JupyterLab is loaded
once and each chapter opened in place of the one before. Under ``make test`` each chapter run clean
here is lent to the suite running beside, which reads it instead of running the chapter again. The helpers live in
:mod:`cslearn.tools.browser`, which ``make build`` uses for screenshots.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the playwright package. Nothing here is
skipped: where either is missing, or the Voilà app has gone, the tests fail and say what to install.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from conftest import BROWSER_EXECUTIONS, ROOT, execution_key

from cslearn.tools import browser

pytestmark = pytest.mark.browser
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

CHAPTERS = browser.chapter_notebooks(ROOT)
JAPANESE_CHAPTERS = browser.chapter_notebooks(ROOT, "ja")
APP = ROOT / "notebooks" / "app.ipynb"


def _browser_or_fail():
    """A missing browser fails the test with what to install (a skip would hide a deletion)."""
    if browser.chromium_path() is None:
        pytest.fail(f"the browser tests cannot run: {browser.NO_CHROMIUM}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("the browser tests cannot run: the playwright package is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def chrome():
    _browser_or_fail()
    with browser.chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def lab(chrome):
    with browser.jupyterlab(ROOT) as server:
        yield server


@contextmanager
def _page(chrome, tmp_path):
    """A loopback-only page; on failure its screenshot is kept and its path printed."""
    page = browser.loopback_page(chrome)
    try:
        yield page
    except BaseException:
        try:
            page.screenshot(path=str(tmp_path / "failure.png"))
            print(f"screenshot of the failure: {tmp_path / 'failure.png'}")
        except Exception:  # a crashed page has no picture; the original error matters
            pass
        raise
    finally:
        page.close()


def test_chapters_are_found():
    assert [p.name for p in CHAPTERS][:2] == ["00_start_here.ipynb", "01_ownership_to_experience.ipynb"]
    assert [p.name[:2] for p in CHAPTERS] == [f"{n:02d}" for n in range(len(CHAPTERS))] and len(CHAPTERS) >= 8
    assert APP not in CHAPTERS and APP.exists(), "notebooks/app.ipynb gathers the explorers for Voilà"
    assert [p.name for p in JAPANESE_CHAPTERS] == [p.name for p in CHAPTERS], "each chapter has a Japanese edition"


class _LabPage:
    """One page holding JupyterLab for all the chapters: loading JupyterLab costs 3-4 s, so each
    chapter is opened in the page the previous one used (issue 16). A page a test failed in is
    photographed and replaced, so one failure does not spill into the next chapter."""

    def __init__(self, chrome):
        self.chrome, self.page = chrome, None

    def get(self):
        if self.page is None:
            self.page = browser.loopback_page(self.chrome)
        return self.page

    def photograph(self, path) -> str:
        try:
            self.page.screenshot(path=str(path))
            return f"screenshot {path}"
        except Exception:  # a crashed page has no picture; the original error matters
            return "no screenshot"

    def discard(self, path) -> None:
        print(f"{self.photograph(path)} of the failure")
        self.page.close()
        self.page = None


@pytest.fixture(scope="module")
def lab_page(chrome):
    holder = _LabPage(chrome)
    yield holder
    if holder.page is not None:
        holder.page.close()


class _Lender:
    """Lends the suite beside this run (``make test``) each chapter executed clean here, so it need
    not run the chapter again (issue 16; read by ``conftest.lent_execution``). It says up front
    which chapters it will run and, at the end, that it has finished; a chapter with a cell error or
    stderr, or that did not finish, is marked skipped and the suite runs it itself."""

    def __init__(self, folder: str | None, notebooks):
        self.folder = Path(folder) if folder else None
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            plan = {"pid": os.getpid(), "keys": [execution_key(path) for path in notebooks]}
            self._write("planned.json", json.dumps(plan))

    def _write(self, name: str, text: str) -> None:
        """Written whole or not at all, as the suite beside may read it at any moment."""
        (self.folder / f"{name}.tmp").write_text(text, encoding="utf-8")
        (self.folder / f"{name}.tmp").replace(self.folder / name)

    def lend(self, notebook: Path, page, run) -> None:
        """Lend ``notebook`` as ``page`` holds it, or mark it skipped; never raises, so a chapter's own
        result is never hidden behind a lending error."""
        if self.folder is None:
            return
        key = execution_key(notebook)
        try:
            if run is None or run.errors:
                raise ValueError("not run clean in the browser")
            executed = browser.notebook_in_page(page)
            executed.metadata.setdefault("cslearn", {})["executed_in"] = "JupyterLab, by tests/test_browser.py"
            self._write(f"{key}.ipynb", nbformat.writes(executed))
        except Exception as error:  # noqa: BLE001 - whatever went wrong, the suite runs the chapter itself
            self._write(f"{key}.skip", f"{type(error).__name__}: {error}")

    def finish(self) -> None:
        if self.folder is not None:
            self._write("finished", "")


@pytest.fixture(scope="module")
def lender():
    holder = _Lender(os.environ.get(BROWSER_EXECUTIONS), CHAPTERS + JAPANESE_CHAPTERS)
    yield holder
    holder.finish()


def test_the_lender_plans_lends_a_clean_run_skips_the_rest_and_never_raises(tmp_path):
    """What the suite beside reads (conftest.lent_execution), written without a browser: a page that
    gives its notebook, a run with an error, a page that cannot answer."""
    from types import SimpleNamespace

    chapter = CHAPTERS[1]
    lender = _Lender(str(tmp_path / "lent"), [chapter])
    plan = json.loads((tmp_path / "lent" / "planned.json").read_text())
    key = execution_key(chapter)
    assert plan == {"pid": os.getpid(), "keys": [key]}
    held = nbformat.read(chapter, as_version=4)
    as_lab_gives = json.loads(nbformat.writes(held))
    for cell in as_lab_gives["cells"]:
        if cell["cell_type"] == "markdown":
            cell["attachments"] = None

    class Page:
        def __init__(self, answer):
            self.answer = answer

        def evaluate(self, _script):
            if isinstance(self.answer, Exception):
                raise self.answer
            return self.answer

    lender.lend(chapter, Page(as_lab_gives), SimpleNamespace(errors=[]))
    lent = nbformat.read(tmp_path / "lent" / f"{key}.ipynb", as_version=4)
    assert [c.source for c in lent.cells] == [c.source for c in held.cells]
    assert lent.metadata.cslearn.executed_in.startswith("JupyterLab")
    for page, run, why in [(Page(as_lab_gives), SimpleNamespace(errors=["cell 3: stderr: x"]), "not run clean"),
                           (Page(as_lab_gives), None, "not run clean"),
                           (Page(RuntimeError("page crashed")), SimpleNamespace(errors=[]), "page crashed")]:
        (tmp_path / "lent" / f"{key}.ipynb").unlink(missing_ok=True)
        lender.lend(chapter, page, run)
        assert why in (tmp_path / "lent" / f"{key}.skip").read_text()
        assert not (tmp_path / "lent" / f"{key}.ipynb").exists()
    lender.finish()
    assert (tmp_path / "lent" / "finished").exists()
    _Lender(None, [chapter]).lend(chapter, Page(RuntimeError("unused")), None)  # no folder: lends nothing


@pytest.mark.parametrize("notebook", CHAPTERS + JAPANESE_CHAPTERS,
                         ids=lambda p: p.stem + (".ja" if p.parent.name == "ja" else ""))
def test_chapter_runs_clean_in_a_real_browser_and_a_slider_moves(lender, lab, lab_page, notebook, tmp_path):
    page, run = lab_page.get(), None
    try:
        run = browser.run_chapter(page, lab, notebook.relative_to(ROOT).as_posix(), timeout=150)
    except BaseException:
        lab_page.discard(tmp_path / "failure.png")
        raise
    finally:
        try:
            lender.lend(notebook, page, run)
        finally:
            browser.stop_kernels(lab)
    problems = run.problems
    if problems:
        problems.insert(0, lab_page.photograph(tmp_path / f"{notebook.stem}.png"))
    assert problems == [], f"{notebook.name} in the browser:\n" + "\n".join(problems)
    expected = browser.widget_cells(notebook)
    assert len(run.widgets) >= expected, f"{expected} cells display an explorer, {len(run.widgets)} rendered"
    assert all(w["kernel"] is not None for w in run.widgets), "the kernel knows every displayed widget"
    if expected:
        assert run.moved, "a slider moved and its figure or readout changed"
    assert run.japanese >= (40 if notebook in JAPANESE_CHAPTERS else 1), "Japanese text was found and checked"
    assert len(page.query_selector_all(".jp-NotebookPanel")) == 1, "the chapter before was closed"


@pytest.mark.parametrize(("url", "aborted"), [
    ("http://127.0.0.1:8888/lab", False), ("http://127.0.0.1/", False), ("ws://127.0.0.1:9/api", False),
    ("https://cdn.example.com/x.js", True), ("http://127.0.0.1.example.com/", True),
    ("http://localhost:8888/", True), ("http://10.0.0.1/", True),
])
def test_only_loopback_requests_leave_the_page(url, aborted):
    assert bool(browser._NOT_LOOPBACK.match(url)) is aborted


def test_a_request_off_the_machine_is_aborted(chrome, tmp_path):
    with _page(chrome, tmp_path) as page, pytest.raises(Exception, match="ERR_FAILED"):
        page.goto("http://192.0.2.1/", timeout=10_000)  # TEST-NET-1: never routed anywhere


def test_japanese_without_a_japanese_font_is_reported(chrome, tmp_path, monkeypatch):
    """The font check can fail: with no font counted as Japanese, every piece of Japanese is a box."""
    with _page(chrome, tmp_path) as page:
        page.set_content("<p>解約率 (churn)</p><p>顧客生涯価値</p><p>LTV only</p>")
        assert browser.japanese_without_font(page) == (2, [])  # this machine has a Japanese font
        page.set_content("<p>解約率 (churn)</p><p>顧客生涯価値</p><p>LTV only</p>")
        monkeypatch.setattr(browser, "_japanese_families", lambda: {"No Such Font"})
        assert browser.japanese_without_font(page) == (2, ["解約率 (churn)", "顧客生涯価値"])


def test_a_broken_notebook_is_reported(lab, lab_page, tmp_path):
    """The checks can fail: stderr, a traceback and an unmoved slider are all reported."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [
        nbformat.v4.new_code_cell("import sys\nprint('careful', file=sys.stderr)"),
        nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(3, description='inert')"),
        nbformat.v4.new_code_cell("1 / 0"),
        nbformat.v4.new_code_cell("print('never reached')"),
    ]
    nbformat.write(notebook, lab.home / "course" / "notebooks" / "zz_broken.ipynb")
    page = lab_page.get()  # the chapters' page: JupyterLab is not loaded again
    try:
        run = browser.run_chapter(page, lab, "notebooks/zz_broken.ipynb", timeout=60, move_timeout=3)
    except BaseException:
        lab_page.discard(tmp_path / "failure.png")
        raise
    finally:
        browser.stop_kernels(lab)
    problems = "\n".join(run.problems)
    assert "stderr: careful" in problems
    assert "ZeroDivisionError" in problems
    assert run.sliders == 1 and [w["kernel"] for w in run.widgets] == [1]
    assert "no slider moved" in problems  # the slider moves, but nothing on the page depends on it


@pytest.mark.parametrize(("app", "query"), [(APP, "?lang=ja"), (APP.parent / "ja" / APP.name, "")],
                         ids=["app?lang=ja", "ja/app"])
def test_voila_app_renders_every_explorer_in_japanese_and_a_slider_moves(chrome, tmp_path, app, query):
    """The English app asked for Japanese, and the Japanese edition's app: every explorer renders,
    every slider is labelled in Japanese, the Japanese is drawn with a Japanese font, a slider moves."""
    expected = browser.widget_cells(app)
    assert expected >= 12, "the app gathers the chapters' explorers"
    with browser.voila(app) as server, _page(chrome, tmp_path) as page:
        run = browser.check_voila_app(page, server, expected, query=query, timeout=150,
                                      screenshot=tmp_path / "app.png")
        page_text = page.inner_text("body")
        labels = page.locator(".widget-slider .widget-label").all_inner_texts()
        checked, boxes = browser.japanese_without_font(page)
    assert run.problems == [], "\n".join(run.problems)
    assert len(run.widgets) == expected and all(w["dom"] >= 1 for w in run.widgets)
    assert run.moved
    assert "cs.ownership_explorer()" not in page_text, "Voilà shows no code"
    assert len(labels) >= expected and [t for t in labels if not JAPANESE.search(t)] == [], \
        "every slider is labelled in Japanese"
    assert checked >= 20 and boxes == [], boxes


def test_make_build_saves_a_screenshot_of_each_chapter(tmp_path):
    """``make build``'s browser step, end to end (its own process, as make runs it)."""
    _browser_or_fail()
    (tmp_path / "notebooks").mkdir()
    chapter = nbformat.v4.new_notebook()
    chapter.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    chapter.cells = [nbformat.v4.new_code_cell("import cslearn as cs"), nbformat.v4.new_code_cell("cs.widget_check()")]
    nbformat.write(chapter, tmp_path / "notebooks" / "00_tiny.ipynb")
    notes = nbformat.v4.new_notebook(metadata=chapter.metadata)  # not a chapter: run headless only
    notes.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(notes, tmp_path / "notebooks" / "scratch.ipynb")
    done = subprocess.run([sys.executable, "-m", "cslearn.tools.build", "--no-progress"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "2 passed, 0 failed (1 also checked in the browser)" in done.stdout
    image = tmp_path / "build" / "screenshots" / "00_tiny.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 10_000
    assert not (tmp_path / "build" / "screenshots" / "scratch.png").exists()
    status = (tmp_path / "build" / "status.md").read_text()
    assert "## In the browser" in status and "1 of 1 ran clean" in status
    assert "| `build/screenshots/00_tiny.png` | passed |" in status
