import json
import re
from collections import Counter
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, run_notebook

import cslearn as cs
from cslearn.exercises import EXERCISES, exercises_for
from cslearn.tools.generate import PLACEHOLDER_NOTE, out_of_sync, to_exercise

SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
CHAPTERS = ["01", "02", "03", "04", "05", "06"]


def _every_exercise() -> list:
    """Every chapter's exercises. Importing cslearn.exercises registers none (each chapter's module is
    imported when a chapter is first asked for), so a loop over EXERCISES alone could check nothing."""
    exercises_for("01")  # imports every chapter's module
    exercises = list(EXERCISES.values())
    assert len(exercises) > 60, f"only {len(exercises)} exercises registered"
    return exercises


def test_every_chapter_registers_its_exercises():
    exercises = _every_exercise()
    assert sorted({ex.id.split(".")[0] for ex in exercises}) == CHAPTERS
    assert all(len(exercises_for(chapter)) >= 4 for chapter in CHAPTERS)
    assert [s.name[:2] for s in SOLUTIONS] == CHAPTERS


def test_exercises_are_in_sync_with_solutions():
    assert SOLUTIONS, "no solution notebooks found"
    assert out_of_sync(ROOT / "solutions", ROOT / "exercises") == []


def test_sync_check_notices_a_hand_edit(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "exercises").mkdir()
    source = SOLUTIONS[0]
    (tmp_path / "solutions" / source.name).write_bytes(source.read_bytes())
    (tmp_path / "exercises" / source.name).write_bytes((ROOT / "exercises" / source.name).read_bytes())
    assert out_of_sync(tmp_path / "solutions", tmp_path / "exercises") == []
    edited = nbformat.read(tmp_path / "exercises" / source.name, as_version=4)
    edited.cells[-1].source += "\n# a stray edit"
    nbformat.write(edited, tmp_path / "exercises" / source.name)
    assert len(out_of_sync(tmp_path / "solutions", tmp_path / "exercises")) == 1
    (tmp_path / "exercises" / "99_orphan.ipynb").write_text("{}")
    assert any("no solution notebook" in p for p in out_of_sync(tmp_path / "solutions", tmp_path / "exercises"))


def test_generator_replaces_solution_code_with_placeholders():
    solution = nbformat.v4.new_notebook()
    solution.cells = [
        nbformat.v4.new_markdown_cell("# Title\n<!-- BEGIN SOLUTION -->\nsecret\n<!-- END SOLUTION -->"),
        nbformat.v4.new_code_cell(
            "x = 1\n# BEGIN SOLUTION\nhelper = 2\nanswer, other = helper * 3, 0\n# END SOLUTION\ncheck('01.1', answer)"
        ),
        nbformat.v4.new_code_cell("# BEGIN SOLUTION\nprint('only in solutions')\n# END SOLUTION"),
    ]
    exercise = to_exercise(solution, "test.ipynb")
    sources = [cell.source for cell in exercise.cells]
    assert "secret" not in "".join(sources)
    code = [c.source for c in exercise.cells if c.cell_type == "code"]
    assert code == [f"x = 1\n{PLACEHOLDER_NOTE}\nanswer = ...\ncheck('01.1', answer)"]
    assert solution.cells[1].source.startswith("x = 1\n# BEGIN")  # the input is untouched


@pytest.mark.parametrize("source", ["# BEGIN SOLUTION\nx = 1", "x = 1\n# END SOLUTION"])
def test_generator_refuses_unbalanced_markers(source):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source)]
    with pytest.raises(ValueError, match="cell 1"):
        to_exercise(notebook, "bad.ipynb")


def test_every_exercise_placeholder_is_reported_unanswered():
    for ex in _every_exercise():
        result = cs.check(ex.id, ...)
        assert result.passed is None and "not answered yet" in result.message
        assert not result


def test_check_explains_wrong_answers():
    assert cs.check("01.1", 3).passed is True
    wrong = cs.check("01.1", 4)
    assert wrong.passed is False and "too high" in wrong.message and "Off by one" in wrong.message
    assert "looks like a percentage" in cs.check("01.3", 100 * 980 / 3000).message
    assert "expected a number" in cs.check("01.2", "15000").message
    assert "whole number" in cs.check("01.6", 84.5).message
    with pytest.raises(ValueError, match="did you mean '03.1'"):
        cs.check("3.1", 5)
    with pytest.raises(ValueError, match="exercise_id must name an exercise"):
        cs.check("99.9", 1)


def test_expected_answers_are_computed_not_typed():
    # every exercise's expected value comes from a function; they all evaluate to real numbers
    for ex in _every_exercise():
        value = ex.expected()
        assert value is not None, ex.id


