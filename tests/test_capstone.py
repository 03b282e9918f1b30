"""The capstone: the presets file and its loader, the analysis of one business, the workshop run."""

import copy
import json

import nbformat
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, cell_text
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import betaln

import cslearn as cs
from cslearn.capstone.analysis import PRESET_FIELDS
from cslearn.tools.cli import main

ARTICLE_BUSINESSES = {"gym", "esthetic_salon", "lounge", "yakiniku", "online_school", "dance_school",
                   "software_subscription"}


@pytest.fixture(scope="module")
def raw():
    return json.loads((ROOT / "data" / "capstone_presets.json").read_text(encoding="utf-8"))


def _write(tmp_path, presets):
    path = tmp_path / "my_presets.json"
    path.write_text(json.dumps(presets, ensure_ascii=False), encoding="utf-8")
    return path


def _one(raw, key="gym", **changes):
    preset = copy.deepcopy(raw[key])
    preset.update(changes)
    return preset


def test_presets_cover_the_seed_businesses_with_every_field():
    presets = cs.load_presets()
    assert set(presets) == ARTICLE_BUSINESSES
    for preset in presets.values():
        assert set(preset) == set(PRESET_FIELDS)
        assert abs(sum(preset["loyalty_shares"]) - 1) < 1e-9


def test_a_copied_file_with_one_business_loads(tmp_path, raw):
    presets = cs.load_presets(_write(tmp_path, {"my_shop": _one(raw, name="My shop", fee=4500)}))
    assert list(presets) == ["my_shop"]
    assert presets["my_shop"]["fee"] == 4500.0
    preset = cs.business_preset("my_shop", _write(tmp_path, {"my_shop": _one(raw)}), churn=0.02)
    assert preset["churn"] == 0.02


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"churn": 1.3}, r"gym: churn must be greater than 0 and less than 1 \(got 1.3\)"),
        ({"churn": "5%"}, r"gym: churn must be a number"),
        ({"fee": 0}, r"gym: fee must be greater than 0"),
        ({"margin": 0}, r"gym: margin must be greater than 0"),
        ({"months": 6}, r"gym: months must be a whole number between 12 and 240"),
        ({"observed_months": 24}, r"gym: observed_months must be a whole number between 2 and 23"),
        ({"loyalty_shares": [0.5, 0.5, 0.5, 0]}, r"gym: loyalty_shares must add up to 1 \(got 1.5\)"),
        ({"loyalty_shares": [0.5, 0.5]}, r"gym: loyalty_shares must be a list of four numbers"),
        ({"model": "franchise"}, r"gym: model must be one of .*'subscription'"),
        ({"stages": []}, r"gym: stages must be a list of at least one stage"),
        ({"name": "  "}, r"gym: name must not be empty"),
        ({"chrun": 0.05}, r"gym: unknown field 'chrun'; did you mean 'churn'\?"),
    ],
)
def test_impossible_or_mistyped_values_are_named(tmp_path, raw, changes, message):
    with pytest.raises((ValueError, TypeError), match=message):
        cs.load_presets(_write(tmp_path, {"gym": _one(raw, **changes)}))


def test_a_missing_value_is_named_with_its_meaning(tmp_path, raw):
    preset = _one(raw)
    del preset["cac"]
    with pytest.raises(ValueError, match=r"gym: 'cac' is missing \(cost of acquiring one customer"):
        cs.load_presets(_write(tmp_path, {"gym": preset}))


def test_stage_errors_name_the_stage(tmp_path, raw):
    stages = copy.deepcopy(raw["gym"]["stages"])
    stages[1]["advance"], stages[1]["churn"] = 0.7, 0.6
    with pytest.raises(ValueError, match=r"gym: advance \+ churn must be at most 1 .*'regular'"):
        cs.load_presets(_write(tmp_path, {"gym": _one(raw, stages=stages)}))
    del stages[0]["price"]
    with pytest.raises(ValueError, match=r"gym: stages\[0\]: 'price' is missing"):
        cs.load_presets(_write(tmp_path, {"gym": _one(raw, stages=stages)}))


def test_bad_files_are_explained(tmp_path):
    with pytest.raises(ValueError, match="no presets file at"):
        cs.load_presets(tmp_path / "nowhere.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"gym": {"fee": 8000,}}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken.json is not valid JSON: .* line 1"):
        cs.load_presets(broken)
    with pytest.raises(ValueError, match="holds no presets"):
        cs.load_presets(_write(tmp_path, {"_about": "only a comment"}))
    with pytest.raises(ValueError, match="business must be one of"):
        cs.business_preset("bakery")


