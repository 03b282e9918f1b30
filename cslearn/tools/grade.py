"""Grade a class's exercise notebooks: run each one headless, judge every answer with the library.

::

    cslearn grade submissions/ --out gradebook/

``submissions/`` holds one exercise notebook per student: ``submissions/<student>.ipynb``, or
``submissions/<student>/01_exercises.ipynb`` (one folder per student, as a hub's home folders or
an LMS download give them). The grader writes into ``gradebook/``:

- ``gradebook.csv``: one row per student, one column per exercise (``correct``, ``wrong`` or
  ``unanswered``), the score, and a ``problems`` column for anything odd about the submission;
- ``summary.html``: the exercises from hardest to easiest (the share of the class that got each
  right), the scores, and every problem found;
- ``feedback/<student>.html``: each exercise with the student's answer, the verdict and the hint.

How a verdict is reached. Each code cell is read with :mod:`ast` for its ``check("NN.k", <expr>)``
calls; the notebook is executed cell by cell in a fresh kernel (each cell and the whole notebook
with a time limit), and after a cell with such a call the grader evaluates ``<expr>`` in the kernel,
brings its value back as JSON (a type tag and the data for numpy and pandas objects) and judges it
in its own process with :func:`cslearn.exercises.check`. Nothing the notebook prints is read, and
the kernel's ``check`` and ``cslearn`` are never asked: a notebook that redefines ``check`` or
patches ``cslearn`` earns nothing for it.

The verdicts, the same whatever went wrong: ``correct`` or ``wrong`` when the grader got a value for
the exercise and ``check`` judged it; ``unanswered`` when it got none (the ``...`` placeholder left,
the check cell deleted, the check's own cell raised an error or never ended (whatever the answer's
name holds then is not this exercise's answer), the answer could not be evaluated, the kernel died,
the notebook's time limit came first, or no submission at all), with the reason in the feedback;
``not graded`` when the sheet's version stamp (``metadata["cslearn"]``, written by ``make exercises``)
says the exercise's question changed since the sheet was made, or the sheet predates the exercise.
A ``not graded`` exercise counts in neither the score nor ``out_of``.

A broken submission never stops the run; it is reported in the ``problems`` column and in the
summary: a file that is not a notebook, a cell that never ends (stopped at the time limit), a
kernel that dies, a deleted check cell, an exercise checked twice (the last check counts), an
unknown exercise id, a notebook of another chapter (not run), or code that reads the library's own
answers (``.expected()``, ``EXERCISES``, ``exercises_for``): a flag for the instructor, not a penalty.
Notebooks that are not exercise sheets (a chapter's notebook, say) are skipped and listed.

This grade is for low-stakes practice: the answers are computable in the student's environment
(the library that checks them is installed there), so it cannot be made cheat-proof.
"""

from __future__ import annotations

import ast
import csv
import html
import json
import re
import secrets
import tempfile
import textwrap
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Submission", "find_checks", "find_answer_lookups", "find_submissions", "sheet_chapter",
           "grade_notebook", "grade", "read_roster", "write_gradebook", "VERDICTS"]

VERDICTS = ("correct", "wrong", "unanswered", "not graded")
_ID = re.compile(r"^(\d\d)\.\d+$")