def _statuses(log: Path) -> dict[str, str]:
    return {row["id"]: row["status"] for row in map(json.loads, log.read_text().splitlines())}


@pytest.mark.notebooks
@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_solutions_pass_and_exercises_are_unanswered(solution, tmp_path):
    chapter = solution.name[:2]
    ids = {ex.id for ex in exercises_for(chapter)}
    assert len(ids) >= 4, f"chapter {chapter} needs at least four exercises"
    for folder, wanted in [("solutions", "correct"), ("exercises", "unanswered")]:
        log = tmp_path / f"{folder}.jsonl"
        run_notebook(ROOT / folder / solution.name, env={"CSLEARN_CHECK_LOG": str(log)})
        statuses = _statuses(log)
        assert set(statuses) == ids, f"{folder}/{solution.name} checks {sorted(statuses)}, expected {sorted(ids)}"
        assert set(statuses.values()) == {wanted}, statuses


# --- every exercise names its concepts, and check() explains instead of crashing -------------

ODD_ANSWERS = {
    "inf": float("inf"),
    "-inf": float("-inf"),
    "nan": float("nan"),
    "None": None,
    "text": "about a thousand",
    "numeric text": "1500",
    "list": [1, 2, 3],
    "bool": True,
    "DataFrame": pd.DataFrame({"a": range(30), "b": range(30)}),
    "Series": pd.Series(range(30), name="revenue"),
    "one-value Series": pd.Series([1.0]),
    "array": np.arange(12.0),
    "dict": {"answer": 1},
    "huge int": 10**400,
    "empty list": [],
    "nested list": [[1, 2], [3]],
}


def test_every_exercise_declares_concepts_and_every_concept_is_exercised():
    exercises = _every_exercise()
    undeclared = [ex.id for ex in exercises if not ex.concepts]
    assert undeclared == [], f"exercises without concepts: {undeclared}"
    table = cs.concepts()
    assert table["concept"].tolist() == [f"C{n}" for n in range(1, 33)]
    bare = table.loc[table["exercises"] == "", "concept"].tolist()
    assert bare == [], f"concepts no exercise exercises: {bare}"
    # a concept's exercises come from its own chapter or a later one
    for _, row in table.iterrows():
        chapters = {key.split(".")[0] for key in row["exercises"].split(", ")}
        assert min(chapters) >= row["chapter"], (row["concept"], chapters)


def test_register_refuses_unknown_concepts():
    from cslearn.exercises import Exercise, register

    with pytest.raises(ValueError, match="concepts must be"):
        register(Exercise("99.1", "q", lambda: 1.0, concepts=("C33",)))
    with pytest.raises(ValueError, match="concepts must be"):
        register(Exercise("99.1", "q", lambda: 1.0, concepts="C3"))
    assert "99.1" not in EXERCISES


_EXPECTED: dict = {}  # each exercise's right answer, computed once for the odd answers below


@pytest.fixture
def answers_computed_once(monkeypatch):
    """Each exercise's right answer computed once for all the odd answers (sixteen times seventy
    answers cost seconds; what each is, is held by the tests on expected answers); every check gets
    a fresh copy, as it gets a fresh answer from ``expected()``."""
    import copy
    import dataclasses

    for ex in _every_exercise():
        if ex.id not in _EXPECTED:
            _EXPECTED[ex.id] = ex.expected()
        once = dataclasses.replace(ex, expected=lambda answer=_EXPECTED[ex.id]: copy.deepcopy(answer))
        monkeypatch.setitem(EXERCISES, ex.id, once)


@pytest.mark.parametrize("label", list(ODD_ANSWERS))
def test_check_answers_odd_values_in_one_short_sentence(label, answers_computed_once):
    value = ODD_ANSWERS[label]
    for ex in _every_exercise():
        result = cs.check(ex.id, value)
        assert result.passed is False, (ex.id, label)
        message = result.message
        assert "Traceback" not in message and "\n" not in message, (ex.id, label, message)
        assert len(message) < 600, (ex.id, label, message)
        assert "dtype" not in message and "   " not in message, (ex.id, label, message)


