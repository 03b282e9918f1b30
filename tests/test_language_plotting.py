import warnings

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes

import cslearn as cs
from cslearn import theme as plotting
from cslearn.language import label


def _render(fig):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught]


def test_language_switch_changes_labels():
    assert label("customers") == "Customers"
    cs.set_language("ja")
    assert label("customers") == "顧客数"
    with pytest.raises(ValueError, match="language must be one of 'en', 'ja'"):
        cs.set_language("fr")
    with pytest.raises(KeyError, match="no plot label called 'nonsense'"):
        label("nonsense")


def test_japanese_plot_renders_without_missing_glyphs():
    cs.set_language("ja")
    fig, ax = plt.subplots()
    cs.plot_font_check(ax=ax)
    cs.plot_survey(cs.survey_counts(cs.load_dataset("cs_awareness_survey_2021")), ax=ax)
    messages = _render(fig)
    assert not [m for m in messages if "missing from" in m or "Glyph" in m], messages
    assert "IPAexGothic" in plt.rcParams["font.family"]
    plt.close(fig)


def test_no_font_fallback_is_logged(caplog):
    # matplotlib logs (not warns) when a weight is missing from a font, e.g. bold IPAexGothic
    fig, ax = plt.subplots()
    cs.plot_survey(cs.survey_counts(cs.load_dataset("cs_awareness_survey_2021")), ax=ax)
    with caplog.at_level("WARNING", logger="matplotlib.font_manager"):
        fig.canvas.draw()
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    plt.close(fig)


def test_plot_functions_draw_on_the_given_axes_and_return_it():
    fig, axes = plt.subplots(2, 2)
    table = cs.ownership_vs_access(3000, 980, churn=0.05)
    results = [
        cs.plot_ownership(table, ax=axes[0, 0], break_even=4),
        cs.plot_budget_splits(cs.compare_budget_splits([0, 0.5, 1], months=6), ax=axes[0, 1], chosen=0.5),
        cs.plot_budget_paths(cs.budget_split(0.5, months=6).assign(acquisition_share=0.5), ax=axes[1, 0]),
        cs.plot_survey(cs.survey_counts(cs.load_dataset("cs_awareness_survey_2021")), ax=axes[1, 1]),
    ]
    for ax, result in zip(axes.flat, results, strict=True):
        assert result is ax and isinstance(result, Axes)
        assert result.has_data()
    assert axes[0, 0].get_xlabel() == "Month"
    plt.close(fig)


def test_labels_follow_the_language():
    cs.set_language("ja")
    ax = cs.plot_ownership(cs.ownership_vs_access(3000, 980))
    assert ax.get_xlabel() == "経過月数"
    assert "買い切り" in [t.get_text() for t in ax.get_legend().get_texts()][0]
    plt.close(ax.figure)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_break_even_labels_sit_clear_of_the_rising_lines_and_money_starts_at_zero(language):
    cs.set_language(language)
    table = cs.ownership_vs_access(3000, 980, months=12, churn=0.2)
    ax = cs.plot_ownership(table, break_even=4, seller_break_even=5)
    if language == "ja":  # at month 4 the customer has recouped nothing: the payments only reach the price
        texts = [note.get_text() for note in ax.texts]
        assert texts == ["損益分岐点に達する月(顧客): 4", "損益分岐点に達する月(売り手): 5"]  # one term for both
        assert not any("元が取れる" in text for text in texts)
    assert ax.get_ylim()[0] == 0
    ax.figure.canvas.draw()
    to_data = ax.transData.inverted()
    for note in ax.texts:  # each label starts at its month; every line is above the label's top there
        box = note.get_window_extent().transformed(to_data)
        covered = table[(table["month"] >= box.x0) & (table["month"] <= box.x1)]
        lines = covered[["buy_once", "subscribe", "subscribe_expected"]].to_numpy()
        assert (lines > box.y1).all(), note.get_text()
    plt.close(ax.figure)


def test_money_axis_formats_in_yen():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 2_000_000])
    plotting.money_axis(ax)
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert any(t.startswith("¥") and t.endswith("M") for t in ticks)
    cs.set_language("ja")
    fig.canvas.draw()
    assert any("万" in t.get_text() for t in ax.get_yticklabels())
    plt.close(fig)


