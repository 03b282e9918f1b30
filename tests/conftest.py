"""Shared test helpers: the repository root and a notebook runner."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]


def run_notebook(path: Path, env: dict[str, str] | None = None, timeout: int = 120) -> nbformat.NotebookNode:
    """Execute a notebook in a fresh kernel (cwd = its folder) and return it with outputs."""
    from nbclient import NotebookClient

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
    return notebook


def cell_text(notebook: nbformat.NotebookNode, tag: str) -> str:
    """The printed text of the cell carrying ``tag``."""
    for cell in notebook.cells:
        if tag in cell.get("metadata", {}).get("tags", []):
            return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
    raise LookupError(f"no cell tagged {tag!r}")


@pytest.fixture(autouse=True)
def _english_labels():
    """Every test starts with English plot labels, whatever the last one set."""
    from cslearn.language import set_language

    set_language("en")
    yield
    set_language("en")
