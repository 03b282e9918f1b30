"""Run every notebook of the course headless and record how it went (``make build``).

Each notebook in ``notebooks/``, ``solutions/`` and ``exercises/`` is executed with papermill
into ``build/<folder>/``, rendered to HTML beside it, and listed in ``build/status.md`` with its
run time and whether it passed, the way the QuantEcon lectures publish their execution status.

``make build`` then runs each chapter (``notebooks/NN_*.ipynb``) in JupyterLab in headless
Chromium, checks it the way the browser test does (:mod:`cslearn.tools.browser`), and saves a
screenshot with a slider moved under ``build/screenshots/`` (the Voilà app as ``app.png``).
Where Chromium is not installed, ``build/status.md`` says so and the build goes on without them
(``--no-screenshots`` skips them on purpose).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BuildResult", "find_notebooks", "build", "status_table", "take_screenshots", "main"]

FOLDERS = ("notebooks", "solutions", "exercises", "notebooks/ja", "solutions/ja", "exercises/ja")


@dataclass
class BuildResult:
    """How one notebook ran headless, and (for a chapter photographed) how it looked in the browser."""

    notebook: Path
    seconds: float
    passed: bool
    error: str = ""
    browser_seconds: float | None = None  # None: not run in the browser
    browser_problems: list[str] = field(default_factory=list)
    screenshot: Path | None = None

    @property
    def ok(self) -> bool:
        """Ran headless and, if it was run in the browser, showed nothing wrong there."""
        return self.passed and not self.browser_problems


def find_notebooks(root: Path | str = ".", folders=FOLDERS) -> list[Path]:
    """Every ``.ipynb`` in the course folders, in chapter order (checkpoints skipped)."""
    root = Path(root)
    return [path for folder in folders for path in sorted((root / folder).glob("*.ipynb"))]


def _own_event_loop() -> None:
    """In a pool worker: an event loop of its own. A worker forked from a process that has run a
    notebook inherits that process's loop, whose wake-up pipe and epoll it would share with its parent
    and its sibling workers, so one worker could take another's wake-up and leave it waiting forever
    (a make build test hung so). jupyter_core keeps the loop it hands out in a context variable."""
    import asyncio

    try:
        from jupyter_core.utils import _loop
    except ImportError:  # another jupyter_core: it finds no loop but the one set here
        _loop = None
    if _loop is not None:
        _loop.set(None)
    asyncio.set_event_loop(None)


def _run_one(source: Path, root: Path, out: Path, parameters: dict, timeout: int) -> BuildResult:
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    target = out / source.relative_to(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    error = ""
    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            cwd=str(source.parent),
            progress_bar=False,
            execution_timeout=timeout,
            kernel_name="python3",
        )
    except Exception as exc:  # papermill records the failing cell in the output notebook too
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
    seconds = time.perf_counter() - start
    if target.exists():
        html, _ = HTMLExporter().from_notebook_node(nbformat.read(target, as_version=4))
        target.with_suffix(".html").write_text(html, encoding="utf-8")
    return BuildResult(source.relative_to(root), seconds, not error, error)


def status_table(results: list[BuildResult], note: str = "") -> str:
    """The Markdown execution-status table written to ``build/status.md``.

    Results run in the browser get a second table (time there, screenshot, problems); ``note``
    is a closing line (where the screenshots are, or why there are none).

    >>> print(status_table([BuildResult(Path("notebooks/a.ipynb"), 1.23, True)]).splitlines()[2])
    1 of 1 notebooks ran top to bottom without error.
    """
    lines = [
        "# Execution status",
        "",
        f"{sum(r.passed for r in results)} of {len(results)} notebooks ran top to bottom without error.",
        "",
        "| notebook | run time (s) | status |",
        "|---|---:|---|",
    ]
    for r in results:
        status = "passed" if r.passed else f"FAILED: {r.error}".replace("|", "\\|")
        lines.append(f"| `{r.notebook.as_posix()}` | {r.seconds:.1f} | {status} |")
    seen = [r for r in results if r.browser_seconds is not None]
    if seen:
        lines += ["", "## In the browser", "",
                  f"{sum(not r.browser_problems for r in seen)} of {len(seen)} ran clean in JupyterLab (the app in "
                  "Voilà) in headless Chromium: no error output, every widget rendered, a slider moved with a "
                  "visible change.", "",
                  "| notebook | in the browser (s) | screenshot | status |", "|---|---:|---|---|"]
        for r in seen:
            status = "passed" if not r.browser_problems else "FAILED: " + "; ".join(r.browser_problems)
            image = f"`{r.screenshot.as_posix()}`" if r.screenshot else "none"
            lines.append(f"| `{r.notebook.as_posix()}` | {r.browser_seconds:.1f} | {image} | "
                         + status.replace("|", "\\|").replace("\n", " ") + " |")
    if note:
        lines += ["", note]
    return "\n".join(lines) + "\n"


def _browser_missing() -> str:
    """Why the browser cannot run here, or ''."""
    from cslearn.tools.browser import NO_CHROMIUM, chromium_path

    if chromium_path() is None:
        return NO_CHROMIUM
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return ""


def take_screenshots(results: list[BuildResult], root: Path | str, out: Path | str, progress: bool = True,
                     timeout: float = 150) -> None:
    """Run the chapters among ``results`` in headless Chromium; save ``out/<stem>.png`` (the Japanese
    edition's as ``out/<stem>.ja.png``); record it in them.

    Chapters (``notebooks/NN_*.ipynb`` and ``notebooks/ja/NN_*.ipynb``) are run in JupyterLab;
    ``notebooks/app.ipynb`` and ``notebooks/ja/app.ipynb`` are served with Voilà. Each result gets
    ``browser_seconds``, ``browser_problems`` and ``screenshot``.
    Needs Chromium and playwright (see :mod:`cslearn.tools.browser`).
    """
    from tqdm.auto import tqdm

    from cslearn.tools import browser

    root, out = Path(root).resolve(), Path(out).resolve()
    chapters = {p.relative_to(root) for edition in ("en", "ja") for p in browser.chapter_notebooks(root, edition)}
    lab = [r for r in results if r.notebook in chapters]
    app = [r for r in results if r.notebook in (Path("notebooks", "app.ipynb"), Path("notebooks", "ja", "app.ipynb"))]
    bar = tqdm(total=len(lab) + len(app), desc="screenshots", unit="nb", disable=not progress, file=sys.stderr)

    def record(result, check, page) -> bool:
        """Run ``check`` on ``page`` for ``result``; False when the page never finished."""
        bar.set_postfix_str(result.notebook.name)
        start = time.perf_counter()
        japanese = result.notebook.parent.name == "ja"
        image = out / f"{result.notebook.stem}{'.ja' if japanese else ''}.png"
        finished = True
        try:
            run = check(page, image)
            result.browser_problems = run.problems
            result.screenshot = _relative(run.screenshot)
        except Exception as exc:  # a page that never finished: say so and go on with the next
            first = str(exc).strip().splitlines()
            result.browser_problems = [f"{type(exc).__name__}: {first[0] if first else ''}"]
            finished = False
        result.browser_seconds = time.perf_counter() - start
        bar.update()
        return finished

    with browser.chromium() as chrome:
        if lab:
            with browser.jupyterlab(root) as server:
                page = None  # one page for every chapter (JupyterLab loads once), renewed after a failure
                for result in lab:
                    page = page or browser.loopback_page(chrome)
                    try:
                        if not record(result, lambda page, image, r=result: browser.run_chapter(
                                page, server, r.notebook.as_posix(), timeout=timeout, screenshot=image), page):
                            page.close()
                            page = None
                    finally:
                        browser.stop_kernels(server)
                if page is not None:
                    page.close()
        for result in app:
            with browser.voila(root / result.notebook) as server:
                expected = browser.widget_cells(root / result.notebook)
                page = browser.loopback_page(chrome)
                try:
                    record(result, lambda page, image, s=server, n=expected: browser.check_voila_app(
                        page, s, n, timeout=timeout, screenshot=image), page)
                finally:
                    page.close()
    bar.close()


def _relative(path: Path | None) -> Path | None:
    """``path`` relative to the working folder when it lies under it (how status.md names files)."""
    if path is None:
        return None
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def build(root: Path | str = ".", out: Path | str = "build", notebooks=None, parameters=None,
          progress: bool = True, timeout: int = 300, screenshots: bool = False,
          jobs: int | None = None) -> list[BuildResult]:
    """Execute notebooks into ``out`` (executed ``.ipynb`` and ``.html``) and write ``status.md``.

    ``jobs`` notebooks run at once, each in its own kernel (default: one per core); the results
    come back in the course's order whatever order they finish in.

    With ``screenshots=True`` the chapters among them (and the Voilà app) are then also run in
    headless Chromium and photographed into ``out/screenshots/`` (:func:`take_screenshots`); a
    chapter that shows an error there is no longer :attr:`BuildResult.ok`. Without Chromium,
    ``status.md`` says so and nothing else changes.
    """
    from tqdm.auto import tqdm

    root, out = Path(root).resolve(), Path(out).resolve()
    paths = [Path(p).resolve() for p in notebooks] if notebooks else find_notebooks(root)
    if not paths:
        raise ValueError(f"notebooks: found no notebooks under {root} in {', '.join(FOLDERS)}")
    out.mkdir(parents=True, exist_ok=True)
    from cslearn._validate import check_int

    jobs = check_int("jobs", (os.cpu_count() or 1) if jobs is None else jobs, low=1, high=64)
    bar = tqdm(total=len(paths), desc="notebooks", unit="nb", disable=not progress, file=sys.stderr)
    finished: dict[Path, BuildResult] = {}
    if jobs == 1:
        for path in paths:
            finished[path] = _run_one(path, root, out, parameters or {}, timeout)
            bar.update()
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=_own_event_loop) as pool:
            running = {pool.submit(_run_one, path, root, out, parameters or {}, timeout): path for path in paths}
            for done in as_completed(running):
                finished[running[done]] = done.result()
                bar.set_postfix_str(running[done].name)
                bar.update()
    bar.close()
    results = [finished[path] for path in paths]
    note = ""
    if screenshots:
        missing = _browser_missing()
        if missing:
            note = f"No screenshots: {missing}."
            print(note, file=sys.stderr)
        else:
            try:
                take_screenshots(results, root, out / "screenshots", progress=progress)
            except Exception as exc:  # the browser or a server would not start: the build itself stands
                first = str(exc).strip().splitlines()
                note = f"No screenshots: {type(exc).__name__}: {first[0] if first else ''}"
                print(note, file=sys.stderr)
            if any(r.screenshot for r in results):
                note = f"Screenshots: `{_relative(out / 'screenshots').as_posix()}/`."
    (out / "status.md").write_text(status_table(results, note), encoding="utf-8")
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cslearn.tools.build", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: every course notebook)")
    parser.add_argument("--out", default="build", help="output folder (default: build)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar (for CI logs)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="notebooks run at once, each in its own kernel (default: one per core)")
    parser.add_argument("--no-screenshots", action="store_true",
                        help="do not run the chapters in headless Chromium for build/screenshots/")
    args = parser.parse_args(argv)
    results = build(".", args.out, args.notebooks or None, progress=not args.no_progress,
                    screenshots=not args.no_screenshots, jobs=args.jobs)
    failed = [r for r in results if not r.ok]
    seen = sum(r.browser_seconds is not None for r in results)
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed"
          + (f" ({seen} also checked in the browser)" if seen else "")
          + f"; see {Path(args.out) / 'status.md'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