def test_the_arguments_themselves_are_named(raw):
    with pytest.raises(TypeError, match="path must be the path of a presets file"):
        cs.load_presets(3)
    with pytest.raises(TypeError, match="business must be non-empty text"):
        cs.business_preset(["gym"])
    with pytest.raises(TypeError, match="preset must be a dictionary"):
        cs.check_preset("gym")
    # analyse_business names the argument and the business (the preset's own name)
    with pytest.raises(ValueError, match=r"preset 'Neighbourhood gym': churn must be greater than 0"):
        cs.analyse_business({**cs.load_presets()["gym"], "churn": 1.3})
    with pytest.raises(ValueError, match=r"preset\['churn_spread'\] must be greater than 0"):
        cs.preset_sbg({"churn": 0.2, "churn_spread": 0})
    with pytest.raises(ValueError, match="preset must hold 'churn_spread'"):
        cs.preset_sbg({"churn": 0.2})
    with pytest.raises(ValueError, match="preset: stages must be a list of at least one stage"):
        cs.preset_ladder({"stages": []})
    with pytest.raises(ValueError, match="language must be one of 'en', 'ja'"):
        cs.business_report(cs.analyse_business(cs.load_presets()["gym"]), "fr")


@settings(max_examples=40, deadline=None)
@given(st.floats(0.001, 0.999), st.floats(0.001, 0.999))
def test_sbg_parameters_have_the_preset_mean_and_polarisation(churn, spread):
    alpha, beta = cs.preset_sbg({"churn": churn, "churn_spread": spread})
    assert alpha > 0 and beta > 0
    assert alpha / (alpha + beta) == pytest.approx(churn, rel=1e-9)
    assert 1 / (alpha + beta + 1) == pytest.approx(spread, rel=1e-9)


@pytest.fixture(scope="module")
def dance():
    return cs.analyse_business(cs.business_preset("dance_school"))


def test_ltv_matches_a_direct_sum_over_the_sbg_survival(dance):
    p, s = dance.preset, dance.summary
    # a subscription's ARPU is its fee; the LTV counts the P&L's horizon only, not a 100-year tail
    assert s["arpu"] == pytest.approx(p["fee"], rel=1e-9)
    t = np.arange(p["months"])
    survival = np.exp(betaln(dance.alpha, dance.beta + t) - betaln(dance.alpha, dance.beta))
    by_hand = np.sum(p["margin"] * p["fee"] * survival / (1 + p["discount_rate"]) ** t)
    assert s["ltv"] == pytest.approx(by_hand, rel=1e-6)
    d, c, n = p["discount_rate"], p["churn"], p["months"]
    q = (1 - c) / (1 + d)
    assert s["ltv_constant"] == pytest.approx(p["margin"] * p["fee"] * (1 - q**n) / (1 - q), rel=1e-9)
    # customers who differ are worth more than identical ones with the same mean churn (Jensen)
    assert s["ltv"] > s["ltv_constant"]
    assert s["ltv_to_cac"] == pytest.approx(s["ltv"] / p["cac"], rel=1e-6)


@pytest.mark.parametrize("key", ["esthetic_salon", "lounge", "yakiniku", "gym"])
def test_model_revenue_pnl_and_ltv_use_one_arpu(key):
    a = cs.analyse_business(cs.business_preset(key))
    p, s = a.preset, a.summary
    stays = sum((1 - p["churn"]) ** t for t in range(p["months"]))  # expected months billed
    assert s["arpu"] * stays == pytest.approx(s["model_revenue"], rel=1e-9)
    first = a.pnl.table.iloc[0]
    assert first["revenue"] == pytest.approx(p["new_customers"] * s["arpu"], rel=1e-9)
    # with no discounting and no churn spread the LTV would be margin x model revenue
    flat = cs.analyse_business({**p, "discount_rate": 0.0}).summary
    assert flat["ltv_constant"] == pytest.approx(p["margin"] * s["model_revenue"], rel=1e-9)


def test_businesses_with_the_same_shares_draw_different_customers():
    salon = cs.analyse_business(cs.business_preset("esthetic_salon"))
    school = cs.analyse_business(cs.business_preset("online_school"))
    assert salon.preset["loyalty_shares"] == school.preset["loyalty_shares"]
    assert not salon.loyalty["customers"].equals(school.loyalty["customers"])
    assert salon.summary["true_share_assumed"] == salon.preset["loyalty_shares"][0]


def test_report_warns_when_ltv_to_cac_passes_but_cash_never_turns(dance):
    a = cs.analyse_business(cs.business_preset("yakiniku"))
    assert a.summary["ltv_to_cac"] >= 3 and not np.isfinite(a.summary["breakeven_month"])
    assert "a good ratio per customer is not a profitable business" in cs.business_report(a, "en")
    assert "黒字にならない" in cs.business_report(a, "ja")
    assert cs.yen(a.summary["npv"]) in cs.business_report(a, "en")
    assert "not a profitable" not in cs.business_report(dance, "en")


