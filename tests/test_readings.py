"""The English edition gives each Japanese term its reading once, on its first use (issue 14).

In the markdown of every English notebook, the first occurrence of each Japanese term is followed
(after any closing quote marks) by its modified Hepburn reading in italics, either
``解約率, *kaiyakuritsu*`` inside parentheses or ``解約率 (*kaiyakuritsu*)`` outside them (an
English gloss may follow in the same parentheses: ``所有 (*shoyū*, ownership)``). Later occurrences of
the same term in that notebook carry no reading.

A term is a run of kana and kanji together with Latin letters or digits written against it
(``OTVとLTV``, ``1:5の法則``, ``sBGモデル``); a 「quoted」 or 『quoted』 passage is one term.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    path for pattern in ("notebooks/*.ipynb", "solutions/*.ipynb", "exercises/*.ipynb") for path in ROOT.glob(pattern)
)

_JA = "\u3005\u3040-\u30ff\u4e00-\u9fff"  # 々, kana (with ・ and ー), kanji
TERM = re.compile(rf"「[^」\n]*」|『[^』\n]*』|(?:[A-Za-z0-9:]*[{_JA}][{_JA}、。]*)+[A-Za-z0-9]*")
_TRAILING = "、。・"  # a list's separator after a term is not part of it
_LETTER = "A-Za-zāēīōūĀĒĪŌŪ"
# a reading: Latin letters with macrons, spaces, hyphens, apostrophes (son'eki); a quoted sentence's
# reading keeps its punctuation
READING = rf"[{_LETTER}][{_LETTER}' ,.!?:\-]*"
AFTER = re.compile(rf"[」』\"”’*]*(?:, \*(?P<inside>{READING})\*| \(\*(?P<outside>{READING})\*[),;])")


def terms(text: str):
    """Each Japanese term in ``text`` as ``(term, start, end)``.

    >>> [t for t, _, _ in terms("churn (解約率), the OTVとLTV and 「顧客は『商品』に」 (x)")]
    ['解約率', 'OTVとLTV', '「顧客は『商品』に」']
    >>> [t for t, _, _ in terms("(シフト型モデル、\\nsBGモデル)")]
    ['シフト型モデル', 'sBGモデル']
    """
    for match in TERM.finditer(text):
        term = match.group().rstrip(_TRAILING)
        yield term, match.start(), match.start() + len(term)


def reading_after(text: str, end: int) -> str | None:
    """The reading written right after a term that ends at ``end``, or None.

    >>> reading_after("churn (解約率, *kaiyakuritsu*)", 10)
    'kaiyakuritsu'
    >>> reading_after("所有 (*shoyū*, ownership)", 2)
    'shoyū'
    >>> reading_after("churn (解約率), a rate", 10) is None
    True
    """
    match = AFTER.match(text, end)
    return None if match is None else match.group("inside") or match.group("outside")


def markdown_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"]


def _around(text: str, start: int, end: int) -> str:
    return repr(text[max(0, start - 50): end + 50])


def test_the_english_notebooks_are_found():
    names = {path.parent.name for path in NOTEBOOKS}
    assert names == {"notebooks", "solutions", "exercises"}, names
    assert len(NOTEBOOKS) >= 15


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_each_japanese_term_gets_its_reading_once_on_first_use(path):
    where = path.relative_to(ROOT)
    seen: dict[str, str] = {}
    problems = []
    for number, text in enumerate(markdown_cells(path), 1):
        for term, start, end in terms(text):
            reading = reading_after(text, end)
            if term not in seen:
                seen[term] = reading
                if reading is None:
                    problems.append(f"{where}, markdown cell {number}: first use of {term} has no reading "
                                    f"(`, *reading*` or ` (*reading*)` after it): {_around(text, start, end)}")
            elif reading is not None:
                problems.append(f"{where}, markdown cell {number}: {term} has its reading again "
                                f"(*{reading}*), after its first use: {_around(text, start, end)}")
    assert seen, f"{where} has no Japanese term in its markdown"
    assert not problems, "\n".join(problems)


def test_terms_and_readings_are_read_as_the_rule_says():
    text = ("churn (解約率, *kaiyakuritsu*), again 解約率; the 1:5の法則 (*ichi tai go no hōsoku*) and "
            "(OTVとLTV), a quote 「顧客は『商品』に」 (*kokyaku wa shōhin ni*, the customer)")
    found = [(term, reading_after(text, end)) for term, _, end in terms(text)]
    assert found == [("解約率", "kaiyakuritsu"), ("解約率", None), ("1:5の法則", "ichi tai go no hōsoku"),
                     ("OTVとLTV", None), ("「顧客は『商品』に」", "kokyaku wa shōhin ni")]
    # kana in a reading is not a reading; nor is a reading without its italics
    assert reading_after("解約率 (*かいやくりつ*)", 3) is None
    assert reading_after("解約率 (kaiyakuritsu)", 3) is None