# Runs in the student's kernel under a random name, redefined before every use: it turns any value
# into JSON-able data with a type tag. It imports nothing from cslearn and calls no student code
# beyond reading the value's own data.
_SERIALISER = r'''
def {name}(value):
    import json as _json
    import math as _math
    import numbers as _numbers
    limit = 100_000
    def one(v, depth=0):
        kind, module = type(v).__name__, type(v).__module__.split(".")[0]
        if v is Ellipsis:
            return {{"t": "ellipsis"}}
        if v is None:
            return {{"t": "none"}}
        if isinstance(v, bool) or (module == "numpy" and kind == "bool"):
            return {{"t": "bool", "v": bool(v)}}
        if isinstance(v, _numbers.Integral):
            return {{"t": "int", "v": int(v)}} if abs(int(v)) < 10**300 else {{"t": "float", "v": _math.inf}}
        if isinstance(v, _numbers.Real):
            return {{"t": "float", "v": float(v)}}
        if isinstance(v, str):
            return {{"t": "str", "v": v[:limit]}}
        if module in ("numpy", "pandas") and hasattr(v, "shape") and kind in ("ndarray", "Series", "DataFrame"):
            shape = [int(n) for n in v.shape]
            size = 1
            for n in shape:
                size *= n
            data = None
            if size <= limit:
                values = v.to_numpy() if module == "pandas" else v
                data = _json.loads(_json.dumps(values.tolist(), default=str))
            return {{"t": kind, "shape": shape, "v": data}}
        if isinstance(v, (list, tuple, set, frozenset)) and depth < 3 and len(v) <= limit:
            return {{"t": kind if kind in ("list", "tuple", "set", "frozenset") else "list",
                     "v": [one(x, depth + 1) for x in v]}}
        if isinstance(v, dict) and depth < 3 and len(v) <= limit:
            return {{"t": "dict", "v": [[one(k, depth + 1), one(x, depth + 1)] for k, x in v.items()]}}
        text = object.__repr__(v)
        try:
            text = repr(v)
        except Exception:
            pass
        shape = getattr(v, "shape", None)
        try:
            shape = [int(n) for n in shape] if shape is not None else None
        except Exception:
            shape = None
        return {{"t": "other", "type": kind, "repr": text[:200], "shape": shape}}
    return _json.dumps(one(value), default=str)
'''


@dataclass
class Submission:
    """One student's graded notebook: a verdict, a message and the answer shown, per exercise.

    >>> s = Submission("ana", "01")
    >>> s.verdicts, s.problems
    ({}, [])
    """

    student: str
    chapter: str
    verdicts: dict[str, str] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self) -> int:
        """How many exercises are correct."""
        return sum(v == "correct" for v in self.verdicts.values())

    @property
    def out_of(self) -> int:
        """How many exercises were graded (``not graded`` ones are left out)."""
        return sum(v != "not graded" for v in self.verdicts.values())


def find_checks(source: str) -> list[tuple[str, str]]:
    """The ``check("NN.k", <expr>)`` calls of a code cell, as ``(exercise id, expression source)``.

    Any call named ``check`` counts (``check``, ``cs.check``, ``cslearn.exercises.check``); IPython
    syntax (``%magic``, ``!shell``) is translated first; a cell that is not Python has none.

    >>> find_checks('answer = 4\\ncs.check("01.1", answer)')
    [('01.1', 'answer')]
    >>> find_checks("%time x = (")
    []
    """
    source = _python(source)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        first = node.args[0]
        if name == "check" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            expression = ast.get_source_segment(source, node.args[1]) or ast.unparse(node.args[1])
            found.append(((node.lineno, node.col_offset), first.value, expression))
    return [(exercise_id, expression) for _, exercise_id, expression in sorted(found)]


def _python(source: str) -> str:
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - without IPython, or a cell it cannot read: plain Python
        return source


def find_answer_lookups(source: str) -> list[str]:
    """How a code cell reads the library's own answers, if it does: an ``.expected()`` call with
    no arguments (an exercise's answer), or the names ``EXERCISES`` or ``exercises_for``. A flag for
    the instructor to look at, never proof: other spellings get past it.

    >>> find_answer_lookups('answer = exercises_for("01")[4].expected()')
    ['.expected()', 'exercises_for']
    >>> find_answer_lookups('answer = bm.expected("prepaid", 12)')  # the course's own function
    []
    """
    python = _python(source)
    found = []
    if python.strip() != source.strip():  # IPython syntax (%magic, !shell) hides code in strings: read the text
        found += re.findall(r"\b(?:EXERCISES|exercises_for)\b", source)
        found += [".expected()"] * bool(re.search(r"\.expected\(\s*\)", source))
    try:
        tree = ast.parse(python)
    except (SyntaxError, ValueError):
        found += re.findall(r"\b(?:EXERCISES|exercises_for)\b", source)
        found += [".expected()"] * bool(re.search(r"\.expected\(\s*\)", source))
        return sorted(set(found))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in ("EXERCISES", "exercises_for"):
            found.append(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in ("EXERCISES", "exercises_for"):
            found.append(node.attr)
        elif isinstance(node, ast.alias) and node.name in ("EXERCISES", "exercises_for"):
            found.append(node.name)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "expected"
              and not node.args and not node.keywords):
            found.append(".expected()")
    return sorted(set(found))


