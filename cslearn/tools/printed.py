"""What the chapters print, saved and compared: a refactor keeps the numbers.

``python -m cslearn.tools.printed save DIR`` executes every chapter (``notebooks/0*.ipynb``) and every
solution notebook and saves, per notebook, the text each code cell printed (streams, and the plain or
HTML form of each result; pictures are left out, object addresses blanked). ``python -m
cslearn.tools.printed compare BEFORE AFTER`` lists the cells whose printed text differs. Run ``save``
on the commit before a refactor and on the refactor, then ``compare``: an empty list means every
figure a chapter prints is printed the same.

>>> _clean("<Figure at 0x7f3a2c>")
'<Figure>'
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

__all__ = ["printed_text", "save", "compare", "main"]

_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
_PICTURE = re.compile(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+")


def _clean(text: str) -> str:
    return _PICTURE.sub("(picture)", _ADDRESS.sub("", text))


def printed_text(notebook) -> list[str]:
    """The text each code cell of an executed ``notebook`` (an nbformat notebook) printed, in order.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("1 + 1", outputs=[nbformat.v4.new_output(
    ...     "execute_result", {"text/plain": "2"}, execution_count=1)])
    >>> printed_text(nbformat.v4.new_notebook(cells=[cell]))
    ['2']
    """
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        parts = []
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                parts.append(output.text)
            elif output.output_type in ("execute_result", "display_data"):
                data = output.get("data", {})
                parts.append(data.get("text/html") or data.get("text/plain", ""))
            elif output.output_type == "error":
                parts.append(f"ERROR {output.ename}: {output.evalue}")
        cells.append(_clean("".join(parts)))
    return cells


def _run(path: Path) -> tuple[str, list[str]]:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return f"{path.parent.name}__{path.stem}", printed_text(notebook)


def save(out: str | Path, root: str | Path = ".", workers: int = 2) -> list[Path]:
    """Execute the chapters and solutions under ``root``; write each one's printed text to ``out``.

    >>> save.__name__  # executes every chapter: see the module's docstring
    'save'
    """
    root, out = Path(root), Path(out)
    paths = sorted((root / "notebooks").glob("0*.ipynb")) + sorted((root / "solutions").glob("*.ipynb"))
    if not paths:
        raise ValueError(f"root must be the course's folder: no chapters under {root / 'notebooks'}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with ProcessPoolExecutor(workers) as pool:
        for name, cells in pool.map(_run, paths):
            target = out / f"{name}.json"
            target.write_text(json.dumps(cells, ensure_ascii=False, indent=0), encoding="utf-8")
            written.append(target)
    return written


def compare(before: str | Path, after: str | Path) -> list[str]:
    """Each cell whose printed text differs between two ``save`` folders, with a short diff.

    >>> import tempfile
    >>> a, b = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> _ = (a / "x.json").write_text('["1", "2"]'), (b / "x.json").write_text('["1", "3"]')
    >>> compare(a, b)[0].splitlines()[0]
    'x, code cell 1:'
    """
    before, after = Path(before), Path(after)
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    if not names:
        raise ValueError(f"before and after hold no saved notebooks ({before}, {after})")
    found = []
    for name in names:
        if not (before / name).exists() or not (after / name).exists():
            found.append(f"{name[:-5]}: saved on one side only")
            continue
        old = json.loads((before / name).read_text(encoding="utf-8"))
        new = json.loads((after / name).read_text(encoding="utf-8"))
        if len(old) != len(new):
            found.append(f"{name[:-5]}: {len(old)} code cells before, {len(new)} after")
        for index, (a, b) in enumerate(zip(old, new, strict=False)):
            if a != b:
                diff = difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
                found.append(f"{name[:-5]}, code cell {index}:\n" + "\n".join(list(diff)[2:12]))
    return found


def main(argv=None) -> int:
    """``python -m cslearn.tools.printed save DIR`` or ``compare BEFORE AFTER``.

    >>> main(["compare", "no-such-folder", "nor-this"])
    Traceback (most recent call last):
    ...
    ValueError: before and after hold no saved notebooks (no-such-folder, nor-this)
    """
    parser = argparse.ArgumentParser(prog="python -m cslearn.tools.printed", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    keep = commands.add_parser("save", help="execute the chapters and solutions, save what they print")
    keep.add_argument("out", type=Path)
    keep.add_argument("--root", type=Path, default=Path("."))
    diff = commands.add_parser("compare", help="list the cells that print differently")
    diff.add_argument("before", type=Path)
    diff.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "save":
        for path in save(args.out, args.root):
            print(path)
        return 0
    found = compare(args.before, args.after)
    print("\n".join(found) if found else "Every cell prints the same.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
