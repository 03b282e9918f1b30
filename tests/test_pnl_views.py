"""Chapter 03's views: the P&L plots and the explorers, driven from Python (no browser)."""

import math
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import assert_every_move_shows
from matplotlib.axes import Axes

import cslearn as cs
from cslearn.value.plots import plot_cumulative_cash, plot_pnl, update_pnl

BUSINESS = dict(churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=1_000, fixed_cost=1_000_000)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _legend(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def _breakeven_by_hand(cash):
    below = np.flatnonzero(np.asarray(cash) <= 0)
    return 1 if below.size == 0 else int(below[-1]) + 2


# -- plots --------------------------------------------------------------------------------------
def test_plot_pnl_draws_the_three_panels_from_the_table():
    p = cs.project_pnl(36, 100, **BUSINESS)
    axes = cs.plot_pnl(p.table, summary=p.summary)
    assert len(axes) == 3 and all(isinstance(ax, Axes) for ax in axes)
    mrr, customers, cash = axes
    assert mrr.get_lines()[0].get_ydata() == pytest.approx(p.table["mrr"].to_numpy())
    flow = customers._cslearn_flow  # new and churned are flows, in a panel of their own below the stock
    assert [line.get_label() for line in customers.get_lines()] == ["Customers"]
    assert [line.get_label() for line in flow.get_lines()] == ["New customers", "Churned"]
    assert _legend(flow) == ["New customers", "Churned"]
    assert flow.get_ylim()[1] < 0.2 * customers.get_ylim()[1]  # a far smaller scale than the stock
    # 100 new customers are not drawn at the height of 1,800 customers: the flow panel lies wholly
    # under the customers panel, with its own labelled axis, and they share the months
    customers.figure.canvas.draw()
    upper, lower = customers.get_position(), flow.get_position()
    assert lower.y1 <= upper.y0 and lower.x0 == pytest.approx(upper.x0)
    assert flow.get_ylabel() == "Per month" and customers.get_ylabel() == "Customers"
    assert flow.get_shared_x_axes().joined(flow, customers)
    assert not [t for t in customers.get_xticklabels() if t.get_visible() and t.get_text()]
    # month 1 by hand: 100 join, 5 % leave at month end
    assert customers.get_lines()[0].get_ydata()[0] == pytest.approx(95)
    assert cash.get_lines()[0].get_ydata() == pytest.approx(np.cumsum(p.table["profit"]))
    legend = _legend(cash)
    assert legend[1] == f"Cash positive from month {_breakeven_by_hand(p.table['cumulative_cash'])}"
    low = -p.table["cumulative_cash"].min()
    assert legend[0] == f"Cash needed: ¥{low / 1e6:.1f}M"
    lo, hi = cash.get_ylim()
    assert lo <= p.table["cumulative_cash"].min() and hi >= p.table["cumulative_cash"].max()


def test_j_curve_without_summary_or_never_breaking_even():
    table = cs.project_pnl(24, 100, churn=0.3, arpu=10_000, margin=0.5, cac=100_000).table
    ax = plot_cumulative_cash(table)
    assert ax.get_legend() is None
    losing = cs.project_pnl(24, 100, churn=0.3, arpu=10_000, margin=0.5, cac=100_000)
    ax = plot_cumulative_cash(losing.table, summary=losing.summary)
    assert [t.startswith("Cash needed") for t in _legend(ax)] == [True]  # no break-even line: it never happens


def test_update_pnl_moves_the_lines_and_keeps_the_artists():
    first = cs.project_pnl(36, 100, **BUSINESS)
    axes = plot_pnl(first.table, summary=first.summary)
    lines_before = [line for ax in axes for line in ax.get_lines()]
    second = cs.project_pnl(48, 250, **dict(BUSINESS, churn=0.02))
    update_pnl(axes, second.table, second.summary)
    assert [line for ax in axes for line in ax.get_lines()] == lines_before
    assert axes[1]._cslearn_flow.get_lines()[0].get_ydata() == pytest.approx(np.full(48, 250.0))
    assert axes[1]._cslearn_flow.get_ylim()[1] >= 250
    assert axes[0].get_ylim()[1] >= second.table["mrr"].max()
    assert axes[0].get_xlim()[1] == pytest.approx(48.5)
    assert len([c for c in axes[0].collections if c.get_gid() == "pnl:mrr_area"]) == 1
    assert _legend(axes[2])[1] == f"Cash positive from month {_breakeven_by_hand(second.table['cumulative_cash'])}"


def test_plot_functions_refuse_bad_input():
    table = cs.project_pnl(12, 10).table
    with pytest.raises(ValueError, match="table is missing the column"):
        cs.plot_pnl(table.drop(columns="mrr"))
    with pytest.raises(TypeError, match="table must be a pandas DataFrame"):
        cs.plot_mrr(table.to_dict())
    with pytest.raises(ValueError, match="'churned'"):
        cs.plot_customers(table.drop(columns="churned"))
    with pytest.raises(ValueError, match="axes must hold exactly 3"):
        fig, two = plt.subplots(1, 2)
        cs.plot_pnl(table, axes=two)
    with pytest.raises(TypeError, match="summary must be"):
        cs.plot_cumulative_cash(table, summary=[1, 2])
    with pytest.raises(ValueError, match="ax has no 'pnl:mrr' artist"):
        fig, three = plt.subplots(1, 3)
        cs.update_pnl(three, table)
    with pytest.raises(ValueError, match="column must be one of"):
        cs.plot_growth(cs.compare_growth(12).table, column="profit")
    with pytest.raises(ValueError, match="draws is missing"):
        cs.plot_next_month(table)
    with pytest.raises(ValueError, match="table is missing"):
        cs.plot_support_costs(table)


def test_next_month_histogram_shares_sum_to_one_per_business():
    draws = cs.next_month_draws(1_000, rng=1)
    axes = cs.plot_next_month(draws, bins=30, loss_below=8_000_000)
    assert [ax.get_title() for ax in axes] == ["Shot business (one-time sales)", "Subscription"]
    # one filled step outline per business (a single artist, quick to redraw): its steps are the bars
    assert [len(ax.patches) for ax in axes] == [1, 1]
    heights = np.array([ax.patches[0].get_xy()[1:61:2, 1] for ax in axes])
    assert heights.shape == (2, 30) and heights.sum(axis=1) == pytest.approx([1.0, 1.0])
    # the subscription's futures sit in far fewer bars than the shop's, each panel on its own scale
    assert (heights[1] > 0).sum() < (heights[0] > 0).sum()
    assert axes[0].get_ylim()[1] < 0.5 * axes[1].get_ylim()[1]
    for ax in axes:  # the loss line at fixed cost / margin, inside the range shown
        line = [line for line in ax.get_lines() if line.get_label().startswith("Loss below")]
        assert line and line[0].get_xdata()[0] == pytest.approx(8_000_000)
        assert ax.get_xlim()[0] < 8_000_000
    with pytest.raises(ValueError, match="axes must hold exactly 2"):
        cs.plot_next_month(draws, axes=plt.subplots(1, 3)[1])


def test_growth_plot_ends_where_the_comparison_ends():
    comparison = cs.compare_growth(36)
    ax = cs.plot_growth(comparison.table, column="customers")
    ends = {line.get_label(): line.get_ydata()[-1] for line in ax.get_lines()}
    end = comparison.at(36)
    assert ends["Acquisition only"] == pytest.approx(end.loc["acquisition", "customers"])
    assert ends["Retention first"] == pytest.approx(end.loc["retention", "customers"])
    assert ax.get_ylim()[0] == 0 and ax.get_title() == "Customers (same budget)"
    mrr = cs.plot_growth(comparison.table, column="mrr")
    assert mrr.get_ylim()[0] == 0 and mrr.get_title() == "MRR (same budget)"
    grows = cs.plot_growth(cs.compare_growth(36, reinvest=True).table, column="mrr")
    assert grows.get_title() == "MRR (same share of gross profit reinvested)"


def test_support_cost_plot_marks_the_break_even_size():
    costs = cs.compare_support_costs(np.arange(0, 6_001, 500), 1_000, 200, 1_500_000)
    ax = cs.plot_support_costs(costs)
    marker = ax.get_lines()[2]
    assert marker.get_xdata()[0] == pytest.approx(1_500_000 / (1_000 - 200))
    assert _legend(ax)[2] == "Systemising pays from 1,875"
    never = cs.plot_support_costs(cs.compare_support_costs([0, 1_000], 1_000, 200, 1_500_000))
    assert len(never.get_lines()) == 2  # the crossing lies beyond the range shown


def test_japanese_labels_render_without_missing_glyphs():
    cs.set_language("ja")
    p = cs.project_pnl(24, 100, **BUSINESS)
    fig, axes = plt.subplots(3, 3, figsize=(15, 12))
    plot_pnl(p.table, axes[0], p.summary)
    cs.plot_next_month(cs.next_month_draws(500, rng=0), axes=axes[1:, 0], loss_below=8_000_000)
    cs.plot_growth(cs.compare_growth(24).table, ax=axes[1, 1])
    cs.plot_support_costs(cs.compare_support_costs([0, 3_000], 1_000, 200, 1_500_000), ax=axes[1, 2])
    assert axes[0, 2].get_ylabel() == "累積キャッシュ"
    assert _legend(axes[0, 2])[1] == f"{_breakeven_by_hand(p.table['cumulative_cash'])}か月目から累積黒字"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    assert not [w for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]


# -- the P&L explorer ---------------------------------------------------------------------------
def test_pnl_explorer_readout_by_hand():
    explorer = cs.pnl_explorer(support_cost=0)
    text = explorer.text.value
    assert f"LTV <b>{cs.yen(0.8 * 10_000 / 0.05)}</b>" in text
    assert f"LTV/CAC <b>{0.8 * 10_000 / 0.05 / 50_000:.2f}</b>" in text
    # without costs to serve, the payback month is the month in which payback_months falls
    assert f"payback in <b>month {math.ceil(cs.payback_months(50_000, 10_000, 0.8, 0.05))}</b>" in text


def test_pnl_explorer_ltv_to_cac_names_the_ltv_the_payback_uses():
    explorer = cs.pnl_explorer(onboarding_cost=100_000)  # support 1,000 a month for 1 / 0.05 months, then onboarding
    net = 0.8 * 10_000 / 0.05 - 1_000 / 0.05 - 100_000
    text = explorer.text.value
    assert f"({cs.yen(net)} after costs to serve)" in text and "the CAC is never paid back" in text
    assert (f"LTV/CAC <b>{0.8 * 10_000 / 0.05 / 50_000:.2f}</b> on the LTV before costs to serve, "
            f"<b>{net / 50_000:.2f}</b> after them (what the payback counts)") in text


def test_pnl_explorer_every_slider_moves_the_readout_and_the_figure():
    explorer = cs.pnl_explorer()
    assert set(explorer.controls) == {
        "new_customers", "churn", "arpu", "expansion", "margin", "cac", "onboarding_cost", "support_cost", "systemised",
        "systemised_support_cost", "systemisation_fixed_cost", "discount_rate", "months",
    }
    axes = explorer._axes
    moves = [("new_customers", 300), ("churn", 0.03), ("arpu", 12_000), ("expansion", 0.005), ("margin", 0.7),
             ("cac", 80_000), ("onboarding_cost", 10_000), ("support_cost", 1_500), ("systemised", True),
             ("systemised_support_cost", 300),
             ("systemisation_fixed_cost", 3_000_000), ("discount_rate", 0.01), ("months", 84)]
    assert_every_move_shows(explorer, moves)
    # one figure, lines moved in place (three panels and the customers panel's right-hand scale)
    assert explorer._axes is axes and len(explorer.figure.axes) == 4
    direct = cs.project_pnl(84, 300, churn=0.03, arpu=12_000, expansion=0.005, margin=0.7, cac=80_000,
                            onboarding_cost=10_000, support_cost=1_500, systemised=True, systemised_support_cost=300,
                            systemisation_fixed_cost=3_000_000, discount_rate=0.01, fixed_cost=1_000_000)
    assert explorer.result.table.equals(direct.table)


def test_pnl_explorer_systemisation_sliders_wait_for_the_box_and_the_readout_prices_it():
    explorer = cs.pnl_explorer(new_customers=100, support_cost=1_000, systemised_support_cost=200,
                               systemisation_fixed_cost=300_000, fixed_cost=1_000_000)
    fixed, per_customer = explorer.controls["systemisation_fixed_cost"], explorer.controls["systemised_support_cost"]
    assert fixed.disabled and per_customer.disabled  # they do nothing while support is by hand
    settings = dict(churn=0.05, arpu=10_000, margin=0.8, cac=50_000, support_cost=1_000, fixed_cost=1_000_000)
    by_hand = cs.project_pnl(60, 100, **settings).table["cumulative_cash"].iloc[-1]
    systemised = cs.project_pnl(60, 100, **settings, systemised=True, systemised_support_cost=200,
                                systemisation_fixed_cost=300_000).table["cumulative_cash"].iloc[-1]
    assert systemised > by_hand
    assert (f"Systemising support (with the settings below) would raise the 60-month cumulative cash by "
            f"<b>{cs.yen(systemised - by_hand)}</b>") in explorer.text.value
    explorer.controls["systemised"].value = True
    assert not fixed.disabled and not per_customer.disabled
    assert f"Systemised support raises the 60-month cumulative cash by <b>{cs.yen(systemised - by_hand)}</b>" in (
        explorer.text.value)
    # the chapter's task: shrink new customers until systemising no longer pays, read off the readout
    explorer.controls["new_customers"].value = 10
    assert "Systemised support lowers the 60-month cumulative cash by" in explorer.text.value
    explorer.controls["systemised"].value = False
    assert fixed.disabled and per_customer.disabled
    assert "would lower the 60-month cumulative cash by" in explorer.text.value


def test_pnl_explorer_onboarding_deepens_the_j():
    explorer = cs.pnl_explorer()
    need = -explorer.result.summary["cash_low"]
    explorer.controls["onboarding_cost"].value = 20_000
    deeper = -explorer.result.summary["cash_low"]
    # month 1 by hand: 100 new customers each get 20,000 of care on top of the 50,000 CAC
    assert explorer.result.table.loc[0, "onboarding_cost"] == pytest.approx(100 * 20_000)
    assert deeper > need and f"the plan needs <b>{cs.yen(round(deeper))}</b>" in explorer.text.value


def test_pnl_explorer_readout_holds_a_monthly_pnl_table():
    explorer = cs.pnl_explorer(months=24)
    text = explorer.text.value
    assert "<table" in text and "Cumulative cash" in text
    statement = cs.pnl_statement(explorer.result.table)
    assert statement.index.tolist() == [1, 3, 6, 12, 24]
    # month 1 by hand: 100 customers pay 10,000; 5,000,000 on acquisition; support 100 x 1,000; fixed 1,000,000
    cell = "<td style='padding:1px 8px;text-align:right'>"
    assert f"{cell}{cs.yen(0.8 * 1_000_000 - 5_000_000 - 100_000 - 1_000_000)}</td>" in text
    explorer.controls["cac"].value = 80_000
    assert cs.yen(8_000_000) in explorer.text.value  # the acquisition column moved with the slider (80,000 x 100)
    assert cs.yen(0.8 * 1_000_000 - 8_000_000 - 100_000 - 1_000_000) in explorer.text.value


def test_pnl_explorer_shows_infinite_ltv_and_never():
    explorer = cs.pnl_explorer(churn=0.01, expansion=0.0)
    explorer.controls["expansion"].value = 0.02  # prices grow faster than customers leave
    text = explorer.text.value
    assert "LTV <b>without limit</b>" in text and "never stop adding up" in text
    assert "LTV/CAC <b>without limit</b>" in text
    assert "∞" not in text and "inf" not in text.replace("info", "")
    explorer.controls["expansion"].value = 0.0
    explorer.controls["churn"].value = 0.3
    explorer.controls["cac"].value = 300_000
    text = explorer.text.value
    assert "<b>the CAC is never paid back</b>" in text and "in never" not in text and "in <b>never" not in text
    assert "still below zero" in text


@pytest.mark.parametrize(("bad", "name"), [({"churn": 1.5}, "churn"), ({"arpu": -1}, "arpu"),
                                           ({"systemised": "yes"}, "systemised"), ({"months": 0}, "months")])
def test_pnl_explorer_refuses_bad_starting_values(bad, name):
    with pytest.raises((ValueError, TypeError), match=name):
        cs.pnl_explorer(**bad)


# -- the growth explorer ------------------------------------------------------------------------
def test_growth_explorer_moves_and_reports_an_impossible_split():
    explorer = cs.growth_explorer(months=36)
    assert "ahead" in explorer.text.value
    assert_every_move_shows(explorer, [("care_share", 0.3), ("upsell_share", 0.1), ("churn", 0.08),
                                       ("cared_churn", 0.03), ("care_cost", 1_200), ("cac", 60_000),
                                       ("upsell_cost_share", 0.2), ("uncared_upsell_rate", 0.02), ("reinvest", True),
                                       ("months", 48)])
    assert explorer.result.gap.equals(cs.compare_growth(48, care_share=0.3, upsell_share=0.1, churn=0.08,
                                                        cared_churn=0.03, care_cost=1_200, cac=60_000,
                                                        upsell_cost=12_000, uncared_upsell_rate=0.02,
                                                        reinvest=True).gap)
    explorer.controls["upsell_share"].value = 0.9
    assert "care_share + upsell_share must be at most 1" in explorer.text.value


def test_growth_explorer_care_cost_decides_the_verdict():
    explorer = cs.growth_explorer(months=60)
    # rule of thumb in the readout: 1,000 / (5 % - 2 %) per customer kept, against the CAC
    text = explorer.text.value
    assert f"A customer kept by care costs {cs.yen(1_000 / 0.03)} (care cost / churn saved), below" in text
    assert "ahead" in text and "care pays" in text
    explorer.controls["care_cost"].value = 2_500  # 2,500 / 0.03 = 83,000 > CAC 50,000
    assert "behind" in explorer.text.value and "care does not pay" in explorer.text.value


def test_growth_explorer_refuses_churn_with_care_above_churn_without():
    explorer = cs.growth_explorer()
    explorer.controls["cared_churn"].value = 0.08  # above the 5 % without care
    text = explorer.text.value
    assert "churn with care (8.0 %) cannot exceed churn without care (5.0 %)" in text
    assert explorer.stale and explorer.image.layout.visibility == "hidden"
    explorer.controls["churn"].value = 0.1  # now care lowers churn again: the figure comes back
    assert "cannot exceed" not in explorer.text.value and explorer.image.layout.visibility != "hidden"
    with pytest.raises(ValueError, match=r"cared_churn 0.06 > churn 0.05"):
        cs.growth_explorer(cared_churn=0.06)


def test_growth_explorer_reinvest_toggle_shows_compounding():
    explorer = cs.growth_explorer(months=60)
    fixed = explorer.result.growth_rate("mrr")
    assert "With a fixed budget, MRR grows" in explorer.text.value
    explorer.controls["reinvest"].value = True
    grows = explorer.result.growth_rate("mrr")
    text = explorer.text.value
    assert f"With a budget that grows with revenue, MRR grows {cs.percent(grows['retention'], 2)} a month" in text
    assert grows["retention"] > 5 * fixed["retention"] and grows["retention"] > grows["acquisition"]


def test_growth_explorer_upsell_cost_slider_moves_the_upgrade_verdict():
    # upgrades on their own, no care: an upgrade adds 3,000 for 40 % of a 50,000 CAC = 20,000 (6.7 yen per
    # yen of monthly revenue), a new customer 10,000 for 50,000 (5.0 yen): upgrades lose; at 20 % they win
    explorer = cs.growth_explorer(care_share=0.0, upsell_share=0.2, uncared_upsell_rate=0.02)
    assert "¥1 of monthly revenue for ¥6.7, a new customer for ¥5.0: upgrades do not pay better" in explorer.text.value
    assert "behind" in explorer.text.value
    explorer.controls["upsell_cost_share"].value = 0.2
    assert "for ¥3.3, a new customer for ¥5.0: upgrades pay better" in explorer.text.value
    assert "ahead" in explorer.text.value


def test_growth_readout_says_what_is_really_spent_and_when_a_share_is_capped():
    explorer = cs.growth_explorer()
    text = explorer.text.value
    path = cs.simulate_growth(60, care_share=0.4, upsell_share=0.2)
    start = [1_000] + path["customers"].tolist()  # customers at the start of each month
    # care covers at most every customer (¥1,000 each); upgrades reach 2 % of cared-for customers at ¥20,000
    care = (1_000 * start[0], min(0.4 * 3_000_000, 1_000 * start[59]))  # by month 60 the 40 % share binds
    upgrades = (0.02 * start[0] * 20_000, 0.02 * start[59] * 20_000 * path["coverage"].iloc[59])
    assert (f"care {cs.yen(care[0])} in month 1, {cs.yen(round(care[1]))} in month 60 (33 %–40 % of the budget: "
            "<b>capped</b> below the 40 % set") in text
    assert (f"upgrades {cs.yen(upgrades[0])} in month 1, {cs.yen(round(upgrades[1]))} in month 60 (13 %–16 % of the "
            "budget: <b>capped</b> below the 20 % set, as no more customers are ready to upgrade") in text
    # above its cap the upgrade share changes nothing
    before = explorer.result.table.copy()
    explorer.controls["upsell_share"].value = 0.5
    pd.testing.assert_frame_equal(explorer.result.table, before)
    # a share below its cap is spent in full
    explorer.controls["upsell_share"].value = 0.0
    explorer.controls["care_share"].value = 0.2
    assert "care ¥600,000 in month 1, ¥600,000 in month 60 (20 % of the budget, as set)" in explorer.text.value
    assert "upgrades ¥" not in explorer.text.value


def test_growth_readout_says_no_difference_in_words_never_minus_zero():
    explorer = cs.growth_explorer(care_share=0.0, upsell_share=0.0)
    text = explorer.text.value
    assert "the same as acquisition-only's" in text and "-¥0" not in text and "¥0 ahead" not in text


def test_growth_readout_never_prints_minus_zero_percent():
    explorer = cs.growth_explorer()
    explorer.controls["churn"].value = 0.2  # acquisition-only sits at its ceiling: its growth rounds to zero
    text = explorer.text.value
    rate = explorer.result.growth_rate("mrr")["acquisition"]
    assert round(rate * 100, 2) == 0 and "-0.00" not in text and "(acquisition-only's MRR stays level)" in text
    explorer.controls["care_share"].value = 0.0
    explorer.controls["upsell_share"].value = 0.0
    assert "MRR stays level over the last 12 months" in explorer.text.value


def test_growth_explorer_refuses_bad_settings():
    with pytest.raises(ValueError, match="budget"):
        cs.growth_explorer(budget=-1)


# -- Japanese labels do not collide -------------------------------------------------------------
def _text_boxes(figure):
    """Window boxes of every title, axis label, drawn tick label and legend of ``figure``."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    boxes = []
    for ax in figure.axes:
        texts = [ax.title, ax.xaxis.label, ax.yaxis.label]
        for axis in (ax.xaxis, ax.yaxis):  # only the ticks drawn: inside the view limits
            low, high = sorted(axis.get_view_interval())
            texts += [text for tick in axis.get_major_ticks() if low <= tick.get_loc() <= high
                      for text in (tick.label1, tick.label2) if text.get_visible()]
        boxes += [(text.get_text(), text.get_window_extent(renderer)) for text in texts
                  if text.get_visible() and text.get_text()]
        if ax.get_legend() is not None:
            boxes.append(("legend", ax.get_legend().get_window_extent(renderer)))
    return boxes


def _overlapping_labels(figure):
    boxes = _text_boxes(figure)
    def meet(p, q):  # more than a pixel of shared area
        return p.x0 < q.x1 - 1 and q.x0 < p.x1 - 1 and p.y0 < q.y1 - 1 and q.y0 < p.y1 - 1

    return [(a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1:] if meet(box_a, box_b)]


def test_the_overlap_check_sees_a_crowded_figure():
    cs.set_language("ja")
    fig, axes = plt.subplots(1, 2, figsize=(4, 2), gridspec_kw={"wspace": 0.0})
    for ax in axes:
        ax.plot([0, 1], [0, 1_000_000])
        ax.set_ylabel("累積キャッシュ(月次経常収益)")
    assert _overlapping_labels(fig)


def test_japanese_pnl_figures_have_no_overlapping_labels():
    cs.set_language("ja")
    p = cs.project_pnl(60, 100, **BUSINESS)
    axes = cs.plot_pnl(p.table, summary=p.summary)
    assert axes[2].get_ylabel() == "累積キャッシュ" and axes[1]._cslearn_flow.get_ylabel() == "月あたり"
    assert _overlapping_labels(axes[0].figure) == []
    explorer = cs.pnl_explorer()
    assert _overlapping_labels(explorer.figure) == []
    explorer.controls["new_customers"].value = 1_000  # longer tick labels after a slider move
    explorer.controls["cac"].value = 300_000
    assert _overlapping_labels(explorer.figure) == []
    growth = cs.growth_explorer()
    assert _overlapping_labels(growth.figure) == []
    growth.controls["reinvest"].value = True  # longer titles, larger numbers
    assert _overlapping_labels(growth.figure) == []


# -- the next-month explorer --------------------------------------------------------------------
def test_next_month_explorer_is_a_thin_view_over_the_outlook():
    explorer = cs.next_month_explorer(draws=2_000, rng=3)
    shop = dict(start_month=1, demand_cv=0.25, fixed_cost=4_000_000)
    members = dict(start_month=1, churn=0.03, fixed_cost=4_000_000)
    outlook = cs.next_month_outlook(2_000, rng=3, shot=shop, subscription=members)
    text = explorer.text.value
    assert "Next month is January (January is an average month" in text and "the seasonal swing does nothing" in text
    assert "; a month is a loss below ¥8,000,000 of revenue." in text
    assert (f"Shop: 90 % of futures between {cs.yen(round(outlook.loc['shot', 'p05']))} and "
            f"{cs.yen(round(outlook.loc['shot', 'p95']))}") in text
    assert f"chance of a loss <b>{cs.percent(outlook.loc['shot', 'loss_probability'])}</b>" in text


def test_next_month_explorer_every_slider_moves_the_readout_and_the_figure():
    explorer = cs.next_month_explorer(draws=2_000)
    january = explorer.result["outlook"].loc["shot", "loss_probability"]
    assert_every_move_shows(explorer, [("month", 2), ("demand_cv", 0.4), ("swing", 2.0), ("churn", 0.1),
                                       ("fixed_cost", 5_000_000)])
    assert "Next month is February" in explorer.text.value
    explorer.controls["swing"].value = 1.0
    explorer.controls["demand_cv"].value = 0.25
    explorer.controls["fixed_cost"].value = 4_000_000
    february = explorer.result["outlook"].loc["shot", "loss_probability"]
    assert february > january  # a slow month: more futures below the line
    explorer.controls["swing"].value = 0.0  # no seasons: February is an ordinary month
    assert explorer.result["outlook"].loc["shot", "loss_probability"] < february
    # the subscription's spread widens with churn but stays far narrower than the shop's
    row = explorer.result["outlook"]
    spread = row["p95"] - row["p05"]
    assert spread["subscription"] < spread["shot"]


def test_next_month_readout_names_average_months_and_a_certain_subscription():
    explorer = cs.next_month_explorer(draws=2_000)
    for month in range(1, 13):
        explorer.controls["month"].value = month
        before = explorer.result["outlook"].loc["shot"].copy()
        explorer.controls["swing"].value = 2.0
        moved = not explorer.result["outlook"].loc["shot"].equals(before)
        explorer.controls["swing"].value = 1.0
        # the readout calls a month average exactly when the swing slider cannot move the shop
        assert ("is an average month" in explorer.text.value) == (not moved), month
    explorer.controls["churn"].value = 0.0  # nobody leaves: every future is the same
    assert "Subscription: every future exactly ¥10,000,000" in explorer.text.value
    assert "between ¥10,000,000 and ¥10,000,000" not in explorer.text.value


def test_next_month_explorer_refuses_bad_starting_values():
    with pytest.raises(ValueError, match=r"^month must be a whole number between 1 and 12 \(got 13\)$"):
        cs.next_month_explorer(month=13)  # the explorer's own argument is named, in one sentence
    with pytest.raises(ValueError, match="demand_cv"):
        cs.next_month_explorer(demand_cv=-0.1)
