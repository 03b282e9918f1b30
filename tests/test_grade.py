"""``cslearn grade``: a class's exercise notebooks run headless, judged by the library, never stopped
by a broken one. The submissions are made at test time from the current chapter 01 sheet and its
solutions, so exercises added or re-hinted later are graded without changing this file."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from cslearn.exercises import exercises_for
from cslearn.grade import _SERIALISER, _rebuild, find_checks, find_submissions, grade, grade_notebook

CHAPTER = "01"
IDS = [ex.id for ex in exercises_for(CHAPTER)]


def _sheet(kind: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / kind / f"{CHAPTER}_exercises.ipynb", as_version=4)


def _index_of(notebook, exercise_id: str) -> int:
    return next(i for i, c in enumerate(notebook.cells)
                if c.cell_type == "code" and any(e == exercise_id for e, _ in find_checks(c.source)))


def _code(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source)


def _class(folder: Path) -> dict[str, dict]:
    """Nine submissions, each broken (or not) in its own way; returns what each one should get."""
    folder.mkdir()
    solutions, sheet = _sheet("solutions"), _sheet("exercises")
    made = {}

    def save(name, notebook, expect, problem=None):
        nbformat.write(notebook, folder / f"{name}.ipynb")
        made[name] = {"expect": expect, "problem": problem}

    save("perfect", solutions, dict.fromkeys(IDS, "correct"))
    save("blank", sheet, dict.fromkeys(IDS, "unanswered"))

    # 01.1 answered right, 01.2 answered wrong, the rest left as they were
    mixed = _sheet("exercises")
    mixed.cells[_index_of(mixed, "01.1")] = _code(solutions.cells[_index_of(solutions, "01.1")].source)
    (variable,) = [expr for _, expr in find_checks(mixed.cells[_index_of(mixed, "01.2")].source)]
    mixed.cells[_index_of(mixed, "01.2")] = _code(f'{variable} = -1.0\ncs.check("01.2", {variable})')
    save("mixed", mixed, {**dict.fromkeys(IDS, "unanswered"), "01.1": "correct", "01.2": "wrong"})

    # a cheat: check and cslearn patched to say "correct" for anything, and the verdict printed
    cheat = _sheet("exercises")
    cheat.cells.insert(_index_of(cheat, "01.1"), _code(
        "import cslearn, cslearn.exercises\n"
        "class Fake:\n    passed = True\n    status = 'correct'\n    def __repr__(self): return '✅ correct'\n"
        "def check(*args, **kwargs):\n    print('✅ correct')\n    return Fake()\n"
        "cs.check = cslearn.check = cslearn.exercises.check = check\n"
        "cslearn.exercises._judge = lambda *a: (True, 'correct')\n"
        "cs.break_even_month = lambda *a, **k: 12345"))
    at = _index_of(cheat, "01.1")
    (variable,) = [expr for _, expr in find_checks(cheat.cells[at].source)]
    cheat.cells[at] = _code(f'{variable} = cs.break_even_month(2500, 1080)\ncs.check("01.1", {variable})')
    save("cheat", cheat, {**dict.fromkeys(IDS, "unanswered"), "01.1": "wrong"})

    # a cell that never ends between two answered exercises: stopped, and the run goes on
    endless = _sheet("solutions")
    endless.cells.insert(_index_of(endless, "01.1") + 1, _code("while True:\n    pass"))
    save("endless", endless, dict.fromkeys(IDS, "correct"), "never ended")

    # the check cell of 01.2 deleted
    deleted = _sheet("solutions")
    del deleted.cells[_index_of(deleted, "01.2")]
    save("deleted", deleted, {**dict.fromkeys(IDS, "correct"), "01.2": "unanswered"}, "01.2: its check cell is missing")

    # 01.1 checked twice: right, then wrong; the last check counts
    twice = _sheet("solutions")
    twice.cells.insert(len(twice.cells) - 1, _code('cs.check("01.1", 0)'))
    save("twice", twice, {**dict.fromkeys(IDS, "correct"), "01.1": "wrong"}, "01.1: checked 2 times")

    # the kernel dies after 01.1
    dying = _sheet("solutions")
    dying.cells.insert(_index_of(dying, "01.1") + 1, _code("import os\nos._exit(1)"))
    save("dying", dying, {**dict.fromkeys(IDS, "unanswered"), "01.1": "correct"}, "the run stopped")

    # another chapter's sheet, and a file that is not a notebook
    save("other_chapter", nbformat.read(ROOT / "solutions" / "02_exercises.ipynb", as_version=4),
         dict.fromkeys(IDS, "unanswered"), "chapter 02, not chapter 01")
    (folder / "not_json.ipynb").write_text("{this is not json", encoding="utf-8")
    made["not_json"] = {"expect": dict.fromkeys(IDS, "unanswered"), "problem": "not JSON"}
    return made


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grade")
    made = _class(base / "submissions")
    lines = []
    results = grade(base / "submissions", base / "gradebook", cell_timeout=4, timeout=120, echo=lines.append)
    return made, {r.student: r for r in results}, base / "gradebook", lines


def test_every_submission_gets_the_verdicts_it_earned(graded):
    made, results, _, _ = graded
    assert sorted(results) == sorted(made)
    for name, want in made.items():
        assert results[name].verdicts == want["expect"], name


def test_broken_submissions_are_reported_and_clean_ones_are_not(graded):
    made, results, _, _ = graded
    for name, want in made.items():
        problems = "; ".join(results[name].problems)
        if want["problem"]:
            assert want["problem"] in problems, (name, problems)
        elif name != "cheat":
            assert problems == "", (name, problems)


def test_a_cell_that_never_ends_is_stopped_at_the_time_limit(graded):
    _, results, _, _ = graded
    assert results["endless"].seconds < 60  # 4 s per cell, not the notebook's 120 s
    assert results["not_json"].seconds < 1 and results["other_chapter"].seconds < 1  # not run at all


def test_the_cheat_earns_nothing_and_is_told_the_real_verdict(graded):
    _, results, folder, _ = graded
    cheat = results["cheat"]
    assert cheat.score == 0
    assert "12,345" in cheat.messages["01.1"] or "12345" in cheat.messages["01.1"]
    page = (folder / "feedback" / "cheat.html").read_text(encoding="utf-8")
    assert "wrong" in page and "correct</span>" not in page


def test_the_csv_has_one_row_per_student_and_one_column_per_exercise(graded):
    made, results, folder, _ = graded
    with open(folder / "gradebook.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["student", "score", "out_of", *IDS, "problems"]
    assert sorted(row["student"] for row in rows) == sorted(made)
    for row in rows:
        assert {row[i] for i in IDS} <= {"correct", "wrong", "unanswered"}
        assert int(row["score"]) == sum(row[i] == "correct" for i in IDS) == results[row["student"]].score
        assert int(row["out_of"]) == len(IDS)
    assert "not JSON" in next(r["problems"] for r in rows if r["student"] == "not_json")


def test_the_summary_puts_the_hardest_exercise_first(graded):
    made, results, folder, _ = graded
    page = (folder / "summary.html").read_text(encoding="utf-8")
    order = re.findall(r"<tr><td>(\d\d\.\d+)</td>", page)
    assert sorted(order) == sorted(IDS)
    correct = {i: sum(r.verdicts[i] == "correct" for r in results.values()) for i in IDS}
    assert [correct[i] for i in order] == sorted(correct.values())
    assert correct[order[0]] < correct[order[-1]]
    for name in made:
        assert f"feedback/{name}.html" in page


def test_each_feedback_page_shows_the_questions_and_each_wrong_answers_hint(graded):
    _, results, folder, _ = graded
    page = (folder / "feedback" / "mixed.html").read_text(encoding="utf-8")
    ex = {e.id: e for e in exercises_for(CHAPTER)}
    hint = ex["01.2"].hint_for(-1.0)
    assert html.escape(ex["01.1"].question[:60]) in page
    assert html.escape(hint[:60]) in page
    assert "too low" in results["mixed"].messages["01.2"]


def test_the_run_prints_a_line_per_student(graded):
    made, _, _, lines = graded
    assert len(lines) == len(made)
    assert any(line.startswith("perfect") and f"{len(IDS)}/{len(IDS)}" in line.replace(" ", "") for line in lines)


@pytest.mark.parametrize("value", [
    Ellipsis, None, True, 3, 2.5, float("nan"), "new customer", [1, 2.5], (1, 2), {"a": 1},
], ids=repr)
def test_values_come_back_from_the_kernel_as_they_were(value):
    namespace = {}
    exec(_SERIALISER.format(name="serialise"), namespace)
    back = _rebuild(json.loads(namespace["serialise"](value)))
    if isinstance(value, float) and value != value:
        assert back != back
    else:
        assert back == value and type(back) is type(value)


def test_tables_come_back_as_tables_and_strangers_as_stand_ins():
    import numpy as np
    import pandas as pd

    namespace = {}
    exec(_SERIALISER.format(name="serialise"), namespace)
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    back = _rebuild(json.loads(namespace["serialise"](frame)))
    assert isinstance(back, pd.DataFrame) and back.shape == (2, 2)
    series = _rebuild(json.loads(namespace["serialise"](pd.Series([1.5]))))
    assert isinstance(series, pd.Series) and series.iloc[0] == 1.5
    assert _rebuild(json.loads(namespace["serialise"](np.float64(0.25)))) == 0.25
    assert _rebuild(json.loads(namespace["serialise"](np.bool_(True)))) is True

    class Widget:
        def __repr__(self):
            return "Widget()"

    stand_in = _rebuild(json.loads(namespace["serialise"](Widget())))
    assert type(stand_in).__name__ == "Widget" and repr(stand_in) == "Widget()"


def test_checks_are_found_in_source_order_whatever_the_spelling():
    source = 'x = 1\ncheck("01.2", x)\ncs.check("01.1", f(x) + 1)\ncslearn.exercises.check("01.3", [x, 2])'
    assert find_checks(source) == [("01.2", "x"), ("01.1", "f(x) + 1"), ("01.3", "[x, 2]")]
    assert find_checks("%matplotlib inline\ncs.check('01.1', y)") == [("01.1", "y")]
    assert find_checks("print('check(\"01.1\", 4)')") == []


def test_student_folders_name_the_students(tmp_path):
    for name in ("ana", "ben"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "01_exercises.ipynb").write_text("{}")
    (tmp_path / "cleo.ipynb").write_text("{}")
    (tmp_path / "ana" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "ana" / ".ipynb_checkpoints" / "01_exercises-checkpoint.ipynb").write_text("{}")
    assert sorted(find_submissions(tmp_path)) == ["ana", "ben", "cleo"]


def test_a_hubs_home_folders_are_graded_by_a_pattern(tmp_path):
    for name in ("ana", "ben"):
        for path in ("cslearn/exercises/01_exercises.ipynb", "cslearn/exercises/02_exercises.ipynb",
                     "cslearn/notebooks/01_ownership_to_experience.ipynb"):
            (tmp_path / name / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / path).write_text("{}")
    found = find_submissions(tmp_path, "*/cslearn/exercises/01_exercises.ipynb")
    assert found == {name: tmp_path / name / "cslearn/exercises/01_exercises.ipynb" for name in ("ana", "ben")}
    assert "ana/cslearn/exercises/02_exercises" in find_submissions(tmp_path)


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path):
    result = grade_notebook(tmp_path / "gone.ipynb", CHAPTER, "gone")
    assert result.verdicts == dict.fromkeys(IDS, "unanswered") and result.problems