def test_a_coarser_rounding_of_the_right_answer_is_close_not_wrong():
    from cslearn.exercises import Exercise, _judge

    ex = Exercise("99.2", "Give it to 4 significant digits.", lambda: 0.1043, rel_tol=1e-4)
    passed, message = _judge(ex, 0.10, 0.1043)
    assert passed is False and message.startswith("close")
    assert "too low" in _judge(ex, 0.09, 0.1043)[1]  # 0.1043 rounds to 0.10, not 0.09
    assert _judge(ex, 1210, 1213.4)[1].startswith("close")
    assert _judge(ex, 1200, 1213.4)[1].startswith("close")  # right to the hundreds
    assert "too high" in _judge(ex, 1220, 1213.4)[1]
    assert "too low" in _judge(ex, 200, 238.14)[1]  # one digit of a whole number is not a rounding
    assert _judge(ex, 0.1043, 0.1043)[0] is True
    numbers = Exercise("99.3", "Give each to the nearest ten.", lambda: [1213.4, 20.0], kind="numbers", rel_tol=1e-4)
    assert _judge(numbers, [1210, 20], [1213.4, 20.0])[1].startswith("close")


def test_every_numeric_question_states_its_precision():
    import re

    precision = re.compile(
        r"nearest|decimal|whole|significant|digits|round|exact|to the yen|to one|to two|to three|per cent|within",
        re.IGNORECASE,
    )
    numeric = [ex for ex in _every_exercise() if ex.kind in ("number", "numbers")]
    assert len(numeric) > 40
    vague = [ex.id for ex in numeric if not precision.search(ex.question)]
    assert vague == [], f"questions that do not say how precise the answer should be: {vague}"


@pytest.mark.parametrize(("exercise_id", "term"), [("01.7", "顧客"), ("06.7", None)])
def test_a_term_answer_may_be_given_in_japanese(exercise_id, term):
    _every_exercise()
    ex = EXERCISES[exercise_id]
    assert ex.kind == "choice" and ex.aliases, f"{exercise_id} accepts no Japanese term"
    expected = ex.expected()
    japanese = [word for word, target in ex.aliases if target == expected]
    assert japanese, f"{exercise_id}: no Japanese word for the answer {expected!r}"
    assert cs.check(exercise_id, japanese[0]).passed is True
    if term is not None:
        assert term in dict(ex.aliases)


def test_an_alias_reaches_a_choice_written_with_capitals():
    from cslearn.exercises import Exercise, _judge

    ex = Exercise("99.4", "Which fix?", lambda: "move the community to Facebook", kind="choice",
                  choices=("move the community to Facebook", "offer a pause plan"),
                  aliases=(("コミュニティをFacebookへ移す", "move the community to Facebook"),))
    assert _judge(ex, "コミュニティをFacebookへ移す", ex.expected())[0] is True
    assert _judge(ex, "Move the community to FACEBOOK ", ex.expected())[0] is True


def test_the_precision_the_question_asks_for_is_the_precision_checked():
    numeric = [ex for ex in _every_exercise() if ex.kind in ("number", "whole") and ex.decimals is not None]
    assert len(numeric) > 40
    for ex in numeric:
        expected = float(ex.expected())
        rel_tol, abs_tol = ex.tolerance(expected)
        assert rel_tol == 0, ex.id
        if abs_tol > 0.5 * 10.0 ** -ex.decimals * 1.001:
            continue  # a simulated answer, with its wider tolerance stated in the question
        rounded = round(expected, ex.decimals)
        assert cs.check(ex.id, rounded).passed is True, (ex.id, rounded)
        # one step past the rounding at the asked precision is wrong, never "correct"
        step = 10.0 ** -ex.decimals
        assert cs.check(ex.id, rounded + step).passed is False, (ex.id, rounded + step)
        coarser = round(expected, ex.decimals - 1)
        if abs(coarser - expected) > abs_tol and coarser != 0:
            message = cs.check(ex.id, coarser).message
            assert message.startswith("close") or "too" in message, (ex.id, coarser, message)


def test_precision_is_read_from_the_question():
    from cslearn.exercises import precision_in

    assert precision_in("Give it to one decimal place.") == 1
    assert precision_in("as a fraction to four decimal places (0.0500 for 5 %)") == 4
    assert precision_in("to the nearest whole customer") == 0
    assert precision_in("to the nearest thousand yen?") == -3
    assert precision_in("What is it?") is None


def test_an_answer_cut_off_instead_of_rounded_is_told_so():
    from cslearn.exercises import Exercise, register

    ex = Exercise("99.5", "Give it to four decimal places.", lambda: 0.90196, kind="number")
    ex = register(ex)
    try:
        assert "cut off, not rounded" in cs.check("99.5", 0.9019).message
        assert cs.check("99.5", 0.902).passed is True
        assert "too low" in cs.check("99.5", 0.9018).message
        assert cs.check("04.4", 6.73).message.startswith("6.73 is")  # a small fraction is not shown as yen
    finally:
        EXERCISES.pop("99.5")


