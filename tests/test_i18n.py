"""The library speaks Japanese: every sentence it shows a learner has a translation that keeps its
fields, no translation is left over, and in Japanese the explorers' sliders and readouts are Japanese.

The sentences are the ``tr("...")`` calls in the package (found by reading its source, so a new one
is checked without anyone listing it) and the slider labels; their Japanese lives in the ``ja.toml``
beside each topic (``cslearn.language``).
"""

import ast
import json
import re
import tomllib

import pytest
from bad_inputs import base_call
from conftest import ROOT, explorer_factories

from cslearn import language
from cslearn.language import missing_translations, placeholders, set_language, tr

PACKAGE = ROOT / "cslearn"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _tr_templates() -> dict[str, list[str]]:
    """Every literal template given to ``tr`` in the package -> where it is."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _string_constants() -> set[str]:
    """The package's string literals, the texts of its course tables (course.toml), of its datasets
    (data/*.csv, each as ``load_dataset`` reads it: a table's text cells are shown translated) and of
    the capstone's presets (data/capstone_presets.json: each business's model in words)."""
    import pandas as pd

    from cslearn.data import list_datasets, load_dataset

    found = {node.value for path in PACKAGE.rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    for name in list_datasets()["name"]:
        table = load_dataset(name)
        found |= {value for column in table.columns if not pd.api.types.is_numeric_dtype(table[column])
                  for value in table[column].unique() if isinstance(value, str)}
    with (PACKAGE / "course.toml").open("rb") as handle:
        found |= {value for rows in tomllib.load(handle).values() for row in rows for value in row.values()
                  if isinstance(value, str)}
    presets = json.loads((ROOT / "data" / "capstone_presets.json").read_text(encoding="utf-8"))
    found |= {text for key, preset in presets.items() if not key.startswith("_")
              for text in (*preset.values(), *preset["revenue"].values()) if isinstance(text, str)}
    return found


def test_every_sentence_the_library_shows_has_its_japanese():
    templates = _tr_templates()
    assert len(templates) > 20, "tr() is used for the library's sentences"
    messages = language._messages()
    missing = {text: where for text, where in templates.items() if text not in messages}
    assert missing == {}, "no Japanese in any ja.toml for:\n" + "\n".join(
        f"  {text!r} ({', '.join(where)})" for text, where in missing.items())


def test_every_translation_keeps_its_fields_and_is_used():
    messages = language._messages()
    assert all(placeholders(english) == placeholders(japanese) for english, japanese in messages.items())
    constants = _string_constants()
    unused = sorted(english for english in messages if english not in constants)
    assert unused == [], "translations of texts the package no longer has (delete them):\n" + "\n".join(unused)


def test_a_translation_that_drops_a_field_is_refused(tmp_path, monkeypatch):
    (tmp_path / "ja.toml").write_text('"LTV {ltv}" = "顧客生涯価値"\n', encoding="utf-8")
    monkeypatch.setattr(language, "__file__", str(tmp_path / "language.py"))
    with pytest.raises(ValueError, match=r"must keep the fields \['ltv'\]"):
        language._read_message_files()


def test_tr_formats_in_either_language_and_notes_what_is_missing():
    template = "A year of it costs <b>{year}</b> (12 × {month})."
    assert tr(template, year="¥12", month="¥1") == "A year of it costs <b>¥12</b> (12 × ¥1)."
    set_language("ja")
    assert tr(template, year="¥12", month="¥1") == "1年分の料金は <b>¥12</b>(12 × ¥1)です。"
    assert tr("A sentence nobody translated") == "A sentence nobody translated"
    assert "A sentence nobody translated" in missing_translations()
    language._MISSING.discard("A sentence nobody translated")


def test_a_count_takes_its_japanese_counter():
    from cslearn.formatting import plural

    set_language("ja")
    assert plural(3, "month") == "3か月" and plural(1200, "customer") == "1,200人"
    set_language("en")
    assert plural(3, "month") == "3 months"


def test_tables_show_japanese_names_and_keep_their_data():
    import pandas as pd

    table = pd.DataFrame({"revenue": [1.0], "ltv_to_cac_zz": [2.0]}, index=pd.Index(["a"], name="model"))
    shown = language.translate_table(table, "ja")
    assert list(shown.columns) == ["売上", "ltv_to_cac_zz"] and shown.index.name == "モデル"
    assert list(table.columns) == ["revenue", "ltv_to_cac_zz"]  # the learner's table is untouched
    assert language.translate_table(table, "en") is table


def test_a_tables_texts_are_shown_in_japanese_unless_kept_as_written():
    import pandas as pd

    table = pd.DataFrame({"label": ["Monthly fee (円)", "my own words"], "term_en": ["Monthly fee (円)", "x"],
                          "stage": ["Monthly fee (円)", "y"], "stage_ja": ["月", "y"], "revenue": [1.0, 2.0]})
    shown = language.translate_table(table, "ja")
    assert shown.iloc[:, 0].tolist() == ["月額料金(円)", "my own words"]
    assert shown.iloc[:, 1].tolist() == ["Monthly fee (円)", "x"]  # term_en: English on purpose
    assert shown.iloc[:, 2].tolist() == ["Monthly fee (円)", "y"]  # stage: its Japanese is beside it
    assert table["label"].tolist() == ["Monthly fee (円)", "my own words"]  # the data are untouched


@pytest.mark.parametrize(("name", "factory"), explorer_factories(), ids=[n for n, _ in explorer_factories()])
def test_every_explorer_speaks_japanese(name, factory):
    """Built in Japanese, each explorer's sliders are labelled in Japanese and its readout is Japanese."""
    set_language("ja")
    before = set(missing_translations())
    explorer = factory(**base_call(factory))  # the explorers that need data get the declared example
    english = [c.description for c in explorer.controls.values() if not JAPANESE.search(c.description)]
    assert english == [], f"{name}: sliders still in English: {english}"
    assert JAPANESE.search(explorer.text.value), f"{name}: readout in English: {explorer.text.value[:200]}"
    untranslated = set(missing_translations()) - before
    assert untranslated == set(), f"{name}: no Japanese for {untranslated}"


def test_the_course_tables_are_japanese_in_japanese():
    import cslearn as cs

    set_language("ja")
    before = set(missing_translations())
    for name, table, column in [("sources", cs.sources(), "summary"), ("chapters", cs.chapters(), "teaches"),
                                ("concepts", cs.concepts(), "summary"), ("glossary", cs.glossary(), "definition")]:
        english = [text for text in table[column] if not JAPANESE.search(text)]
        assert english == [], f"{name}: {column} still in English: {english[:3]}"
    assert set(missing_translations()) - before == set()
    set_language("en")
    assert not JAPANESE.search(cs.concepts().loc[0, "summary"])


def test_the_articles_business_models_read_in_japanese_and_a_learners_as_written():
    import cslearn as cs

    for business in ("dance school", "online school"):
        frame = cs.article_business_model(business).to_frame("ja")
        english = [text for text in frame["content"] if not JAPANESE.search(text)]
        assert english == [], f"{business}: {english}"
        assert not JAPANESE.search(" ".join(cs.article_business_model(business).to_frame("en")["content"]))
    mine = cs.BusinessModel("mine", customer="night-shift nurses").to_frame("ja")
    assert mine.loc[0, "content"] == "night-shift nurses"


def test_a_kind_of_table_reads_its_own_words():
    """[tables.<kind>] words apply only to the tables that name that kind in attrs["words"]."""
    import pandas as pd

    plain = pd.DataFrame({"party": ["owner"], "unit": ["month"]})
    payback = plain.copy()
    payback.attrs["words"] = "owner_payback"
    assert language.translate_table(payback, "ja").iloc[0].tolist() == ["オーナー", "か月目"]
    assert language.translate_table(plain, "ja").iloc[0, 1] != "か月目"  # elsewhere month is elapsed months
