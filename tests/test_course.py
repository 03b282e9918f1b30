"""The course's own map: its sources named by title, its concepts, and the word "seed" kept for random seeds."""

import html
import re

import pytest
from conftest import ROOT

import cslearn as cs
from cslearn.course import CONCEPT_MAP, SOURCES


def test_sources_are_named_by_title_in_readme_glossary_and_table():
    table = cs.sources()
    assert len(table) == 5
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    glossary = cs.glossary(0)
    for short, title, summary in SOURCES:
        assert f"| *{short}* | {title} |" in readme, short
        entry = glossary[glossary["term_en"] == f"{short} (source article)"]
        assert len(entry) == 1, short
        assert entry["term_ja"].iloc[0] in title
        assert summary and "seed" not in summary.lower()
    # the book that one article summarises is named with its details
    assert "ISBN 978-4-86276-268-9" in table.loc[table["short_name"] == "What is CS #2-1", "summary"].iloc[0]


def test_concept_map_has_each_concept_once_with_a_known_source():
    table = cs.concepts()
    assert table["concept"].tolist() == [f"C{n}" for n in range(1, 33)]
    shorts = {short for short, _, _ in SOURCES}
    for concept, chapter, summary, source in CONCEPT_MAP:
        named = [part.strip() for part in source.split(";")]
        assert all(part in shorts or part.startswith("the course (") for part in named), (concept, source)
        assert summary and chapter in cs.chapters()["chapter"].tolist()
    assert cs.concepts(5)["concept"].tolist() == [f"C{n}" for n in range(21, 27)]
    with pytest.raises(ValueError, match="chapter"):
        cs.concepts(9)


def test_chapter_titles_in_the_map_agree_with_the_concepts_they_teach():
    # chapters() says "C1-C6: ..."; the concept map must put exactly those concepts in that chapter
    taught = cs.chapters().query("concepts != ''")  # 00 and the capstone (07) introduce no concept
    assert taught["chapter"].tolist() == ["01", "02", "03", "04", "05", "06"]
    for _, row in taught.iterrows():
        first, last = re.match(r"C(\d+)-C(\d+)", row["teaches"]).groups()
        assert row["concepts"] == f"C{first}-C{last}"
        wanted = [f"C{n}" for n in range(int(first), int(last) + 1)]
        assert cs.concepts(row["chapter"])["concept"].tolist() == wanted


ARTICLE_AS_SEED = re.compile(
    r"\bseeds? ?(0\d\d|article)|seed's|\bthe seeds\b|seed_business|SEED_BUSINESSES|\"seed\": \"0", re.IGNORECASE
)


def _course_files():
    patterns = ["notebooks/*.ipynb", "solutions/*.ipynb", "exercises/*.ipynb", "cslearn/**/*.py", "data/*",
                "docs/*.md", "README.md"]
    files = [path for pattern in patterns for path in ROOT.glob(pattern) if path.is_file()]
    assert len(files) > 40
    return files


def test_seed_means_a_random_seed_only():
    offenders = []
    for path in _course_files():
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if ARTICLE_AS_SEED.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:90]}")
    assert offenders == [], "an article called a seed:\n" + "\n".join(offenders)


def _displayed(notebook, tag: str) -> str:
    for cell in notebook.cells:
        if tag in cell.get("metadata", {}).get("tags", []):
            return "".join(o.get("data", {}).get("text/html", "") for o in cell.get("outputs", []))
    raise LookupError(tag)


@pytest.mark.notebooks
def test_chapter00_shows_the_sources_by_title_and_the_whole_concept_map():
    from conftest import run_notebook

    notebook = run_notebook(ROOT / "notebooks" / "00_start_here.ipynb")
    sources = _displayed(notebook, "sources")
    for short, title, _ in SOURCES:
        assert html.escape(title, quote=False) in sources and html.escape(short, quote=False) in sources, short
    concepts = _displayed(notebook, "concept-map")
    assert all(f">C{n}<" in concepts for n in range(1, 33))


_PRINTED_NUMBER = re.compile(r"(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])-?\d+(?:\.\d+)?")


def _printed_numbers(notebook) -> set[tuple[float, int]]:
    """Every number a run notebook shows, with the decimals it is shown to."""
    found = set()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for text in (output.get("text", ""), data.get("text/plain", ""), data.get("text/html", "")):
                for match in _PRINTED_NUMBER.findall(text):
                    decimals = len(match.split(".")[1]) if "." in match else 0
                    found.add((float(match.replace(",", "")), decimals))
    return found


@pytest.mark.notebooks
@pytest.mark.parametrize("chapter", ["01", "02", "03", "04", "05", "06"])
def test_no_exercise_answer_is_printed_by_its_chapter(chapter):
    """A student must compute each answer: the chapter never shows it as precisely as the question asks."""
    from conftest import run_notebook

    from cslearn.exercises import exercises_for

    notebook = run_notebook(next((ROOT / "notebooks").glob(f"{chapter}_*.ipynb")))
    printed = _printed_numbers(notebook)
    assert len(printed) > 20
    numeric = [ex for ex in exercises_for(chapter) if ex.kind in ("number", "whole")]
    assert numeric
    shown, compared = [], 0
    for ex in numeric:
        exact = float(ex.expected())
        answer = round(exact, ex.decimals if ex.decimals is not None else 4)
        if len(f"{abs(answer):g}".replace(".", "").strip("0")) < 3:
            continue  # two digits (7, 25, 0.8) turn up in any chapter by chance
        compared += 1
        asked = ex.decimals if ex.decimals is not None else 0
        for value, decimals in printed:
            if decimals >= asked and round(exact, decimals) == value:
                shown.append(f"{ex.id}: {answer} (printed as {value})")
    assert compared >= 1, "every answer was too short to compare: the check compared nothing"
    assert shown == [], "answers the chapter prints: " + "; ".join(shown)