def test_a_known_mistake_is_named_before_it_is_taken_for_a_rounding():
    from cslearn.exercises import Exercise, _judge

    ex = Exercise("99.6", "Give it to the nearest yen.", lambda: 1213.37, unit="yen", decimals=0,
                  mistakes=((1200.0, "That is the rule of thumb, the first guess: now bisect."),))
    passed, message = _judge(ex, 1200, 1213.37)
    assert passed is False and "rule of thumb" in message and not message.startswith("close")
    assert _judge(ex, 1210, 1213.37)[1].startswith("close")
    assert _judge(ex, 1213, 1213.37)[0] is True


def test_a_free_solution_block_says_where_to_write_without_promising_a_placeholder():
    from cslearn.tools.generate import FREE_NOTE

    solution = nbformat.v4.new_notebook()
    solution.cells = [nbformat.v4.new_code_cell("# Your comparison\n# BEGIN SOLUTION\nprint(1 + 1)\n# END SOLUTION")]
    code = next(c.source for c in to_exercise(solution, "free.ipynb").cells if c.cell_type == "code")
    assert code == f"# Your comparison\n{FREE_NOTE}" and "..." not in code


def test_a_hint_table_names_the_first_known_slip_then_gives_the_advice():
    from cslearn.exercises import slips

    hint = slips("Divide 3,000 by 980.", (3000 / 980, "Inverted.", 0.01), (lambda answer: answer < 0, "Negative."),
                 (980 / 3000, "Rounded too early."), (lambda answer: True, "Anything else."))
    assert hint(3.08) == "Inverted. Divide 3,000 by 980."  # within 1 % of 3.061
    assert hint(-2) == "Negative. Divide 3,000 by 980."
    assert hint(0.3275) == "Rounded too early. Divide 3,000 by 980."  # within 0.5 % of 0.3267, the default
    assert hint(0.34) == hint(3.2) == "Anything else. Divide 3,000 by 980."  # 0.34 and 3.2 are no known slip
    assert slips("Divide.")(7) == "Divide."
    with pytest.raises(TypeError, match=r"known must hold \(slip, message\)"):
        slips("Divide.", (3.06,))
    with pytest.raises(TypeError, match="known must hold"):
        slips("Divide.", (3.06, 0.01, "Inverted."))


# --- check() speaks Japanese (issue 14) -------------------------------------------------------

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _numbers(text: str) -> Counter:
    return Counter(number.rstrip(",") for number in _NUMBER.findall(text))


@pytest.mark.parametrize(("exercise_id", "wrong"), [
    ("01.2", 980 * 24),  # a known slip, then the advice
    ("02.3", 2_000 * 0.25 * 0.96**12),
    ("03.4", -(1_200 * 2_000 - (450_000 + 300 * 2_000))),
    ("04.3", 0.122),  # a hint with the student's own numbers in it
    ("05.4", 85.0),
    ("06.2", 7000 / 0.06),
])
def test_check_says_its_verdict_and_hint_in_japanese_with_the_same_numbers(exercise_id, wrong):
    from cslearn.language import missing_translations

    expected = exercises_for(exercise_id.split(".")[0]) and EXERCISES[exercise_id].expected()
    english = cs.check(exercise_id, wrong).message
    cs.set_language("ja")
    try:
        before = set(missing_translations())
        japanese = cs.check(exercise_id, wrong).message
        correct = cs.check(exercise_id, expected)
        unanswered = cs.check(exercise_id, ...)
        assert set(missing_translations()) == before, set(missing_translations()) - before
    finally:
        cs.set_language("en")
    assert _JAPANESE.search(japanese), japanese
    # no English sentence is left: a run of English words is at most a code name or a choice
    assert not re.search(r"[A-Za-z]+(?: [A-Za-z]+){4,}", japanese), japanese
    # the hint works the idea through with the question's numbers, as the English does
    assert not _numbers(english) - _numbers(japanese), (english, japanese)
    assert correct.passed is True and correct.message.startswith("正解"), correct.message
    assert unanswered.passed is None and unanswered.message.startswith("未回答"), unanswered.message
    assert cs.check(exercise_id, wrong).message == english  # and back in English


def test_a_japanese_verdict_counts_rows_and_months_in_japanese():
    cs.set_language("ja")
    try:
        table = cs.check("01.1", pd.DataFrame({"a": range(30), "b": range(30)})).message
        month = cs.check("01.1", 4).message
        choice = cs.check("01.7", "prospect").message
    finally:
        cs.set_language("en")
    assert "30行2列" in table and month.startswith("4か月目") and "見込み客" in choice
    assert cs.check("01.1", 4).message.startswith("month 4 is too high.")