def test_analysis_parts_agree_with_the_preset(dance):
    p, s = dance.preset, dance.summary
    assert dance.business_model.complete
    assert len(dance.pnl.table) == p["months"]
    assert dance.retention.table["actual"].iloc[0] == p["cohort_size"]
    assert dance.loyalty["customers"].sum() == p["loyalty_customers"]
    assert list(dance.ladder["stage"]) == [stage["stage"] for stage in p["stages"]]
    assert s["ladder_ltv"] > s["one_plan_ltv"] > 0
    # with one plan a beginner pays 6,000 a month (margin m) and leaves at 0.12 + 0.10 a month
    m, d, first = p["margin"], p["discount_rate"], p["stages"][0]
    q = (1 - first["advance"] - first["churn"]) / (1 + d)
    assert s["one_plan_ltv"] == pytest.approx(m * first["price"] / (1 - q), rel=1e-9)


def test_same_seed_same_analysis_other_seed_other_draws():
    preset = cs.business_preset("gym")
    a, b, c = (cs.analyse_business(preset, rng=k) for k in (3, 3, 4))
    pd.testing.assert_series_equal(a.summary, b.summary)
    assert not a.retention.table["actual"].equals(c.retention.table["actual"])


def test_report_states_the_computed_numbers_in_both_languages(dance):
    s = dance.summary
    english = cs.business_report(dance, "en")
    japanese = cs.business_report(dance, "ja")
    from cslearn.language import speaking

    for language, text in (("en", english), ("ja", japanese)):
        with speaking(language):  # a percentage is '12.9 %' in English, '12.9%' in Japanese
            for key in ("ltv", "ltv_constant", "ladder_ltv", "one_plan_ltv", "model_revenue"):
                assert cs.yen(s[key]) in text
            assert cs.percent(s["sbg_error"], 1) in text
            for key in ("true_share", "true_share_assumed", "spurious_share", "spurious_share_assumed"):
                assert cs.percent(s[key], 0) in text
    # the Japanese report names stages and the revenue model in Japanese and keeps the verdict
    assert dance.ladder["stage_ja"].iloc[-1] in japanese and dance.ladder["stage"].iloc[-1] not in japanese
    assert "サブスク" in japanese and "`subscription`" not in japanese and "目安の3" in japanese
    # the course's preset reads in Japanese (a learner's own texts are shown as written)
    assert "ダンス未経験の大人" in japanese and dance.preset["customer"] not in japanese
    assert dance.preset["customer"] in english
    assert english.startswith("## Report: Dance school")
    assert japanese.startswith("## レポート:ダンススクール")
    with pytest.raises(TypeError, match="analyse_business"):
        cs.business_report({"ltv": 1})


@pytest.mark.parametrize("business", ["yakiniku", "online_school", "dance_school"])
def test_the_japanese_report_is_japanese_with_the_english_numbers(business):
    """In Japanese every sentence of the report is Japanese (the course's preset texts in their
    Japanese) and it states exactly the numbers of the English report."""
    import re

    from cslearn.language import known_translation

    analysis = cs.analyse_business(cs.business_preset(business))
    english = cs.business_report(analysis, "en")
    cs.set_language("ja")
    try:
        japanese = cs.business_report(analysis)  # the language set, as the chapter calls it
    finally:
        cs.set_language("en")
    assert japanese == cs.business_report(analysis, "ja") and japanese != english

    def numbers(text):
        return sorted(n.replace(" ", "") for n in re.findall(r"-?¥[\d,]+|\d[\d,]*(?:\.\d+)?(?: ?%)?", text))

    def without(text, texts):  # the preset's own words may write a number differently ('three' or '3')
        for own in texts:
            text = text.replace(own, "")
        return text

    p = analysis.preset
    own = [p["customer"], p["value"], p["revenue"]["how"]]
    own_ja = [known_translation(text, "ja") for text in own]
    assert all(text in japanese for text in own_ja)
    rest = without(japanese, own_ja)
    per_one = re.compile("1(?:人|か月)あたり")  # "per customer", "per month": words in Japanese, not numbers
    assert numbers(per_one.sub("", rest)) == numbers(without(english, own))
    lines = [line for line in rest.splitlines() if line.strip()]
    assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", line) for line in lines)
    assert re.findall(r"\b[a-z]{2,}\b", japanese) == []  # no English word, the preset's texts included
    free = analysis.summary["one_plan_ltv"] == 0
    assert ("無料" in japanese) == free and ("first plan is free" in english) == free



