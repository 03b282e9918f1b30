"""Generate the student notebooks in ``exercises/`` from the solution notebooks in ``solutions/``.

A solution notebook keeps each answer between two marker lines::

    # BEGIN SOLUTION
    answer = break_even_month(2500, 1080)
    # END SOLUTION
    check("01.1", answer)

In the exercise notebook the lines between the markers become a placeholder that assigns ``...``
to each name the solution assigned and the rest of the cell uses, so the ``check`` call after it
still runs and reports "not answered yet"::

    # YOUR CODE HERE: replace ... with your answer
    answer = ...
    check("01.1", answer)

A code cell that is nothing but a solution block, and markdown between
``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->`` (a worked explanation), are dropped.
Everything else is copied as it is, outputs cleared.

The exercise notebook's metadata carries a version stamp, ``metadata["cslearn"]``: the sheet's chapter
and, per exercise, a short hash of its question as the library states it when the sheet is made
(:func:`sheet_stamp`). ``cslearn grade`` compares it with the installed library and does not grade an
exercise whose question changed since the sheet was made.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import re
from pathlib import Path

import nbformat

__all__ = ["to_exercise", "exercise_path", "generate", "out_of_sync", "sheet_stamp", "question_stamp",
           "PLACEHOLDER_NOTE"]

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
PLACEHOLDER_NOTE = "# YOUR CODE HERE: replace ... with your answer"
FREE_NOTE = "# YOUR CODE HERE"
_MD_SOLUTION = re.compile(r"\n?<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->\n?", re.DOTALL)
_NOTICE = (
    "> *This is the exercise version, generated from `solutions/{name}` by `make exercises`. "
    "Write your answer where it says `YOUR CODE HERE` and run the cell: its last line, `check(...)`, "
    "says whether the answer is right, and if not, what to look at.*"
)
# the Japanese edition's sheets (made from solutions/ja by cslearn.tools.translate): the same markers
# with a Japanese gloss, so `cslearn grade` and the tests find them in both editions
_JA = {
    PLACEHOLDER_NOTE: "# YOUR CODE HERE(ここに答えを書く): ... をあなたの答えに置き換えてください",
    FREE_NOTE: "# YOUR CODE HERE(ここにコードを書く)",
    _NOTICE: (
        "> *これは演習版です。`make translations` が `solutions/ja/{name}` から作りました。"
        "`YOUR CODE HERE` と書かれたところに答えを書き、セルを実行してください。最後の行の `check(...)` が、"
        "答えが正しいかどうかと、違う場合はどこを見直せばよいかを教えてくれます。*"
    ),
}


def question_stamp(question: str) -> str:
    """A short hash of an exercise's question: it changes when the question's text changes.

    >>> question_stamp("How many months?")
    '9b3fd76729cc'
    >>> question_stamp("How many months?") == question_stamp("How many weeks?")
    False
    """
    return hashlib.sha256(question.strip().encode("utf-8")).hexdigest()[:12]


def sheet_stamp(chapter: str) -> dict:
    """The version stamp of chapter ``chapter``'s exercise sheet, as the installed library states
    its exercises: ``{"sheet": chapter, "exercises": {id: question_stamp(question), ...}}``.

    >>> stamp = sheet_stamp("01")
    >>> stamp["sheet"], list(stamp["exercises"])[0], len(stamp["exercises"]["01.1"])
    ('01', '01.1', 12)
    """
    from cslearn.exercises import exercises_for

    return {"sheet": chapter, "exercises": {ex.id: question_stamp(ex.question) for ex in exercises_for(chapter)}}


def _assigned_names(code: str) -> list[str]:
    """Names assigned at the top level of ``code``, in order of first assignment."""
    names: list[str] = []
    for node in ast.parse(code).body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Name) and leaf.id not in names:
                    names.append(leaf.id)
    return names


def _strip_code(source: str, where: str, language: str = "en") -> str:
    placeholder = _JA[PLACEHOLDER_NOTE] if language == "ja" else PLACEHOLDER_NOTE
    free = _JA[FREE_NOTE] if language == "ja" else FREE_NOTE
    lines = source.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != BEGIN:
            if lines[i].strip() == END:
                raise ValueError(f"{where}: '{END}' without a '{BEGIN}' before it")
            out.append(lines[i])
            i += 1
            continue
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        try:
            stop = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == END)
        except StopIteration:
            raise ValueError(f"{where}: '{BEGIN}' without a matching '{END}'") from None
        body = "\n".join(line[len(indent):] for line in lines[i + 1 : stop])
        rest = "\n".join(lines[stop + 1 :])
        used = [n for n in _assigned_names(body) if re.search(rf"\b{re.escape(n)}\b", rest)]
        # a block whose names the checked code uses becomes placeholders; a free one (a comparison
        # to write, nothing checked) only says where the student's code goes
        out.append(indent + (placeholder if used else free))
        out.extend(f"{indent}{name} = ..." for name in used)
        i = stop + 1
    return "\n".join(out)


def _only_solution(source: str) -> bool:
    lines = [line.strip() for line in source.strip().split("\n")]
    return len(lines) >= 2 and lines[0] == BEGIN and lines[-1] == END and lines.count(BEGIN) == 1


def to_exercise(solution: nbformat.NotebookNode, name: str = "", language: str = "en") -> nbformat.NotebookNode:
    """The exercise version of a solution notebook (a new notebook; the input is untouched); with
    ``language="ja"``, the sheet's notice and placeholders are in Japanese."""
    notebook = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(notebook.cells):
        where = f"{name} cell {index + 1}"
        if cell.cell_type == "code":
            if _only_solution(cell.source):
                continue  # a worked check that belongs to the solution only
            cell.source = _strip_code(cell.source, where, language)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown":
            cell.source = _MD_SOLUTION.sub("\n", cell.source).strip("\n")
            if not cell.source:
                continue
        cell.pop("id", None)
        cells.append(cell)
    notice = nbformat.v4.new_markdown_cell((_JA[_NOTICE] if language == "ja" else _NOTICE).format(name=name))
    notebook.cells = cells[:1] + [notice] + cells[1:]
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:03d}"
    chapter = re.match(r"(\d\d)_", name)
    if chapter:
        notebook.metadata["cslearn"] = sheet_stamp(chapter.group(1))
    return notebook