def _matching(folder: Path, pattern: str) -> list[Path]:
    found_paths = folder.glob(pattern) if folder.is_dir() else []
    return sorted(p for p in found_paths if p.is_file() and ".ipynb_checkpoints" not in p.parts
                  and p.suffix == ".ipynb")


def _top(folder: Path, path: Path) -> str:
    relative = path.relative_to(folder)
    return relative.parts[0] if len(relative.parts) > 1 else path.stem


def _names(folder: Path, paths: list[Path], strip_prefix: str = "") -> dict[str, Path]:
    per_top = Counter(p.relative_to(folder).parts[0] for p in paths)
    found = {}
    for path in paths:
        relative = path.relative_to(folder)
        if len(relative.parts) == 1:
            name = path.stem
        elif per_top[relative.parts[0]] == 1:
            name = relative.parts[0]
        else:
            name = relative.with_suffix("").as_posix()
        if strip_prefix and name.startswith(strip_prefix) and len(name) > len(strip_prefix):
            name = name[len(strip_prefix):]
        found[name] = path
    return found


def find_submissions(folder: str | Path, pattern: str = "**/*.ipynb", strip_prefix: str = "") -> dict[str, Path]:
    """The notebooks under ``folder`` that match ``pattern``, by student name: the file's name
    without ``.ipynb`` for a notebook directly in ``folder``; the top folder's name when it holds one
    matching notebook (``folder/ana/01_exercises.ipynb``, or the hub's homes with
    ``pattern="*/cslearn/exercises/01_exercises.ipynb"``: ``ana``); else the path without ``.ipynb``.

    >>> find_submissions("no/such/folder")
    {}

    ``strip_prefix`` takes a prefix off every name: ``"jupyter-"`` for The Littlest JupyterHub's
    home folders (``/home/jupyter-ana``: ``ana``).
    """
    folder = Path(folder)
    return _names(folder, _matching(folder, pattern), strip_prefix)


def _read(path: Path):
    """The notebook, or the problem that makes it unreadable (one sentence)."""
    import nbformat

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"the file cannot be read as text ({type(exc).__name__})"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"not a notebook: the file is not JSON ({exc.msg}: line {exc.lineno}, column {exc.colno})"
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, "not a notebook: the JSON has no list of cells"
    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any malformed notebook is reported, not raised
        return None, f"not a notebook nbformat can read ({type(exc).__name__}: {str(exc)[:120]})"
    return notebook, ""


def _chapters_of(notebook) -> Counter:
    found = Counter()
    for cell in notebook.cells:
        if cell.get("cell_type") == "code":
            for exercise_id, _ in find_checks(cell.source):
                match = _ID.match(exercise_id)
                if match:
                    found[match.group(1)] += 1
    return found


def sheet_chapter(notebook) -> str | None:
    """The chapter whose exercise sheet ``notebook`` is, or None when it is not an exercise sheet:
    the chapter its version stamp names (``metadata["cslearn"]["sheet"]``), else the chapter with
    the most exercises checked, if the notebook checks at least half of that chapter's exercises
    (a chapter's notebook that shows one ``check`` is not a sheet).

    >>> import nbformat
    >>> sheet_chapter(nbformat.v4.new_notebook(metadata={"cslearn": {"sheet": "03"}}))
    '03'
    >>> sheet_chapter(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('check("01.1", 4)')]))
    """
    from cslearn.exercises import exercises_for

    stamp = notebook.get("metadata", {}).get("cslearn", {})
    if isinstance(stamp, dict) and isinstance(stamp.get("sheet"), str) and re.fullmatch(r"\d\d", stamp["sheet"]):
        return stamp["sheet"]
    distinct = Counter()
    for exercise_id in {i for cell in notebook.cells if cell.get("cell_type") == "code"
                        for i, _ in find_checks(cell.source)}:
        match = _ID.match(exercise_id)
        if match:
            distinct[match.group(1)] += 1
    for chapter, count in sorted(distinct.items(), key=lambda item: (-item[1], item[0])):
        total = len(exercises_for(chapter))
        return chapter if total and count * 2 >= total else None
    return None


