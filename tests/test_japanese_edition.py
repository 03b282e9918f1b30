"""The course's Japanese edition: complete, in step with the English, and running to the same figures.

Every notebook in ``notebooks/``, ``solutions/`` and ``exercises/`` has a Japanese counterpart in the
folder's ``ja/``, made by :mod:`cslearn.tools.translate` from the English and a catalogue; none is
stale or missing a translation. Each Japanese chapter runs clean and prints every number its English
twin prints, cell by cell (the English execution is the one the chapter's own tests read); the
Japanese solutions pass their checks and the Japanese sheets are unanswered.
"""

import json
import re
from collections import Counter

import pytest
from conftest import ROOT, assert_ran_clean, run_notebook

from cslearn.exercises import exercises_for
from cslearn.tools.translate import out_of_sync

FOLDERS = ("notebooks", "solutions", "exercises")
ENGLISH = {folder: sorted((ROOT / folder).glob("*.ipynb")) for folder in FOLDERS}
CHAPTERS = ENGLISH["notebooks"]
SOLUTIONS = ENGLISH["solutions"]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def test_every_notebook_has_a_japanese_counterpart():
    assert len(CHAPTERS) >= 9 and len(SOLUTIONS) >= 6 and len(ENGLISH["exercises"]) == len(SOLUTIONS)
    missing = [f"{folder}/ja/{path.name}" for folder in FOLDERS for path in ENGLISH[folder]
               if not (ROOT / folder / "ja" / path.name).exists()]
    assert missing == []


def test_the_japanese_edition_is_complete_and_in_step():
    """No cell untranslated or stale, no code changed by a translation, no notebook out of step
    (each problem names the cell, and a stale one shows the old and new English)."""
    problems = out_of_sync()
    assert problems == [], f"{len(problems)} problems; run `python -m cslearn.tools.translate --check`:\n" + \
        "\n".join(problems[:20])


def _printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def _numbers(text: str) -> Counter:
    return Counter(n.replace(",", "") for n in NUMBER.findall(text))


@pytest.mark.notebooks
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_a_japanese_chapter_runs_clean_in_japanese_and_prints_the_english_figures(chapter):
    english = run_notebook(chapter)
    japanese = run_notebook(ROOT / "notebooks" / "ja" / chapter.name)
    assert_ran_clean(japanese)
    pairs = list(zip([c for c in english.cells if c.cell_type == "code"],
                     [c for c in japanese.cells if c.cell_type == "code"], strict=True))
    assert pairs, "the chapter has code"
    lost = {}
    for index, (en, ja) in enumerate(pairs, start=1):
        gone = _numbers(_printed(en)) - _numbers(_printed(ja))
        if gone:
            lost[f"code cell {index}"] = sorted(gone)
    assert lost == {}, f"numbers the English prints that the Japanese does not: {lost}"
    printed = [_printed(ja) for _, ja in pairs if _printed(ja).strip()]
    if printed:  # every printed sentence is Japanese (a bare number or table may not be)
        english_only = [text[:120] for text in printed
                        if not JAPANESE.search(text) and re.search(r"[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}", text)]
        assert english_only == [], f"printed in English in the Japanese edition: {english_only}"


def _statuses(log) -> dict[str, str]:
    return {row["id"]: row["status"] for row in map(json.loads, log.read_text().splitlines())}


@pytest.mark.notebooks
@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_japanese_solutions_pass_and_japanese_sheets_are_unanswered(solution, tmp_path):
    ids = {ex.id for ex in exercises_for(solution.name[:2])}
    for folder, wanted in [("solutions", "correct"), ("exercises", "unanswered")]:
        log = tmp_path / f"{folder}.jsonl"
        notebook = run_notebook(ROOT / folder / "ja" / solution.name, env={"CSLEARN_CHECK_LOG": str(log)})
        assert_ran_clean(notebook)
        statuses = _statuses(log)
        assert set(statuses) == ids and set(statuses.values()) == {wanted}, (folder, statuses)
