"""The course itself: its chapters and its glossary, as tables a notebook can show.

The tables are data, in ``cslearn/course.toml`` (sources, chapters, concept map) and the glossary
dataset; this module reads them and adds what is computed (each concept's exercises). In Japanese
(:func:`cslearn.language.set_language`) their sentences are Japanese: the course's from
``cslearn/course.ja.toml``, the glossary's definitions from its ``definition_ja`` column.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from cslearn._validate import check_int
from cslearn.data import load_dataset
from cslearn.language import get_language, tr

__all__ = ["chapters", "glossary", "sources", "concepts", "SOURCES", "CONCEPT_MAP"]

def _read_course() -> dict[str, list[tuple]]:
    """The tables of ``course.toml`` (sources, chapters, concepts), each row a tuple in file order."""
    with (Path(__file__).parent / "course.toml").open("rb") as handle:
        course = tomllib.load(handle)
    return {table: [tuple(row.values()) for row in rows] for table, rows in course.items()}


_COURSE = _read_course()
#: the five source articles: (short name the chapters cite, title as published, summary)
SOURCES = _COURSE["source"]
#: the concepts C1-C32 of the syllabus: (concept, chapter, what it says, source)
CONCEPT_MAP = _COURSE["concept"]
_CHAPTERS = _COURSE["chapter"]


def chapters() -> pd.DataFrame:
    """The chapter map: number, English and Japanese title, what it teaches, the concepts (see
    :func:`concepts`), its notebook, and whether it is ready.

    >>> chapters().loc[1, "title_ja"]
    '所有から体験へ'
    >>> chapters().loc[3, "concepts"]
    'C14-C17'
    >>> bool(chapters().loc[1, "ready"])
    True
    """
    from cslearn.data import data_dir

    table = pd.DataFrame(_CHAPTERS, columns=["chapter", "title", "title_ja", "teaches", "notebook"])
    table["teaches"] = [tr(text) for text in table["teaches"]]
    # the concepts each chapter teaches, from the concept map (see concepts())
    owned = {chapter: [c for c, ch, _, _ in CONCEPT_MAP if ch == chapter] for chapter in table["chapter"]}
    table.insert(4, "concepts", [f"{c[0]}-{c[-1]}" if c else "" for c in owned.values()])
    folder = data_dir().parent / "notebooks"
    table["ready"] = [(folder / name).exists() for name in table["notebook"]]
    return table


def glossary(chapter: int | None = None) -> pd.DataFrame:
    """The bilingual glossary (English, Japanese, reading, definition), for one chapter or all; the
    definition is in the current language.

    >>> glossary(1)["chapter"].unique().tolist()
    [1]
    """
    table = load_dataset("glossary")
    japanese = table.pop("definition_ja")
    if get_language() == "ja":
        table["definition"] = japanese
    if chapter is not None:
        if isinstance(chapter, str) and chapter.isdigit():  # "01", as chapters are numbered elsewhere
            chapter = int(chapter)
        chapter = check_int("chapter", chapter, low=0, high=len(_CHAPTERS) - 1)
        table = table[table["chapter"] == chapter]
    return table.reset_index(drop=True)


def sources() -> pd.DataFrame:
    """The five source articles: the short name the chapters cite, the title as published, a summary.

    >>> sources()["short_name"].tolist()[0]
    'Customer Success??'
    """
    table = pd.DataFrame(SOURCES, columns=["short_name", "title", "summary"])
    table["title"] = [tr(text) for text in table["title"]]  # the untitled note gets a Japanese description
    table["summary"] = [tr(text) for text in table["summary"]]
    return table


def concepts(chapter: int | str | None = None) -> pd.DataFrame:
    """The concept map: each concept C1-C32 in one line, its chapter, its exercises and its source.

    An instructor can teach and grade by concept: ``exercises`` lists the exercise ids that declare
    the concept (see ``cslearn.exercises``).

    >>> table = concepts()
    >>> len(table), table.loc[0, "concept"]
    (32, 'C1')
    >>> concepts(1)["concept"].tolist()
    ['C1', 'C2', 'C3', 'C4', 'C5', 'C6']
    """
    from cslearn.exercises import EXERCISES, _load_all

    _load_all()
    table = pd.DataFrame(CONCEPT_MAP, columns=["concept", "chapter", "summary", "source"])
    table["summary"] = [tr(text) for text in table["summary"]]
    table["exercises"] = [
        ", ".join(sorted((ex.id for ex in EXERCISES.values() if concept in ex.concepts),
                         key=lambda key: tuple(int(part) for part in key.split("."))))
        for concept in table["concept"]
    ]
    if chapter is not None:
        if isinstance(chapter, str) and chapter.isdigit():
            chapter = int(chapter)
        chapter = check_int("chapter", chapter, low=1, high=len(_CHAPTERS) - 1)
        table = table[table["chapter"] == f"{chapter:02d}"]
    return table[["concept", "chapter", "summary", "exercises", "source"]].reset_index(drop=True)