def _rebuild(data: dict) -> Any:
    """The grader's own copy of a value the kernel serialised (see ``_SERIALISER``)."""
    import numpy as np
    import pandas as pd

    tag = data.get("t")
    simple = {"ellipsis": lambda: Ellipsis, "none": lambda: None}
    if tag in simple:
        return simple[tag]()
    if tag in ("bool", "int", "float", "str"):
        return {"bool": bool, "int": int, "float": float, "str": str}[tag](data["v"])
    if tag in ("list", "tuple", "set", "frozenset"):
        items = [_rebuild(item) for item in data["v"]]
        try:
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
        except TypeError:  # unhashable items in a set
            return items
    if tag == "dict":
        try:
            return {_rebuild(k): _rebuild(v) for k, v in data["v"]}
        except TypeError:
            return {str(k): _rebuild(v) for k, v in data["v"]}
    if tag in ("ndarray", "Series", "DataFrame") and data.get("v") is not None:
        values = np.asarray(data["v"]) if data["v"] != [] else np.empty(data["shape"])
        return {"ndarray": lambda: values, "Series": lambda: pd.Series(values),
                "DataFrame": lambda: pd.DataFrame(values.reshape(data["shape"]))}[tag]()
    # something the grader cannot copy: a stand-in with the same name, repr and shape, judged wrong
    shape = tuple(data["shape"]) if data.get("shape") is not None else None
    name = {"ndarray": "ndarray", "Series": "Series", "DataFrame": "DataFrame"}.get(tag, data.get("type", "object"))
    attributes = {"__repr__": lambda self: data.get("repr", f"<{name}>")}
    if shape is not None:
        attributes["shape"] = shape
    return type(name, (), attributes)()


def _brief(value: Any) -> str:
    from cslearn.exercises import _brief as brief

    if value is Ellipsis:
        return "..."
    try:
        return repr(value) if isinstance(value, int | float) and not isinstance(value, bool) else brief(value)
    except Exception:  # noqa: BLE001
        return type(value).__name__


def _judge(exercise_id: str, answer: Any) -> tuple[str, str]:
    """``(verdict, message)`` from the library's own check, in this process."""
    from cslearn.exercises import check

    try:
        result = check(exercise_id, answer)
    except Exception as exc:  # noqa: BLE001 - an answer that breaks the checker is wrong, not a crash
        return "wrong", f"the answer could not be checked ({type(exc).__name__}: {str(exc)[:120]})"
    return result.status, result.message


class _Kernel:
    """A notebook client whose kernel the grader can also ask to evaluate an expression."""

    def __init__(self, notebook, workdir: str, cell_timeout: float, deadline: float, kernel_name: str):
        from nbclient import NotebookClient

        self.deadline, self.cell_timeout = deadline, cell_timeout
        self.client = NotebookClient(
            notebook, timeout=int(cell_timeout), kernel_name=kernel_name, allow_errors=True,
            interrupt_on_timeout=True, record_timing=False,
            error_on_timeout={"ename": "CellTimeoutError", "evalue": "stopped at the time limit", "traceback": []},
            timeout_func=lambda cell: max(1, int(min(self.cell_timeout, self.deadline - time.monotonic()))),
            resources={"metadata": {"path": workdir}},
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )

    def evaluate(self, expression: str) -> tuple[Any, str]:
        """``(value, "")`` or ``(None, error)``: ``expression`` evaluated in the kernel, copied back."""
        name = f"_cslearn_grader_{secrets.token_hex(8)}"
        kc = self.client.kc
        # define the serialiser under a fresh random name, then evaluate with it, silently
        self.client.wait_for_reply(kc.execute(_SERIALISER.format(name=name), silent=True, store_history=False))
        msg_id = kc.execute("pass", silent=True, store_history=False,
                            user_expressions={"value": f"{name}(({expression}))"})
        reply = self.client.wait_for_reply(msg_id)
        if reply is None:
            return None, "reading the answer took longer than the time limit"
        content = reply["content"]
        result = content.get("user_expressions", {}).get("value", {})
        if content.get("status") != "ok" or result.get("status") != "ok":
            result = result or content
            return None, f"{result.get('ename', 'Error')}: {str(result.get('evalue', ''))[:160]}"
        try:
            return _rebuild(json.loads(ast.literal_eval(result["data"]["text/plain"]))), ""
        except Exception as exc:  # noqa: BLE001 - a forged or odd reply is the grader's to report
            return None, f"the answer could not be read back ({type(exc).__name__})"


