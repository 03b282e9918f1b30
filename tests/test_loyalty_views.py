"""Chapter 05 views: the plots label themselves, and the explorers answer their sliders."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import assert_every_move_shows

import cslearn as cs


def test_stockout_explorer_moves_with_every_slider():
    explorer = cs.stockout_explorer(psych_share=0.3, lead_days=0)
    assert set(explorer.controls) == {"psych_share", "lead_days", "outdoor_share"}
    assert_every_move_shows(explorer, [("lead_days", 10), ("psych_share", 0.7), ("outdoor_share", 0.8)])
    assert "prepared 10 days ahead" in explorer.text.value


def test_stockout_legend_says_no_preparation_at_lead_zero():
    from cslearn.loyalty.plots import plot_stockout

    same = cs.compare_preparation(0.3, 0)
    # ordered on the sell-out day, the "prepared" bars equal the others: the legend must say so
    assert same.loc[0, ["sales_kept", "sales_lost"]].tolist() == same.loc[1, ["sales_kept", "sales_lost"]].tolist()
    names = [t.get_text() for t in plot_stockout(same).get_legend().get_texts()]
    assert names[1].startswith("Prepared 0 days ahead") and "the same as ordering at the sell-out" in names[1]
    names = [t.get_text() for t in plot_stockout(cs.compare_preparation(0.3, 14)).get_legend().get_texts()]
    assert names[1] == "Substitutes prepared ahead"
    plt.close("all")


def test_stockout_explorer_readout_is_the_library_result():
    explorer = cs.stockout_explorer(psych_share=0.3, lead_days=0, customers=600)
    explorer.controls["lead_days"].value = 14
    direct = cs.compare_preparation(0.3, 14, customers=600, outdoor_share=0.4)
    assert explorer.result["comparison"].equals(direct)
    assert f"keep <b>{direct.loc[1, 'sales_kept']:,.0f}</b> of them as sales" in explorer.text.value
    # more trend-driven customers: fewer sales kept, more disappointed
    explorer.controls["psych_share"].value = 0.9
    assert explorer.result["comparison"].loc[1, "sales_kept"] < direct.loc[1, "sales_kept"]


def test_every_lead_days_position_but_the_last_moves_the_stockout_explorer():
    explorer = cs.stockout_explorer(psych_share=0.3, lead_days=0, customers=600, delivery_days=14)
    slider = explorer.controls["lead_days"]
    assert (slider.min, slider.max) == (0, 14)  # beyond 13 days ahead nothing changes: the slider stops at 14
    kept = []
    for lead in range(0, 15):
        slider.value = lead
        kept.append(explorer.result["comparison"].loc[1, "sales_kept"])
    assert all(later > earlier for earlier, later in zip(kept[:13], kept[1:14], strict=True))
    assert kept[14] == kept[13]
    assert "c = (30 - 1 + 1) / 30 = 1.00): ordering more than 13 days ahead changes nothing" in explorer.text.value
    slider.value = 5
    assert "on the shelf from day 9 after the sell-out (c = (30 - 9 + 1) / 30 = 0.73)" in explorer.text.value
    # a longer delivery time gives the slider more room
    assert cs.stockout_explorer(delivery_days=20).controls["lead_days"].max == 20


def test_counts_rates_explorer_moves_and_can_flip_the_story():
    explorer = cs.counts_rates_explorer()
    assert set(explorer.controls) == {"casual_churn", "new_per_month", "conversion", "months"}
    assert "In <b>11 months</b> the rate rose while the repeat buyers fell." in explorer.text.value
    before = explorer.image.value
    explorer.controls["new_per_month"].value = 200  # a growing base: repeaters rise, the rate falls
    assert explorer.image.value != before
    assert "In no month did the rate rise while the repeat buyers fell." in explorer.text.value
    assert explorer.result["repeaters"].iloc[-1] > explorer.result["repeaters"].iloc[0]
    explorer.controls["months"].value = 24
    assert len(explorer.result) == 24
    before = explorer.image.value
    explorer.controls["conversion"].value = 0.05  # fans are replenished: the fans' count rises
    assert explorer.image.value != before
    assert explorer.result["fans"].iloc[-1] > explorer.result["fans"].iloc[0]
    assert f"fans go from 300 to <b>{explorer.result['fans'].iloc[-1]:,.0f}</b>" in explorer.text.value
    words = explorer.result["words"].sum()
    assert f"customers wrote <b>{words:,.0f} reviews and comments</b>" in explorer.text.value


def test_matrix_explorer_moves_its_thresholds():
    customers = cs.make_loyalty_customers(300, rng=2)
    explorer = cs.loyalty_matrix_explorer(customers)
    before_text, before_image = explorer.text.value, explorer.image.value
    explorer.controls["attitude_threshold"].value = 6.0
    true_count = int(((customers["attitude"] >= 6.0) & (customers["repeat_purchases"] >= 3)).sum())
    assert f"<b>{true_count}</b> customers are in true loyalty" in explorer.text.value
    assert explorer.text.value != before_text and explorer.image.value != before_image
    explorer.controls["repeat_threshold"].value = 5
    true_count = int(((customers["attitude"] >= 6.0) & (customers["repeat_purchases"] >= 5)).sum())
    assert f"<b>{true_count}</b> customers are in true loyalty" in explorer.text.value
    with pytest.raises(ValueError):
        cs.loyalty_matrix_explorer(customers.drop(columns="attitude"))


def test_readouts_read_as_sentences():
    stockout = cs.stockout_explorer(psych_share=0.3, lead_days=0)
    assert "ordered on the sell-out day" in stockout.text.value and "0 days" not in stockout.text.value
    stockout.controls["lead_days"].value = 1
    assert "prepared 1 day ahead" in stockout.text.value
    stockout.controls["psych_share"].value = 0.0
    assert "<b>0 psychologically loyal customers</b> leave" in stockout.text.value
    matrix = cs.loyalty_matrix_explorer(cs.make_loyalty_customers(200, rng=1))
    matrix.controls["repeat_threshold"].value = 1
    assert "at least 1 repeat purchase," in matrix.text.value
    counts = cs.counts_rates_explorer(new_per_month=75, months=12)
    assert "Over 12 months the repeat rate goes from 38.0 %" in counts.text.value
    for view in (stockout, matrix, counts):
        text = view.text.value
        assert "-¥" not in text and "¥-" not in text and " 1 days" not in text and " 1 months" not in text
        assert text.rstrip().endswith(".")


def test_explorers_refuse_bad_starting_values():
    with pytest.raises(ValueError, match="psych_share"):
        cs.stockout_explorer(psych_share=1.5)
    with pytest.raises(ValueError, match="casual_churn"):
        cs.counts_rates_explorer(casual_churn=-0.1)


def test_plots_draw_what_they_are_given(tmp_path):
    customers = cs.make_loyalty_customers(300, rng=5)
    ax = cs.plot_loyalty_matrix(customers, 4.5, 3)
    counts = cs.loyalty_matrix(customers, 4.5, 3).set_index("segment")["customers"]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"True loyalty: {counts['true']}" in texts and f"No loyalty: {counts['none']}" in texts
    assert not ax.texts  # nothing written over the points
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(customers)
    plt.close("all")
    comparison = cs.compare_preparation(0.3, 14)
    ax = cs.plot_stockout(comparison)
    heights = sorted(round(p.get_height(), 6) for p in ax.patches)
    values = comparison[["sales_kept", "sales_lost", "disappointed_loyal"]].to_numpy().ravel()
    assert heights == sorted(round(v, 6) for v in values)
    dashboard = cs.counts_and_rates(cs.simulate_repeat_base())
    ax = cs.plot_repeat_rate(dashboard)
    assert list(ax.get_lines()[0].get_ydata()) == pytest.approx(dashboard["repeat_rate"].tolist())
    assert ax.get_ylim()[0] == 0
    plt.close("all")
    ax = cs.plot_fans_and_leavers(dashboard)
    drawn = {line.get_label(): list(line.get_ydata()) for line in ax.get_lines()}
    assert drawn["Fans"] == pytest.approx(dashboard["fans"].tolist())
    assert drawn["Repeat buyers this month"] == pytest.approx(dashboard["repeaters"].tolist())
    ax.figure.savefig(tmp_path / "rate.png")
    plt.close("all")


def test_plots_speak_japanese_and_refuse_wrong_tables():
    cs.set_language("ja")
    ax = cs.plot_fans_and_leavers(cs.counts_and_rates(cs.simulate_repeat_base()))
    assert ax.get_ylabel() == "人数"
    ax = cs.plot_stockout_by_need(cs.stockout_outcomes(0.3, 14))
    names = [t.get_text() for t in ax.get_xticklabels()]
    assert names == ["暑いのでサンダルなら何でも", "アウトドア用", "流行:そのモデル"]
    ax = cs.plot_stockout(cs.compare_preparation(0.3, 14))
    assert [t.get_text() for t in ax.get_xticklabels()][1] == "失った販売数(機会損失)"
    plt.close("all")
    with pytest.raises(ValueError, match="missing the column"):
        cs.plot_stockout(pd.DataFrame({"scenario": ["with"]}))
