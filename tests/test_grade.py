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
from cslearn.tools.generate import sheet_stamp
from cslearn.tools.grade import (
    _SERIALISER,
    _rebuild,
    find_answer_lookups,
    find_checks,
    find_submissions,
    grade,
    grade_notebook,
    read_roster,
    sheet_chapter,
)

CHAPTER = "01"
IDS = [ex.id for ex in exercises_for(CHAPTER)]


def _sheet(kind: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / kind / f"{CHAPTER}_exercises.ipynb", as_version=4)


def _index_of(notebook, exercise_id: str) -> int:
    return next(i for i, c in enumerate(notebook.cells)
                if c.cell_type == "code" and any(e == exercise_id for e, _ in find_checks(c.source)))


def _code(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source)


def _prefixed(exercise_id: str, source: str) -> nbformat.NotebookNode:
    """The solved sheet, with ``source`` run first in the check cell of ``exercise_id``."""
    notebook = _sheet("solutions")
    at = _index_of(notebook, exercise_id)
    notebook.cells[at] = _code(source + notebook.cells[at].source)
    return notebook


def _correct_but(others: dict[str, str]) -> dict[str, str]:
    """Every exercise graded correct but the ones named: ``_correct_but({"01.3": "unanswered"})``."""
    assert set(others) <= set(IDS), others
    return {**dict.fromkeys(IDS, "correct"), **others}


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
    save("deleted", deleted, _correct_but({"01.2": "unanswered"}), "01.2: its check cell is missing")

    # 01.1 checked twice: right, then wrong; the last check counts
    twice = _sheet("solutions")
    twice.cells.insert(len(twice.cells) - 1, _code('cs.check("01.1", 0)'))
    save("twice", twice, _correct_but({"01.1": "wrong"}), "01.1: checked 2 times")

    # the kernel dies after 01.1
    dying = _sheet("solutions")
    dying.cells.insert(_index_of(dying, "01.1") + 1, _code("import os\nos._exit(1)"))
    save("dying", dying, {**dict.fromkeys(IDS, "unanswered"), "01.1": "correct"}, "the run stopped")

    # another chapter's sheet, and a file that is not a notebook
    save("other_chapter", nbformat.read(ROOT / "solutions" / "02_exercises.ipynb", as_version=4),
         dict.fromkeys(IDS, "unanswered"), "chapter 02, not chapter 01")
    (folder / "not_json.ipynb").write_text("{this is not json", encoding="utf-8")
    made["not_json"] = {"expect": dict.fromkeys(IDS, "unanswered"), "problem": "not JSON"}

    # the answer read from the library: right, and flagged for the instructor (not penalised)
    peeker = _sheet("solutions")
    at = _index_of(peeker, "01.1")
    (variable,) = [expr for _, expr in find_checks(peeker.cells[at].source)]
    peeker.cells[at] = _code(f'from cslearn.exercises import EXERCISES, exercises_for\n'
                             f'{variable} = {{e.id: e for e in exercises_for("01")}}["01.1"].expected()\n'
                             f'cs.check("01.1", {variable})')
    save("peeker", peeker, dict.fromkeys(IDS, "correct"),
         "reads the library's answers (.expected(), EXERCISES, exercises_for)")

    # a sheet made before 01.5's question changed and before 01.11 existed: those two are not graded
    old = _sheet("solutions")
    stamp = sheet_stamp(CHAPTER)
    stamp["exercises"]["01.5"] = "0" * 12
    del stamp["exercises"][IDS[-1]]
    old.metadata["cslearn"] = stamp
    save("old_sheet", old, _correct_but({"01.5": "not graded", IDS[-1]: "not graded"}),
         "exercise 01.5 was changed since this sheet was made: not graded")

    # the check cell of 01.3 never ends before its answer: unanswered, for the time limit, not a NameError
    # (it waits rather than spins: the endless cell above already shows a spinning one stopped)
    waiting = "while True:\n    __import__('time').sleep(1)\n"
    save("slow_answer", _prefixed("01.3", waiting), _correct_but({"01.3": "unanswered"}),
         "the cell of exercise 01.3 (the one beginning `while True:`) never ended")

    # the answer's own cell before 01.6's check never ends: the check's NameError is put down to it
    late = _sheet("solutions")
    at = _index_of(late, "01.6")
    late.cells[at:at + 1] = [_code(waiting + "late_answer = 1"), _code('cs.check("01.6", late_answer)')]
    save("late_answer", late, _correct_but({"01.6": "unanswered"}),
         "a cell before exercise 01.6's check (the one beginning `while True:`) never ended")

    # the check cell of 01.4 raises before its answer: unanswered too, with the error named
    save("raising", _prefixed("01.4", "1 / 0\n"), _correct_but({"01.4": "unanswered"}),
         "the cell of exercise 01.4 (the one beginning `1 / 0`) raised ZeroDivisionError")

    # a chapter's notebook (it shows one check) is not an exercise sheet: skipped, no row
    (folder / "a_chapter.ipynb").write_text((ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    return made


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grade")
    made = _class(base / "submissions")
    lines = []
    roster = [*sorted(set(made) - {"twice"}), "absent"]  # absent handed nothing in; twice is not on the list
    results = grade(base / "submissions", base / "gradebook", cell_timeout=4, timeout=120, echo=lines.append,
                    roster=roster)
    made["absent"] = {"expect": dict.fromkeys(IDS, "unanswered"), "problem": "no submission"}
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
            assert not re.search(r"\bcell \d", problems), problems  # JupyterLab shows no cell numbers
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
        assert {row[i] for i in IDS} <= {"correct", "wrong", "unanswered", "not graded"}
        assert int(row["score"]) == sum(row[i] == "correct" for i in IDS) == results[row["student"]].score
        assert int(row["out_of"]) == sum(row[i] != "not graded" for i in IDS)
    assert next(int(r["out_of"]) for r in rows if r["student"] == "old_sheet") == len(IDS) - 2
    assert next(r["problems"] for r in rows if r["student"] == "absent") == "no submission"
    assert next(r["problems"] for r in rows if r["student"] == "twice").endswith("; not on the roster")
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
    assert len(lines) == len(made) + 1  # and one for the skipped chapter notebook
    assert "skipped a_chapter.ipynb: not an exercise sheet" in lines
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


def test_failures_leave_an_exercise_unanswered_and_say_why(graded):
    _, results, _, _ = graded
    slow = results["slow_answer"].messages["01.3"]
    assert "never ended" in slow and "NameError" not in slow
    assert "ZeroDivisionError" in results["raising"].messages["01.4"]
    late = results["late_answer"].messages["01.6"]
    assert late.startswith("no answer: a cell before exercise 01.6's check (the one beginning `while True:`) "
                           "never ended"), late
    assert "(after a cell before exercise 01.6's check failed)" in "; ".join(results["late_answer"].problems)
    assert "01.2" in results["dying"].messages["01.2"] or "not reached" in results["dying"].messages["01.2"]
    assert results["deleted"].messages["01.2"].startswith("its check cell is missing")
    assert results["absent"].messages["01.1"] == "no submission."
    # the exercises after the stopped cell are still graded
    assert results["slow_answer"].verdicts["01.4"] == "correct"


def test_a_changed_exercise_is_not_graded_and_says_so(graded):
    _, results, folder, _ = graded
    old = results["old_sheet"]
    assert old.score == old.out_of == len(IDS) - 2
    assert "changed since this sheet was made" in old.messages["01.5"]
    assert "newer than this sheet" in old.messages[IDS[-1]]
    page = (folder / "feedback" / "old_sheet.html").read_text(encoding="utf-8")
    assert f"Score: {len(IDS) - 2} of {len(IDS) - 2}." in page and "not graded</span>" in page


def test_unanswered_exercises_all_get_the_same_advice(graded):
    _, results, folder, _ = graded
    advice = "Answer it in the sheet and run its cell"
    for name in ("blank", "mixed", "absent"):
        page = (folder / "feedback" / f"{name}.html").read_text(encoding="utf-8")
        unanswered = sum(v == "unanswered" for v in results[name].verdicts.values())
        assert page.count(advice) == unanswered > 0, name


def test_the_summary_lists_the_skipped_notebooks(graded):
    _, results, folder, _ = graded
    assert "a_chapter" not in results
    page = (folder / "summary.html").read_text(encoding="utf-8")
    assert "Skipped (not graded)" in page and "a_chapter.ipynb: not an exercise sheet" in page
    assert "low-stakes practice" in page


def test_the_sheets_from_make_exercises_carry_the_librarys_stamp():
    for chapter in ("01", "02", "03", "04", "05", "06"):
        sheet = nbformat.read(ROOT / "exercises" / f"{chapter}_exercises.ipynb", as_version=4)
        assert sheet.metadata["cslearn"] == sheet_stamp(chapter)
        assert sheet_chapter(sheet) == chapter
    assert sheet_chapter(nbformat.read(ROOT / "solutions" / "01_exercises.ipynb", as_version=4)) == "01"
    assert sheet_chapter(nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)) is None


def test_reading_the_librarys_answers_is_flagged_but_the_course_s_own_functions_are_not():
    assert find_answer_lookups('x = cs.exercises.exercises_for("01")[4].expected()') == [".expected()",
                                                                                        "exercises_for"]
    assert find_answer_lookups("import cslearn.exercises as e\nx = e.EXERCISES['01.5']") == ["EXERCISES"]
    assert find_answer_lookups('x = bm.expected("prepaid", 12)') == []
    assert find_answer_lookups("%time x = EXERCISES[") == ["EXERCISES"]  # not Python: found by its text


def test_a_json_error_is_reported_in_one_clean_sentence(tmp_path):
    (tmp_path / "cut.ipynb").write_text('{"cells": "never closed', encoding="utf-8")
    problem = grade_notebook(tmp_path / "cut.ipynb", CHAPTER).problems[0]
    assert "Unterminated string starting at: line 1, column 11" in problem and "at at" not in problem


def _home(base: Path, user: str, *paths: str) -> None:
    for path in paths:
        target = base / user / "cslearn" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((ROOT / path).read_text(encoding="utf-8"), encoding="utf-8")


def test_a_tljh_homes_folder_without_a_glob_grades_only_the_sheets(tmp_path):
    # The Littlest JupyterHub's /home/jupyter-NAME, copied out: every notebook of the course is there
    _home(tmp_path / "homes", "jupyter-ana", "notebooks/00_start_here.ipynb", "exercises/01_exercises.ipynb",
          "exercises/02_exercises.ipynb")
    _home(tmp_path / "homes", "jupyter-ben", "exercises/02_exercises.ipynb")
    roster = tmp_path / "roster.txt"
    roster.write_text("ana\nben\ncleo\n", encoding="utf-8")
    lines = []
    results = {r.student: r for r in grade(tmp_path / "homes", tmp_path / "book", "01", cell_timeout=10,
                                            echo=lines.append, roster=read_roster(roster),
                                            strip_prefix="jupyter-")}
    assert sorted(results) == ["ana", "ben", "cleo"]
    assert results["ana"].problems == [] and set(results["ana"].verdicts.values()) == {"unanswered"}
    assert "chapter 02, not chapter 01" in results["ben"].problems[0]
    assert results["cleo"].problems == ["no submission"]
    skipped = [line for line in lines if line.startswith("skipped")]
    assert sorted(skipped) == ["skipped jupyter-ana/cslearn/exercises/02_exercises.ipynb: the sheet of chapter 02",
                               "skipped jupyter-ana/cslearn/notebooks/00_start_here.ipynb: not an exercise sheet"]


def test_sheets_of_two_chapters_in_equal_numbers_need_the_chapter(tmp_path):
    _home(tmp_path, "ana", "exercises/01_exercises.ipynb", "exercises/02_exercises.ipynb")
    with pytest.raises(ValueError, match="chapters 01, 02: say which with --chapter"):
        grade(tmp_path, tmp_path / "book")
