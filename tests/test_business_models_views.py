"""Chapter 02's views: the plots of cslearn.business_models.plots and the explorers of
cslearn.business_models.explorers, driven from Python (no browser)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import assert_every_move_shows

import cslearn as cs
from cslearn import business_models as bm
from cslearn.business_models.plots import MODEL_COLOURS
from cslearn.business_models.scenario import KNOB_MODELS


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _table(names=("shot", "subscription"), months=12):
    return bm.compare_models(list(names), months=months, method="expected")


# ------------------------------------------------------------------------------------ plots


def test_revenue_plot_draws_one_line_per_model_with_the_data():
    table = _table(("shot", "subscription", "prepaid"))
    ax = cs.plot_model_revenue(table, column="cumulative_revenue_per_customer")
    lines = ax.get_lines()
    assert len(lines) == 3
    subscription = lines[1]
    # 10,000 a month at 5 % churn: cumulative 10,000 (1 - 0.95^t) / 0.05, worked out here
    expected = [10_000 * (1 - 0.95**t) / 0.05 for t in range(1, 13)]
    np.testing.assert_allclose(subscription.get_ydata(), expected)
    assert subscription.get_color() == MODEL_COLOURS["subscription"]
    assert ax.get_ylabel() == "Cumulative revenue per customer"


def test_comparison_puts_monthly_and_cumulative_side_by_side():
    left, right = cs.plot_model_comparison(_table())
    assert left.get_title() == "Revenue per month"
    assert right.get_title() == "Cumulative revenue per customer"
    assert left.get_figure() is right.get_figure()
    # a new figure has constrained layout: one legend for both panels, beside them
    assert len(left.get_figure().legends) == 1
    assert left.get_legend() is None and right.get_legend() is None


def test_comparison_on_given_axes_keeps_the_legend_in_the_left_panel():
    _, axes = plt.subplots(1, 2)
    left, right = cs.plot_model_comparison(_table(), axes=axes, log=True)
    assert left.get_legend() is not None and right.get_legend() is None
    assert left.get_yscale() == "symlog"


def test_constant_is_dashed_so_it_does_not_hide_the_subscription():
    ax = cs.plot_model_revenue(_table(("subscription", "constant")))
    assert [line.get_linestyle() for line in ax.get_lines()] == ["-", "--"]


def test_share_returned_starts_in_month_two_and_is_a_share():
    table = _table(("shot",), months=6)
    ax = cs.plot_share_returned(table)
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == [2, 3, 4, 5, 6]
    # shot, by hand: "still there, not back yet" shrinks by (1 - lapse)(1 - r) a month; "gone before
    # coming back" collects the lapse of the first; the rest have come back
    waiting, gone, returned = 1.0, 0.0, []
    for _ in range(2, 7):
        gone += waiting * 0.05
        waiting *= 0.95 * 0.9
        returned.append(1 - waiting - gone)
    np.testing.assert_allclose(line.get_ydata(), returned)
    assert ax.get_ylim() == (0.0, 1.0)
    assert line.get_label() == "Shot sale: came back (a visit)"


def test_share_returned_keeps_paid_again_apart_from_came_back():
    # the subscription's and the entry offer's line counts a payment (a member, visit or not): dashed and
    # labelled "paid again"; the others count a visit (a use for the constant model): solid, "came back"
    ax = cs.plot_share_returned(_table(("subscription", "constant", "entry_offer", "prepaid")))
    lines = ax.get_lines()
    assert [line.get_linestyle() for line in lines] == ["--", "-", "--", "-"]
    assert [line.get_label().split(": ")[1] for line in lines] == [
        "paid again (still a member)", "came back (a visit)", "paid again (still a member)", "came back (a visit)"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [line.get_label() for line in lines]
    assert "Solid: came back" in ax.get_title() and "Dashed: paid again" in ax.get_title()
    # a member is "back" in month 2 by paying: 95 % (the 5 % who cancel are not), whatever the visits
    np.testing.assert_allclose(lines[0].get_ydata()[0], 0.95)


def test_revenue_spread_has_a_box_per_model_and_marks_the_means():
    totals = bm.customer_totals(["shot", "subscription", "owner"], rng=3, n_customers=400, months=12)
    expected = {"shot": 1.0, "subscription": 2.0, "owner": 3.0}
    ax = cs.plot_revenue_spread(totals, expected=expected)
    rows = sorted(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()], strict=True), reverse=True)
    assert [name for _, name in rows] == ["Shot sale", "Subscription (flat rate)", "Owner model"]  # top down
    means, ticks = [line for line in ax.get_lines() if line.get_marker() in ("D", "|")]
    np.testing.assert_allclose(means.get_xdata(), totals.groupby("model", sort=False)["revenue"].mean())
    np.testing.assert_allclose(ticks.get_xdata(), [1.0, 2.0, 3.0])


def test_entry_funnel_bars_are_the_funnel():
    funnel = bm.entry_funnel(1_000, retained_after=12)
    ax = cs.plot_entry_funnel(funnel)
    heights = [patch.get_height() for patch in ax.patches]
    np.testing.assert_allclose(heights, [1_000, 300, 300 * 0.95**11])
    assert "300  (30 %)" in [text.get_text() for text in ax.texts]


def test_prepaid_balance_plot_has_two_axes_and_the_shot_comparison():
    ax = cs.plot_prepaid_balance(bm.expected_prepaid(12).table, shot=bm.expected_shot(12).table)
    (bars,) = ax.collections  # one bar a month, drawn as one collection
    tops = np.array([path.vertices[:, 1].max() for path in bars.get_paths()])
    assert len(tops) == 12
    assert tops[0] == pytest.approx(2_000)  # 10,000 charged - 8,000 first visit
    twin = [other for other in ax.get_figure().axes if other is not ax]
    assert len(twin) == 1 and len(twin[0].get_lines()) == 2


def test_owner_payback_marks_the_expected_and_the_median_month():
    curve = bm.owner_payback_curve(months=36)
    ax = cs.plot_owner_payback(curve)
    # expected visits: 1 + sum_{s=2..t} 0.4 * 0.95^(s-1); the saving 5,000 per visit covers 10,000 at 2 visits
    visits = np.cumsum([1.0] + [0.4 * 0.95 ** (s - 1) for s in range(2, 37)])
    month = int(np.argmax(visits >= 2)) + 1
    marker = ax.get_lines()[-1]
    assert list(marker.get_xdata()) == [month, month]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[-1] == f"Expected saving covers the fee: month {month}"
    # the median owner: by hand, P(second visit by month t) = sum_s (0.95 * 0.6)^(s-2) * 0.95 * 0.4
    share = np.cumsum([0.0] + [(0.95 * 0.6) ** (s - 2) * 0.95 * 0.4 for s in range(2, 37)])
    median = int(np.argmax(share >= 0.5)) + 1
    assert list(ax.get_lines()[-2].get_xdata()) == [median, median]
    assert texts[-2] == (f"Half of the owners have recouped: month {median}; {cs.percent(1 - share[-1], 0)} never "
                         f"do within 36 months")
    assert median < month


def test_meat_stock_plot():
    monthly = bm.expected_meat_ownership(months=6, visit_prob=1.0, lapse=0.0).table
    ax = cs.plot_meat_stock(monthly)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [10, 9, 8, 7, 6, 5])


def test_after_purchase_plot_draws_both_curves():
    curve = bm.after_purchase_curve("watch shop", months=12)
    ax = cs.plot_after_purchase(curve, title="watch shop")
    without, with_service = ax.get_lines()
    np.testing.assert_allclose(without.get_ydata(), curve["without_service"])
    np.testing.assert_allclose(with_service.get_ydata(), curve["with_service"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Without the after-purchase service", "With the after-purchase service"]
    assert ax.get_title() == "watch shop"


def test_plots_speak_japanese():
    cs.set_language("ja")
    assert cs.plot_share_returned(_table(("subscription",))).get_lines()[0].get_label().endswith("継続課金(会員のまま)")
    left, right = cs.plot_model_comparison(_table())
    assert right.get_title() == "顧客1人あたり累積売上"
    legend = left.get_figure().legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["ショットモデル", "サブスク・定額制"]
    assert cs.plot_entry_funnel(bm.entry_funnel()).get_ylabel() == "顧客数"


@pytest.mark.parametrize(
    ("plot", "frame"),
    [
        (cs.plot_model_revenue, pd.DataFrame({"model": ["shot"], "month": [1]})),
        (cs.plot_model_comparison, pd.DataFrame({"model": ["shot"], "month": [1]})),
        (cs.plot_share_returned, pd.DataFrame({"month": [1]})),
        (cs.plot_revenue_spread, pd.DataFrame({"model": ["shot"]})),
        (cs.plot_entry_funnel, pd.DataFrame({"stage": ["trial"]})),
        (cs.plot_prepaid_balance, pd.DataFrame({"month": [1]})),
        (cs.plot_owner_payback, pd.DataFrame({"month": [1]})),
        (cs.plot_meat_stock, pd.DataFrame({"month": [1]})),
        (cs.plot_after_purchase, pd.DataFrame({"month": [1]})),
    ],
)
def test_plots_refuse_frames_without_their_columns(plot, frame):
    with pytest.raises(ValueError, match="column"):
        plot(frame)


# -------------------------------------------------------------------------------- explorers


def test_comparison_explorer_moves_with_every_control():
    view = cs.business_model_explorer()
    assert set(view.controls) == {"models", "price", "fee", "return_prob", "churn", "entry_price", "conversion",
                                  "months"}
    moves = [
        ("models", ("shot", "subscription", "entry_offer", "prepaid")),
        ("price", 6_000),
        ("fee", 4_000),
        ("return_prob", 0.2),
        ("churn", 0.1),
        ("entry_price", 0),
        ("conversion", 0.5),
        ("months", 24),
    ]
    assert_every_move_shows(view, moves)
    last = view.result["last"]
    # by hand: members pay 4,000 (1 - 0.9^24) / 0.1 over 24 months
    assert last.loc["subscription", "cumulative_revenue_per_customer"] == pytest.approx(4_000 * (1 - 0.9**24) / 0.1)
    assert cs.yen(4_000 * (1 - 0.9**24) / 0.1) in view.text.value
    # entry offer: 0 yen, then half of them pay 4,000 with 10 % churn for 23 months
    assert last.loc["entry_offer", "cumulative_revenue_per_customer"] == pytest.approx(
        0.5 * 4_000 * (1 - 0.9**23) / 0.1
    )


def test_comparison_explorer_counts_the_entry_funnel():
    view = cs.business_model_explorer(models=("shot", "entry_offer"), conversion=0.4, churn=0.1)
    # by hand: 1,000 trial, 400 pay in month 2, 400 * 0.9^11 still pay in month 13
    assert "of <b>1,000</b> trial customers <b>400</b> pay in month 2" in view.text.value
    assert f"<b>{400 * 0.9**11:,.0f}</b> still pay in month 13" in view.text.value
    view.controls["models"].value = ("shot", "subscription")
    assert "funnel" not in view.text.value


def test_comparison_explorer_is_a_thin_view_over_compare_scenario():
    view = cs.business_model_explorer(models=("shot", "prepaid"), price=8_000, return_prob=0.15)
    direct = bm.compare_scenario(["shot", "prepaid"], price=8_000, return_prob=0.15)
    pd.testing.assert_frame_equal(view.result["table"], direct)


def test_comparison_explorer_with_no_model_says_so_and_hides_the_figure():
    view = cs.business_model_explorer()
    view.controls["models"].value = ()
    assert "at least one model" in view.text.value
    # the old figure no longer matches the controls: hidden, not left under the error
    assert view.stale and view.result is None and view.image.layout.visibility == "hidden"
    view.controls["models"].value = ("shot",)
    assert not view.stale and view.image.layout.visibility == "visible"
    assert "Shot sale" in view.text.value


def test_comparison_explorer_disables_the_entry_sliders_without_the_entry_offer():
    view = cs.business_model_explorer(models=("shot", "subscription"))
    assert view.controls["entry_price"].disabled and view.controls["conversion"].disabled
    assert "“Entry offer price” (used by Entry offer to subscription)" in view.text.value
    view.controls["models"].value = ("shot", "entry_offer")
    assert not view.controls["entry_price"].disabled and not view.controls["conversion"].disabled
    assert "Off, as none" not in view.text.value
    view.controls["models"].value = ("prepaid",)
    assert view.controls["conversion"].disabled
    # the knobs that move the prepaid balance stay live
    assert not any(view.controls[name].disabled for name in ("price", "return_prob", "months"))


def test_comparison_explorer_disables_every_slider_no_picked_model_uses():
    view = cs.business_model_explorer(models=("owner", "meat_ownership"))
    off = ["price", "fee", "churn", "entry_price", "conversion"]
    assert [name for name in ("price", "fee", "return_prob", "churn", "entry_price", "conversion", "months")
            if view.controls[name].disabled] == off
    for name in off:  # the readout names each by its slider's label
        assert f"“{view.controls[name].description.split(' (')[0]}”" in view.text.value, name
    # what "off" claims: moving any of them leaves the revenue unchanged
    before = view.result["table"]["cumulative_revenue_per_customer"].to_numpy()
    for name, value in [("price", 20_000), ("fee", 3_000), ("churn", 0.2), ("entry_price", 500), ("conversion", 0.9)]:
        view.controls[name].value = value
        assert (view.result["table"]["cumulative_revenue_per_customer"].to_numpy() == before).all(), name
    view.controls["return_prob"].value = 0.2  # the one shared knob they use
    assert (view.result["table"]["cumulative_revenue_per_customer"].to_numpy() != before).any()
    view.controls["models"].value = ("owner", "subscription")
    assert not view.controls["fee"].disabled and not view.controls["churn"].disabled
    assert view.controls["price"].disabled and "“Monthly fee”" not in view.text.value


def test_knob_models_name_exactly_the_models_each_knob_moves():
    base = bm.scenario_params()
    for knob, value in [("price", 7_000), ("fee", 7_000), ("return_prob", 0.2), ("churn", 0.2),
                        ("entry_price", 500), ("conversion", 0.5)]:
        moved = bm.scenario_params(**{knob: value})
        changed = {model for model in base if moved[model] != base[model]}
        assert changed == set(KNOB_MODELS[knob]), knob


def test_comparison_explorer_says_which_come_back_it_counts():
    view = cs.business_model_explorer(models=("shot", "subscription"))
    # by hand: a member is still paying in month 2 with 95 %, so 95 % "paid again"
    assert "95 % paid again" in view.text.value
    shot = bm.expected_shot(36).summary["share_returned"]
    assert f"{cs.percent(shot, 0)} came back" in view.text.value


def test_comparison_explorer_uses_a_log_scale_when_meat_is_shown():
    view = cs.business_model_explorer(models=("shot", "meat_ownership"))
    assert view.result["log"] and view.figure.axes[0].get_yscale() == "symlog"


def test_prepaid_explorer_moves_and_ties_the_charge_to_the_list_price():
    view = cs.prepaid_explorer()
    for name, value in [("return_prob_balance", 0.6), ("charged_share", 0.9), ("price", 30_000), ("months", 12)]:
        before_text, before_image = view.text.value, view.image.value
        view.controls[name].value = value
        assert view.text.value != before_text, name
        assert view.image.value != before_image, name
    # at a 30,000 list price the charge is 30,000 and a charged visit 0.9 * 30,000: 3,000 left over
    params = view.result["prepaid"].params
    assert (params["charge"], params["charged_price"]) == (30_000, pytest.approx(27_000))
    assert view.result["prepaid"].table["balance_per_customer"].iloc[0] == pytest.approx(3_000)
    view.controls["price"].value = 8_000  # the charged price follows the list price
    assert view.result["prepaid"].params["charged_price"] == pytest.approx(0.9 * 8_000)


def test_prepaid_explorer_without_lift_or_recharge_is_a_plain_discount():
    # with the same return chance with or without a balance and no recharge, month 2 onwards a customer
    # visits with 10 % (times 0.95 still there): revenue differs from the shot sale only by the 2,000
    # yen the first visit left on the balance, spent at the first return
    view = cs.prepaid_explorer(return_prob_balance=0.10, recharge_prob=0.0, months=2)
    prepaid = view.result["prepaid"].table["revenue_per_customer"].tolist()
    assert prepaid == pytest.approx([10_000, 0.1 * 0.95 * 8_000])


def test_owner_explorer_recoup_visits_follow_the_discount():
    view = cs.owner_explorer()
    assert "after <b>2 visits</b>" in view.text.value
    for owner_price, fee in [(9_000, 25_000), (11_000, 10_000)]:
        view.controls["owner_price"].value = owner_price
        view.controls["owner_fee"].value = fee
        visits = math.ceil(fee / (12_000 - owner_price))
        assert f"after <b>{visits} visits</b>" in view.text.value
    before = view.image.value
    view.controls["friends_per_visit"].value = 0.0
    view.controls["owner_return_prob"].value = 0.10  # owners come no more often than anyone else
    assert view.image.value != before
    # then the shop keeps the stake minus 1,000 off on each expected visit: 1 + sum 0.1 * 0.95^(t-1)
    visits = 1 + sum(0.1 * 0.95 ** (t - 1) for t in range(2, 37))
    assert view.result["curve"]["shop_gain"].iloc[-1] == pytest.approx(10_000 - 1_000 * visits)
    assert cs.yen(10_000 - 1_000 * visits) in view.text.value
    view.controls["owner_price"].value = 12_000
    # a sentence in the sliders' words, not the code's argument names
    assert "“Course for owners” (¥12,000) must be below “Course at list price” (¥12,000)" in view.text.value
    assert "owner_price" not in view.text.value and "course_price" not in view.text.value
    assert view.stale and view.image.layout.visibility == "hidden"  # no outdated figure under the error
    view.controls["owner_price"].value = 7_000
    view.controls["course_price"].value = 7_000  # the list price brought down to the owners' price
    assert "(¥7,000) must be below “Course at list price” (¥7,000)" in view.text.value
    assert view.stale and view.image.layout.visibility == "hidden"
    view.controls["course_price"].value = 12_000
    view.controls["owner_price"].value = 7_000
    assert view.image.layout.visibility == "visible" and "after <b>" in view.text.value


def test_owner_explorer_reads_as_sentences():
    view = cs.owner_explorer(owner_fee=4_000)  # a 5,000-yen discount repays 4,000 at once
    assert "at the <b>first visit</b>" in view.text.value and "1 visits" not in view.text.value
    view.controls["owner_fee"].value = 0
    assert "nothing to recoup" in view.text.value
    for fee in range(0, 50_001, 1_000):
        view.controls["owner_fee"].value = fee
        assert "-¥" not in view.text.value and "¥-" not in view.text.value
    # equal return rates, no friends and a small stake: the discount on visits that would have happened
    # anyway costs more than the stake; by hand 1,000 - 5,000 x (1 + 0.1 x sum 0.95^(t-1))
    view.controls["owner_fee"].value = 1_000
    view.controls["owner_return_prob"].value = 0.10
    view.controls["friends_per_visit"].value = 0.0
    loss = 5_000 * (1 + 0.1 * sum(0.95 ** (t - 1) for t in range(2, 37))) - 1_000
    assert f"The shop loses <b>{cs.yen(loss)}</b>" in view.text.value


def test_meat_explorer_counts_visits_and_compares_with_a_diner():
    view = cs.meat_explorer()
    assert "<b>10 visits</b>" in view.text.value
    for kg, portion in [(10.0, 0.8), (20.0, 1.5)]:
        before = view.image.value
        view.controls["stock_kg"].value = kg
        view.controls["kg_per_visit"].value = portion
        assert f"<b>{math.ceil(round(kg * 1000) / round(portion * 1000))} visits</b>" in view.text.value
        assert view.image.value != before
    # the ordinary diner is a shot sale at the dinner price: 6,000 (1 + sum 0.1 * 0.95^(t-1)) over 36 months
    diner = 6_000 * (1 + sum(0.1 * 0.95 ** (t - 1) for t in range(2, 37)))
    assert cs.yen(diner) in view.text.value
    labels = [t.get_text() for t in view.figure.axes[1].get_legend().get_texts()]
    assert labels == ["Ordinary diner (pays each dinner)", "Meat ownership"]
    view.controls["kg_per_visit"].value = 5.0
    view.controls["stock_kg"].value = 3.0
    assert "<b>1 visit</b> of reasons" in view.text.value


def test_after_purchase_explorer_loads_each_business_and_moves():
    view = cs.after_purchase_explorer()
    assumed = bm.after_purchase_assumptions().set_index("business")
    for business in ("fish shop", "kimono shop", "software vendor"):
        before = view.image.value
        view.controls["business"].value = business
        assert view.controls["return_prob_with"].value == pytest.approx(assumed.loc[business, "return_prob_with"])
        assert view.image.value != before
        value = bm.after_purchase_value(business).iloc[0]
        assert f"{cs.yen(value['without_service'])} without the service and {cs.yen(value['with_service'])}" in (
            view.text.value)
    # the software vendor by hand: 120,000 once, then the yearly contract's 24,000 in months 13 and 25
    # against 1 % a month of a new 120,000 licence
    tail = sum(0.97 ** (t - 1) for t in range(2, 37))
    assert f"<b>{cs.yen(24_000 * (0.97**12 + 0.97**24) - 1_200 * tail)} more</b>" in view.text.value
    assert view.controls["service_every"].value == 12 and not view.controls["service_price"].disabled
    for name, value in [("lapse", 0.1), ("service_price", 500), ("months", 12), ("return_prob", 0.05),
                        ("service_every", 1)]:
        before_text, before_image = view.text.value, view.image.value
        view.controls[name].value = value
        assert view.text.value != before_text and view.image.value != before_image, name
    # a contract cheaper than the licences it replaces loses money: said in words, without a minus sign
    view.controls["service_price"].value = 0
    assert "less</b>" in view.text.value and "-¥" not in view.text.value


def test_after_purchase_explorer_turns_off_the_sale_sliders_where_nothing_is_sold():
    view = cs.after_purchase_explorer("watch shop")
    assert not view.controls["service_prob"].disabled
    view.controls["business"].value = "fish shop"  # recommendations only: no service sale
    assert all(view.controls[name].disabled for name in ("service_prob", "service_price", "service_every"))
    assert "sells nothing, so the three service-sale sliders are off" in view.text.value
    view.controls["business"].value = "kimono shop"
    assert not view.controls["service_price"].disabled and "sliders are off" not in view.text.value


def test_prepaid_explorer_warns_when_a_balance_holds_customers_back():
    view = cs.prepaid_explorer()
    assert "Careful:" not in view.text.value
    view.controls["return_prob"].value = 1.0  # without a balance a customer comes every month
    p, s = view.result["prepaid"].summary, view.result["shot"].summary
    assert p["revenue_per_customer"] < s["revenue_per_customer"]  # what the warning explains
    assert "Careful:" in view.text.value and "prepaid can bring less than shot" in view.text.value


@pytest.mark.parametrize(
    ("factory", "bad", "argument"),
    [
        (cs.business_model_explorer, {"models": ("shot", "bakery")}, "models"),
        (cs.business_model_explorer, {"months": 10**12}, "months must be a whole number between 1 and 600"),
        (cs.business_model_explorer, {"conversion": 1.5}, "conversion"),
        (cs.prepaid_explorer, {"charged_share": 1.2}, "charged_share"),
        (cs.prepaid_explorer, {"months": 0}, "months"),
        (cs.owner_explorer, {"owner_price": 13_000}, "owner_price"),
        (cs.owner_explorer, {"lapse": -0.1}, "lapse"),
        (cs.meat_explorer, {"kg_per_visit": 0}, "kg_per_visit"),
        (cs.after_purchase_explorer, {"business": "bakery"}, "business"),
    ],
)
def test_explorers_refuse_bad_starting_values(factory, bad, argument):
    with pytest.raises(ValueError, match=argument):
        factory(**bad)