def test_plots_refuse_tables_without_their_columns():
    with pytest.raises(ValueError, match="table is missing the column"):
        cs.plot_ownership(cs.budget_split(0.5))


def _tick_texts(ax, axis="y"):
    ticks = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in ticks if t.get_text()]


def test_japanese_budget_plot_never_repeats_a_tick_label():
    cs.set_language("ja")
    fig, ax = plt.subplots()
    cs.plot_budget_splits(cs.compare_budget_splits(months=24), ax=ax, chosen=1.0)
    fig.canvas.draw()
    texts = _tick_texts(ax)
    assert len(texts) >= 4 and all("億" in t for t in texts), texts
    assert all(a != b for a, b in zip(texts, texts[1:], strict=False)), texts
    plt.close(fig)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    ("low", "high"),
    [(1.40e8, 1.45e8), (1.1e8, 1.6e8), (2.0e4, 2.4e4), (9.0e3, 1.2e4), (-3.0e5, 2.0e5), (1.0e8, 1.0001e8), (0, 5e6)],
)
def test_money_ticks_are_distinct_neighbours_for_any_range(language, low, high):
    cs.set_language(language)
    fig, ax = plt.subplots()
    ax.plot([0, 1], [low, high])
    plotting.money_axis(ax)
    fig.canvas.draw()
    texts = _tick_texts(ax)
    assert len(texts) >= 2
    assert all(a != b for a, b in zip(texts, texts[1:], strict=False)), texts
    assert not any(t.startswith("-¥0") for t in texts), texts
    plt.close(fig)


def test_money_formatter_keeps_one_decimal_when_it_is_enough():
    cs.set_language("ja")
    formatter = plotting.MoneyFormatter()
    assert formatter.format_ticks([1e8, 1.5e8, 2e8]) == ["¥1億", "¥1.5億", "¥2億"]
    assert formatter.format_ticks([1.40e8, 1.42e8, 1.44e8]) == ["¥1.40億", "¥1.42億", "¥1.44億"]


def test_route_plot_draws_both_policies_in_either_language():
    wait, ahead = cs.route_sales(0.0), cs.route_sales(0.9)
    fig, (left, right) = plt.subplots(1, 2)
    cs.plot_route_sales(wait, ahead, ax=left)
    cs.plot_route_sales(wait, ahead, ax=right, column="cumulative_profit", pays_from=18)
    assert len(left.get_lines()) == 2 and left.get_ylabel() == "Regular households"
    assert any(t.get_text().endswith(": 18") for t in right.get_legend().get_texts())
    cs.set_language("ja")
    ax = cs.plot_route_sales(wait, ahead)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["注文を待つ", "先回りして補充"]
    assert not [m for m in _render(ax.figure) if "missing from" in m or "Glyph" in m]
    with pytest.raises(ValueError, match="missing the column"):
        cs.plot_route_sales(wait.drop(columns="households"), ahead)
    plt.close("all")


def test_every_label_the_code_asks_for_by_name_is_in_a_labels_file():
    import re
    from pathlib import Path

    package = Path(cs.__file__).parent
    asked = {key for path in package.rglob("*.py")
             for key in re.findall(r"""\blabel\(\s*["']([A-Za-z0-9_ ]+)["']\s*[,)]""", path.read_text("utf-8"))}
    assert len(asked) > 100
    missing = sorted(key for key in asked if key != "example_key" and not _known(key))
    assert missing == []


def _known(key):
    try:
        label(key, "ja")
    except KeyError:
        return False
    return True


def test_a_label_defined_in_two_files_or_without_its_japanese_is_refused(tmp_path, monkeypatch):
    from cslearn import language

    (tmp_path / "labels.toml").write_text('month = { en = "Month", ja = "月" }\n', encoding="utf-8")
    (tmp_path / "topic").mkdir()
    (tmp_path / "topic" / "labels.toml").write_text('month = { en = "Month", ja = "月" }\n', encoding="utf-8")
    monkeypatch.setattr(language, "__file__", str(tmp_path / "language.py"))
    with pytest.raises(ValueError, match="label 'month' is defined in both"):
        language._read_label_files()
    (tmp_path / "topic" / "labels.toml").write_text('fans = { en = "Fans" }\n', encoding="utf-8")
    with pytest.raises(ValueError, match="label 'fans' in .* must have non-empty en and ja texts"):
        language._read_label_files()