@pytest.mark.parametrize("business", sorted(ARTICLE_BUSINESSES))
def test_a_course_presets_texts_read_in_japanese_and_a_learners_as_written(raw, business):
    """The course's presets are the articles' businesses: in Japanese the report and the business
    model table show their texts in Japanese (known_translation), with no English text left; a text
    a learner writes into their own preset is shown as written."""
    from cslearn.language import known_translation

    preset = raw[business]
    parts = [preset[key] for key in ("customer", "problem", "solution", "value")] + list(preset["revenue"].values())
    assert [text for text in parts if known_translation(text, "ja") == text] == []  # each has its Japanese
    analysis = cs.analyse_business(cs.business_preset(business))
    japanese = cs.business_report(analysis, "ja")
    assert [text for text in [preset["name"], *parts] if text in japanese] == []
    shown = [preset["name_ja"], *(known_translation(preset[key], "ja") for key in ("customer", "value")),
             known_translation(preset["revenue"]["how"], "ja")]
    assert [text for text in shown if text not in japanese] == []
    assert analysis.business_model.to_frame("ja")["content"].tolist() == [known_translation(t, "ja") for t in parts]
    assert analysis.business_model.to_frame("en")["content"].tolist() == parts
    stages_ja = [stage["stage_ja"] for stage in preset["stages"]]
    assert analysis.plan_values["top_stage_ja"].tolist() == analysis.ladder_values["stage_ja"].tolist() == stages_ja

    english = cs.business_report(analysis, "en")
    assert all(text in english for text in (preset["customer"], preset["value"], preset["revenue"]["how"]))
    assert not any(text in english for text in shown)

    mine = cs.analyse_business(cs.business_preset(business, customer="night-shift nurses near my station"))
    assert "「night-shift nurses near my station」" in cs.business_report(mine, "ja")

def test_report_figure_has_six_panels(dance):
    axes = cs.plot_business_report(dance)
    assert axes.shape == (2, 3)
    assert axes[1, 0].get_xlabel() == "Month"
    with pytest.raises(ValueError, match="2 x 3"):
        import matplotlib.pyplot as plt

        cs.plot_business_report(dance, axes=plt.subplots(1, 2)[1])


@pytest.mark.notebooks
def test_workshop_writes_one_report_for_one_preset(tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["workshop", "--business", "gym", "--out", str(out)]) == 0
    assert "1 of 1 reports written" in capsys.readouterr().out
    assert {p.name for p in out.iterdir()} == {"gym.ipynb", "gym.html", "status.md"}
    assert "| `gym.ipynb` |" in (out / "status.md").read_text(encoding="utf-8")
    notebook = nbformat.read(out / "gym.ipynb", as_version=4)
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    analysis = cs.analyse_business(cs.business_preset("gym"))
    text = cell_text(notebook, "ltv")
    assert f"LTV {cs.yen(analysis.summary['ltv'])}" in text
    assert f"acquisition pays back: month {analysis.summary['payback_month']:.0f}" in text
    assert cs.percent(analysis.summary["sbg_error"], 1) in cell_text(notebook, "retention")
    assert "gym: churn must be greater than 0" in cell_text(notebook, "bad-preset")
    html = (out / "gym.html").read_text(encoding="utf-8")
    assert "Report: Neighbourhood gym" in html and "data:image/png" in html


@pytest.mark.notebooks
def test_a_japanese_workshop_runs_the_japanese_capstone(tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["workshop", "--business", "esthetic_salon", "--lang", "ja", "--out", str(out)]) == 0
    notebook = nbformat.read(out / "esthetic_salon.ipynb", as_version=4)
    assert notebook.metadata.get("language") == "ja", "the Japanese edition's notebook ran"
    html = (out / "esthetic_salon.html").read_text(encoding="utf-8")
    assert f"レポート:{cs.business_preset('esthetic_salon')['name_ja']}" in html


@pytest.mark.parametrize("business", sorted(cs.load_presets()))
def test_the_chapters_explorer_cells_run_for_every_preset(business):
    """The capstone's cells that build explorers from a preset, run as the chapter has them, for every
    business a workshop may pick (an ARPU that is not whole yen once stopped the P&L explorer)."""
    chapter = nbformat.read(ROOT / "notebooks" / "07_capstone.ipynb", as_version=4)
    cells = [c.source for c in chapter.cells if c.cell_type == "code" and "_explorer(" in c.source]
    assert any("pnl_explorer" in source for source in cells)
    preset = cs.business_preset(business)
    analysis = cs.analyse_business(preset)
    space = {"cs": cs, "preset": preset, "analysis": analysis, "s": analysis.summary}
    for source in cells:
        try:
            exec(compile(source, "07_capstone.ipynb", "exec"), space)  # noqa: S102 - the chapter's own code
        except NameError as missing:  # a cell that needs an earlier cell's name: say which
            pytest.fail(f"{business}: {missing}: the test's namespace needs it ({source[:60]!r})")
