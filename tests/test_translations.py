"""The Japanese edition is made from one source: the English notebooks plus a catalogue per notebook.

The tool's own behaviour is tested on a small tree in a temporary folder (an English cell edited
after its translation is caught, named and shown; the update step marks it for review; drifted code
is refused); the course's real edition is tested in ``test_japanese_edition.py``.
"""

from pathlib import Path

import nbformat
import pytest

from cslearn.tools import translate
from cslearn.tools.translate import cell_key, needs_translation, out_of_sync, same_code, update_catalogues


def _tree(root: Path) -> Path:
    """A one-chapter course: a title, a parameters cell, a printing cell, plain code; one solution."""
    chapter = nbformat.v4.new_notebook()
    chapter.cells = [
        nbformat.v4.new_markdown_cell("# 01 · Churn (解約率, *kaiyakuritsu*)\n\nWhy churn matters."),
        nbformat.v4.new_code_cell('language = "en"  # "ja" for Japanese'),
        nbformat.v4.new_code_cell('months = 3\nprint(f"A customer stays {months} months on average.")'),
        nbformat.v4.new_code_cell("total = months * 2"),
    ]
    (root / "notebooks").mkdir()
    nbformat.write(chapter, root / "notebooks" / "01_churn.ipynb")
    solution = nbformat.v4.new_notebook()
    solution.cells = [
        nbformat.v4.new_markdown_cell("# Exercises"),
        nbformat.v4.new_code_cell("import cslearn as cs"),
        nbformat.v4.new_code_cell("# BEGIN SOLUTION\nanswer = 4\n# END SOLUTION\nprint(answer)"),
    ]
    (root / "solutions").mkdir()
    nbformat.write(solution, root / "solutions" / "01_exercises.ipynb")
    return root


JAPANESE = {
    "# 01 · Churn (解約率, *kaiyakuritsu*)\n\nWhy churn matters.": "# 01 · 解約率\n\nなぜ解約率が大事なのか。",
    'language = "en"  # "ja" for Japanese': 'language = "en"  # 日本語版では "ja"',
    'months = 3\nprint(f"A customer stays {months} months on average.")':
        'months = 3\nprint(f"顧客は平均 {months} か月とどまります。")',
    "# Exercises": "# 演習",
    "# BEGIN SOLUTION\nanswer = 4\n# END SOLUTION\nprint(answer)":
        "# BEGIN SOLUTION\nanswer = 4\n# END SOLUTION\nprint(answer)",
}


def _translate_all(root: Path) -> None:
    """Fill every empty or marked entry from JAPANESE (what a translator does), then generate."""
    update_catalogues(root)
    for catalogue in root.glob("*/ja/catalogue/*.toml"):
        text = catalogue.read_text(encoding="utf-8")
        for english, japanese in JAPANESE.items():
            text = text.replace(f"en = '''{english}'''\nja = ''''''", f"en = '''{english}'''\nja = '''{japanese}'''")
        catalogue.write_text(text, encoding="utf-8")
    translate.generate(root)


def test_a_translated_tree_is_in_step_and_japanese(tmp_path):
    root = _tree(tmp_path)
    assert len(out_of_sync(root)) >= 4  # nothing translated yet: each cell with words is missing
    _translate_all(root)
    assert out_of_sync(root) == []
    chapter = nbformat.read(root / "notebooks" / "ja" / "01_churn.ipynb", as_version=4)
    assert chapter.cells[0].source.startswith("# 01 · 解約率")
    assert chapter.cells[1].source == 'language = "ja"  # 日本語版では "ja"'  # the language switched
    assert chapter.cells[3].source == "total = months * 2"  # code without words is shared as it is
    solution = nbformat.read(root / "solutions" / "ja" / "01_exercises.ipynb", as_version=4)
    assert 'cs.set_language("ja")' in solution.cells[1].source
    sheet = nbformat.read(root / "exercises" / "ja" / "01_exercises.ipynb", as_version=4)
    assert "これは演習版です" in sheet.cells[1].source and "solutions/ja/01_exercises.ipynb" in sheet.cells[1].source
    assert "answer = ..." in sheet.cells[3].source and "ここに答えを書く" in sheet.cells[3].source