def exercise_path(solution_path: Path, exercises_dir: Path) -> Path:
    """Where the exercise version of a solution notebook is written (the same file name)."""
    return exercises_dir / solution_path.name


def _render(solution_path: Path) -> str:
    solution = nbformat.read(solution_path, as_version=4)
    return nbformat.writes(to_exercise(solution, solution_path.name)) + "\n"


def generate(solutions_dir: Path | str = "solutions", exercises_dir: Path | str = "exercises") -> list[Path]:
    """Write every exercise notebook from its solution notebook; return the paths written."""
    solutions_dir, exercises_dir = Path(solutions_dir), Path(exercises_dir)
    exercises_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for solution_path in sorted(solutions_dir.glob("*.ipynb")):
        target = exercise_path(solution_path, exercises_dir)
        target.write_text(_render(solution_path), encoding="utf-8")
        written.append(target)
    return written


def out_of_sync(solutions_dir: Path | str = "solutions", exercises_dir: Path | str = "exercises") -> list[str]:
    """Exercise notebooks that are missing, stale, or have no solution: empty when all is in step."""
    solutions_dir, exercises_dir = Path(solutions_dir), Path(exercises_dir)
    problems = []
    expected = set()
    for solution_path in sorted(solutions_dir.glob("*.ipynb")):
        target = exercise_path(solution_path, exercises_dir)
        expected.add(target.name)
        if not target.exists():
            problems.append(f"{target} is missing (run `make exercises`)")
        elif target.read_text(encoding="utf-8") != _render(solution_path):
            problems.append(f"{target} differs from what {solution_path} generates (run `make exercises`)")
    for path in sorted(exercises_dir.glob("*.ipynb")):
        if path.name not in expected:
            problems.append(f"{path} has no solution notebook in {solutions_dir}")
    return problems


if __name__ == "__main__":
    for path in generate():
        print(f"wrote {path}")