def _labels(cells) -> dict[int, str]:
    """How the feedback names each code cell (JupyterLab shows no cell numbers): by the exercise
    it checks, or the exercise whose check follows it, with its first line."""
    labels, checked = {}, [(index, [e for e, _ in checks]) for index, _, checks in cells if checks]
    for index, cell, checks in cells:
        ids = [e for e, _ in checks]
        if ids:
            label = f"the cell of exercise {' and '.join(dict.fromkeys(ids))}"
        else:
            after = next((found for i, found in checked if i > index), None)
            before = next((found for i, found in reversed(checked) if i < index), None)
            label = (f"a cell before exercise {after[0]}'s check" if after
                     else f"a cell after exercise {before[-1]}" if before else "a code cell")
        first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
        labels[index] = f"{label} (the one beginning `{textwrap.shorten(first, 50, placeholder=' ...')}`)"
    return labels


def _stale(notebook, chapter: str, wanted: list[str]) -> dict[str, str]:
    """The exercises a stamped sheet cannot be graded on: ``{id: why}``; empty for an unstamped sheet."""
    from cslearn.tools.generate import sheet_stamp

    stamp = notebook.get("metadata", {}).get("cslearn", {})
    stamps = stamp.get("exercises") if isinstance(stamp, dict) else None
    if not isinstance(stamps, dict) or stamp.get("sheet") != chapter:
        return {}
    now = sheet_stamp(chapter)["exercises"]
    stale = {}
    for exercise_id in wanted:
        if exercise_id not in stamps:
            stale[exercise_id] = f"exercise {exercise_id} is newer than this sheet: not graded"
        elif stamps[exercise_id] != now.get(exercise_id):
            stale[exercise_id] = f"exercise {exercise_id} was changed since this sheet was made: not graded"
    return stale