def test_an_edited_english_cell_is_caught_named_and_shown(tmp_path):
    root = _tree(tmp_path)
    _translate_all(root)
    path = root / "notebooks" / "01_churn.ipynb"
    chapter = nbformat.read(path, as_version=4)
    chapter.cells[0].source = chapter.cells[0].source.replace("Why churn matters.", "Why churn matters so much.")
    nbformat.write(chapter, path)

    problems = out_of_sync(root)
    stale = [p for p in problems if "stale" in p]
    assert len(stale) == 1, problems
    assert "notebooks/01_churn.ipynb cell 1 (markdown)" in stale[0]
    assert "-Why churn matters." in stale[0] and "+Why churn matters so much." in stale[0]
    # the generated notebook still holds the old Japanese, so it is out of step too
    assert any("differs from what its English source" in p for p in problems)

    update_catalogues(root)  # re-keys the entry and keeps the old English as `was`
    catalogue = (root / "notebooks" / "ja" / "catalogue" / "01_churn.toml").read_text(encoding="utf-8")
    assert f"[{cell_key(chapter.cells[0].source)}]" in catalogue and "was = '''" in catalogue
    problems = out_of_sync(root)
    assert any("marked for review" in p and "+Why churn matters so much." in p for p in problems), problems

    catalogue = catalogue.replace("was = '''# 01 · Churn (解約率, *kaiyakuritsu*)\n\nWhy churn matters.'''\n", "")
    catalogue = catalogue.replace("なぜ解約率が大事なのか。", "なぜ解約率がこれほど大事なのか。")
    (root / "notebooks" / "ja" / "catalogue" / "01_churn.toml").write_text(catalogue, encoding="utf-8")
    translate.generate(root)
    assert out_of_sync(root) == []


def test_a_new_cell_without_translation_and_a_leftover_entry_are_named(tmp_path):
    root = _tree(tmp_path)
    _translate_all(root)
    path = root / "notebooks" / "01_churn.ipynb"
    chapter = nbformat.read(path, as_version=4)
    chapter.cells.append(nbformat.v4.new_markdown_cell("A brand new paragraph about payback."))
    del chapter.cells[2]  # the printing cell
    nbformat.write(chapter, path)
    problems = out_of_sync(root)
    assert any("cell 4 (markdown)" in p and "no translation" in p and "payback" in p for p in problems), problems
    assert any("matches no cell" in p and "months = 3" in p for p in problems), problems


def test_a_translation_that_changes_the_code_is_refused(tmp_path):
    root = _tree(tmp_path)
    _translate_all(root)
    catalogue = root / "notebooks" / "ja" / "catalogue" / "01_churn.toml"
    text = catalogue.read_text(encoding="utf-8").replace("months = 3\nprint(f\"顧客", "months = 4\nprint(f\"顧客")
    catalogue.write_text(text, encoding="utf-8")
    problems = out_of_sync(root)
    assert any("cell 3 (code)" in p and "'3' became '4'" in p for p in problems), problems


@pytest.mark.parametrize(("english", "japanese", "verdict"), [
    ('print(f"LTV {x:,.0f} yen")  # note', 'print(f"顧客生涯価値 {x:,.0f} 円")  # 注', None),
    ('print(f"LTV {x:,.0f} yen")', 'print(f"顧客生涯価値 {y:,.0f} 円")', "fields"),
    ('print(f"LTV {x:,.0f} yen")', 'print(f"顧客生涯価値 {x:.0f} 円")', "fields"),
    ('t.loc["acquisition", "customers"]', 't.loc["獲得", "customers"]', "name or key"),
    ('"; ".join(parts) + "."', '"、".join(parts) + "。"', None),  # punctuation alone is no key
    ("a = b + 1", "a = b - 1", "became"),
    ("a = b + 1", "a = b + 1\nc = 2", "statements"),
    ('print(f"{\x27ahead of\x27 if x else \x27behind\x27} by {d}")',
     'print(f"{d} {\x27上回る\x27 if x else \x27下回る\x27}")', None),
    ('print(f"{row[\x27policy\x27]}")', 'print(f"{row[\x27方針\x27]}")', "fields"),
])
def test_same_code_allows_only_words_to_change(english, japanese, verdict):
    found = same_code(english, japanese)
    assert (found is None) if verdict is None else (verdict in found), found


def test_which_cells_need_translation():
    assert needs_translation(nbformat.v4.new_markdown_cell("Some prose."))
    assert not needs_translation(nbformat.v4.new_markdown_cell("  "))
    assert needs_translation(nbformat.v4.new_code_cell("x = 1  # one"))
    assert needs_translation(nbformat.v4.new_code_cell('print("Payback in months")'))
    assert not needs_translation(nbformat.v4.new_code_cell('cs.lifetime_value(10_000, churn=0.05)\ndf["ltv_to_cac"]'))
