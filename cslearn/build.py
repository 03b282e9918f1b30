"""Run every notebook of the course headless and record how it went (``make build``).

Each notebook in ``notebooks/``, ``solutions/`` and ``exercises/`` is executed with papermill
into ``build/<folder>/``, rendered to HTML beside it, and listed in ``build/status.md`` with its
run time and whether it passed, the way the QuantEcon lectures publish their execution status.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BuildResult", "find_notebooks", "build", "status_table", "main"]

FOLDERS = ("notebooks", "solutions", "exercises")


@dataclass
class BuildResult:
    notebook: Path
    seconds: float
    passed: bool
    error: str = ""


def find_notebooks(root: Path | str = ".", folders=FOLDERS) -> list[Path]:
    """Every ``.ipynb`` in the course folders, in chapter order (checkpoints skipped)."""
    root = Path(root)
    return [path for folder in folders for path in sorted((root / folder).glob("*.ipynb"))]


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


def status_table(results: list[BuildResult]) -> str:
    """The Markdown execution-status table written to ``build/status.md``."""
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
    return "\n".join(lines) + "\n"


def build(root: Path | str = ".", out: Path | str = "build", notebooks=None, parameters=None,
          progress: bool = True, timeout: int = 300) -> list[BuildResult]:
    """Execute notebooks into ``out`` (executed ``.ipynb`` and ``.html``) and write ``status.md``."""
    from tqdm.auto import tqdm

    root, out = Path(root).resolve(), Path(out).resolve()
    paths = [Path(p).resolve() for p in notebooks] if notebooks else find_notebooks(root)
    if not paths:
        raise ValueError(f"notebooks: found no notebooks under {root} in {', '.join(FOLDERS)}")
    out.mkdir(parents=True, exist_ok=True)
    results = []
    bar = tqdm(paths, desc="notebooks", unit="nb", disable=not progress, file=sys.stderr)
    for path in bar:
        bar.set_postfix_str(path.name)
        results.append(_run_one(path, root, out, parameters or {}, timeout))
    (out / "status.md").write_text(status_table(results), encoding="utf-8")
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cslearn.build", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: every course notebook)")
    parser.add_argument("--out", default="build", help="output folder (default: build)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar (for CI logs)")
    args = parser.parse_args(argv)
    results = build(".", args.out, args.notebooks or None, progress=not args.no_progress)
    failed = [r for r in results if not r.passed]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed; see {Path(args.out) / 'status.md'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