def grade_notebook(path: str | Path, chapter: str, student: str = "", cell_timeout: float = 30,
                   timeout: float = 300, kernel_name: str = "python3") -> Submission:
    """Run one exercise notebook and judge each exercise of ``chapter``; never raises for a broken
    notebook: what went wrong is in ``.problems``, and each exercise's reason in ``.messages``.

    >>> s = grade_notebook("missing.ipynb", "01", "ana")
    >>> s.verdicts["01.1"], s.problems[0][:29]
    ('unanswered', 'the file cannot be read as te')
    """
    from cslearn.exercises import exercises_for

    path = Path(path)
    wanted = [ex.id for ex in exercises_for(chapter)]
    sub = Submission(student or path.stem, chapter, {i: "unanswered" for i in wanted},
                     {i: "no answer was found in the notebook." for i in wanted}, {i: "" for i in wanted})
    start = time.monotonic()
    notebook, problem = _read(path)
    if notebook is None:
        sub.problems.append(problem)
        sub.messages = dict.fromkeys(wanted, f"not graded: {problem}.")
        return sub
    chapters = _chapters_of(notebook)
    if chapters and chapter not in chapters:
        other = chapters.most_common(1)[0][0]
        sub.problems.append(f"this is the exercise sheet of chapter {other}, not chapter {chapter}: not run")
        sub.messages = dict.fromkeys(wanted, f"the notebook handed in is chapter {other}'s sheet.")
        return sub
    stale = _stale(notebook, chapter, wanted)
    for exercise_id, why in stale.items():
        sub.verdicts[exercise_id], sub.messages[exercise_id] = "not graded", why + "."
        sub.problems.append(why + " (grade with the library version the class worked on)")
    cells = [(i, c, find_checks(c.source)) for i, c in enumerate(notebook.cells) if c.get("cell_type") == "code"]
    labels = _labels(cells)
    for index, cell, _ in cells:
        lookups = find_answer_lookups(cell.source)
        if lookups:
            sub.problems.append(f"{labels[index]} reads the library's answers ({', '.join(lookups)}): "
                                "look at it (a flag, not a penalty)")
    seen = Counter(exercise_id for _, _, checks in cells for exercise_id, _ in checks)
    for exercise_id in wanted:
        if seen[exercise_id] == 0 and exercise_id not in stale:
            sub.problems.append(f"{exercise_id}: its check cell is missing (deleted?)")
            sub.messages[exercise_id] = "its check cell is missing from the notebook (deleted?)."
        elif seen[exercise_id] > 1:
            sub.problems.append(f"{exercise_id}: checked {seen[exercise_id]} times; the last check counts")
    for exercise_id in sorted(set(seen) - set(wanted)):
        sub.problems.append(f"{exercise_id}: not an exercise of chapter {chapter}; ignored")
    deadline = start + timeout
    reached: set[str] = set()
    failed_since_check = ""  # a cell since the last check that raised or never ended: why an answer is missing
    with tempfile.TemporaryDirectory(prefix="cslearn-grade-") as workdir:
        kernel = _Kernel(notebook, workdir, cell_timeout, deadline, kernel_name)
        try:
            with kernel.client.setup_kernel():
                for index, cell, checks in cells:
                    if time.monotonic() >= deadline:
                        why = (f"the notebook's time limit ({timeout:g} s) was reached before {labels[index]}; "
                               "the rest was not run")
                        sub.problems.append(why)
                        _not_reached(sub, wanted, reached, stale, why)
                        break
                    limit = kernel.client.timeout_func(cell)
                    began = time.monotonic()
                    kernel.client.execute_cell(cell, index)
                    stopped = time.monotonic() - began >= limit - 0.5
                    error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
                    failed_here, earlier = "", failed_since_check
                    if error is not None:
                        what = (f"never ended: stopped at the time limit ({limit} s)"
                                if stopped and error.get("ename") in ("CellTimeoutError", "KeyboardInterrupt")
                                else f"raised {error.get('ename')}: {str(error.get('evalue', ''))[:120]}")
                        # a name the failed cell never defined is that cell's doing, not this one's
                        after = f" (after {earlier.split(' (')[0]} failed)" if earlier and checks else ""
                        sub.problems.append(f"{labels[index]} {what}{after}")
                        failed_here = failed_since_check = f"{labels[index]} {what}"
                    for exercise_id, expression in checks:
                        if exercise_id not in wanted or exercise_id in stale:
                            continue
                        reached.add(exercise_id)
                        if failed_here:  # its own cell failed: whatever the name holds is not this answer
                            sub.verdicts[exercise_id], sub.answers[exercise_id] = "unanswered", ""
                            sub.messages[exercise_id] = (
                                f"no answer: {earlier}, so the answer was never computed (and then its check "
                                f"cell raised {error.get('ename')})." if earlier else f"no answer: {failed_here}.")
                            continue
                        value, failure = kernel.evaluate(expression)
                        if failure:
                            sub.verdicts[exercise_id], sub.answers[exercise_id] = "unanswered", ""
                            sub.messages[exercise_id] = (
                                f"no answer: {failed_since_check}, so `{expression}` was never computed."
                                if failed_since_check else
                                f"no answer: `{expression}` could not be evaluated ({failure}).")
                            continue
                        sub.verdicts[exercise_id], sub.messages[exercise_id] = _judge(exercise_id, value)
                        sub.answers[exercise_id] = _brief(value)
                    if checks:
                        failed_since_check = ""
        except Exception as exc:  # noqa: BLE001 - a dead kernel or a failed start is this student's problem only
            why = f"the run stopped: {type(exc).__name__}: {str(exc).strip()[:160]}"
            sub.problems.append(why)
            _not_reached(sub, wanted, reached, stale, why)
    sub.seconds = time.monotonic() - start
    return sub


def _not_reached(sub: Submission, wanted, reached, stale, why: str) -> None:
    for exercise_id in wanted:
        if exercise_id not in reached and exercise_id not in stale and sub.verdicts[exercise_id] == "unanswered" \
                and "missing" not in sub.messages[exercise_id]:
            sub.messages[exercise_id] = f"not reached: {why}."


def read_roster(path: str | Path) -> list[str]:
    """The students' names in a roster file: one a line; blank lines and ``#`` comments left out.

    >>> roster = Path(tempfile.mkdtemp()) / "roster.txt"
    >>> _ = roster.write_text("# class A\\nana\\n\\nben  \\n", encoding="utf-8")
    >>> read_roster(roster)
    ['ana', 'ben']
    """
    names = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name and name not in names:
            names.append(name)
    return names


