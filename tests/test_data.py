import re

import pandas as pd
import pytest
from conftest import ROOT

import cslearn as cs
from cslearn import data


def test_every_dataset_loads_with_its_declared_columns():
    for name, dataset in data.DATASETS.items():
        frame = cs.load_dataset(name)
        assert list(frame.columns[: len(dataset.columns)]) == list(dataset.columns), name
        assert len(frame) > 0


def test_every_dataset_file_is_documented_in_the_data_readme():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for dataset in data.DATASETS.values():
        assert dataset.filename in readme, f"data/README.md does not describe {dataset.filename}"
    for section in re.split(r"\n## ", readme)[1:]:
        assert re.search(r"licen[cs]e", section, re.I), f"a data/README.md section gives no licence: {section[:40]}"


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="name must be one of .*'glossary'"):
        cs.load_dataset("glosary")


def test_missing_file_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("CSLEARN_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="glossary.csv"):
        cs.load_dataset("glossary")


def test_missing_column_and_bad_type_are_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("CSLEARN_DATA", str(tmp_path))
    pd.DataFrame({"item": ["a"], "item_ja": ["あ"], "base": ["all"]}).to_csv(
        tmp_path / "cs_awareness_survey_2021.csv", index=False
    )
    with pytest.raises(ValueError, match="missing column\\(s\\) 'share'"):
        cs.load_dataset("cs_awareness_survey_2021")
    pd.DataFrame({"item": ["a"], "item_ja": ["あ"], "base": ["all"], "share": ["lots"]}).to_csv(
        tmp_path / "cs_awareness_survey_2021.csv", index=False
    )
    with pytest.raises(ValueError, match="column 'share' must hold numbers \\(found 'lots'\\)"):
        cs.load_dataset("cs_awareness_survey_2021")


def test_glossary_is_bilingual_and_covers_every_chapter():
    glossary = cs.glossary()
    assert glossary["term_ja"].str.contains(r"[\u3040-\u30ff\u4e00-\u9fff]").all()
    assert not glossary["term_en"].duplicated().any()
    assert set(glossary["chapter"]) == set(range(0, 7))
    with pytest.raises(ValueError, match="chapter must be a whole number between 0 and 7"):
        cs.glossary(9)


def test_chapter_map_points_at_notebooks_that_exist_or_are_planned():
    chapters = cs.chapters()
    present = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert {"00_start_here.ipynb", "01_ownership_to_experience.ipynb"} <= present
    # app.ipynb is not a chapter: it gathers the chapters' explorers for Voilà (make app)
    assert present <= set(chapters["notebook"]) | {"app.ipynb"}
    assert chapters["ready"].all(), "every chapter in the map has its notebook"
