import json
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, run_notebook

import cslearn as cs
from cslearn.exercises import EXERCISES, exercises_for
from cslearn.exercises.generate import PLACEHOLDER_NOTE, out_of_sync, to_exercise

SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


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
    for ex in exercises_for("01"):
        result = cs.check(ex.id, ...)
        assert result.passed is None and "not answered yet" in result.message
        assert not result


def test_check_explains_wrong_answers():
    assert cs.check("01.1", 3).passed is True
    wrong = cs.check("01.1", 4)
    assert wrong.passed is False and "too high" in wrong.message and "Off by one" in wrong.message
    assert "factor of 100" in cs.check("01.3", 100 * 980 / 3000).message
    assert "expected a number" in cs.check("01.2", "15000").message
    assert "whole number" in cs.check("01.6", 84.5).message
    with pytest.raises(ValueError, match="exercise_id must be one of"):
        cs.check("99.9", 1)


def test_expected_answers_are_computed_not_typed():
    # every exercise's expected value comes from a function; they all evaluate to real numbers
    for ex in EXERCISES.values():
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