def _chapter_of_class(notebooks: dict[Path, Any]) -> str:
    votes = Counter(sheet_chapter(nb) for nb in notebooks.values() if nb is not None)
    votes.pop(None, None)
    if not votes:
        raise ValueError("no submission is an exercise sheet: give the chapter with --chapter")
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        tied = ", ".join(sorted(c for c, n in ranked if n == ranked[0][1]))
        raise ValueError(f"the notebooks hold as many sheets of chapters {tied}: say which with --chapter "
                         "(or pick the sheets with --glob)")
    return ranked[0][0]


def grade(submissions: str | Path, out: str | Path, chapter: str | None = None, cell_timeout: float = 30,
          timeout: float = 300, echo=print, pattern: str = "**/*.ipynb", roster: list[str] | None = None,
          strip_prefix: str = "") -> list[Submission]:
    """Grade every exercise sheet under ``submissions`` and write the gradebook into ``out``.

    ``chapter`` (``"01"``) defaults to the chapter most of the sheets are; ``pattern`` picks the
    notebooks and ``strip_prefix`` trims the names (see :func:`find_submissions`). Notebooks that
    are not exercise sheets, and other chapters' sheets of a student who handed in this chapter's,
    are skipped and listed. Each name of ``roster`` without a sheet gets a row, "no submission";
    a sheet whose student is not on it is flagged.

    >>> grade("no/such/folder", "gradebook")
    Traceback (most recent call last):
    ...
    ValueError: no notebooks (**/*.ipynb) under no/such/folder
    """
    from cslearn.exercises import exercises_for

    folder = Path(submissions)
    paths = _matching(folder, pattern)
    if not paths:
        raise ValueError(f"no notebooks ({pattern}) under {submissions}")
    notebooks = {path: _read(path)[0] for path in paths}
    chapter = chapter or _chapter_of_class(notebooks)
    if not exercises_for(chapter):
        raise ValueError(f"chapter {chapter!r} has no exercises")
    sheets = {path: (sheet_chapter(nb) if nb is not None else chapter) for path, nb in notebooks.items()}
    has_this_sheet = {_top(folder, path) for path, c in sheets.items() if c == chapter}
    kept, skipped = [], []
    for path, sheet in sheets.items():
        relative = path.relative_to(folder).as_posix()
        if sheet is None:
            skipped.append(f"{relative}: not an exercise sheet")
        elif sheet != chapter and _top(folder, path) in has_this_sheet:
            skipped.append(f"{relative}: the sheet of chapter {sheet}")
        else:
            kept.append(path)
    for line in skipped:
        echo(f"skipped {line}")
    results = []
    for student, path in _names(folder, kept, strip_prefix).items():
        sub = grade_notebook(path, chapter, student, cell_timeout, timeout)
        if roster is not None and student not in roster:
            sub.problems.append("not on the roster")
        results.append(sub)
        echo(f"{student:<24} {sub.score:>3}/{sub.out_of:<3} {sub.seconds:5.1f} s"
             + (f"  ({len(sub.problems)} problem{'s' * (len(sub.problems) != 1)})" if sub.problems else ""))
    graded = {sub.student for sub in results}
    for student in roster or []:
        if student not in graded:
            ids = [ex.id for ex in exercises_for(chapter)]
            results.append(Submission(student, chapter, dict.fromkeys(ids, "unanswered"),
                                      dict.fromkeys(ids, "no submission."), dict.fromkeys(ids, ""),
                                      ["no submission"]))
            echo(f"{student:<24} no submission")
    results.sort(key=lambda sub: sub.student)
    write_gradebook(results, out, chapter, skipped)
    return results


def _page(title: str, body: str) -> str:
    style = ("body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
             ".correct{color:#1a7f37}.wrong{color:#b00020}.unanswered,.not-graded{color:#666}.bar{background:#1a7f37;height:.8em}")
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")


def _file_name(student: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", student).strip("._") or "student"


def write_gradebook(results: list[Submission], out: str | Path, chapter: str, skipped: list[str] = ()) -> Path:
    """Write ``gradebook.csv``, ``summary.html`` and ``feedback/<student>.html`` into ``out``;
    ``skipped`` lists the notebooks that were not graded, for the summary.

    >>> folder = write_gradebook([Submission("ana", "01", {"01.1": "correct"})], tempfile.mkdtemp(), "01")
    >>> row = (folder / "gradebook.csv").read_text().splitlines()[1].split(",")
    >>> row[0], row[1], row[3]
    ('ana', '1', 'correct')
    """
    from cslearn.exercises import EXERCISES, exercises_for

    out = Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    ids = [ex.id for ex in exercises_for(chapter)]
    ids += sorted({i for sub in results for i in sub.verdicts} - set(ids))
    verdict = {sub.student: {i: sub.verdicts.get(i, "unanswered") for i in ids} for sub in results}
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "score", "out_of", *ids, "problems"])
        for sub in results:
            mine = verdict[sub.student]
            writer.writerow([sub.student, sub.score, sum(v != "not graded" for v in mine.values()),
                             *mine.values(), "; ".join(sub.problems)])
    # the summary: exercises from hardest to easiest (the share of those graded on it who got it right)
    counts = {i: Counter(verdict[sub.student][i] for sub in results) for i in ids}
    share = {i: counts[i]["correct"] / max(1, len(results) - counts[i]["not graded"]) for i in ids}
    rows = []
    for i in sorted(ids, key=lambda i: (share[i], i)):
        question = EXERCISES[i].question if i in EXERCISES else ""
        rows.append(f"<tr><td>{i}</td><td>{html.escape(question[:90])}</td>"
                    + "".join(f"<td class='{v.replace(' ', '-')}'>{counts[i][v]}</td>" for v in VERDICTS)
                    + f"<td>{share[i]:.0%} <div class='bar' style='width:{share[i] * 8:.1f}em'></div></td></tr>")
    students = "".join(
        f"<tr><td><a href='feedback/{_file_name(s.student)}.html'>{html.escape(s.student)}</a></td>"
        f"<td>{s.score} / {s.out_of}</td><td>{html.escape('; '.join(s.problems)) or '-'}</td></tr>"
        for s in sorted(results, key=lambda s: s.student))
    skipped_list = ("<h2>Skipped (not graded)</h2><ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in skipped)
                    + "</ul>") if skipped else ""
    body = (f"<p>{len(results)} students, chapter {chapter}'s exercise sheet, graded "
            f"{time.strftime('%Y-%m-%d %H:%M')}. Hardest exercise first. A grade for low-stakes practice: "
            "the answers can be computed in the students' own environment.</p>"
            "<h2>Exercises, hardest first</h2><table><tr><th>exercise</th><th>question</th>"
            + "".join(f"<th>{v}</th>" for v in VERDICTS) + f"<th>share correct</th></tr>{''.join(rows)}</table>"
            "<h2>Students</h2><table><tr><th>student</th><th>score</th><th>problems with the submission</th></tr>"
            f"{students}</table>{skipped_list}")
    (out / "summary.html").write_text(_page(f"Chapter {chapter} exercises: class summary", body), encoding="utf-8")
    for sub in results:
        items = []
        for i in ids:
            mine = verdict[sub.student][i]
            ex = EXERCISES.get(i)
            # a hint only where there is an answer to diagnose: check()'s message for a wrong answer holds it
            items.append(
                f"<h2>{i} <span class='{mine.replace(' ', '-')}'>{mine}</span></h2>"
                + (f"<p>{html.escape(ex.question)}</p>" if ex else "")
                + (f"<p>Your answer: <code>{html.escape(sub.answers.get(i, ''))}</code></p>"
                   if sub.answers.get(i) else "")
                + f"<p class='{mine.replace(' ', '-')}'>{html.escape(sub.messages.get(i, ''))}</p>"
                + ("<p>Answer it in the sheet and run its cell: <code>check()</code> then says whether it is "
                   "right and, if not, gives a hint.</p>" if mine == "unanswered" else ""))
        problems = "".join(f"<li>{html.escape(p)}</li>" for p in sub.problems)
        body = (f"<p>Score: {sub.score} of {sub.out_of}.</p>" + (f"<ul>{problems}</ul>" if problems else "")
                + "".join(items))
        (out / "feedback" / f"{_file_name(sub.student)}.html").write_text(
            _page(f"{sub.student}: chapter {chapter} exercises", body), encoding="utf-8")
    return out
